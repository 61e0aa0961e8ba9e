package org.presencegw.gateway.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real disk trouble for the trouble tests. As root, file permissions stop nothing, so: a full file system (fill a
 * small tmpfs) and {@code chattr +i} (immutable: even root's writes fail with EPERM). Never {@code chattr} SQLite's
 * {@code -shm} file: it is memory-mapped and the process would die of SIGBUS.
 */
final class Disks {
    private Disks() {
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Writes {@code file} until the file system is full. */
    static void fill(Path file) {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw new UncheckedIOException("filling " + file, e);
            }
        }
    }

    static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code chattr FLAG FILES}; fails with chattr's output if it fails. */
    static void chattr(String flag, List<Path> files) {
        List<String> command = new ArrayList<>(List.of("chattr", flag));
        files.forEach(f -> command.add(f.toString()));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("chattr " + flag + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
