package org.presencegw.sip.event;

import java.util.Objects;

/**
 * What a body is rendered for.
 *
 * @param entity      the presentity URI as the watcher wrote it (PIDF {@code entity}, dialog-info {@code entity})
 * @param mediaType   the type negotiated for the subscription, one of the package's {@link EventPackage#mediaTypes}
 * @param packageData the subscription's {@link EventPackage#packageData}
 * @param version     the subscription's body counter: 0 for its first body, then one more for each body sent
 */
public record BodyContext(String entity, String mediaType, String packageData, long version) {
    public BodyContext {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(packageData, "packageData");
    }
}
