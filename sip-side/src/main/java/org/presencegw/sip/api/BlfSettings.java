package org.presencegw.sip.api;

import java.util.Objects;
import java.util.Optional;

/**
 * How presence becomes a BLF lamp for {@code dialog} subscriptions (the {@code blf:} config section; the profiles
 * and their defaults are in {@code org.presencegw.sip.event.BlfProfiles} and the README's LED table).
 *
 * @param profile     the profile for a watcher whose {@code User-Agent} names no known vendor (or for every
 *                    watcher when {@code byUserAgent} is false): {@code generic}, {@code yealink}, {@code polycom},
 *                    {@code snom}, {@code grandstream} or {@code cisco}
 * @param byUserAgent whether a watcher whose {@code User-Agent} names a vendor gets that vendor's profile
 * @param away        the lamp for away / xa (and an RPID {@code away}) in every profile; empty keeps the profile's
 * @param unavailable the lamp for offline and unknown in every profile; empty keeps the profile's
 */
public record BlfSettings(String profile, boolean byUserAgent, Optional<BlfLamp> away,
                          Optional<BlfLamp> unavailable) {

    /** The generic profile, vendor profiles by User-Agent, profile defaults. */
    public static final BlfSettings DEFAULTS = new BlfSettings("generic", true, Optional.empty(), Optional.empty());

    public BlfSettings {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(away, "away");
        Objects.requireNonNull(unavailable, "unavailable");
    }
}
