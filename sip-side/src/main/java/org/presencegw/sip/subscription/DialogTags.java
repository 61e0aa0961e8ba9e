package org.presencegw.sip.subscription;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Our To tag for a new subscription dialog: a keyed hash (SHA-256 over a per-process random secret, the Call-ID
 * and the watcher's From tag), so that a retransmitted initial SUBSCRIBE, answered without a server transaction,
 * finds the dialog its first copy created. Unpredictable without the secret, 64 bits (RFC 3261 19.3 asks for at
 * least 32 random bits). Thread-safe.
 */
final class DialogTags {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final byte[] secret = new byte[16];
    private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(DialogTags::newDigest);

    DialogTags() {
        new SecureRandom().nextBytes(secret);
    }

    String localTag(String callId, String remoteTag) {
        MessageDigest md = sha256.get();
        md.reset();
        md.update(secret);
        md.update(callId.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(remoteTag.getBytes(StandardCharsets.UTF_8));
        byte[] digest = md.digest();
        char[] tag = new char[16];
        for (int i = 0; i < 8; i++) {
            tag[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            tag[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(tag);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
