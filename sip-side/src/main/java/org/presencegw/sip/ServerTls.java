package org.presencegw.sip;

import java.util.Optional;
import javax.net.ssl.KeyManager;
import org.presencegw.sip.api.TlsFiles;
import org.presencegw.sip.stack.PemIdentity;
import org.presencegw.sip.stack.SwappableKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link PresenceServer}'s TLS identity ({@code sip.tls}): read at start, read again on reload (SIGHUP). */
final class ServerTls {
    private static final Logger LOG = LoggerFactory.getLogger(PresenceServer.class); // the server's log lines

    private final Optional<TlsFiles> files;
    private volatile Optional<SwappableKeyManager> keys = Optional.empty();

    ServerTls(Optional<TlsFiles> files) {
        this.files = files;
    }

    /** Reads the certificate and key: the stack's key manager, empty without TLS. */
    Optional<KeyManager> load() throws SipStartException {
        if (files.isPresent()) {
            try {
                keys = Optional.of(new SwappableKeyManager(PemIdentity.load(files.get())));
            } catch (PemIdentity.TlsConfigException e) {
                throw new SipStartException("sip.tls: " + e.getMessage(), e);
            }
        }
        return keys.map(k -> k);
    }

    /** Handshakes from now on use the files as they are now; nothing without TLS or before {@link #load}. */
    void reload() throws PemIdentity.TlsConfigException {
        Optional<SwappableKeyManager> current = keys;
        if (current.isPresent() && files.isPresent()) {
            current.get().swap(PemIdentity.load(files.get()));
            LOG.info("SIP TLS certificate reloaded from {}", files.get().certificate());
        }
    }
}
