package org.presencegw.sip.stack;

import gov.nist.core.net.SecurityManagerProvider;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Gives the RI's TLS and WSS processors ({@code NioTlsMessageProcessor}, {@code NioTlsWebSocketMessageProcessor})
 * their key and trust managers. Set as {@code gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER}: the RI instantiates it
 * reflectively and calls {@link #init} with the stack's properties, so the managers are registered beforehand
 * under the stack's name ({@link #register}). Replacing the RI's {@code DefaultSecurityManagerProvider}, which reads
 * {@code javax.net.ssl.*} keystore files, also ends its four start-up warnings about missing keystores.
 *
 * <p>A stack with nothing registered gets an empty key manager list and the JVM's trust managers: it can still open
 * TLS connections, but serves no TLS (the server never creates TLS listening points without an identity).
 */
public final class StackTls implements SecurityManagerProvider {

    private static final Map<String, Managers> BY_STACK = new ConcurrentHashMap<>();

    private volatile Managers managers;

    /** Instantiated reflectively by the stack. */
    public StackTls() {
    }

    /** What the stack named {@code stackName} will use; call before creating it. */
    public static void register(String stackName, KeyManager[] keys, TrustManager[] trust) {
        BY_STACK.put(stackName, new Managers(keys.clone(), trust.clone()));
    }

    /** Forgets the managers of a stopped stack. */
    public static void unregister(String stackName) {
        BY_STACK.remove(stackName);
    }

    /** The JVM's default trust managers (the {@code cacerts} store). */
    public static TrustManager[] jvmTrust() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no default trust managers: " + e.getMessage(), e);
        }
    }

    @Override
    public void init(Properties properties) {
        String name = properties.getProperty("javax.sip.STACK_NAME", "");
        Managers registered = BY_STACK.get(name);
        managers = registered != null ? registered : new Managers(new KeyManager[0], jvmTrust());
    }

    @Override
    public KeyManager[] getKeyManagers(boolean client) {
        return managers.keys().clone();
    }

    @Override
    public TrustManager[] getTrustManagers(boolean client) {
        return managers.trust().clone();
    }

    private static final class Managers {
        private final KeyManager[] keys;
        private final TrustManager[] trust;

        Managers(KeyManager[] keys, TrustManager[] trust) {
            this.keys = keys;
            this.trust = trust;
        }

        KeyManager[] keys() {
            return keys;
        }

        TrustManager[] trust() {
            return trust;
        }
    }
}
