package org.presencegw.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.presencegw.gateway.Main;

/**
 * {@code --check-config} validates the {@code store:} and {@code lists:} sections: one line and exit 2 for a bad
 * one.
 */
class StoreCheckConfigTest {
    @TempDir
    Path dir;

    private final CliStreams io = new CliStreams();

    @Test
    void run_checkConfigWithGoodStore_exit0() throws Exception {
        Path file = CliStreams.validConfig(dir);
        Files.writeString(file, Files.readString(file) + "store:\n  type: postgresql\n"
                + "  url: jdbc:postgresql://127.0.0.1:5432/presencegw\n  user: gw\n");

        assertEquals(0, Main.run(new String[] {"--check-config", file.toString()}, io.out, io.err), io.err());
    }

    @Test
    void run_checkConfigStoreUrlOfWrongDatabase_oneLineExit2() throws Exception {
        Path file = CliStreams.validConfig(dir);
        String yaml = Files.readString(file);
        int line = (int) yaml.lines().count() + 3;
        Files.writeString(file, yaml + "store:\n  type: postgresql\n  url: jdbc:mysql://db/gw\n");

        assertEquals(2, Main.run(new String[] {"--check-config", file.toString()}, io.out, io.err));
        assertEquals(file + ":" + line + ": store.url: expected a URL that starts with jdbc:postgresql: "
                + "(jdbc:postgresql://HOST[:PORT]/DATABASE)", io.oneErrorLine());
    }

    @Test
    void run_checkConfigListsWithUnknownKey_oneLineExit2() throws Exception {
        Path file = CliStreams.validConfig(dir);
        String yaml = Files.readString(file).replace("  jabber.example.com: jabber\n",
                "  jabber.example.com: jabber\n  lists.example.com: roster\n");
        int line = (int) yaml.lines().count() + 2;
        Files.writeString(file, yaml + "lists:\n  max_member: 50\n");

        assertEquals(2, Main.run(new String[] {"--check-config", file.toString()}, io.out, io.err));
        assertEquals(file + ":" + line + ": unknown key 'max_member' in lists (did you mean 'max_members'?)",
                io.oneErrorLine());
    }

    @Test
    void run_checkConfigWithRosterDomainAndLists_exit0() throws Exception {
        Path file = CliStreams.validConfig(dir);
        Files.writeString(file, Files.readString(file).replace("  jabber.example.com: jabber\n",
                "  jabber.example.com: jabber\n  lists.example.com: roster\n") + "lists:\n  max_members: 100\n");

        assertEquals(0, Main.run(new String[] {"--check-config", file.toString()}, io.out, io.err), io.err());
    }
}
