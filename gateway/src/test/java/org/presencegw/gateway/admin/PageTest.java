package org.presencegw.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PageTest {
    private static final List<Integer> ITEMS = IntStream.range(0, 2500).boxed().toList();

    @Test
    void from_nothing_defaults() throws Exception {
        Page p = Page.from(Map.of());
        assertEquals(new Page(0, 100), p);
        assertEquals(ITEMS.subList(0, 100), p.of(ITEMS));
    }

    @Test
    void from_limitAboveMaximum_lowered() throws Exception {
        assertEquals(1000, Page.from(Map.of("limit", "5000")).limit());
        assertEquals(1000, Page.from(Map.of("limit", "5000")).of(ITEMS).size());
    }

    @Test
    void of_offsetNearOrPastTheEnd_shortOrEmpty() throws Exception {
        assertEquals(List.of(2498, 2499), Page.from(Map.of("offset", "2498", "limit", "10")).of(ITEMS));
        assertEquals(List.of(), Page.from(Map.of("offset", "2500")).of(ITEMS));
        assertEquals(List.of(), Page.from(Map.of("offset", "999999999", "limit", "1000")).of(ITEMS));
    }

    @Test
    void from_badNumbers_badRequest() {
        assertThrows(Page.BadRequest.class, () -> Page.from(Map.of("limit", "-1")));
        assertThrows(Page.BadRequest.class, () -> Page.from(Map.of("limit", "0")));
        assertThrows(Page.BadRequest.class, () -> Page.from(Map.of("offset", "ten")));
        assertThrows(Page.BadRequest.class, () -> Page.from(Map.of("offset", "99999999999")));
    }

    @Test
    void queryString_decodesAndKeepsFirst() throws Exception {
        assertEquals(Map.of("watcher", "sip:alice@sip.test", "limit", "5"),
                QueryString.parse("watcher=sip%3Aalice%40sip.test&limit=5&limit=7"));
        assertEquals(Map.of("a b", ""), QueryString.parse("a+b"));
        assertThrows(Page.BadRequest.class, () -> QueryString.parse("a=%zz"));
        assertThrows(Page.BadRequest.class, () -> QueryString.parse("a=1&".repeat(20)));
    }
}
