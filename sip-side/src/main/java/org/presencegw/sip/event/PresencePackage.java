package org.presencegw.sip.event;

import java.util.List;
import java.util.Optional;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.pidf.PidfRenderer;

/**
 * The presence event package (RFC 3856): PIDF bodies (RFC 3863, {@code application/pidf+xml}, or the same document
 * as {@code application/cpim-pidf+xml} when that is what the watcher prefers). A state that is not
 * {@link PresenceState.Known} gets no body: pending (RFC 3856 6.6.2) and unknown (RFC 8048 5.3.2, our XMPP link is
 * down) are never turned into a made-up document.
 */
public final class PresencePackage implements EventPackage {

    /** The package name, RFC 3856 section 6.1. */
    public static final String NAME = "presence";
    /** RFC 3863 section 8. */
    public static final String PIDF = "application/pidf+xml";
    /**
     * The pre-RFC 3863 name of the same document (draft-ietf-impp-cpim-pidf), which Cisco phones ask for alone in
     * {@code Accept}: they get the PIDF document under this type. Listed after {@link #PIDF}, so a SUBSCRIBE
     * without Accept, or whose best range covers both ({@code application/*}), gets PIDF.
     */
    public static final String CPIM_PIDF = "application/cpim-pidf+xml";

    private final PidfRenderer renderer = new PidfRenderer();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> mediaTypes() {
        return List.of(PIDF, CPIM_PIDF);
    }

    @Override
    public Optional<byte[]> body(PresenceState state, BodyContext context) {
        if (state instanceof PresenceState.Known known) {
            return Optional.of(renderer.render(known.document(), context.entity()));
        }
        return Optional.empty();
    }
}
