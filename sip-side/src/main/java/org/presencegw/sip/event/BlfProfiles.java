package org.presencegw.sip.event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.presencegw.sip.api.BlfLamp;
import org.presencegw.sip.api.BlfSettings;

/**
 * The built-in BLF profiles and the choice among them (the README's LED table lists the same). What differs per
 * vendor is the shape of "idle" and whether the dialog names the presentity; the lamps for away and unavailable are
 * idle in every profile unless {@code blf.away} / {@code blf.unavailable} say otherwise.
 * <ul>
 *   <li>{@code generic}: RFC 4235 as written: idle is a full document without dialogs.</li>
 *   <li>{@code yealink}: idle is one {@code terminated} dialog; Yealink phones keep the lamp lit after a NOTIFY
 *       without a dialog element (OpenSIPS pull request 1193, "fix Yealink device BLF light after 2nd
 *       NOTIFY").</li>
 *   <li>{@code polycom}, {@code snom}, {@code grandstream}, {@code cisco}: the body these phones are deployed
 *       against (Asterisk's: a terminated dialog for idle, a local identity); Kamailio's
 *       {@code force_dummy_dialog} exists because some UAs (Bria, Astra) need a dialog element in every NOTIFY.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class BlfProfiles {

    /** The built-in profiles, in the order a {@code User-Agent} is tried against them. */
    public static final List<BlfProfile> BUILT_IN = List.of(
            profile("generic", null, false, false),
            profile("yealink", "yealink", true, true),
            profile("polycom", "polycom|\\bpoly/", true, true),
            profile("snom", "\\bsnom", true, true),
            profile("grandstream", "grandstream", true, true),
            profile("cisco", "\\bcisco", true, true));

    private final Map<String, BlfProfile> byName = new LinkedHashMap<>();
    private final BlfProfile fallback;
    private final boolean byUserAgent;

    /**
     * @throws IllegalArgumentException when {@code settings.profile()} names no built-in profile
     */
    public BlfProfiles(BlfSettings settings) {
        for (BlfProfile p : BUILT_IN) {
            byName.put(p.name(), p.with(settings.away(), settings.unavailable()));
        }
        this.fallback = named(settings.profile()).orElseThrow(() -> new IllegalArgumentException(
                "unknown BLF profile '" + settings.profile() + "' (known: " + names() + ")"));
        this.byUserAgent = settings.byUserAgent();
    }

    /** The names of the built-in profiles. */
    public static List<String> names() {
        return BUILT_IN.stream().map(BlfProfile::name).toList();
    }

    public Optional<BlfProfile> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The configured profile, for watchers whose User-Agent names no vendor. */
    public BlfProfile fallback() {
        return fallback;
    }

    /** The vendor profile a {@code User-Agent} names, when choosing by User-Agent is on. */
    public Optional<BlfProfile> forUserAgent(Optional<String> userAgent) {
        if (!byUserAgent || userAgent.isEmpty()) {
            return Optional.empty();
        }
        return byName.values().stream().filter(p -> p.matches(userAgent.get())).findFirst();
    }

    private static BlfProfile profile(String name, String userAgent, boolean terminatedWhenIdle,
                                      boolean localIdentity) {
        Optional<Pattern> ua = Optional.ofNullable(userAgent)
                .map(regex -> Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
        return new BlfProfile(name, ua, terminatedWhenIdle, localIdentity, BlfLamp.IDLE, BlfLamp.IDLE);
    }
}
