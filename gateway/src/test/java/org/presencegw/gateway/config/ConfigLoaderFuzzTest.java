package org.presencegw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.presencegw.sip.testing.Mutations;

/**
 * Fuzzing the config loader ({@code --check-config}, SIGHUP reloads): any file gives a configuration or one
 * ConfigException with a one-line message, never another exception or a stack trace. Corpus: {@code /fuzz/config}.
 */
class ConfigLoaderFuzzTest {

    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("config-fuzz");
        Files.writeString(dir.resolve("bob.password"), "bob-secret\n");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Provide
    Arbitrary<byte[]> files() {
        return Mutations.of(Mutations.corpus(ConfigLoaderFuzzTest.class, "/fuzz/config"), 6);
    }

    @Property
    void anyFile_configOrOneLineConfigException(@ForAll("files") byte[] yaml) throws IOException {
        load(yaml);
    }

    @Example
    void corpus_everySeedLoadsOrFailsOnOneLine() throws IOException {
        List<byte[]> corpus = Mutations.corpus(ConfigLoaderFuzzTest.class, "/fuzz/config");
        for (byte[] seed : corpus) {
            load(seed);
        }
    }

    private static void load(byte[] yaml) throws IOException {
        Path file = Files.write(dir.resolve("gateway.yaml"), yaml);
        try {
            new ConfigLoader(name -> name.endsWith("PASSWORD") ? "from-env" : null).read(file);
        } catch (ConfigException e) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        }
    }
}
