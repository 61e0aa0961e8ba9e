package org.presencegw.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ListCodecTest {
    @Test
    void encode_lengthColonItem() {
        assertEquals("", ListCodec.encode(List.of()));
        assertEquals("11:<sip:p1;lr>0:3:a:b", ListCodec.encode(List.of("<sip:p1;lr>", "", "a:b")));
    }

    @Test
    void decode_anyCharactersRoundTrip() {
        List<String> items = List.of("", ":", "10:", "a,b;c", "\n\r\t", "ünï ☎ 𝄞", "x".repeat(100_000));
        assertEquals(items, ListCodec.decode(ListCodec.encode(items)));
    }

    @Test
    void decode_damagedText_rejected() {
        assertThrows(IllegalArgumentException.class, () -> ListCodec.decode("abc"));
        assertThrows(IllegalArgumentException.class, () -> ListCodec.decode("5:abc"));
        assertThrows(IllegalArgumentException.class, () -> ListCodec.decode(":abc"));
        assertThrows(IllegalArgumentException.class, () -> ListCodec.decode("-1:"));
        assertThrows(IllegalArgumentException.class, () -> ListCodec.decode("99999999999:x"));
    }
}
