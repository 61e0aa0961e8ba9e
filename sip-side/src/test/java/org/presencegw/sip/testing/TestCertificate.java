package org.presencegw.sip.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.presencegw.sip.api.TlsFiles;

/**
 * A self-signed certificate and its key made by {@code openssl} for one test (PEM files in {@code dir}), and a
 * trust manager that trusts exactly it, for the TLS test clients.
 */
public record TestCertificate(Path certificate, Path privateKey) {

    /** The password of {@link #trustStore()}. */
    public static final String STORE_PASSWORD = "test-pass";

    /** {@code openssl req -x509} with an RSA key, CN and SAN {@code DNS:name}, {@code IP:127.0.0.1}, {@code ::1}. */
    public static TestCertificate make(Path dir, String name) {
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        run(dir, List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=" + name, "-addext", "subjectAltName=DNS:" + name + ",IP:127.0.0.1,IP:::1",
                "-keyout", key.toString(), "-out", cert.toString()));
        return new TestCertificate(cert, key);
    }

    public TlsFiles files() {
        return new TlsFiles(certificate, privateKey);
    }

    public X509Certificate x509() {
        try (InputStream in = Files.newInputStream(certificate)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + certificate + ": " + e, e);
        }
    }

    /** Trust managers that accept this certificate and nothing else. */
    public TrustManager[] trust() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("test", x509());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a trust store: " + e, e);
        }
    }

    /** A PKCS12 file next to the certificate that holds it as a trusted entry ({@link #STORE_PASSWORD}). */
    public Path trustStore() {
        Path file = certificate.resolveSibling(certificate.getFileName() + ".p12");
        try (var out = Files.newOutputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("test", x509());
            store.store(out, STORE_PASSWORD.toCharArray());
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e, e);
        }
    }

    private static void run(Path dir, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run openssl: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
