package org.presencegw.gateway.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Stores a list of strings (a route set, Path values) in one text column, exactly: each item is written as its
 * length in chars, a colon, and the item ({@code 13:<sip:p1;lr>}). Any character may appear in an item, so no
 * escaping is needed and the list round-trips exactly; the empty list is the empty string. Stateless.
 */
final class ListCodec {
    private ListCodec() {
    }

    static String encode(List<String> items) {
        StringBuilder out = new StringBuilder();
        for (String item : items) {
            out.append(item.length()).append(':').append(item);
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException when {@code text} was not written by {@link #encode} */
    static List<String> decode(String text) {
        List<String> items = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int colon = text.indexOf(':', i);
            if (colon <= i || colon - i > 9) {
                throw new IllegalArgumentException("bad list encoding at offset " + i);
            }
            int length;
            try {
                length = Integer.parseInt(text, i, colon, 10);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad list item length at offset " + i, e);
            }
            int end = colon + 1 + length;
            if (length < 0 || end > text.length()) {
                throw new IllegalArgumentException("list item at offset " + i + " runs past the end");
            }
            items.add(text.substring(colon + 1, end));
            i = end;
        }
        return List.copyOf(items);
    }
}
