package org.presencegw.sip.event;

import java.util.List;
import java.util.Set;
import org.presencegw.sip.model.Activity;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.PresenceTuple;

/**
 * The few classes of presence a BLF lamp can tell apart, from a presentity's full state. The rule, first match:
 * <ol>
 *   <li>pending: no state may be shown (RFC 3856 6.6.2), so no body;</li>
 *   <li>unknown (the source cannot tell, e.g. the XMPP link is down; RFC 8048 5.3.2) or terminated: UNKNOWN;</li>
 *   <li>no {@code open} tuple: OFFLINE;</li>
 *   <li>an RPID activity {@code busy} or {@code on-the-phone} (XMPP dnd is mapped to {@code busy}, a SIP phone
 *       PUBLISHes either): BUSY;</li>
 *   <li>an RPID activity {@code away} (XMPP away and xa): AWAY;</li>
 *   <li>the first open tuple's embedded XMPP show (RFC 8048 6.2): dnd BUSY, away or xa AWAY;</li>
 *   <li>otherwise (available, chat): AVAILABLE.</li>
 * </ol>
 */
public enum PresenceClass {
    PENDING, UNKNOWN, OFFLINE, BUSY, AWAY, AVAILABLE;

    private static final Set<Activity> BUSY_ACTIVITIES = Set.of(Activity.BUSY, Activity.ON_THE_PHONE);

    public static PresenceClass of(PresenceState state) {
        if (state instanceof PresenceState.Pending) {
            return PENDING;
        }
        if (!(state instanceof PresenceState.Known known)) {
            return UNKNOWN;
        }
        PresenceDocument doc = known.document();
        List<PresenceTuple> open = doc.tuples().stream().filter(t -> t.basic() == Basic.OPEN).toList();
        if (open.isEmpty()) {
            return OFFLINE;
        }
        Set<Activity> activities = doc.person().map(p -> p.activities()).orElse(Set.of());
        if (activities.stream().anyMatch(BUSY_ACTIVITIES::contains)) {
            return BUSY;
        }
        if (activities.contains(Activity.AWAY)) {
            return AWAY;
        }
        return switch (open.get(0).xmppShow().orElse("")) {
            case "dnd" -> BUSY;
            case "away", "xa" -> AWAY;
            default -> AVAILABLE;
        };
    }
}
