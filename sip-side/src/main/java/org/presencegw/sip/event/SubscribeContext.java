package org.presencegw.sip.event;

import java.util.Objects;
import java.util.Optional;

/**
 * What a package may look at when a new subscription is created (for {@link EventPackage#packageData}).
 *
 * @param userAgent the SUBSCRIBE's {@code User-Agent}, if any
 * @param mediaType the negotiated body type
 */
public record SubscribeContext(Optional<String> userAgent, String mediaType) {
    public SubscribeContext {
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(mediaType, "mediaType");
    }
}
