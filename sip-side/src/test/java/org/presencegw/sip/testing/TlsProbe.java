package org.presencegw.sip.testing;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Opens a TLS connection only to see which certificate a server presents. */
public final class TlsProbe {

    private TlsProbe() {
    }

    /** The leaf certificate {@code host:port} presents (any certificate is accepted: this only looks). */
    public static X509Certificate servedCertificate(String host, int port) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new LookOnly()}, null);
            try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket(host, port)) {
                socket.setSoTimeout(5000);
                socket.startHandshake();
                return (X509Certificate) socket.getSession().getPeerCertificates()[0];
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new AssertionError("TLS handshake with " + host + ":" + port + " failed: " + e, e);
        }
    }

    private static final class LookOnly implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // a probe, not a client
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // accepted: the test compares the certificate itself
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
