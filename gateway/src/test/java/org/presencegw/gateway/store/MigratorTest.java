package org.presencegw.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigratorTest {
    @Test
    void parse_statementsEndWithSemicolon_commentsDropped_descriptionFromFirstLine() {
        Migrator.Script s = Migrator.parse(3, "-- add things\nCREATE TABLE a (\n  x INTEGER -- inline\n);\n"
                + "-- a comment\n\nINSERT INTO a VALUES (1);\n");
        assertEquals("add things", s.description());
        assertEquals(List.of("CREATE TABLE a (\n  x INTEGER -- inline\n)", "INSERT INTO a VALUES (1)"),
                s.statements());
    }

    @Test
    void parse_missingFinalSemicolon_rejected() {
        assertThrows(IllegalStateException.class, () -> Migrator.parse(1, "CREATE TABLE a (x INTEGER)\n"));
    }

    @Test
    void scripts_v1OnTheClassPath_bytesTypeFilledIn() {
        List<Migrator.Script> scripts = Migrator.scripts("BYTEA", "BIGINT");
        assertTrue(scripts.size() >= 1);
        assertEquals(1, scripts.get(0).version());
        String all = String.join(";", scripts.get(0).statements());
        assertTrue(all.contains("body         BYTEA"), all);
        assertFalse(all.contains("${"), all);
    }
}
