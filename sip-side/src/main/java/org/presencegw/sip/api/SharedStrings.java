package org.presencegw.sip.api;

/**
 * One copy of the strings that many long-lived objects hold (hosts, transports, flow addresses, presentity URIs):
 * the JVM's string table, behind a small cache of recent results. {@link String#intern} costs about a microsecond
 * on a table that holds every watcher's user part, and a SUBSCRIBE interned some ten strings, most of them the same
 * few values every time ({@code udp}, {@code 127.0.0.1}, the served domain): 5 % of its CPU at 8000/s
 * (bench/FINDINGS.md, "Session 20"). A cache hit returns the string the table gave before, so the result is always
 * the one shared copy, as with {@code intern()}.
 *
 * <p>The cache is lossy (one slot per hash, the last string wins) and bounded: {@value #SLOTS} slots, and strings
 * longer than {@value #MAX_LENGTH} characters go straight to the table, so it holds at most about 0.7 MiB whatever
 * peers send. Slots are read and written without locks: a string is immutable and safely published, so a racing
 * reader sees either string or null, and either way gets the shared copy.
 */
public final class SharedStrings {

    static final int SLOTS = 4096;
    static final int MAX_LENGTH = 128;

    private static final String[] RECENT = new String[SLOTS];

    private SharedStrings() {
    }

    /** The shared copy of {@code s}: {@code s.intern()}, from the cache when it was asked for lately. */
    public static String of(String s) {
        if (s.length() > MAX_LENGTH) {
            return s.intern();
        }
        int h = s.hashCode();
        int slot = (h ^ (h >>> 12)) & (SLOTS - 1);
        String seen = RECENT[slot];
        if (seen != null && seen.hashCode() == h && seen.equals(s)) {
            return seen;
        }
        String shared = s.intern();
        RECENT[slot] = shared;
        return shared;
    }
}
