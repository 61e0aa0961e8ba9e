package org.presencegw.gateway.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd packaging as an operator meets it, without systemd as init: {@code packaging/install --destdir}
 * lays out the files; {@code systemd-analyze verify} accepts the unit against that tree (every key known, every
 * command executable); {@code systemd-analyze security} rates its hardening; the installed launcher, with the
 * installed example config and the environment file systemd would load, passes {@code --check-config}; a second
 * install (an upgrade) keeps the operator's config.
 */
class PackagingIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String UNIT = "etc/systemd/system/presence-gateway.service";

    @TempDir
    Path dest;

    @Test
    void install_verify_checkConfig_upgradeKeepsConfig() throws Exception {
        Result install = run(Map.of(), ROOT.resolve("packaging/install").toString(), "--destdir", dest.toString(),
                "--jar", Path.of("target", "gateway.jar").toAbsolutePath().toString());
        assertEquals(0, install.status(), install.output());
        assertEquals("rw-r-----", mode("etc/presence-gateway/gateway.yml"));
        assertEquals("rw-------", mode("etc/presence-gateway/environment"));
        assertTrue(Files.isExecutable(dest.resolve("opt/presence-gateway/bin/gateway")));

        // systemd-analyze needs the system's units (sysinit.target ...) and /bin/kill (ExecReload) in the root.
        Files.createDirectories(dest.resolve("usr/lib"));
        Result copy = run(Map.of(), "cp", "-r", "/usr/lib/systemd", dest.resolve("usr/lib").toString());
        assertEquals(0, copy.status(), copy.output());
        Files.createDirectories(dest.resolve("bin"));
        Files.writeString(dest.resolve("bin/kill"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(dest.resolve("bin/kill"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Result verify = run(Map.of(), "systemd-analyze", "verify", "--root=" + dest, dest.resolve(UNIT).toString());
        assertEquals(0, verify.status(), verify.output());
        assertEquals("", verify.output().strip(), "no unknown keys, no missing commands");

        Result security = run(Map.of(), "systemd-analyze", "security", "--offline=yes", dest.resolve(UNIT).toString());
        Matcher exposure = Pattern.compile("Overall exposure level for presence-gateway.service: (\\d+\\.\\d)")
                .matcher(security.output());
        assertTrue(exposure.find(), security.output());
        assertTrue(Double.parseDouble(exposure.group(1)) <= 2.0, "exposure " + exposure.group(1) + " (0 best, 10 worst)");

        Map<String, String> env = new java.util.HashMap<>(environmentFile());
        env.put("GATEWAY_JAR", dest.resolve("opt/presence-gateway/gateway.jar").toString()); // the unit's Environment=
        Result check = run(env, dest.resolve("opt/presence-gateway/bin/gateway").toString(), "--check-config",
                dest.resolve("etc/presence-gateway/gateway.yml").toString());
        assertEquals(0, check.status(), check.output());
        assertTrue(check.output().contains("OK (2 domains, 1 account)"), check.output());
        assertFalse(check.output().contains("CompileCommand"), "the JVM's notice of the launcher's inlining command");

        // The launcher gives glibc's freed memory back every 5 s on JVMs that have the flag (17.0.9 and later 17s, 22
        // and later: the --check-config above ran with it, so the JVM took it); GATEWAY_TRIM_MS=0 leaves it out; junk
        // is refused.
        String bin = dest.resolve("opt/presence-gateway/bin/gateway").toString();
        Result command = run(env, bin, "--print-command", "--config", "x.yml");
        assertEquals(0, command.status(), command.output());
        Runtime.Version v = Runtime.version();
        boolean trims = command.output().contains(" -XX:TrimNativeHeapInterval=5000 ");
        assertEquals(v.feature() >= 22 || (v.feature() == 17 && v.update() >= 9), trims, command.output());
        assertTrue(command.output().strip().endsWith("gateway.jar --config x.yml"), command.output());
        assertTrue(command.output().contains(" -XX:CompileCommand=quiet"
                + " -XX:CompileCommand=dontinline,org.presencegw.sip.store.CommitCallbacks::help "), command.output());
        assertEquals(int.class, org.presencegw.sip.store.CommitCallbacks.class.getMethod("help").getReturnType(),
                "the method the launcher names");
        // C2 compiles untaken branches instead of trapping on them (the --check-config above ran with it)
        assertTrue(command.output().contains(" -XX:PerMethodTrapLimit=0 "), command.output());
        Map<String, String> off = new java.util.HashMap<>(env);
        off.put("GATEWAY_TRIM_MS", "0");
        assertFalse(run(off, bin, "--print-command").output().contains("TrimNativeHeap"));
        off.put("GATEWAY_TRIM_MS", "soon");
        Result junk = run(off, bin, "--print-command");
        assertEquals(2, junk.status());
        assertEquals(1, junk.output().strip().lines().count(), junk.output());

        // The heap in transparent huge pages where the kernel offers them (GATEWAY_THP auto: [madvise] or [always]);
        // 1 and 0 force the choice; anything else is refused in one line.
        Path thpFile = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        boolean offered = Files.isReadable(thpFile)
                && Pattern.compile("\\[(madvise|always)\\]").matcher(Files.readString(thpFile)).find();
        assertEquals(offered, command.output().contains(" -XX:+UseTransparentHugePages "), command.output());
        Map<String, String> thp = new java.util.HashMap<>(env);
        thp.put("GATEWAY_THP", "1");
        assertTrue(run(thp, bin, "--print-command").output().contains(" -XX:+UseTransparentHugePages "));
        thp.put("GATEWAY_THP", "0");
        assertFalse(run(thp, bin, "--print-command").output().contains("TransparentHugePages"));
        thp.put("GATEWAY_THP", "yes");
        Result thpJunk = run(thp, bin, "--print-command");
        assertEquals(2, thpJunk.status());
        assertEquals(1, thpJunk.output().strip().lines().count(), thpJunk.output());

        // The heap touched at start when the server runs (GATEWAY_PRETOUCH 1 by default), never for a check; 0 leaves
        // it out; anything else is refused in one line. The default heap is the one sized for 300 MiB in service.
        assertTrue(command.output().contains(" -Xms204m -Xmx204m -XX:+UseSerialGC -Xmn48m "), command.output());
        assertTrue(command.output().contains(" -XX:+AlwaysPreTouch "), command.output());
        assertFalse(run(env, bin, "--print-command", "--check-config", "x.yml").output().contains("PreTouch"));
        Map<String, String> touch = new java.util.HashMap<>(env);
        touch.put("GATEWAY_PRETOUCH", "0");
        assertFalse(run(touch, bin, "--print-command", "--config", "x.yml").output().contains("PreTouch"));
        touch.put("GATEWAY_PRETOUCH", "yes");
        Result touchJunk = run(touch, bin, "--print-command", "--config", "x.yml");
        assertEquals(2, touchJunk.status());
        assertEquals(1, touchJunk.output().strip().lines().count(), touchJunk.output());

        Files.writeString(dest.resolve("etc/presence-gateway/gateway.yml"), "# edited\n", java.nio.file.StandardOpenOption.APPEND);
        Result again = run(Map.of(), ROOT.resolve("packaging/install").toString(), "--destdir", dest.toString(),
                "--jar", Path.of("target", "gateway.jar").toAbsolutePath().toString());
        assertEquals(0, again.status(), again.output());
        assertTrue(Files.readString(dest.resolve("etc/presence-gateway/gateway.yml")).endsWith("# edited\n"),
                "an upgrade keeps the operator's config");
    }

    @Test
    void install_unknownOptionOrMissingJar_oneLineAndStatus2() throws Exception {
        Result unknown = run(Map.of(), ROOT.resolve("packaging/install").toString(), "--prefix", "/x");
        assertEquals(2, unknown.status());
        assertEquals(1, unknown.output().strip().lines().count(), unknown.output());
        Result noJar = run(Map.of(), ROOT.resolve("packaging/install").toString(), "--destdir", dest.toString(),
                "--jar", dest.resolve("none.jar").toString());
        assertEquals(2, noJar.status());
        assertEquals(1, noJar.output().strip().lines().count(), noJar.output());
    }

    private Map<String, String> environmentFile() throws IOException {
        Map<String, String> env = new java.util.HashMap<>();
        for (String line : Files.readAllLines(dest.resolve("etc/presence-gateway/environment"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return env;
    }

    private String mode(String file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve(file)));
    }

    private record Result(int status, String output) {
    }

    private static Result run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
