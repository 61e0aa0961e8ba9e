package org.presencegw.gateway.jabber;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.stringprep.XmppStringprepException;
import org.presencegw.sip.api.SipAddress;

/**
 * Maps addresses between a SIP "jabber" domain and the XMPP domain (RFC 7247 section 6). Domain mapping is
 * configuration (6.1): every SIP domain served by the jabber source maps to the one configured XMPP domain.
 *
 * <p>SIP to XMPP (6.4): the user part arrives percent-decoded (UTF-8) in {@link SipAddress}; characters an XMPP
 * localpart cannot hold are escaped per XEP-0106 ({@code '} to {@code \27}, {@code &} to {@code \26}, {@code /} to
 * {@code \2f}, {@code @} to {@code \40}, space to {@code \20} ...). The localpart then goes through nodeprep, so
 * {@code sip:Alice@...} and {@code sip:alice@...} name the same JID (JIDs are case-insensitive; SIP users are not,
 * and we choose the XMPP rule for this direction). XMPP to SIP (6.5): the XEP-0106 escapes are undone and the user
 * part is percent-encoded where SIP needs it.
 *
 * <p>Thread-safe and immutable.
 */
public final class AddressMapper {
    /** RFC 7622 3.3.1: a localpart is at most 1023 bytes. */
    private static final int MAX_LOCALPART_BYTES = 1023;
    private final DomainBareJid xmppDomain;

    public AddressMapper(DomainBareJid xmppDomain) {
        this.xmppDomain = Objects.requireNonNull(xmppDomain, "xmppDomain");
    }

    /** The bare JID a SIP presentity names, or empty when its user part cannot be a JID localpart. */
    public Optional<EntityBareJid> toJid(SipAddress presentity) {
        String user = presentity.user();
        // RFC 7622 3.3: no control characters in a localpart; at most 1023 bytes (a char is at most 3 bytes of
        // UTF-8, a surrogate pair 4: only a longer user part needs encoding to be measured).
        if (user.isEmpty() || hasControl(user) || (user.length() > MAX_LOCALPART_BYTES / 3
                && user.getBytes(StandardCharsets.UTF_8).length > MAX_LOCALPART_BYTES)) {
            return Optional.empty();
        }
        try {
            Localpart local = Localpart.fromUnescaped(user);
            return Optional.of(JidCreate.entityBareFrom(local, xmppDomain));
        } catch (XmppStringprepException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code s} has an ISO control character (none of them is a surrogate, so chars suffice). */
    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The SIP address of a contact in the given SIP domain (the {@code gr} of a resource is not set here). */
    public SipAddress toSip(BareJid contact, String sipDomain) {
        Localpart local = contact.getLocalpartOrNull();
        String user = local == null ? contact.getDomain().toString() : local.asUnescapedString();
        return SipAddress.of(user, sipDomain);
    }
}
