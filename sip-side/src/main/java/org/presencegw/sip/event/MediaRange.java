package org.presencegw.sip.event;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One media range of an {@code Accept} header (RFC 3261 section 20.1, RFC 2616 14.1): {@code type/subtype}, where
 * either may be {@code *}, with a {@code q} value (1 when absent; 0 means "not acceptable").
 *
 * <p>Immutable and thread-safe.
 */
public record MediaRange(String type, String subtype, double q) {

    /** An Accept header present but empty: nothing is acceptable (RFC 3261 20.1), so every negotiation fails. */
    public static final MediaRange NOTHING = new MediaRange("none", "none", 1);

    public MediaRange {
        type = Objects.requireNonNull(type, "type").toLowerCase(Locale.ROOT);
        subtype = Objects.requireNonNull(subtype, "subtype").toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code type/subtype[;params]}; a {@code q} parameter that is not a number counts as 1.
     *
     * @throws IllegalArgumentException when there is no {@code /}
     */
    public static MediaRange parse(String text) {
        String[] parts = text.split(";");
        String[] ts = parts[0].trim().split("/", 2);
        if (ts.length != 2 || ts[0].isBlank() || ts[1].isBlank()) {
            throw new IllegalArgumentException("not a media range: " + text);
        }
        double q = 1;
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("q")) {
                q = qValue(kv[1].trim());
            }
        }
        return new MediaRange(ts[0].trim(), ts[1].trim(), q);
    }

    /** Whether {@code mediaType} ({@code type/subtype}) falls in this range, ignoring q. */
    public boolean matches(String mediaType) {
        String[] ts = mediaType.toLowerCase(Locale.ROOT).split("/", 2);
        return (type.equals("*") || type.equals(ts[0])) && (subtype.equals("*") || subtype.equals(ts[1]));
    }

    /**
     * The first of {@code offered} in the watcher's order of preference: ranges by descending q (stable, so equal
     * q keeps header order), and within a range the offered order. A type matched by a range with {@code q=0} is
     * never chosen (RFC 2616 14.1: not acceptable), even if a wider range allows it. No ranges: the first offered.
     */
    public static Optional<String> choose(List<MediaRange> accept, List<String> offered) {
        if (accept.isEmpty()) {
            return offered.stream().findFirst();
        }
        List<MediaRange> byPreference = new ArrayList<>(accept);
        byPreference.sort(Comparator.comparingDouble(MediaRange::q).reversed());
        for (MediaRange range : byPreference) {
            if (range.q() <= 0) {
                break;
            }
            for (String type : offered) {
                if (range.matches(type) && !refused(accept, type)) {
                    return Optional.of(type);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean refused(List<MediaRange> accept, String type) {
        return accept.stream().anyMatch(r -> r.q() <= 0 && r.matches(type) && !r.type().equals("*")
                && !r.subtype().equals("*"));
    }

    private static double qValue(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    @Override
    public String toString() {
        return type + "/" + subtype + (q == 1 ? "" : ";q=" + q);
    }
}
