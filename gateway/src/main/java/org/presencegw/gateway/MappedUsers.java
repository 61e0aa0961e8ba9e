package org.presencegw.gateway;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.presencegw.gateway.config.AccountMapping;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.UserDirectory;

/**
 * The SIP users the account mappings define: a mapped user with a {@code sip_password} must authenticate with
 * digest; users without a mapping may use registrar domains only when {@code registrar.allow_unknown_users} is true.
 * Immutable after construction.
 */
final class MappedUsers implements UserDirectory {
    private final Map<SipAddress, Optional<String>> passwords = new HashMap<>();
    private final boolean allowUnknown;

    MappedUsers(List<AccountMapping> accounts, boolean allowUnknown) {
        for (AccountMapping m : accounts) {
            passwords.put(m.sip().withoutGr(), m.sipPassword());
        }
        this.allowUnknown = allowUnknown;
    }

    @Override
    public Optional<String> passwordOf(SipAddress aor) {
        return passwords.getOrDefault(aor.withoutGr(), Optional.empty());
    }

    @Override
    public boolean isKnown(SipAddress aor) {
        return passwords.containsKey(aor.withoutGr());
    }

    @Override
    public boolean allowsUnknownUsers() {
        return allowUnknown;
    }
}
