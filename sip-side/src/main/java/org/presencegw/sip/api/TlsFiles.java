package org.presencegw.sip.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The server's TLS identity as PEM files ({@code sip.tls}): read at start and again on each reload.
 *
 * @param certificate the certificate chain, leaf first
 * @param privateKey  the leaf's private key (PKCS#8 {@code PRIVATE KEY}, or PKCS#1 {@code RSA PRIVATE KEY})
 */
public record TlsFiles(Path certificate, Path privateKey) {
    public TlsFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
