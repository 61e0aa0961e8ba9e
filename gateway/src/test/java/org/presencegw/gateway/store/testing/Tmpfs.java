package org.presencegw.gateway.store.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a test directory, to make a real "disk full" ({@code mount -t tmpfs -o size=...}; needs
 * root, which CI and these sessions have). {@link #mount} throws with the command's output where it fails.
 */
public final class Tmpfs implements AutoCloseable {
    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code sizeKiB} on {@code mountPoint} (an empty directory). */
    public static Tmpfs mount(Path mountPoint, int sizeKiB) throws IOException {
        String out = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + sizeKiB + "k,mode=0755", "tmpfs",
                mountPoint.toString()));
        if (out != null) {
            throw new IOException("cannot mount a tmpfs on " + mountPoint + ": " + out);
        }
        return new Tmpfs(mountPoint);
    }

    /** Runs a command; null when it succeeded, else its output. */
    static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return p.exitValue() == 0 ? null : out + " (exit " + p.exitValue() + ")";
    }

    /** Unmounts (lazily if something still holds it). */
    @Override
    public void close() throws IOException {
        if (run(List.of("umount", mountPoint.toString())) != null) {
            run(List.of("umount", "-l", mountPoint.toString()));
        }
    }
}
