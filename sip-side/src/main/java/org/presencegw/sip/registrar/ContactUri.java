package org.presencegw.sip.registrar;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A contact address as registered, kept verbatim (RFC 4475 section 3.3.14: escaped headers survive a fetch),
 * with binding identity decided by the URI comparison rules of RFC 3261 section 19.1.4 for sip and sips URIs.
 * Other schemes (tel, ...) compare by case-insensitive scheme and exact remainder.
 *
 * <p>This class is immutable and thread-safe.
 */
public record ContactUri(String text) {

    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*");

    public ContactUri {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon <= 0 || !SCHEME.matcher(text).region(0, colon).matches()) {
            throw new IllegalArgumentException("not an absolute URI: '" + text + "'");
        }
        if (isSip(text.substring(0, colon)) && SipUriParts.parse(text).isEmpty()) {
            throw new IllegalArgumentException("malformed SIP URI: '" + text + "'");
        }
    }

    /** The scheme, lower case. */
    public String scheme() {
        return text.substring(0, text.indexOf(':')).toLowerCase(Locale.ROOT);
    }

    /** RFC 3261 section 19.1.4: whether {@code other} names the same binding as this URI. */
    public boolean sameAs(ContactUri other) {
        Optional<SipUriParts> mine = SipUriParts.parse(text);
        Optional<SipUriParts> theirs = SipUriParts.parse(other.text);
        if (mine.isPresent() && theirs.isPresent()) {
            return mine.get().equivalentTo(theirs.get());
        }
        return mine.isEmpty() && theirs.isEmpty() && scheme().equals(other.scheme())
                && text.substring(text.indexOf(':')).equals(other.text.substring(other.text.indexOf(':')));
    }

    /**
     * A stable identifier derived from the URI's canonical form, valid as an xs:ID (RFC 3863 section 4.1.2
     * tuple ids): letter first, then hex. Equivalent spellings that differ only in case of scheme or host give the
     * same value.
     */
    public String stableId() {
        String canonical = SipUriParts.parse(text).map(SipUriParts::canonical)
                .orElse(scheme() + text.substring(text.indexOf(':')));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return "b" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every Java platform", e);
        }
    }

    static boolean isSip(String scheme) {
        return scheme.equalsIgnoreCase("sip") || scheme.equalsIgnoreCase("sips");
    }

    @Override
    public String toString() {
        return text;
    }
}
