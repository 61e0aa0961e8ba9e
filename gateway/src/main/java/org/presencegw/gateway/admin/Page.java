package org.presencegw.gateway.admin;

import java.util.List;
import java.util.Map;

/**
 * One page of a list: {@code offset} (default 0) and {@code limit} (default {@value #DEFAULT_LIMIT}, at most
 * {@value #MAX_LIMIT}; a larger one is lowered to it) from the query string. Anything else is a {@link BadRequest}.
 */
record Page(int offset, int limit) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    static Page from(Map<String, String> query) throws BadRequest {
        int offset = number(query, "offset", 0);
        int limit = Math.min(MAX_LIMIT, number(query, "limit", DEFAULT_LIMIT));
        if (limit == 0) {
            throw new BadRequest("limit must be at least 1");
        }
        return new Page(offset, limit);
    }

    /** The items of this page. */
    <T> List<T> of(List<T> all) {
        if (offset >= all.size()) {
            return List.of();
        }
        return all.subList(offset, (int) Math.min(all.size(), (long) offset + limit));
    }

    private static int number(Map<String, String> query, String key, int fallback) throws BadRequest {
        String text = query.get(key);
        if (text == null) {
            return fallback;
        }
        if (!text.matches("[0-9]{1,9}")) {
            throw new BadRequest(key + " must be a whole number from 0");
        }
        return Integer.parseInt(text);
    }

    /** A request the admin listener answers with 400 and this message. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
