package org.presencegw.xmpp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A self-signed certificate for an XMPP domain, made with {@code openssl req -x509} (RSA 2048, 3 days, CN and
 * SAN {@code DNS:domain}): Smack checks the name against the XMPP domain (docs/STACK.md §2).
 */
final class SelfSignedCertificate {
    private SelfSignedCertificate() {
    }

    /** Writes the PEM certificate and its unencrypted PEM key. */
    static void create(String domain, Path certificate, Path key) {
        List<String> command = List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", certificate.toString(), "-days", "3",
                "-subj", "/CN=" + domain, "-addext", "subjectAltName=DNS:" + domain);
        try {
            Process openssl = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (openssl.waitFor() != 0) {
                throw new IllegalStateException("openssl failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run openssl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
