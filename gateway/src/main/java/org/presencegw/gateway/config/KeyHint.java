package org.presencegw.gateway.config;

import java.util.Collection;

/** "Did you mean" hints for misspelt keys: the known key at the smallest edit distance, if close enough. */
final class KeyHint {
    private KeyHint() {
    }

    /** {@code " (did you mean 'port'?)"}, or {@code ""} when no known key is within a third of the length. */
    static String suggest(String unknown, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(unknown, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(3, unknown.length() / 3));
        return best != null && bestDistance <= allowed ? " (did you mean '" + best + "'?)" : "";
    }

    /** Levenshtein distance, case-insensitive, so {@code Port} suggests {@code port}. */
    static int distance(String a, String b) {
        String x = a.toLowerCase(java.util.Locale.ROOT);
        String y = b.toLowerCase(java.util.Locale.ROOT);
        int[] previous = new int[y.length() + 1];
        int[] current = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length()];
    }
}
