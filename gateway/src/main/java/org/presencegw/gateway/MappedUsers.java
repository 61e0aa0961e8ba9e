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
 * A reload replaces the whole table at once ({@link #update}); readers see the old or the new one, never a mix.
 */
final class MappedUsers implements UserDirectory {

    private record Table(Map<SipAddress, Optional<String>> passwords, boolean allowUnknown) {
    }

    private volatile Table table;

    MappedUsers(List<AccountMapping> accounts, boolean allowUnknown) {
        update(accounts, allowUnknown);
    }

    void update(List<AccountMapping> accounts, boolean allowUnknown) {
        Map<SipAddress, Optional<String>> passwords = new HashMap<>();
        for (AccountMapping m : accounts) {
            passwords.put(m.sip().withoutGr(), m.sipPassword());
        }
        table = new Table(Map.copyOf(passwords), allowUnknown);
    }

    @Override
    public Optional<String> passwordOf(SipAddress aor) {
        return table.passwords().getOrDefault(aor.withoutGr(), Optional.empty());
    }

    @Override
    public boolean isKnown(SipAddress aor) {
        return table.passwords().containsKey(aor.withoutGr());
    }

    @Override
    public boolean allowsUnknownUsers() {
        return table.allowUnknown();
    }
}
