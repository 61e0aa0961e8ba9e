package org.presencegw.sip.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Which event packages the presence server serves besides {@code presence}, and how often it may notify.
 *
 * @param dialog         serve the {@code dialog} package (RFC 4235, BLF lamps) with {@code blf}; false: 489 as
 *                       for any unknown package
 * @param notifyInterval the least time between two NOTIFYs of one subscription that are caused by state changes
 *                       (RFC 3856 section 6.10, PRS-07); changes inside it are coalesced and the latest goes out
 *                       when it ends. {@link Duration#ZERO}: no pacing (each change is sent as soon as the NOTIFY
 *                       before it is answered)
 * @param blf            the lamp profiles of the dialog package
 */
public record EventSettings(boolean dialog, Duration notifyInterval, BlfSettings blf) {

    /**
     * RFC 3856 section 6.10: "SHOULD NOT generate notifications for a single presentity at a rate of more than once
     * every five seconds". The gateway's config file default ({@code sip.notify_interval_ms}).
     */
    public static final Duration RFC3856_INTERVAL = Duration.ofSeconds(5);

    /**
     * What a {@code PresenceServer} built without settings serves: presence and dialog, no pacing (tests and
     * embedders; the gateway's config file defaults to {@link #RFC3856_INTERVAL}).
     */
    public static final EventSettings DEFAULTS = new EventSettings(true, Duration.ZERO, BlfSettings.DEFAULTS);

    public EventSettings {
        Objects.requireNonNull(notifyInterval, "notifyInterval");
        Objects.requireNonNull(blf, "blf");
        if (notifyInterval.isNegative()) {
            throw new IllegalArgumentException("negative notify interval");
        }
    }
}
