package org.presencegw.gateway.config;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import org.presencegw.sip.api.Transport;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The {@code sip:} section.
 *
 * <ul>
 *   <li>{@code listen} (required): IP literal or host name to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}.</li>
 *   <li>{@code port} (default 5060, 1..65535): UDP and TCP port.</li>
 *   <li>{@code transports} (default {@code [udp, tcp]}): non-empty list of {@code udp} / {@code tcp}, no
 *       repeats.</li>
 *   <li>{@code default_expires} (default 3600 s): used when a SUBSCRIBE carries no Expires (the OpenSER pa
 *       module's parameter).</li>
 *   <li>{@code min_expires} (default 60 s): below this (and above 0) a SUBSCRIBE gets 423 Interval Too Brief
 *       with Min-Expires.</li>
 *   <li>{@code max_expires} (default 86400 s): a longer Expires is lowered to this in the 200 OK.</li>
 *   <li>{@code notify_interval_ms}: NOTIFY pacing, parsed by {@link EventsSectionParser}.</li>
 * </ul>
 * Rule: {@code 1 <= min_expires <= default_expires <= max_expires}. {@code trusted_networks} is read by
 * {@link ProtectionParser}.
 */
final class SipSectionParser {
    static final int DEFAULT_PORT = 5060;
    static final int DEFAULT_EXPIRES = 3600;
    static final int DEFAULT_MIN_EXPIRES = 60;
    static final int DEFAULT_MAX_EXPIRES = 86400;
    private static final Set<String> KEYS = Set.of("listen", "port", "transports", "default_expires",
            "min_expires", "max_expires", EventsSectionParser.NOTIFY_INTERVAL, "trusted_networks");

    private SipSectionParser() {
    }

    static SipSettings parse(YamlSection sip) throws ConfigException {
        sip.allowOnly(KEYS);
        String listen = sip.requiredString("listen");
        if (!HostNames.isHostOrAddress(listen)) {
            throw sip.error("listen", "'" + listen + "' is neither an IP address nor a host name");
        }
        int port = sip.integer("port", DEFAULT_PORT, 1, 65535);
        Set<Transport> transports = transports(sip);
        int defaultExpires = sip.integer("default_expires", DEFAULT_EXPIRES, 1, Integer.MAX_VALUE);
        int minExpires = sip.integer("min_expires", DEFAULT_MIN_EXPIRES, 1, Integer.MAX_VALUE);
        int maxExpires = sip.integer("max_expires", DEFAULT_MAX_EXPIRES, 1, Integer.MAX_VALUE);
        if (minExpires > defaultExpires) {
            throw orderError(sip, "min_expires", minExpires, "default_expires", defaultExpires);
        }
        if (defaultExpires > maxExpires) {
            throw orderError(sip, "default_expires", defaultExpires, "max_expires", maxExpires);
        }
        return new SipSettings(listen, port, transports, defaultExpires, minExpires, maxExpires);
    }

    private static Set<Transport> transports(YamlSection sip) throws ConfigException {
        if (!sip.has("transports")) {
            return EnumSet.allOf(Transport.class);
        }
        List<Node> items = sip.list("transports");
        if (items.isEmpty()) {
            throw sip.error("transports", "at least one transport is required (udp, tcp)");
        }
        Set<Transport> result = EnumSet.noneOf(Transport.class);
        for (int i = 0; i < items.size(); i++) {
            String name = sip.itemText("transports", i, items.get(i));
            Transport transport = switch (name.toLowerCase(Locale.ROOT)) {
                case "udp" -> Transport.UDP;
                case "tcp" -> Transport.TCP;
                default -> throw itemError(sip, items.get(i),
                        "unknown transport '" + name + "' (expected udp or tcp)");
            };
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

    /** Names the broken rule, at the line of whichever of the two keys the file states (the first if both). */
    private static ConfigException orderError(YamlSection sip, String lowKey, int low, String highKey, int high) {
        String problem = lowKey + " (" + low + ") must not exceed " + highKey + " (" + high
                + "); the rule is 1 <= min_expires <= default_expires <= max_expires";
        String at = sip.has(lowKey) ? lowKey : sip.has(highKey) ? highKey : lowKey;
        return new ConfigException(sip.file(), OptionalInt.of(sip.valueLine(at)), sip.name() + ": " + problem);
    }
}
