package org.presencegw.sip.testing;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.stack.StackProperties;

/**
 * How a {@link SipTestAgent} is set up beyond transport and server.
 *
 * @param local  the address it binds and names in Via and Contact ({@code 127.0.0.2}, {@code ::1} ...)
 * @param direct false: every request goes to the server (an outbound proxy, the default). true: only out-of-dialog
 *               requests do (a preloaded {@code Route} with {@code lr}); in-dialog requests go where the dialog
 *               says (the server's Contact, or its route set), as a phone sends them
 * @param trustStore for TLS: a PKCS12 store of the certificates the agent trusts ({@link TestCertificate#trustStore})
 */
public record AgentOptions(String local, boolean direct, Optional<Path> trustStore) {
    public AgentOptions {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(trustStore, "trustStore");
    }

    public static AgentOptions defaults() {
        return new AgentOptions("127.0.0.1", false, Optional.empty());
    }

    public AgentOptions bind(String address) {
        return new AgentOptions(address, direct, trustStore);
    }

    public AgentOptions sendingInDialogDirectly() {
        return new AgentOptions(local, true, trustStore);
    }

    public AgentOptions trusting(TestCertificate certificate) {
        return new AgentOptions(local, direct, Optional.of(certificate.trustStore()));
    }

    /**
     * The agent stack's properties: the common ones, the server as outbound proxy unless {@link #direct}, NOTIFYs
     * without an RI dialog delivered, and for TLS the trust store (the RI's blocking TLS client, {@code
     * SslNetworkLayer}, trusts what these keystore properties name).
     */
    Properties stackProperties(String stackName, String serverHost, int serverPort, Transport transport) {
        Properties p = StackProperties.common(stackName);
        if (!direct) {
            p.setProperty("javax.sip.OUTBOUND_PROXY", uriHost(serverHost) + ":" + serverPort + "/" + transport.wire());
        }
        p.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
        trustStore.ifPresent(store -> {
            p.setProperty("javax.net.ssl.keyStore", store.toString());
            p.setProperty("javax.net.ssl.trustStore", store.toString());
            p.setProperty("javax.net.ssl.keyStorePassword", TestCertificate.STORE_PASSWORD);
            p.setProperty("javax.net.ssl.keyStoreType", "PKCS12");
        });
        return p;
    }

    /** {@code host} as a URI writes it: an IPv6 literal in brackets. */
    static String uriHost(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The loose route to {@code host:port} over {@code transport}. */
    static String routeTo(String host, int port, Transport transport) {
        return "<sip:" + uriHost(host) + ":" + port + ";transport=" + transport.wire() + ";lr>";
    }
}
