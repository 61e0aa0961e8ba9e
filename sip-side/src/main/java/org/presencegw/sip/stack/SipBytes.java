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
}
