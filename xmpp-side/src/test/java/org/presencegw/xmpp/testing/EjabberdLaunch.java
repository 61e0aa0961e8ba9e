package org.presencegw.xmpp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an {@link EjabberdServer} node is started: what Debian's {@code ejabberdctl foreground} would run, but with
 * {@code erl} as our direct child and every path inside the fixture's directory.
 * <ul>
 * <li>{@code -sname ejabberd@localhost}; distribution only on 127.0.0.1:distPort, no epmd ({@code -start_epmd false
 * -erl_epmd_port}); the cookie is a random {@code HOME/.erlang.cookie} (mode 0400) with {@code HOME} = the
 * directory;</li>
 * <li>{@code EJABBERD_CONFIG_PATH}, {@code EJABBERD_LOG_PATH}, {@code -mnesia dir} (the spool) and the crash dump
 * in the directory; {@code ERL_LIBS} as Debian's ejabberdctl sets it.</li>
 * </ul>
 */
final class EjabberdLaunch {
    static final Path ERL = Path.of("/usr/bin/erl");
    static final Path EJABBERDCTL = Path.of("/usr/sbin/ejabberdctl");
    /** Debian's erlang-base (an ejabberd dependency): a C client that applies one function in a running node. */
    static final Path ERL_CALL = Path.of("/usr/bin/erl_call");
    static final String NODE = "ejabberd@localhost";

    private EjabberdLaunch() {
    }

    static ProcessBuilder command(Path dir, int distPort, String erlLibs) {
        ProcessBuilder command = new ProcessBuilder(ERL.toString(), "-sname", NODE, "-noinput",
                "-env", "ERL_CRASH_DUMP_BYTES", "0",
                "-start_epmd", "false", "-erl_epmd_port", Integer.toString(distPort),
                "-kernel", "inet_dist_use_interface", "{127,0,0,1}",
                "-mnesia", "dir", "\"" + spool(dir) + "\"",
                "-s", "ejabberd")
                .directory(spool(dir).toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout(dir).toFile()));
        Map<String, String> env = command.environment();
        List.of("ERL_FLAGS", "ERL_AFLAGS", "ERL_ZFLAGS").forEach(env::remove);
        env.put("HOME", dir.toString());
        env.put("ERL_LIBS", erlLibs);
        env.put("EJABBERD_CONFIG_PATH", dir.resolve("ejabberd.yml").toString());
        env.put("EJABBERD_LOG_PATH", log(dir).toString());
        env.put("ERL_CRASH_DUMP", dir.resolve("logs/erl_crash.dump").toString());
        env.put("ERL_EPMD_ADDRESS", Loopback.HOST);
        return command;
    }

    /**
     * {@code erl_call -address 127.0.0.1:distPort -a "MODULE FUNCTION [ARGS]"} in the node (a few ms; the cookie is
     * read from {@code HOME/.erlang.cookie}); returns the printed result term.
     */
    static String erlCall(Path dir, int distPort, String apply) {
        ProcessBuilder command = new ProcessBuilder(ERL_CALL.toString(), "-address", Loopback.HOST + ":" + distPort,
                "-timeout", "10", "-a", apply).directory(dir.toFile());
        command.environment().put("HOME", dir.toString());
        ServerProcess.Result result = ServerProcess.run(command, Duration.ofSeconds(15));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("erl_call " + apply + " failed: " + result.output());
        }
        return result.output();
    }

    static Path spool(Path dir) {
        return dir.resolve("spool");
    }

    static Path log(Path dir) {
        return dir.resolve("logs/ejabberd.log");
    }

    static Path stdout(Path dir) {
        return dir.resolve("logs/stdout.log");
    }

    static void writeCookie(Path dir) throws IOException {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        Path cookie = dir.resolve(".erlang.cookie");
        Files.writeString(cookie, HexFormat.of().formatHex(random));
        Files.setPosixFilePermissions(cookie, PosixFilePermissions.fromString("r--------"));
    }

    /**
     * ERL_LIBS as Debian's ejabberdctl sets it (the directory holding {@code ejabberd-23.01/}).
     *
     * @throws IllegalStateException naming the Debian package when ejabberd is not installed
     */
    static String installedErlLibs() {
        String missing = "ejabberd is not installed (" + EJABBERDCTL + ", " + ERL + "): integration tests need the"
                + " Debian package 'ejabberd' (apt-get install ejabberd, or scripts/prereqs)";
        if (!Files.isExecutable(ERL) || !Files.isExecutable(ERL_CALL) || !Files.isReadable(EJABBERDCTL)) {
            throw new IllegalStateException(missing);
        }
        try {
            Matcher libs = Pattern.compile("(?m)^ERL_LIBS='([^']+)'").matcher(Files.readString(EJABBERDCTL));
            if (!libs.find() || !Files.isDirectory(Path.of(libs.group(1)))) {
                throw new IllegalStateException(missing + "; no ERL_LIBS directory in " + EJABBERDCTL);
            }
            return libs.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + EJABBERDCTL, e);
        }
    }
}
