package org.presencegw.xmpp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smack.tcp.XmppTcpTransportModuleDescriptor;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * Turns an {@link XmppEndpoint} and {@link XmppCredentials} into a Smack connection configuration: {@link #modular}
 * for the gateway's accounts, {@link #build} (the classic {@code XMPPTCPConnection}, two threads per connection) for
 * test clients (the test-jar's {@code XmppTestClient}), with the same endpoint, TLS and SASL settings.
 */
public final class SmackConnectionConfigs {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    static {
        ScramSha1.install(); // SCRAM without Smack's JVM-wide HMAC lock, for every connection built here
    }

    private SmackConnectionConfigs() {
    }

    /**
     * Builds the configuration. Smack sends no presence by itself ({@code setSendPresence(false)}): the account
     * announces its own presence, always with priority -1 (docs/DESIGN.md, account mapping semantics).
     *
     * @throws IllegalArgumentException for an unusable resource, host or trusted certificate
     */
    public static XMPPTCPConnectionConfiguration build(XmppEndpoint endpoint, XmppCredentials credentials) {
        return configure(XMPPTCPConnectionConfiguration.builder(), endpoint, credentials).build();
    }

    /**
     * The configuration of a gateway account: Smack 4.4's modular connection with the TCP transport module only, on
     * the shared {@code SmackReactor} (two threads for every connection together, docs/STACK.md §2), and no stream
     * management module: every reconnect is a new session with a fresh roster and initial presence
     * (docs/notes/ejabberd.md: a resumed XEP-0198 stream left the account offline).
     */
    public static ModularXmppClientToServerConnectionConfiguration modular(XmppEndpoint endpoint,
                                                                           XmppCredentials credentials) {
        ModularXmppClientToServerConnectionConfiguration.Builder builder =
                ModularXmppClientToServerConnectionConfiguration.builder()
                        .removeAllModules()
                        .addModule(XmppTcpTransportModuleDescriptor.class);
        return configure(builder, endpoint, credentials).build();
    }

    private static <B extends ConnectionConfiguration.Builder<B, ?>> B configure(B builder, XmppEndpoint endpoint,
                                                                                XmppCredentials credentials) {
        try {
            builder.setXmppDomain(endpoint.domain())
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
            return builder;
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
