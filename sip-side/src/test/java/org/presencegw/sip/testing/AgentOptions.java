package org.presencegw.sip.testing;

import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import org.presencegw.sip.api.Transport;

/**
 * How a {@link SipTestAgent} is set up beyond transport and server.
 *
 * @param local  the address it binds and names in Via and Contact ({@code 127.0.0.2}, {@code ::1} ...)
 * @param direct false: every request goes to the server (an outbound proxy, the default). true: only out-of-dialog
 *               requests do (a preloaded {@code Route} with {@code lr}); in-dialog requests go where the dialog
 *               says (the server's Contact, or its route set), as a phone sends them
 * @param trust  for TLS: the certificates the agent trusts (default: the JVM's)
 */
public record AgentOptions(String local, boolean direct, Optional<TrustManager[]> trust) {
    public AgentOptions {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(trust, "trust");
    }

    public static AgentOptions defaults() {
        return new AgentOptions("127.0.0.1", false, Optional.empty());
    }

    public AgentOptions bind(String address) {
        return new AgentOptions(address, direct, trust);
    }

    public AgentOptions sendingInDialogDirectly() {
        return new AgentOptions(local, true, trust);
    }

    public AgentOptions trusting(TrustManager[] managers) {
        return new AgentOptions(local, direct, Optional.of(managers.clone()));
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
