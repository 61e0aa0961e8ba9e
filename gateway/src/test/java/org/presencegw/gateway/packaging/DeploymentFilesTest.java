package org.presencegw.gateway.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.presencegw.gateway.config.ConfigLoader;
import org.presencegw.gateway.config.GatewayConfig;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What cannot run here (no container engine, no systemd as init) is at least checked: {@code docker-compose.yml}
 * parses, names files that exist and mounts a gateway config the loader accepts; the Dockerfile copies what
 * exists; the example config of the systemd packaging loads with the secrets its environment file names.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    @SuppressWarnings("unchecked")
    void compose_parses_namesFilesThatExist_andMountsAValidGatewayConfig() throws Exception {
        Map<String, Object> compose = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertEquals(List.of("prosody", "gateway"), List.copyOf(services.keySet()));
        Map<String, Object> gateway = (Map<String, Object>) services.get("gateway");
        assertEquals(".", gateway.get("build"));
        assertTrue(Files.isRegularFile(ROOT.resolve("Dockerfile")));
        Path gatewayConfig = null;
        for (Object service : services.values()) {
            for (Object volume : (List<Object>) ((Map<String, Object>) service).getOrDefault("volumes", List.of())) {
                String[] parts = volume.toString().split(":");
                if (parts[0].startsWith("./")) {
                    assertTrue(Files.isRegularFile(ROOT.resolve(parts[0])), volume + ": no such file");
                    if (parts[1].endsWith("gateway.yml")) {
                        gatewayConfig = ROOT.resolve(parts[0]);
                    }
                } else {
                    assertTrue(((Map<String, Object>) compose.get("volumes")).containsKey(parts[0]),
                            volume + ": a named volume the file does not declare");
                }
            }
        }
        List<String> command = (List<String>) gateway.get("command");
        assertEquals(List.of("--config", "/etc/presence-gateway/gateway.yml"), command);
        Map<String, String> env = Map.of("SIPGW_PASSWORD", "x", "ALICE_PASSWORD", "y");
        GatewayConfig config = new ConfigLoader(env::get).read(gatewayConfig).config();
        assertEquals("prosody", config.xmpp().host());
    }

    @Test
    void dockerfile_copiesOnlyWhatExists() throws IOException {
        Matcher m = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(Files.readString(ROOT.resolve("Dockerfile")));
        List<String> sources = new ArrayList<>();
        while (m.find()) {
            sources.add(m.group(1));
            assertTrue(Files.exists(ROOT.resolve(m.group(1))), "Dockerfile copies " + m.group(1));
        }
        assertTrue(sources.containsAll(List.of("pom.xml", "sip-side", "xmpp-side", "gateway")), sources.toString());
    }

    @Test
    void packagingExample_loadsWithItsEnvironmentFile() throws Exception {
        Map<String, String> env = new java.util.HashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("packaging/environment"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        GatewayConfig config = new ConfigLoader(env::get).read(ROOT.resolve("packaging/gateway.yml")).config();
        assertEquals(1, config.accounts().size());
    }
}
