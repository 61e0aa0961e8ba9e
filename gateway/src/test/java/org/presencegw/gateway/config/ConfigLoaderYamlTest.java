package org.presencegw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.presencegw.gateway.config.ConfigFixtures.BASE;
import static org.presencegw.gateway.config.ConfigFixtures.assertProblem;
import static org.presencegw.gateway.config.ConfigFixtures.failure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File- and YAML-level problems: syntax, duplicates, anchors, unknown keys, wrong shapes. */
class ConfigLoaderYamlTest {
    @TempDir
    Path dir;

    @Test
    void load_badYamlSyntax_namesLine() {
        ConfigException e = failure(dir, "sip:\n  listen: 127.0.0.1\n  port: [5060\ndomains:\n");
        assertEquals("bad YAML", e.problem().substring(0, 8));
        assertEquals(true, e.line().isPresent(), e.getMessage());
    }

    @Test
    void load_tabIndentation_badYamlAtLine() {
        ConfigException e = failure(dir, "sip:\n\tlisten: 127.0.0.1\n");
        assertProblem(e, 2, "bad YAML");
    }

    @Test
    void load_duplicateKey_namesBothLines() {
        ConfigException e = failure(dir, BASE.replace("  port: 5060\n", "  port: 5060\n  port: 5061\n"));
        assertProblem(e, 4, "duplicate key 'sip.port' (first at line 3)");
    }

    @Test
    void load_duplicateTopLevelSection_namesBothLines() {
        ConfigException e = failure(dir, BASE + "sip:\n  listen: 127.0.0.2\n");
        assertProblem(e, 14, "duplicate key 'sip' (first at line 1)");
    }

    @Test
    void load_unknownTopLevelKey_hintsKnownKey() {
        ConfigException e = failure(dir, BASE + "acounts: []\n");
        assertProblem(e, 14, "unknown key 'acounts' at top level (did you mean 'accounts'?)");
    }

    @Test
    void load_unknownSipKey_hintsPort() {
        ConfigException e = failure(dir, BASE.replace("  port: 5060", "  prot: 5060"));
        assertProblem(e, 3, "unknown key 'prot' in sip (did you mean 'port'?)");
    }

    @Test
    void load_unknownKeyFarFromAll_noHint() {
        ConfigException e = failure(dir, BASE.replace("  port: 5060", "  colour: blue"));
        assertProblem(e, 3, "unknown key 'colour' in sip");
        assertEquals(false, e.problem().contains("did you mean"));
    }

    @Test
    void load_unknownAccountKey_namesEntry() {
        ConfigException e = failure(dir, BASE + "    passwd: x\n");
        assertProblem(e, 14, "unknown key 'passwd' in accounts[0] (did you mean 'password'?)");
    }

    @Test
    void load_anchorAndAlias_refused() {
        String yaml = BASE.replace("  listen: 127.0.0.1", "  listen: &addr 127.0.0.1")
                .replace("  host: 127.0.0.1", "  host: *addr");
        assertProblem(failure(dir, yaml), 2, "anchors and aliases");
    }

    @Test
    void load_anchoredMapping_refused() {
        String yaml = "base: &b\n  listen: 127.0.0.1\n" + BASE;
        assertProblem(failure(dir, yaml), 1, "anchors and aliases");
    }

    @Test
    void load_topLevelList_expectedMapping() {
        assertProblem(failure(dir, "- sip\n- domains\n"), 1, "top level: expected a mapping, found a list");
    }

    @Test
    void load_sectionIsScalar_expectedMapping() {
        ConfigException e = failure(dir, BASE.replace("xmpp:\n  host: 127.0.0.1\n  domain: jabber.example.com\n",
                "xmpp: 127.0.0.1\n"));
        assertProblem(e, 7, "xmpp: expected a mapping, found a string");
    }

    @Test
    void load_missingSipSection_noLine() {
        ConfigException e = failure(dir, BASE.substring(BASE.indexOf("domains:")));
        assertEquals(OptionalInt.empty(), e.line());
        assertEquals("missing section 'sip'", e.problem());
    }

    @Test
    void load_emptyFile_saysEmpty() {
        ConfigException e = failure(dir, "# nothing\n");
        assertEquals("the file is empty", e.problem());
    }

    @Test
    void load_missingFile_noSuchFile() {
        Path missing = dir.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void load_fileOverOneMebibyte_refused() throws Exception {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, BASE + "#" + "x".repeat(YamlDocument.MAX_BYTES) + "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(big));
        assertEquals("larger than 1048576 bytes", e.problem());
    }

    @Test
    void load_notUtf8_refused() throws Exception {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, new byte[] {'s', 'i', 'p', ':', ' ', (byte) 0xe9, '\n'});
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertEquals("not valid UTF-8", e.problem());
    }

    @Test
    void load_deepNesting_oneLineError() {
        String deep = "sip: " + "[".repeat(200_000) + "\n";
        ConfigException e = failure(dir, deep);
        assertEquals(true, e.problem().startsWith("bad YAML"), e.getMessage());
    }

    @Test
    void load_nonScalarKey_refused() {
        assertProblem(failure(dir, "? [a, b]\n: c\n" + BASE), 1, "keys must be plain names");
    }

    @Test
    void load_customTag_refused() {
        ConfigException e = failure(dir, BASE.replace("  host: 127.0.0.1", "  host: !secret 127.0.0.1"));
        assertProblem(e, 8, "unsupported YAML tag");
    }
}
