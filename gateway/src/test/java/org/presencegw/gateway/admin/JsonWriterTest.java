package org.presencegw.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JsonWriterTest {

    private static String quoted(String s) {
        StringBuilder sb = new StringBuilder();
        JsonWriter.quote(sb, s);
        return sb.toString();
    }

    @Test
    void quote_specialCharacters_escaped() {
        assertEquals("\"a\\\"b\\\\c\"", quoted("a\"b\\c"));
        assertEquals("\"\\n\\r\\t\\b\\f\"", quoted("\n\r\t\b\f"));
        assertEquals("\"\\u0000\\u001f\\u007f\"", quoted("\u0000\u001f\u007f"));
        assertEquals("\"\\u003c/script\\u003e\"", quoted("</script>"));
        assertEquals("\"\\u2028\\u2029\"", quoted("\u2028\u2029"));
    }

    @Test
    void quote_nonAscii_keptAndLoneSurrogatesEscaped() {
        assertEquals("\"Jürgen 😀\"", quoted("Jürgen 😀"));
        assertEquals("\"x\\ud83dy\"", quoted("x\ud83dy"));
        assertEquals("\"\\ude00\"", quoted("\ude00"));
    }

    @Test
    void writer_nested_commasInTheRightPlaces() {
        String json = new JsonWriter().beginObject().field("a", 1).name("b").beginArray().value("x").value(true)
                .beginObject().endObject().endArray().field("c", (String) null).name("d").beginArray().endArray()
                .endObject().toString();
        assertEquals("{\"a\":1,\"b\":[\"x\",true,{}],\"c\":null,\"d\":[]}", json);
    }

    @Test
    void writer_unbalanced_refused() {
        assertThrows(IllegalStateException.class, () -> new JsonWriter().endObject());
    }
}
