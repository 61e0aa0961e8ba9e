package org.presencegw.gateway.config;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code admin:} section: the operators' HTTP listener (metrics, health, JSON API, status page). Absent: no
 * listener. The token never appears in {@link #toString()}.
 *
 * @param listen the address to bind (an IP literal)
 * @param port   the TCP port
 * @param token  the bearer token every protected request must carry; required on a non-loopback address
 */
public record AdminSettings(InetAddress listen, int port, Optional<String> token) {
    public AdminSettings {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(token, "token");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port);
        }
        if (!listen.isLoopbackAddress() && token.isEmpty()) {
            throw new IllegalArgumentException("a non-loopback admin address needs a token");
        }
    }

    @Override
    public String toString() {
        return "AdminSettings[listen=" + listen.getHostAddress() + ", port=" + port + ", token="
                + (token.isPresent() ? "(set)" : "(none)") + "]";
    }
}
