package org.presencegw.sip.event;

import java.util.List;
import java.util.Optional;
import org.presencegw.sip.api.BlfSettings;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.pidf.DialogInfoRenderer;

/**
 * The dialog event package (RFC 4235) for BLF keys, synthesised from presence: a presentity's state becomes a
 * {@link PresenceClass}, its {@link BlfProfile} turns that into a lamp and the lamp into at most one dialog, and
 * {@link DialogInfoRenderer} writes the {@code application/dialog-info+xml} document (RFC 4235 section 4.1: full
 * state, {@code version} from the subscription's counter, rising by one per document).
 *
 * <ul>
 *   <li>Pending (RFC 3856 6.6.2 applies as for presence: no state before authorization): no body.</li>
 *   <li>The profile is chosen when the subscription starts: a vendor named by the {@code User-Agent} (kept as the
 *       subscription's {@link #packageData}, so it survives a restart), else the configured one (package data
 *       empty: a changed config applies to it after a restart).</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class DialogPackage implements EventPackage {

    /** RFC 4235 section 3.1. */
    public static final String NAME = "dialog";
    /** RFC 4235 section 3.5 / 4.1. */
    public static final String DIALOG_INFO = "application/dialog-info+xml";

    private final BlfProfiles profiles;
    private final DialogInfoRenderer renderer = new DialogInfoRenderer();

    public DialogPackage(BlfSettings settings) {
        this.profiles = new BlfProfiles(settings);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> mediaTypes() {
        return List.of(DIALOG_INFO);
    }

    /** The vendor profile's name when the {@code User-Agent} names one, else empty (the configured profile). */
    @Override
    public String packageData(SubscribeContext request) {
        return profiles.forUserAgent(request.userAgent()).map(BlfProfile::name).orElse("");
    }

    @Override
    public Optional<byte[]> body(PresenceState state, BodyContext context) {
        PresenceClass presence = PresenceClass.of(state);
        if (presence == PresenceClass.PENDING) {
            return Optional.empty();
        }
        BlfProfile profile = profile(context.packageData());
        return Optional.of(renderer.render(context.entity(), context.version(),
                profile.dialog(profile.lamp(presence))));
    }

    /** The version attribute differs per subscription (RFC 4235 4.1), so a fan-out renders per watcher. */
    @Override
    public boolean bodyPerSubscription() {
        return true;
    }

    /** The profile a subscription renders with; a stored name no longer known falls back to the configured one. */
    BlfProfile profile(String packageData) {
        return packageData.isEmpty() ? profiles.fallback() : profiles.named(packageData).orElse(profiles.fallback());
    }
}
