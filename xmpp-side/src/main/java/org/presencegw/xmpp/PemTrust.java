package org.presencegw.xmpp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds an {@link X509TrustManager} that trusts exactly the certificates of a PEM file, through an in-memory
 * KeyStore. Used with Smack's {@code setCustomX509TrustManager}; {@code setCustomSSLContext} does not work because
 * Smack re-initialises that context with the JVM default trust managers (docs/STACK.md §2).
 */
final class PemTrust {
    private PemTrust() {
    }

    /** @throws IllegalArgumentException when the file cannot be read or holds no certificate */
    static X509TrustManager trustManagerFor(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + pem);
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("trusted-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X509TrustManager from " + factory.getAlgorithm());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load trusted certificate " + pem + ": " + e.getMessage(), e);
        }
    }
}
