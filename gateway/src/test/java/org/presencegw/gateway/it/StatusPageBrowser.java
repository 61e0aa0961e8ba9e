package org.presencegw.gateway.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The admin status page in headless Chromium: {@code src/test/browser/status.mjs} (puppeteer-core, the packages of
 * {@link BrowserPhone}) loads it with the token in the URL's fragment and prints {@code VIEW {json}}, the rows a
 * person sees, whenever they change. Closing ends the node process, which closes the browser.
 */
final class StatusPageBrowser implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private StatusPageBrowser(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("ERROR reading the browser: " + e);
            }
        }, "status-page-out");
        reader.setDaemon(true);
        reader.start();
    }

    static StatusPageBrowser open(String url, String token) throws IOException, InterruptedException {
        BrowserPhone.installPackages();
        Process p = new ProcessBuilder("node", "status.mjs", url, token).directory(BrowserPhone.DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new StatusPageBrowser(p);
    }

    /** Sends a command ({@code SEARCH text}, {@code SHOT file}). */
    void command(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Waits for the first line that matches, failing (with the last lines seen) after {@code timeout}. */
    String await(String what, Duration timeout, Predicate<String> match) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                List<String> last = seen.subList(Math.max(0, seen.size() - 5), seen.size());
                throw new AssertionError("status page: no " + what + " within " + timeout + "; last seen " + last);
            }
            seen.add(line);
            if (line.startsWith("ERROR")) {
                throw new AssertionError("status page: " + line + " while waiting for " + what);
            }
            if (match.test(line)) {
                return line;
            }
        }
    }

    @Override
    public void close() {
        BrowserPhone.stop(process);
    }
}
