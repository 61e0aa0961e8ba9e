package org.presencegw.sip.pidf;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * A growable UTF-8 byte buffer that writes XML markup and escaped character data, for {@link PidfRenderer}.
 * Not thread-safe: one instance per thread, handed out by {@link #acquire()} and given back by {@link #release()}.
 *
 * <p>Escaping (the output is always well-formed XML 1.0, whatever the strings hold):
 * <ul>
 *   <li>text: {@code & < >} as {@code &amp; &lt; &gt;} (so {@code ]]>} cannot occur), CR as {@code &#13;} (a raw
 *       CR would be turned into LF by the parser's end-of-line handling);</li>
 *   <li>attribute values (always in double quotes): also {@code "} as {@code &quot;}, and TAB, LF, CR as
 *       {@code &#9; &#10; &#13;} (raw, attribute-value normalization would turn them into spaces);</li>
 *   <li>characters XML 1.0 does not allow (C0 controls other than TAB, LF, CR; U+FFFE, U+FFFF; a surrogate that
 *       is not part of a well-formed pair) are replaced with U+FFFD; a surrogate pair becomes one 4-byte UTF-8
 *       sequence.</li>
 * </ul>
 * Everything else is written as plain UTF-8, exactly as the JDK's StAX writer did before.
 */
@SuppressWarnings("EscapedEntity") // the Javadoc shows the escapes themselves ({@code &amp;} as written)
final class Utf8XmlWriter {

    /** Initial buffer size: a two-resource document with a person is about 700 bytes. */
    private static final int INITIAL_CAPACITY = 1024;
    /** A buffer grown past this is not kept for the next document of the thread. */
    private static final int MAX_RETAINED_CAPACITY = 16 * 1024;
    /** The largest array size the JVM reliably allocates. */
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 16;
    /** Strings are escaped in chunks of this many UTF-16 units, so the reservation stays small. */
    private static final int CHUNK = 512;
    /** The most bytes one UTF-16 unit can turn into: {@code &quot;}. */
    private static final int MAX_BYTES_PER_CHAR = 6;

    /** What to do with an ASCII character: write it as-is, or one of the escapes below. */
    private static final byte AS_IS = 0;
    private static final byte AMP = 1;
    private static final byte LT = 2;
    private static final byte GT = 3;
    private static final byte QUOT = 4;
    private static final byte TAB = 5;
    private static final byte LF = 6;
    private static final byte CR = 7;
    private static final byte INVALID = 8;
    /** The bytes written for each action but {@link #AS_IS}; U+FFFD in UTF-8 for {@link #INVALID}. */
    private static final byte[][] ESCAPES = {
        {}, ascii("&amp;"), ascii("&lt;"), ascii("&gt;"), ascii("&quot;"), ascii("&#9;"), ascii("&#10;"),
        ascii("&#13;"), {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD},
    };

    private static final byte[] TEXT_ACTIONS = asciiActions(false);
    private static final byte[] ATTRIBUTE_ACTIONS = asciiActions(true);

    /** Seconds from 1970-01-01T00:00:00Z to 0000-01-01T00:00:00Z and to 10000-01-01T00:00:00Z. */
    private static final long MIN_FAST_EPOCH_SECOND = -62_167_219_200L;
    private static final long MAX_FAST_EPOCH_SECOND = 253_402_300_800L;

    private static final ThreadLocal<Utf8XmlWriter> PER_THREAD = ThreadLocal.withInitial(Utf8XmlWriter::new);

    private byte[] buf = new byte[INITIAL_CAPACITY];
    private int pos;
    private boolean inUse;

    private Utf8XmlWriter() {
    }

    /** This thread's writer, emptied; a fresh one if this thread's is in use (re-entrant call). */
    static Utf8XmlWriter acquire() {
        Utf8XmlWriter w = PER_THREAD.get();
        if (w.inUse) {
            w = new Utf8XmlWriter();
        }
        w.inUse = true;
        w.pos = 0;
        return w;
    }

    /** Gives the writer back to its thread; an oversized buffer is dropped rather than kept alive. */
    void release() {
        if (buf.length > MAX_RETAINED_CAPACITY) {
            buf = new byte[INITIAL_CAPACITY];
        }
        pos = 0;
        inUse = false;
    }

    /** The bytes written so far, as a new array of exactly that length. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** Encodes an ASCII string (markup built from constants) once, for {@link #raw}. */
    static byte[] ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                throw new IllegalArgumentException("not ASCII: " + s);
            }
        }
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Appends bytes as they are: markup from {@link #ascii}. */
    void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    /** Appends character data (element content), escaped. */
    void text(String s) {
        escape(s, TEXT_ACTIONS);
    }

    /** Appends an attribute value that goes between double quotes, escaped. */
    void attribute(String s) {
        escape(s, ATTRIBUTE_ACTIONS);
    }

    /**
     * Appends {@link DateTimeFormatter#ISO_INSTANT}'s form of the instant (seconds always, fraction in groups of 3
     * digits only when non-zero), without the formatter's allocations for years 0000 to 9999.
     */
    void isoInstant(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < MIN_FAST_EPOCH_SECOND || seconds >= MAX_FAST_EPOCH_SECOND) {
            raw(DateTimeFormatter.ISO_INSTANT.format(instant).getBytes(StandardCharsets.US_ASCII));
            return;
        }
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // Civil date from days since 1970-01-01 (proleptic Gregorian, as java.time), H. Hinnant's algorithm.
        long z = days + 719_468L;
        long era = Math.floorDiv(z, 146_097L);
        long dayOfEra = z - era * 146_097L;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        int nano = instant.getNano();

        ensure(30);
        byte[] b = buf;
        int p = pos;
        p = digits(b, p, year, 4);
        b[p++] = '-';
        p = digits(b, p, month, 2);
        b[p++] = '-';
        p = digits(b, p, day, 2);
        b[p++] = 'T';
        p = digits(b, p, secondOfDay / 3600, 2);
        b[p++] = ':';
        p = digits(b, p, secondOfDay / 60 % 60, 2);
        b[p++] = ':';
        p = digits(b, p, secondOfDay % 60, 2);
        if (nano > 0) {
            b[p++] = '.';
            if (nano % 1_000_000 == 0) {
                p = digits(b, p, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                p = digits(b, p, nano / 1000, 6);
            } else {
                p = digits(b, p, nano, 9);
            }
        }
        b[p++] = 'Z';
        pos = p;
    }

    /** Writes {@code value} (non-negative, below 10^width) as exactly {@code width} decimal digits. */
    private static int digits(byte[] b, int p, int value, int width) {
        int v = value;
        for (int i = p + width - 1; i >= p; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return p + width;
    }

    private void escape(String s, byte[] actions) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            int end = Math.min(n, i + CHUNK);
            ensure((end - i) * MAX_BYTES_PER_CHAR);
            byte[] b = buf;
            int p = pos;
            while (i < end) {
                char c = s.charAt(i++);
                if (c < 0x80) {
                    byte action = actions[c];
                    if (action == AS_IS) {
                        b[p++] = (byte) c;
                    } else {
                        p = escapeAscii(b, p, action);
                    }
                } else if (c < 0x800) {
                    b[p++] = (byte) (0xC0 | (c >> 6));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    // A pair may straddle the chunk end: one unit's reservation (6) covers its 4 bytes.
                    if (Character.isHighSurrogate(c) && i < n && Character.isLowSurrogate(s.charAt(i))) {
                        int cp = Character.toCodePoint(c, s.charAt(i++));
                        b[p++] = (byte) (0xF0 | (cp >> 18));
                        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                        b[p++] = (byte) (0x80 | (cp & 0x3F));
                    } else {
                        p = replacement(b, p);
                    }
                } else if (c >= 0xFFFE) {
                    p = replacement(b, p);
                } else {
                    b[p++] = (byte) (0xE0 | (c >> 12));
                    b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            pos = p;
        }
    }

    private static int escapeAscii(byte[] b, int p, byte action) {
        byte[] escape = ESCAPES[action];
        int q = p;
        for (byte e : escape) {
            b[q++] = e;
        }
        return q;
    }

    /** U+FFFD REPLACEMENT CHARACTER in UTF-8. */
    private static int replacement(byte[] b, int p) {
        b[p] = (byte) 0xEF;
        b[p + 1] = (byte) 0xBF;
        b[p + 2] = (byte) 0xBD;
        return p + 3;
    }

    private void ensure(int more) {
        long needed = (long) pos + more;
        if (needed <= buf.length) {
            return;
        }
        if (needed > MAX_CAPACITY) {
            throw new IllegalArgumentException("PIDF document larger than " + MAX_CAPACITY + " bytes");
        }
        buf = Arrays.copyOf(buf, (int) Math.min(MAX_CAPACITY, Math.max(needed, 2L * buf.length)));
    }

    private static byte[] asciiActions(boolean attribute) {
        byte[] actions = new byte[0x80];
        for (int c = 0; c < 0x20; c++) {
            actions[c] = INVALID;
        }
        actions['\t'] = attribute ? TAB : AS_IS;
        actions['\n'] = attribute ? LF : AS_IS;
        actions['\r'] = CR;
        actions['&'] = AMP;
        actions['<'] = LT;
        actions['>'] = GT;
        actions['"'] = attribute ? QUOT : AS_IS;
        return actions;
    }
}
