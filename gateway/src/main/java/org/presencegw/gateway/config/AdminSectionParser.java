package org.presencegw.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;
import org.presencegw.sip.stack.HostLiterals;

/**
 * The {@code admin:} section (optional; without it there is no admin listener):
 * <ul>
 *   <li>{@code listen} (default {@code 127.0.0.1}): an IP literal; a non-loopback address requires a token;</li>
 *   <li>{@code port} (default 8080);</li>
 *   <li>{@code token}, {@code token_env} or {@code token_file} (at most one, rules of {@link SecretReader}): the
 *       bearer token ({@code Authorization: Bearer ...}), at least {@value #MIN_TOKEN_LENGTH} characters.</li>
 * </ul>
 */
final class AdminSectionParser {
    static final int DEFAULT_PORT = 8080;
    static final int MIN_TOKEN_LENGTH = 16;
    private static final Set<String> KEYS = Set.of("listen", "port", "token", "token_env", "token_file");

    private AdminSectionParser() {
    }

    static Optional<AdminSettings> parse(Optional<YamlSection> section, SecretReader secrets)
            throws ConfigException {
        if (section.isEmpty()) {
            return Optional.empty();
        }
        YamlSection admin = section.get();
        admin.allowOnly(KEYS);
        String listen = HostLiterals.unbracket(admin.string("listen").orElse("127.0.0.1"));
        if (!HostLiterals.isLiteral(listen) || !ipv4Octets(listen)) {
            throw admin.error("listen", "expected an IP address (e.g. 127.0.0.1 or ::1), not a host name");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(listen); // a literal: no name lookup
        } catch (UnknownHostException e) {
            throw admin.error("listen", "'" + listen + "' is not an IP address");
        }
        int port = admin.integer("port", DEFAULT_PORT, 1, 65_535);
        Optional<String> token = secrets.token(admin);
        if (token.isPresent() && token.get().strip().length() < MIN_TOKEN_LENGTH) {
            throw admin.error(tokenKey(admin), "the token must have at least " + MIN_TOKEN_LENGTH + " characters");
        }
        if (token.isEmpty() && !address.isLoopbackAddress()) {
            throw admin.error("listen", listen + " is not a loopback address: set token, token_env or token_file"
                    + " (requests must then carry Authorization: Bearer <token>)");
        }
        return Optional.of(new AdminSettings(address, port, token.map(String::strip)));
    }

    /** A dotted quad's parts are at most 255 (else the JDK would look the text up as a name). */
    private static boolean ipv4Octets(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (String part : host.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static String tokenKey(YamlSection admin) {
        for (String key : admin.keys()) {
            if (key.startsWith("token")) {
                return key;
            }
        }
        return "token";
    }
}
