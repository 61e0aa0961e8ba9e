package org.presencegw.gateway.config;

import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;
import org.presencegw.sip.api.SipNetwork;

/**
 * The {@code sip:} section: the network keys ({@code listen}, {@code port}, {@code transports}, {@code advertise},
 * {@code tls}, {@code websocket}, see {@link SipNetworkParser}) and the subscription lifetimes:
 *
 * <ul>
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
    static final int DEFAULT_PORT = SipNetworkParser.DEFAULT_PORT;
    static final int DEFAULT_EXPIRES = 3600;
    static final int DEFAULT_MIN_EXPIRES = 60;
    static final int DEFAULT_MAX_EXPIRES = 86400;
    private static final Set<String> KEYS = keys();

    private SipSectionParser() {
    }

    private static Set<String> keys() {
        Set<String> keys = new HashSet<>(SipNetworkParser.KEYS);
        keys.addAll(Set.of("default_expires", "min_expires", "max_expires", EventsSectionParser.NOTIFY_INTERVAL,
                "trusted_networks"));
        return Set.copyOf(keys);
    }

    static SipSettings parse(YamlSection sip) throws ConfigException {
        sip.allowOnly(KEYS);
        SipNetwork network = SipNetworkParser.parse(sip);
        int defaultExpires = sip.integer("default_expires", DEFAULT_EXPIRES, 1, Integer.MAX_VALUE);
        int minExpires = sip.integer("min_expires", DEFAULT_MIN_EXPIRES, 1, Integer.MAX_VALUE);
        int maxExpires = sip.integer("max_expires", DEFAULT_MAX_EXPIRES, 1, Integer.MAX_VALUE);
        if (minExpires > defaultExpires) {
            throw orderError(sip, "min_expires", minExpires, "default_expires", defaultExpires);
        }
        if (defaultExpires > maxExpires) {
            throw orderError(sip, "default_expires", defaultExpires, "max_expires", maxExpires);
        }
        return new SipSettings(network, defaultExpires, minExpires, maxExpires);
    }

    /** Names the broken rule, at the line of whichever of the two keys the file states (the first if both). */
    private static ConfigException orderError(YamlSection sip, String lowKey, int low, String highKey, int high) {
        String problem = lowKey + " (" + low + ") must not exceed " + highKey + " (" + high
                + "); the rule is 1 <= min_expires <= default_expires <= max_expires";
        String at = sip.has(lowKey) ? lowKey : sip.has(highKey) ? highKey : lowKey;
        return new ConfigException(sip.file(), OptionalInt.of(sip.valueLine(at)), sip.name() + ": " + problem);
    }
}
