package org.presencegw.gateway.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.presencegw.sip.api.BlfLamp;
import org.presencegw.sip.api.BlfSettings;
import org.presencegw.sip.api.EventSettings;
import org.presencegw.sip.event.BlfProfiles;

/**
 * The event packages' settings: {@code sip.notify_interval_ms} and the {@code blf:} section (issue 12).
 *
 * <ul>
 *   <li>{@code sip.notify_interval_ms} (default 5000, 0..600000): the least time between two NOTIFYs of one
 *       subscription caused by changes (RFC 3856 6.10: "not more than once every five seconds"); changes inside
 *       it are coalesced and the latest goes out when it ends. 0 turns pacing off. A SUBSCRIBE's own NOTIFY and a
 *       final one are never delayed.</li>
 *   <li>{@code blf.enabled} (default true): serve the {@code dialog} package (RFC 4235); false answers 489.</li>
 *   <li>{@code blf.profile} (default {@code generic}): the profile for phones whose User-Agent names no vendor;
 *       one of {@code generic, yealink, polycom, snom, grandstream, cisco}.</li>
 *   <li>{@code blf.by_user_agent} (default true): a phone whose User-Agent names a vendor gets its profile.</li>
 *   <li>{@code blf.away} and {@code blf.unavailable} ({@code idle}, {@code busy} or {@code held}; default: the
 *       profile's, idle in every built-in one): the lamp for away/xa, and for offline/unknown.</li>
 * </ul>
 */
final class EventsSectionParser {
    static final int DEFAULT_NOTIFY_INTERVAL_MS = (int) EventSettings.RFC3856_INTERVAL.toMillis();
    static final int MAX_NOTIFY_INTERVAL_MS = 600_000;
    static final String NOTIFY_INTERVAL = "notify_interval_ms";
    private static final Set<String> BLF_KEYS = Set.of("enabled", "profile", "by_user_agent", "away", "unavailable");

    private EventsSectionParser() {
    }

    static EventSettings parse(YamlSection sip, Optional<YamlSection> blfSection) throws ConfigException {
        Duration interval = Duration.ofMillis(sip.integer(NOTIFY_INTERVAL, DEFAULT_NOTIFY_INTERVAL_MS, 0,
                MAX_NOTIFY_INTERVAL_MS));
        if (blfSection.isEmpty()) {
            return new EventSettings(true, interval, BlfSettings.DEFAULTS);
        }
        YamlSection blf = blfSection.get();
        blf.allowOnly(BLF_KEYS);
        boolean enabled = bool(blf, "enabled", true);
        String profile = blf.string("profile").orElse(BlfSettings.DEFAULTS.profile()).toLowerCase(Locale.ROOT);
        if (!BlfProfiles.names().contains(profile)) {
            throw blf.error("profile", "unknown profile '" + profile + "' (expected one of "
                    + String.join(", ", BlfProfiles.names()) + ")");
        }
        BlfSettings settings = new BlfSettings(profile, bool(blf, "by_user_agent", true), lamp(blf, "away"),
                lamp(blf, "unavailable"));
        return new EventSettings(enabled, interval, settings);
    }

    private static boolean bool(YamlSection section, String key, boolean fallback) throws ConfigException {
        Optional<String> value = section.string(key);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw section.error(key, "expected true or false, not '" + value.get() + "'");
        };
    }

    private static Optional<BlfLamp> lamp(YamlSection section, String key) throws ConfigException {
        Optional<String> value = section.string(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "idle" -> Optional.of(BlfLamp.IDLE);
            case "busy" -> Optional.of(BlfLamp.BUSY);
            case "held" -> Optional.of(BlfLamp.HELD);
            default -> throw section.error(key, "unknown lamp '" + value.get() + "' (expected idle, busy or held)");
        };
    }
}
