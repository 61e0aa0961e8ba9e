package org.presencegw.sip.event;

import java.util.List;
import java.util.Optional;
import org.presencegw.sip.model.PresenceState;

/**
 * One SIP event package the presence server serves (RFC 6665 section 7): its name, the bodies it can produce, and
 * how a presentity's {@link PresenceState} becomes a NOTIFY body. Everything else about a subscription (dialog,
 * expiry, authorisation, NOTIFY sending) is the same for every package, so a new package ({@code dialog} of
 * RFC 4235, say) is a new implementation of this interface registered in {@link EventPackages}, not a new branch in
 * the subscription code. See docs/ARCHITECTURE.md, "Adding an event package".
 *
 * <p>Implementations are immutable and thread-safe: one instance serves every subscription of the package.
 */
public interface EventPackage {

    /** The package name as it appears in {@code Event} and {@code Allow-Events}, e.g. {@code presence}. */
    String name();

    /** The media types this package can produce, the one used for a SUBSCRIBE without {@code Accept} first. */
    List<String> mediaTypes();

    /**
     * The body type for a SUBSCRIBE's {@code Accept} header (RFC 6665 4.1.2.1, RFC 3261 20.1): the first type this
     * package produces in the watcher's order of preference ({@code q}, then order), or empty when none is
     * acceptable (406). No {@code Accept} at all ({@code accept} empty) means the package's default type.
     */
    default Optional<String> negotiate(List<MediaRange> accept) {
        return MediaRange.choose(accept, mediaTypes());
    }

    /**
     * Package-specific data for a new subscription, kept with it (and in the store) and given back in every
     * {@link BodyContext}, e.g. the BLF profile a {@code dialog} subscription renders with; empty when unused.
     */
    default String packageData(SubscribeContext request) {
        return "";
    }

    /** The NOTIFY body for {@code state}, or empty for a NOTIFY without body. */
    Optional<byte[]> body(PresenceState state, BodyContext context);

    /**
     * Whether a body depends on the subscription beyond {@link BodyContext#entity}, {@link BodyContext#mediaType}
     * and {@link BodyContext#packageData} (e.g. a version counter). When false, a change of a view is rendered once
     * for all its watchers of the same entity and type.
     */
    default boolean bodyPerSubscription() {
        return false;
    }
}
