package org.presencegw.gateway.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.presencegw.sip.api.Advertised;
import org.presencegw.sip.api.SipNetwork;
import org.presencegw.sip.api.TlsFiles;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.stack.ListenAddresses;
import org.presencegw.sip.stack.PemIdentity;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The network keys of the {@code sip:} section (README, "Configuration"):
 * <ul>
 *   <li>{@code listen} (required): an IP literal or host name, or a list of them; {@code 0.0.0.0} or {@code ::}
 *       means every address of the machine.</li>
 *   <li>{@code port} (default 5060): the UDP and TCP port.</li>
 *   <li>{@code transports} (default {@code [udp, tcp]}): any of {@code udp, tcp, tls, ws, wss}, no repeats.</li>
 *   <li>{@code advertise: {host, port}}: what Contact and Via name (NAT, DNS name); {@code host} required.</li>
 *   <li>{@code tls: {port: 5061, certificate, private_key}}: PEM files, required with {@code tls} or {@code wss};
 *       read here, so a file that cannot be used is a config error.</li>
 *   <li>{@code websocket: {port: 8088, tls_port: 8089}}: the WS and WSS ports (WSS uses {@code tls}'s files).</li>
 * </ul>
 */
final class SipNetworkParser {
    static final int DEFAULT_PORT = 5060;
    static final int DEFAULT_TLS_PORT = 5061;
    static final int DEFAULT_WS_PORT = 8088;
    static final int DEFAULT_WSS_PORT = 8089;
    static final Set<String> KEYS = Set.of("listen", "port", "transports", "advertise", "tls", "websocket");

    private SipNetworkParser() {
    }

    static SipNetwork parse(YamlSection sip) throws ConfigException {
        List<String> listen = listen(sip);
        int port = sip.integer("port", DEFAULT_PORT, 1, 65535);
        Set<Transport> transports = transports(sip);
        Optional<YamlSection> tlsSection = sip.section("tls");
        Optional<YamlSection> wsSection = sip.section("websocket");
        Map<Transport, Integer> ports = new EnumMap<>(Transport.class);
        for (Transport t : transports) {
            ports.put(t, switch (t) {
                case UDP, TCP -> port;
                case TLS -> tlsSection.isPresent() ? tlsPort(tlsSection.get()) : DEFAULT_TLS_PORT;
                case WS -> wsSection.isPresent() ? wsPorts(wsSection.get())[0] : DEFAULT_WS_PORT;
                case WSS -> wsSection.isPresent() ? wsPorts(wsSection.get())[1] : DEFAULT_WSS_PORT;
            });
        }
        distinctStreamPorts(sip, ports);
        Optional<TlsFiles> tls = Optional.empty();
        if (tlsSection.isPresent()) {
            tls = Optional.of(tlsFiles(tlsSection.get()));
        } else if (transports.contains(Transport.TLS) || transports.contains(Transport.WSS)) {
            throw sip.error("transports", "tls and wss need sip.tls with certificate and private_key");
        }
        if (wsSection.isPresent()) {
            wsPorts(wsSection.get());
        }
        return new SipNetwork(listen, ports, advertise(sip), tls);
    }

    private static List<String> listen(YamlSection sip) throws ConfigException {
        Node node = sip.node("listen").orElseThrow(() -> sip.missing("listen"));
        List<String> out = new ArrayList<>();
        if (node instanceof SequenceNode) {
            List<Node> items = sip.list("listen");
            for (int i = 0; i < items.size(); i++) {
                out.add(address(sip, sip.itemText("listen", i, items.get(i)), items.get(i)));
            }
            if (out.isEmpty()) {
                throw sip.error("listen", "at least one address is required");
            }
        } else {
            out.add(address(sip, sip.requiredString("listen"), node));
        }
        return out;
    }

    private static String address(YamlSection sip, String text, Node at) throws ConfigException {
        if (!HostNames.isHostOrAddress(text)) {
            throw new ConfigException(sip.file(), OptionalInt.of(YamlSection.lineOf(at)),
                    sip.qualify("listen") + ": '" + text + "' is neither an IP address nor a host name");
        }
        return text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    }

    private static Set<Transport> transports(YamlSection sip) throws ConfigException {
        if (!sip.has("transports")) {
            return EnumSet.of(Transport.UDP, Transport.TCP);
        }
        List<Node> items = sip.list("transports");
        if (items.isEmpty()) {
            throw sip.error("transports", "at least one transport is required (udp, tcp, tls, ws, wss)");
        }
        Set<Transport> result = EnumSet.noneOf(Transport.class);
        for (int i = 0; i < items.size(); i++) {
            String name = sip.itemText("transports", i, items.get(i)).toLowerCase(Locale.ROOT);
            Transport transport;
            try {
                transport = Transport.ofWire(name);
            } catch (IllegalArgumentException e) {
                throw itemError(sip, items.get(i), "unknown transport '" + name + "' (expected udp, tcp, tls, ws "
                        + "or wss)");
            }
            if (!result.add(transport)) {
                throw itemError(sip, items.get(i), "transport '" + transport.wire() + "' is listed twice");
            }
        }
        return result;
    }

    private static ConfigException itemError(YamlSection sip, Node item, String problem) {
        return new ConfigException(sip.file(), OptionalInt.of(YamlSection.lineOf(item)),
                sip.qualify("transports") + ": " + problem);
    }

    /** TCP, TLS, WS and WSS each bind a TCP port: they need different ones. */
    private static void distinctStreamPorts(YamlSection sip, Map<Transport, Integer> ports) throws ConfigException {
        Map<Integer, Transport> seen = new java.util.HashMap<>();
        for (Map.Entry<Transport, Integer> e : ports.entrySet()) {
            if (e.getKey() == Transport.UDP) {
                continue;
            }
            Transport other = seen.putIfAbsent(e.getValue(), e.getKey());
            if (other != null) {
                throw sip.error("transports", other.wire() + " and " + e.getKey().wire() + " would both listen on TCP "
                        + "port " + e.getValue() + "; give them different ports");
            }
        }
    }

    private static Optional<Advertised> advertise(YamlSection sip) throws ConfigException {
        Optional<YamlSection> section = sip.section("advertise");
        if (section.isEmpty()) {
            return Optional.empty();
        }
        YamlSection a = section.get();
        a.allowOnly(Set.of("host", "port"));
        if (!a.has("host")) {
            throw a.missing("host");
        }
        String host = a.requiredString("host");
        if (!HostNames.isHostOrAddress(host)) {
            throw a.error("host", "'" + host + "' is neither an IP address nor a host name");
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (ListenAddresses.isWildcard(bare)) {
            throw a.error("host", "'" + host + "' is a wildcard; advertise the address phones must use");
        }
        OptionalInt port = a.has("port") ? OptionalInt.of(a.integer("port", DEFAULT_PORT, 1, 65535))
                : OptionalInt.empty();
        return Optional.of(new Advertised(bare, port));
    }

    private static int tlsPort(YamlSection tls) throws ConfigException {
        tls.allowOnly(Set.of("port", "certificate", "private_key"));
        return tls.integer("port", DEFAULT_TLS_PORT, 1, 65535);
    }

    private static int[] wsPorts(YamlSection ws) throws ConfigException {
        ws.allowOnly(Set.of("port", "tls_port"));
        return new int[] {ws.integer("port", DEFAULT_WS_PORT, 1, 65535),
            ws.integer("tls_port", DEFAULT_WSS_PORT, 1, 65535)};
    }

    /** The PEM files, relative to the config file's folder, loaded once to check them. */
    private static TlsFiles tlsFiles(YamlSection tls) throws ConfigException {
        tlsPort(tls);
        TlsFiles files = new TlsFiles(path(tls, "certificate"), path(tls, "private_key"));
        try {
            PemIdentity.load(files);
        } catch (PemIdentity.TlsConfigException e) {
            String key = e.getMessage().startsWith(files.privateKey().toString()) ? "private_key" : "certificate";
            throw tls.error(key, e.getMessage());
        }
        return files;
    }

    private static Path path(YamlSection tls, String key) throws ConfigException {
        String text = tls.requiredString(key);
        try {
            Path p = Path.of(text);
            Path dir = tls.file().toAbsolutePath().getParent();
            return p.isAbsolute() || dir == null ? p : dir.resolve(p);
        } catch (InvalidPathException e) {
            throw tls.error(key, "not a valid path: " + text);
        }
    }
}
