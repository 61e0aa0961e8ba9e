package org.presencegw.gateway.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jxmpp.jid.EntityBareJid;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.xmpp.XmppCredentials;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The {@code accounts:} list (optional, default empty). Each entry pairs a SIP address of record with the Jabber
 * account the gateway logs into for that SIP user:
 * <ul>
 *   <li>{@code sip} (required): {@code sip:user@domain} (or {@code sips:}); no {@code gr} parameter; its domain
 *       must be one of {@code domains:} (a mapping for a domain the gateway does not serve can never be used, so
 *       it is an error rather than a silent no-op);</li>
 *   <li>{@code jid} (required): bare JID {@code user@domain}, no resource; must not be the bridge account;</li>
 *   <li>one of {@code password}, {@code password_env}, {@code password_file} (see {@link SecretReader});</li>
 *   <li>optionally one of {@code sip_password}, {@code sip_password_env}, {@code sip_password_file}: the SIP user
 *       must then authenticate with digest (RFC 3261 section 22) for REGISTER, PUBLISH and SUBSCRIBE.</li>
 * </ul>
 * No SIP address and no JID may appear twice.
 */
final class AccountsParser {
    private static final Set<String> KEYS = Set.of("sip", "jid", "password", "password_env", "password_file",
            "sip_password", "sip_password_env", "sip_password_file");

    private AccountsParser() {
    }

    static List<AccountMapping> parse(YamlSection top, Map<String, Located<String>> domains,
                                      Optional<Located<XmppCredentials>> bridge, SecretReader secrets)
            throws ConfigException {
        List<Node> items = top.list("accounts");
        List<AccountMapping> result = new ArrayList<>(items.size());
        Map<String, Integer> sipLines = new HashMap<>();
        Map<EntityBareJid, Integer> jidLines = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            YamlSection entry = YamlSection.of(top.file(), "accounts[" + i + "]", YamlSection.lineOf(item), item);
            entry.allowOnly(KEYS);
            SipAddress sip = sipAddress(entry, domains);
            Integer firstSip = sipLines.putIfAbsent(sip.user() + "@" + sip.host(), entry.valueLine("sip"));
            if (firstSip != null) {
                throw entry.error("sip", "duplicate mapping for " + sip.uri() + " (first at line " + firstSip + ")");
            }
            EntityBareJid jid = JidParser.entityBare(entry, "jid");
            Integer firstJid = jidLines.putIfAbsent(jid, entry.valueLine("jid"));
            if (firstJid != null) {
                throw entry.error("jid", "duplicate mapping for " + jid + " (first at line " + firstJid + ")");
            }
            if (bridge.isPresent() && bridge.get().value().jid().equals(jid)) {
                throw entry.error("jid", jid + " is the bridge account (line " + bridge.get().line()
                        + "); the bridge cannot also be a mapped account");
            }
            result.add(new AccountMapping(sip, new XmppCredentials(jid, secrets.password(entry)),
                    secrets.sipPassword(entry)));
        }
        return result;
    }

    private static SipAddress sipAddress(YamlSection entry, Map<String, Located<String>> domains)
            throws ConfigException {
        String text = entry.requiredString("sip");
        SipAddress sip;
        try {
            sip = SipAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw entry.error("sip", "bad SIP URI: " + e.getMessage());
        }
        if (sip.gr().isPresent()) {
            throw entry.error("sip", sip.uri() + " has a gr parameter; a mapping needs an address of record");
        }
        if (!domains.containsKey(sip.host())) {
            throw entry.error("sip", "domain " + sip.host() + " of " + sip.uri()
                    + " is not listed under domains: " + String.join(", ", domains.keySet()));
        }
        return sip;
    }
}
