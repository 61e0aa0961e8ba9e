package org.presencegw.xmpp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * Turns an {@link XmppEndpoint} and {@link XmppCredentials} into a Smack connection configuration. Public so that
 * test clients (the test-jar's {@code XmppTestClient}) connect exactly the way the gateway does.
 */
public final class SmackConnectionConfigs {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private SmackConnectionConfigs() {
    }

    /**
     * Builds the configuration. Smack sends no presence by itself ({@code setSendPresence(false)}): the account
     * announces its own presence, always with priority -1 (docs/DESIGN.md, account mapping semantics).
     *
     * @throws IllegalArgumentException for an unusable resource, host or trusted certificate
     */
    public static XMPPTCPConnectionConfiguration build(XmppEndpoint endpoint, XmppCredentials credentials) {
        try {
            XMPPTCPConnectionConfiguration.Builder builder = XMPPTCPConnectionConfiguration.builder()
                    .setXmppDomain(endpoint.domain())
                    .setPort(endpoint.port())
                    .setResource(endpoint.resource())
                    .setUsernameAndPassword(credentials.jid().getLocalpart(), credentials.password())
                    .setSendPresence(false)
                    .setSecurityMode(securityMode(endpoint.tls()));
            if (isIpLiteral(endpoint.host())) {
                // An IP literal needs no resolver and gives no startup warnings (docs/STACK.md §2).
                builder.setHostAddress(InetAddress.getByName(endpoint.host()));
            } else {
                builder.setHost(endpoint.host());
            }
            endpoint.trustedCert().ifPresent(pem -> builder.setCustomX509TrustManager(PemTrust.trustManagerFor(pem)));
            return builder.build();
        } catch (XmppStringprepException | UnknownHostException e) {
            throw new IllegalArgumentException("bad XMPP endpoint " + endpoint + ": " + e.getMessage(), e);
        }
    }

    static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || host.indexOf(':') >= 0;
    }

    static SecurityMode securityMode(TlsMode mode) {
        return switch (mode) {
            case REQUIRED -> SecurityMode.required;
            case OPTIONAL -> SecurityMode.ifpossible;
            case DISABLED -> SecurityMode.disabled;
        };
    }
}
