package org.presencegw.sip.stack;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.presencegw.sip.api.TlsFiles;

/**
 * A TLS server identity read from PEM files: the certificate chain and its private key (PKCS#8, or PKCS#1 RSA as
 * {@code openssl genrsa} of OpenSSL 1.x writes it). Every failure is one line that names the file.
 */
public final class PemIdentity {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final char[] NO_PASSWORD = new char[0];

    private PemIdentity() {
    }

    /** Reads both files and checks that the key belongs to the certificate. */
    public static X509ExtendedKeyManager load(TlsFiles files) throws TlsConfigException {
        List<X509Certificate> chain = certificates(files);
        PrivateKey key = privateKey(files);
        if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            throw new TlsConfigException(files.privateKey() + ": a " + key.getAlgorithm()
                    + " key does not match the certificate's " + chain.get(0).getPublicKey().getAlgorithm() + " key");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(store, NO_PASSWORD);
            for (KeyManager km : kmf.getKeyManagers()) {
                if (km instanceof X509ExtendedKeyManager x) {
                    return x;
                }
            }
            throw new TlsConfigException("no X.509 key manager in this JVM");
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsConfigException(files.certificate() + ": cannot use the key and certificate: "
                    + e.getMessage());
        }
    }

    private static List<X509Certificate> certificates(TlsFiles files) throws TlsConfigException {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(files.certificate().toString(), read(files.certificate()))) {
                if (b.type().equals("CERTIFICATE")) {
                    chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(files.certificate() + ": not a valid certificate: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new TlsConfigException(files.certificate() + ": no PEM CERTIFICATE block");
        }
        return chain;
    }

    private static PrivateKey privateKey(TlsFiles files) throws TlsConfigException {
        String name = files.privateKey().toString();
        for (Block b : blocks(name, read(files.privateKey()))) {
            switch (b.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(name, b.der());
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(name, rsaPkcs1ToPkcs8(b.der()));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new TlsConfigException(name
                        + ": the key is encrypted; give an unencrypted PEM key (openssl pkey -in KEY -out PLAIN)");
                default -> {
                    // e.g. EC PARAMETERS before the key: skip
                }
            }
        }
        throw new TlsConfigException(name + ": no PEM PRIVATE KEY block");
    }

    private static PrivateKey pkcs8(String name, byte[] der) throws TlsConfigException {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new TlsConfigException(name + ": not an RSA, EC or EdDSA private key");
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, NULL). */
    static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
            0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, n);
        return out;
    }

    private static final class Block {
        private final String type;
        private final byte[] der;

        Block(String type, byte[] der) {
            this.type = type;
            this.der = der;
        }

        String type() {
            return type;
        }

        byte[] der() {
            return der;
        }
    }

    private static List<Block> blocks(String name, String text) throws TlsConfigException {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new TlsConfigException(name + ": bad base64 in a PEM " + m.group(1) + " block");
            }
        }
        return out;
    }

    private static String read(java.nio.file.Path file) throws TlsConfigException {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new TlsConfigException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** A certificate or key that cannot be used; the message is one line naming the file. */
    public static final class TlsConfigException extends Exception {
        private static final long serialVersionUID = 1L;

        public TlsConfigException(String message) {
            super(message);
        }
    }
}
