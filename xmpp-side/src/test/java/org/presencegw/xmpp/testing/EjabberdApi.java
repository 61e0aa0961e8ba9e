package org.presencegw.xmpp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ejabberd's admin commands over mod_http_api ({@code POST http://127.0.0.1:PORT/api/COMMAND} with a JSON object
 * of string arguments), on the fixture's own loopback listener. About 10 ms a command, against about 1.5 s for
 * {@code ejabberdctl} (which boots an Erlang VM per call). Argument names are those of ejabberd 23.01
 * (e.g. {@code add_rosteritem} takes one {@code group} string; later releases take a {@code groups} list).
 */
final class EjabberdApi {
    private static final int TIMEOUT_MS = 10_000;

    private final int port;

    EjabberdApi(int port) {
        this.port = port;
    }

    /**
     * Runs a command; returns the response body (JSON).
     *
     * @throws IllegalStateException when the server answers anything but 200, naming the command and the answer
     */
    String call(String command, Map<String, String> arguments) {
        try {
            return post(command, json(arguments));
        } catch (IOException e) {
            throw new UncheckedIOException("ejabberd API " + command + " on port " + port, e);
        }
    }

    /** Convenience for {@link #call}: name/value pairs in order. */
    String call(String command, String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("name/value pairs expected");
        }
        Map<String, String> arguments = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            arguments.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return call(command, arguments);
    }

    /** True if the node answers {@code status} (the API listener is up and ejabberd has started). */
    boolean answers() {
        try {
            return post("status", "{}").contains("started");
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    private String post(String command, String body) throws IOException {
        HttpURLConnection http = (HttpURLConnection) URI.create("http://" + Loopback.HOST + ":" + port + "/api/"
                + command).toURL().openConnection();
        try {
            http.setConnectTimeout(TIMEOUT_MS);
            http.setReadTimeout(TIMEOUT_MS);
            http.setRequestMethod("POST");
            http.setDoOutput(true);
            http.setRequestProperty("Content-Type", "application/json");
            http.setRequestProperty("Connection", "close"); // no pooled connection survives a restart
            try (OutputStream out = http.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
            int status = http.getResponseCode();
            InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream();
            String answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (status != 200) {
                throw new IllegalStateException("ejabberd API " + command + " answered " + status + ": " + answer);
            }
            return answer;
        } finally {
            http.disconnect();
        }
    }

    static String json(Map<String, String> arguments) {
        StringBuilder out = new StringBuilder("{");
        arguments.forEach((name, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(string(name)).append(':').append(string(value));
        });
        return out.append('}').toString();
    }

    private static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
