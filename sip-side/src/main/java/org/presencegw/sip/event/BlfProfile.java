package org.presencegw.sip.event;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.presencegw.sip.api.BlfLamp;
import org.presencegw.sip.pidf.DialogElement;

/**
 * One BLF profile: which lamp each {@link PresenceClass} lights, and the shape of the dialog-info document the
 * vendor's phones read (README, "BLF lamps": the LED table). Immutable.
 *
 * @param name               the config name, {@code blf.profile}
 * @param userAgent          a {@code User-Agent} this vendor's phones send (searched, case-insensitive)
 * @param terminatedWhenIdle idle is one {@code terminated} dialog instead of a document without dialogs (both say
 *                           "no active dialog", RFC 4235 4.1; some phones only turn the lamp off on the former)
 * @param localIdentity      each dialog names the presentity as its {@code <local><identity>}
 * @param away               the lamp for {@link PresenceClass#AWAY}
 * @param unavailable        the lamp for {@link PresenceClass#OFFLINE} and {@link PresenceClass#UNKNOWN}
 */
public record BlfProfile(String name, Optional<Pattern> userAgent, boolean terminatedWhenIdle,
                         boolean localIdentity, BlfLamp away, BlfLamp unavailable) {

    /**
     * One dialog id for every document: a phone that tracks dialogs by id sees the {@code confirmed} one end as
     * {@code terminated}.
     */
    static final String DIALOG_ID = "presence";

    public BlfProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(away, "away");
        Objects.requireNonNull(unavailable, "unavailable");
    }

    /** Whether a {@code User-Agent} value names this profile's vendor. */
    public boolean matches(String userAgentValue) {
        return userAgent.isPresent() && userAgent.get().matcher(userAgentValue).find();
    }

    /** The same profile with other lamps for away and unavailable, where given. */
    public BlfProfile with(Optional<BlfLamp> awayLamp, Optional<BlfLamp> unavailableLamp) {
        return new BlfProfile(name, userAgent, terminatedWhenIdle, localIdentity, awayLamp.orElse(away),
                unavailableLamp.orElse(unavailable));
    }

    /**
     * The lamp for a class: available idle, busy busy (the defaults of issue 12), away and unavailable as the
     * profile says. Pending has no lamp (no body).
     */
    public BlfLamp lamp(PresenceClass presence) {
        return switch (presence) {
            case AVAILABLE, PENDING -> BlfLamp.IDLE;
            case BUSY -> BlfLamp.BUSY;
            case AWAY -> away;
            case OFFLINE, UNKNOWN -> unavailable;
        };
    }

    /** The dialog element for a lamp: none or a terminated one for idle, a confirmed one for busy and held. */
    public Optional<DialogElement> dialog(BlfLamp lamp) {
        return switch (lamp) {
            case IDLE -> terminatedWhenIdle
                    ? Optional.of(new DialogElement(DIALOG_ID, DialogElement.State.TERMINATED, localIdentity, false))
                    : Optional.empty();
            case BUSY -> Optional.of(new DialogElement(DIALOG_ID, DialogElement.State.CONFIRMED, localIdentity,
                    false));
            case HELD -> Optional.of(new DialogElement(DIALOG_ID, DialogElement.State.CONFIRMED, localIdentity,
                    true));
        };
    }
}
