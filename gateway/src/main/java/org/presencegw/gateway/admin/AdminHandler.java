package org.presencegw.gateway.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request of the admin listener: limits first (URI length 414, a body above {@value #MAX_BODY} bytes or
 * chunked 413), then the bearer token for all but {@code /} and {@code /health/live} (401 with
 * {@code WWW-Authenticate: Bearer}), then the route (404 for an unknown path, 405 + {@code Allow} for a wrong
 * method, 400 for bad parameters). Answers are never cached ({@code Cache-Control: no-store}).
 */
final class AdminHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    static final int MAX_URI = 2048;
    static final int MAX_BODY = 4096;
    private static final Set<String> OPEN = Set.of("/", "/health/live");
    private static final Map<String, String> METHODS = Map.ofEntries(Map.entry("/", "GET"),
            Map.entry("/health/live", "GET"), Map.entry("/health/ready", "GET"), Map.entry("/metrics", "GET"),
            Map.entry("/api/accounts", "GET"), Map.entry("/api/subscriptions", "GET"),
            Map.entry("/api/registrations", "GET"), Map.entry("/api/publications", "GET"),
            Map.entry("/api/subscriptions/end", "POST"), Map.entry("/api/accounts/reconnect", "POST"),
            Map.entry("/api/reload", "POST"));

    private final OperatorModel model;
    private final BearerToken token;
    private final AdminApi api;
    private final Metrics metrics;
    private final byte[] page;

    AdminHandler(OperatorModel model, BearerToken token, Metrics metrics, byte[] page) {
        this.model = model;
        this.token = token;
        this.api = new AdminApi(model);
        this.metrics = metrics;
        this.page = page.clone();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            send(exchange, answer(exchange));
        } catch (IOException | RuntimeException e) {
            LOG.debug("admin request {} failed", exchange.getRequestURI().getRawPath(), e);
            throw e;
        } finally {
            exchange.close();
        }
    }

    private Reply answer(HttpExchange exchange) throws IOException {
        String rawUri = exchange.getRequestURI().toString();
        if (rawUri.length() > MAX_URI) {
            return Reply.error(414, "URI longer than " + MAX_URI + " characters");
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (exchange.getRequestHeaders().containsKey("Transfer-Encoding") || (length != null
                && (!length.matches("[0-9]{1,6}") || Integer.parseInt(length) > MAX_BODY))) {
            return Reply.error(413, "request bodies are limited to " + MAX_BODY + " bytes");
        }
        drain(exchange.getRequestBody());
        String path = exchange.getRequestURI().getRawPath();
        if (!OPEN.contains(path) && !token.admits(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"presencegw\"");
            return Reply.error(401, "missing or wrong bearer token");
        }
        String allowed = METHODS.get(path);
        if (allowed == null) {
            return Reply.error(404, "no such resource");
        }
        String method = exchange.getRequestMethod();
        if (!allowed.equals(method) && !("HEAD".equals(method) && "GET".equals(allowed))) {
            exchange.getResponseHeaders().set("Allow", allowed.equals("GET") ? "GET, HEAD" : allowed);
            return Reply.error(405, path + " takes " + allowed);
        }
        try {
            return route(path, QueryString.parse(exchange.getRequestURI().getRawQuery()));
        } catch (Page.BadRequest e) {
            return Reply.error(400, e.getMessage());
        }
    }

    private Reply route(String path, Map<String, String> query) throws Page.BadRequest, IOException {
        return switch (path) {
            case "/" -> new Reply(200, "text/html; charset=utf-8", page);
            case "/health/live" -> Reply.json(200, new JsonWriter().beginObject().field("live", true).endObject());
            case "/health/ready" -> Readiness.check(model);
            case "/metrics" -> new Reply(200, metrics.contentType(), metrics.scrape());
            case "/api/accounts" -> api.accounts(query);
            case "/api/subscriptions" -> api.subscriptions(query);
            case "/api/registrations" -> api.registrations(query);
            case "/api/publications" -> api.publications(query);
            case "/api/subscriptions/end" -> api.endSubscription(query);
            case "/api/accounts/reconnect" -> api.reconnect(query);
            case "/api/reload" -> api.reload();
            default -> Reply.error(404, "no such resource");
        };
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", reply.contentType());
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        if (reply.contentType().startsWith("text/html")) {
            headers.set("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; "
                    + "style-src 'unsafe-inline'; connect-src 'self'");
        }
        byte[] body = reply.body();
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(reply.status(), head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Reads what body there is (at most {@link #MAX_BODY} bytes, checked above); the API takes none. */
    private static void drain(InputStream body) throws IOException {
        byte[] buffer = new byte[512];
        int total = 0;
        for (int n = body.read(buffer); n >= 0 && total <= MAX_BODY; n = body.read(buffer)) {
            total += n;
        }
    }
}
