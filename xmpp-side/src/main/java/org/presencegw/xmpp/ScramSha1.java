package org.presencegw.xmpp;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.Smack;
import org.jivesoftware.smack.sasl.SASLMechanism;
import org.jivesoftware.smack.sasl.core.SCRAMSHA1Mechanism;
import org.jivesoftware.smack.sasl.core.ScramHmac;
import org.jivesoftware.smack.sasl.core.ScramMechanism;
import org.jivesoftware.smack.sasl.core.ScramPlusMechanism;
import org.jivesoftware.smack.sasl.core.ScramSha1PlusMechanism;

/**
 * SCRAM-SHA-1 and SCRAM-SHA-1-PLUS (RFC 5802) as Smack implements them, with another HMAC: Smack 4.4.8 computes
 * every HMAC of every login in the JVM through one {@code static synchronized} {@code Mac} that it re-keys for each
 * of the 4096 iterations of {@code Hi()}: 1,000 accounts logging in at once queued behind that lock on the reactor
 * thread (543 of 1,081 JFR samples of a cold start; issue 11, bench/FINDINGS.md "Session 6"). Here each login has
 * its own {@code Mac}, keyed again only when the key changes (once for all the iterations of {@code Hi()}): 208
 * samples. The protocol itself stays Smack's ({@link ScramMechanism}).
 *
 * <p>{@link #install} replaces Smack's two mechanisms in its global registry, once per JVM.
 */
final class ScramSha1 {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final int SCRAM_PRIORITY = new SCRAMSHA1Mechanism().getPriority();
    private static final int PLUS_PRIORITY = new ScramSha1PlusMechanism().getPriority();

    private ScramSha1() {
    }

    /** Registers the mechanisms in place of Smack's (idempotent). */
    static void install() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        Smack.ensureInitialized(); // Smack's own initialisation (which registers its mechanisms) runs first
        SASLAuthentication.unregisterSASLMechanism(SCRAMSHA1Mechanism.class.getName());
        SASLAuthentication.unregisterSASLMechanism(ScramSha1PlusMechanism.class.getName());
        SASLAuthentication.registerSASLMechanism(new Mechanism());
        SASLAuthentication.registerSASLMechanism(new PlusMechanism());
    }

    /** HMAC-SHA-1 for one login: not thread-safe, and needs not be (one mechanism instance per attempt). */
    static final class Hmac implements ScramHmac {
        private final Mac mac;
        private byte[] key;

        Hmac() {
            try {
                mac = Mac.getInstance("HmacSHA1");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("HmacSHA1 is missing from this Java runtime", e);
            }
        }

        @Override
        public String getHmacName() {
            return "SHA-1";
        }

        @Override
        public byte[] hmac(byte[] key, byte[] data) throws InvalidKeyException {
            if (this.key == null || !Arrays.equals(this.key, key)) {
                mac.init(new SecretKeySpec(key, "HmacSHA1"));
                this.key = key.clone();
            }
            return mac.doFinal(data); // doFinal leaves the Mac ready for the same key
        }
    }

    /** SCRAM-SHA-1, at Smack's priority for it. */
    static final class Mechanism extends ScramMechanism {
        Mechanism() {
            super(new Hmac());
        }

        @Override
        public int getPriority() {
            return SCRAM_PRIORITY;
        }

        @Override
        protected SASLMechanism newInstance() {
            return new Mechanism();
        }
    }

    /** SCRAM-SHA-1-PLUS (channel binding over TLS), at Smack's priority for it. */
    static final class PlusMechanism extends ScramPlusMechanism {
        PlusMechanism() {
            super(new Hmac());
        }

        @Override
        public int getPriority() {
            return PLUS_PRIORITY;
        }

        @Override
        protected SASLMechanism newInstance() {
            return new PlusMechanism();
        }
    }
}
