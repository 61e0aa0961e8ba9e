package org.presencegw.gateway.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.presencegw.sip.testing.Awaiting;

/** Talks to the gateway's admin listener on loopback, with or without the bearer token. */
final class AdminClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private final Optional<String> token;

    AdminClient(int port, Optional<String> token) {
        this.port = port;
        this.token = token;
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, token);
    }

    HttpResponse<String> post(String path) {
        return send("POST", path, token);
    }

    HttpResponse<String> send(String method, String path, Optional<String> bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        bearer.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code GET path} until the answer matches; returns it. */
    HttpResponse<String> until(String path, Duration timeout, String what, Predicate<HttpResponse<String>> match) {
        return Awaiting.within(timeout, what).until(() -> get(path), match);
    }
}
