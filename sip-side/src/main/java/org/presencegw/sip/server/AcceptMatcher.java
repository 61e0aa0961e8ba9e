package org.presencegw.sip.server;

import java.util.List;
import java.util.Locale;

/**
 * Decides whether an Accept header field allows PIDF (RFC 3856 section 6.5, RFC 3261 section 20.1 media
 * ranges). Pure.
 */
public final class AcceptMatcher {

    private AcceptMatcher() {
    }

    /**
     * @param mediaRanges one entry per Accept value, e.g. {@code application/*;q=0.5}; an empty list means no
     *                    Accept header, which RFC 3856 section 6.5 reads as {@code application/pidf+xml}
     * @return true when PIDF is acceptable: exact type, {@code application/*} or {@code *}{@code /*},
     *         not with {@code q=0}
     */
    public static boolean acceptsPidf(List<String> mediaRanges) {
        if (mediaRanges.isEmpty()) {
            return true;
        }
        for (String range : mediaRanges) {
            if (matches(range)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String range) {
        String[] parts = range.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("q") && isZero(kv[1].trim())) {
                return false;
            }
        }
        return type.equals(MediaTypes.PIDF) || type.equals(MediaTypes.APPLICATION + "/*") || type.equals("*/*");
    }

    private static boolean isZero(String q) {
        try {
            return Double.parseDouble(q) == 0.0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
