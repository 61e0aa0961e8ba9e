package org.presencegw.xmpp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jxmpp.jid.DomainBareJid;

/**
 * Where and how every account of the gateway connects.
 *
 * @param host            XMPP server address (an IP literal or a host name; no SRV lookup)
 * @param port            c2s port
 * @param domain          XMPP service domain (the JIDs' domainpart)
 * @param tls             STARTTLS policy
 * @param trustedCert     optional PEM certificate(s) to trust for STARTTLS (e.g. a self-signed Prosody cert)
 *                        instead of the JVM's default trust store
 * @param resource        the gateway's resource name on every account
 * @param reconnectDelay  the first delay before a reconnect (doubling per failed attempt up to 30 s, with jitter)
 * @param policy          how the accounts behave ({@link XmppPolicy#DEFAULTS} unless the config says otherwise)
 */
public record XmppEndpoint(String host, int port, DomainBareJid domain, TlsMode tls, Optional<Path> trustedCert,
                           String resource, Duration reconnectDelay, XmppPolicy policy) {
    public XmppEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(trustedCert, "trustedCert");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(reconnectDelay, "reconnectDelay");
        Objects.requireNonNull(policy, "policy");
    }

    /** An endpoint with the default {@link XmppPolicy}. */
    public XmppEndpoint(String host, int port, DomainBareJid domain, TlsMode tls, Optional<Path> trustedCert,
                        String resource, Duration reconnectDelay) {
        this(host, port, domain, tls, trustedCert, resource, reconnectDelay, XmppPolicy.DEFAULTS);
    }

    /** The same endpoint with another policy. */
    public XmppEndpoint withPolicy(XmppPolicy next) {
        return new XmppEndpoint(host, port, domain, tls, trustedCert, resource, reconnectDelay, next);
    }
}
