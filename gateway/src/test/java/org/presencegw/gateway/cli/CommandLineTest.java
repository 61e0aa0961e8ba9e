package org.presencegw.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    @Test
    void parse_configWithFile_run() throws Exception {
        assertEquals(new CommandLine.Run(Path.of("gw.yaml")), CommandLine.parse(new String[] {"--config", "gw.yaml"}));
    }

    @Test
    void parse_configEqualsFile_run() throws Exception {
        assertEquals(new CommandLine.Run(Path.of("gw.yaml")), CommandLine.parse(new String[] {"--config=gw.yaml"}));
    }

    @Test
    void parse_checkConfig_check() throws Exception {
        assertEquals(new CommandLine.Check(Path.of("x")), CommandLine.parse(new String[] {"--check-config", "x"}));
    }

    @Test
    void parse_shortHelpAndVersion_recognised() throws Exception {
        assertEquals(new CommandLine.Help(), CommandLine.parse(new String[] {"-h"}));
        assertEquals(new CommandLine.Version(), CommandLine.parse(new String[] {"-V"}));
    }

    @Test
    void parse_configFollowedByFlag_needsFile() {
        CommandLine.UsageException e = assertThrows(CommandLine.UsageException.class,
                () -> CommandLine.parse(new String[] {"--config", "--help"}));
        assertEquals("--config needs a FILE; " + CommandLine.USAGE, e.getMessage());
    }

    @Test
    void parse_emptyEqualsFile_needsFile() {
        assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(new String[] {"--config="}));
    }

    @Test
    void parse_helpWithExtra_unexpectedArgument() {
        assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(new String[] {"--help", "x"}));
    }

    @Test
    void parse_bareFile_unknownOption() {
        CommandLine.UsageException e = assertThrows(CommandLine.UsageException.class,
                () -> CommandLine.parse(new String[] {"gw.yaml"}));
        assertEquals("unknown option 'gw.yaml'; " + CommandLine.USAGE, e.getMessage());
    }
}
