package org.presencegw.gateway.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A browser phone: {@code src/test/browser/phone.mjs} runs JsSIP in headless Chromium (puppeteer-core) and
 * subscribes to one presentity over SIP WebSocket; its stdout lines ({@code ACCEPTED}, {@code NOTIFY {json}} ...)
 * are queued here. The npm packages come from the committed package-lock.json ({@code npm ci}, once). Closing
 * ends the node process, which closes the browser.
 */
final class BrowserPhone implements AutoCloseable {

    static final Path DIR = Path.of("src/test/browser").toAbsolutePath();

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private BrowserPhone(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("ERROR reading the phone: " + e);
            }
        }, "browser-phone-out");
        reader.setDaemon(true);
        reader.start();
    }

    /** Installs the npm packages if needed, then starts the phone. */
    static BrowserPhone start(String wsUrl, String from, String target) throws IOException, InterruptedException {
        return start(wsUrl, from, target, "");
    }

    /**
     * The same over {@code wss:}, with Chromium trusting exactly the server key whose SPKI SHA-256 (base64) is
     * {@code spki} ({@code --ignore-certificate-errors-spki-list}), as a phone provisioned with the certificate.
     */
    static BrowserPhone start(String wsUrl, String from, String target, String spki)
            throws IOException, InterruptedException {
        installPackages();
        Process p = new ProcessBuilder("node", "phone.mjs", wsUrl, from, target, spki).directory(DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new BrowserPhone(p);
    }

    /** {@code npm ci} from the committed lock file when node_modules is missing or older than the lock. */
    static synchronized void installPackages() throws IOException, InterruptedException {
        Path marker = DIR.resolve("node_modules/.package-lock.json");
        Path lock = DIR.resolve("package-lock.json");
        if (Files.exists(marker) && Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIR.toFile())
                .redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci in " + DIR + " failed: " + output);
        }
    }

    /** SHA-256 of the certificate's SubjectPublicKeyInfo, base64: what Chromium's SPKI allow-list takes. */
    static String spki(java.security.cert.X509Certificate certificate) {
        try {
            return java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getPublicKey().getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the first line that matches, failing (with every line seen) after {@code timeout}. */
    String await(String what, Duration timeout, Predicate<String> match) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("browser phone: no " + what + " within " + timeout + "; saw " + seen);
            }
            seen.add(line);
            if (line.startsWith("ERROR") || line.startsWith("TERMINATED")) {
                throw new AssertionError("browser phone: " + line + " while waiting for " + what + "; saw " + seen);
            }
            if (match.test(line)) {
                return line;
            }
        }
    }

    @Override
    public void close() {
        stop(process);
    }

    /** Ends a node script driving Chromium: stdin closed (the script quits), then killed if it lingers. */
    static void stop(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
