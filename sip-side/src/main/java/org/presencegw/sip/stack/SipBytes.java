package org.presencegw.sip.stack;

/**
 * Scanning a SIP message's bytes as received, on the UDP reader thread ({@link PendingCopies}, {@link OverloadShed}):
 * lines, header names, and plain ASCII comparisons. No allocation.
 */
final class SipBytes {

    private SipBytes() {
    }

    /** The index of the '\n' that ends the line starting at {@code from}; -1 when there is none before {@code end}. */
    static int lineEnd(byte[] data, int from, int end) {
        return indexOf(data, from, end, (byte) '\n');
    }

    static int next(int lineEnd, int end) {
        return Math.min(lineEnd + 1, end);
    }

    static int indexOf(byte[] data, int from, int end, byte b) {
        for (int i = from; i < end; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static int indexOf(byte[] data, int from, int end, String text) {
        int n = text.length();
        for (int i = from; i + n <= end; i++) {
            if (startsWith(data, i, end, text)) {
                return i;
            }
        }
        return -1;
    }

    static boolean startsWith(byte[] data, int from, int end, String text) {
        if (end - from < text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (data[from + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean startsWithIgnoreCase(byte[] data, int from, int end, String text) {
        if (end - from < text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (lower(data[from + i]) != lower((byte) text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean named(byte[] data, int from, int end, String lowerName) {
        return end - from == lowerName.length() && startsWithIgnoreCase(data, from, end, lowerName);
    }

    static boolean regionEquals(byte[] a, int aFrom, byte[] b, int bFrom, int n) {
        for (int i = 0; i < n; i++) {
            if (a[aFrom + i] != b[bFrom + i]) {
                return false;
            }
        }
        return true;
    }

    static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    static int trimStart(byte[] data, int from, int end) {
        int i = from;
        while (i < end && (data[i] == ' ' || data[i] == '\t')) {
            i++;
        }
        return i;
    }

    static int trimEnd(byte[] data, int from, int end) {
        int i = end;
        while (i > from && (data[i - 1] == ' ' || data[i - 1] == '\t')) {
            i--;
        }
        return i;
    }

    /** Receives one header line of {@link #headers}: false stops the scan (a line this caller does not follow). */
    @FunctionalInterface
    interface HeaderLine {
        boolean accept(int start, int nameEnd, int colon, int contentEnd);
    }

    /**
     * Walks the header lines after the first line, which ends at {@code firstLineEnd}: each line's start, the end of
     * its name, its colon and the end of its content (before CR LF). The index of the empty line that ends the
     * headers, or -1 when a line is folded (left to the parser), has no colon, has no end, or {@code sink} refuses
     * it, or when no empty line comes before {@code end}.
     */
    static int headers(byte[] data, int firstLineEnd, int end, HeaderLine sink) {
        int p = next(firstLineEnd, end);
        while (p < end) {
            int e = lineEnd(data, p, end);
            if (e < 0) {
                return -1;
            }
            int contentEnd = e > p && data[e - 1] == '\r' ? e - 1 : e;
            if (contentEnd == p) {
                return p;
            }
            if (data[p] == ' ' || data[p] == '\t') {
                return -1;
            }
            int colon = indexOf(data, p, contentEnd, (byte) ':');
            if (colon < 0 || !sink.accept(p, trimEnd(data, p, colon), colon, contentEnd)) {
                return -1;
            }
            p = next(e, end);
        }
        return -1;
    }
}
