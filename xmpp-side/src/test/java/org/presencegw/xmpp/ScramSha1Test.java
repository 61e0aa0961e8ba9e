package org.presencegw.xmpp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.sasl.core.SCRAMSHA1Mechanism;
import org.jivesoftware.smack.sasl.core.ScramSha1PlusMechanism;
import org.junit.jupiter.api.Test;

class ScramSha1Test {

    /** RFC 5802 section 5: user "user", password "pencil"; the client proof and the server signature. */
    @Test
    void theHmacGivesTheProofAndSignatureOfRfc5802() throws Exception {
        ScramSha1.Hmac hmac = new ScramSha1.Hmac();
        byte[] salt = Base64.getDecoder().decode("QSXCR+Q6sek8bf92");
        byte[] salted = hi(hmac, "pencil".getBytes(UTF_8), salt, 4096);
        String authMessage = "n=user,r=fyko+d2lbbFgONRv9qkxdawL"
                + ",r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"
                + ",c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j";
        byte[] clientKey = hmac.hmac(salted, "Client Key".getBytes(UTF_8));
        byte[] storedKey = MessageDigest.getInstance("SHA-1").digest(clientKey);
        byte[] signature = hmac.hmac(storedKey, authMessage.getBytes(UTF_8));
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        assertEquals("v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", Base64.getEncoder().encodeToString(proof));
        byte[] serverKey = hmac.hmac(salted, "Server Key".getBytes(UTF_8));
        assertEquals("rmF9pqV8S7suAoZWja4dJRkFsKQ=",
                Base64.getEncoder().encodeToString(hmac.hmac(serverKey, authMessage.getBytes(UTF_8))));
    }

    @Test
    void replacesSmacksMechanismsUnderTheSameNames() {
        ScramSha1.install();
        ScramSha1.install();
        Map<String, String> registered = SASLAuthentication.getRegisterdSASLMechanisms();
        assertTrue(registered.containsKey(ScramSha1.Mechanism.class.getName()), registered::toString);
        assertTrue(registered.containsKey(ScramSha1.PlusMechanism.class.getName()), registered::toString);
        assertFalse(registered.containsKey(SCRAMSHA1Mechanism.class.getName()), registered::toString);
        assertFalse(registered.containsKey(ScramSha1PlusMechanism.class.getName()), registered::toString);
        assertEquals("SCRAM-SHA-1", new ScramSha1.Mechanism().getName());
        assertEquals("SCRAM-SHA-1-PLUS", new ScramSha1.PlusMechanism().getName());
        assertEquals(new SCRAMSHA1Mechanism().getPriority(), new ScramSha1.Mechanism().getPriority());
        assertEquals(new ScramSha1PlusMechanism().getPriority(), new ScramSha1.PlusMechanism().getPriority());
    }

    /** Hi() of RFC 5802 2.2, through the HMAC under test (one key for all iterations, as in a login). */
    private static byte[] hi(ScramSha1.Hmac hmac, byte[] password, byte[] salt, int iterations) throws Exception {
        byte[] first = new byte[salt.length + 4];
        System.arraycopy(salt, 0, first, 0, salt.length);
        first[first.length - 1] = 1;
        byte[] u = hmac.hmac(password, first);
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = hmac.hmac(password, u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }
}
