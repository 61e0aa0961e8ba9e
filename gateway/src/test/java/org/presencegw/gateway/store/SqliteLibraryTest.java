package org.presencegw.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLibraryTest {

    @TempDir
    Path dir;

    @Test
    void clear_deletesTheDriversFilesOfAnyVersion_leavesEverythingElse() throws IOException {
        for (String f : List.of("sqlite-3.54.1.0-0b1f-libsqlitejdbc.so", "sqlite-3.54.1.0-0b1f-libsqlitejdbc.so.lck",
                "sqlite-3.46.1.0-77aa-libsqlitejdbc.so", "notes.txt", "xsqlite-1")) {
            Files.writeString(dir.resolve(f), "x");
        }
        Files.createDirectory(dir.resolve("sqlite-dir"));

        assertEquals(3, SqliteLibrary.clear(dir));

        assertEquals(List.of("notes.txt", "sqlite-dir", "xsqlite-1"), names());
        assertEquals(0, SqliteLibrary.clear(dir));
    }

    @Test
    void clear_emptyDirectory_deletesNothing() throws IOException {
        assertEquals(0, SqliteLibrary.clear(dir));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
