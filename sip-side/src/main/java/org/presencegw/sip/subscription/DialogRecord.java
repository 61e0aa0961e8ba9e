package org.presencegw.sip.subscription;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.presencegw.sip.stack.Flow;

/**
 * Everything a subscription dialog needs to build its NOTIFYs (RFC 3261 section 12.1.1, UAS side), kept by us
 * instead of a JAIN-SIP {@code Dialog}: plain values, small, and persistable.
 *
 * @param callId       the dialog's Call-ID
 * @param localTag     our tag (the To tag of our 200 OK, the From tag of our NOTIFYs)
 * @param remoteTag    the watcher's From tag
 * @param localUri     the URI of the SUBSCRIBE's To (the presentity), used as From of NOTIFYs
 * @param remoteUri    the URI of the SUBSCRIBE's From (the watcher), used as To of NOTIFYs
 * @param localCseq    CSeq of the last NOTIFY we sent (0 before the first)
 * @param remoteCseq   CSeq of the last SUBSCRIBE accepted in this dialog
 * @param routeSet     Record-Route values of the initial SUBSCRIBE, in order (RFC 3261 12.1.1)
 * @param remoteTarget the watcher's Contact URI, the NOTIFY Request-URI
 * @param flow         source address, port and transport of the SUBSCRIBE
 * @param eventId      the {@code id} parameter of the SUBSCRIBE's Event header, echoed in NOTIFYs
 */
record DialogRecord(String callId, String localTag, String remoteTag, String localUri, String remoteUri,
                           long localCseq, long remoteCseq, List<String> routeSet, String remoteTarget, Flow flow,
                           Optional<String> eventId) {
    public DialogRecord {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(localTag, "localTag");
        Objects.requireNonNull(remoteTag, "remoteTag");
        Objects.requireNonNull(localUri, "localUri");
        Objects.requireNonNull(remoteUri, "remoteUri");
        routeSet = List.copyOf(routeSet);
        Objects.requireNonNull(remoteTarget, "remoteTarget");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(eventId, "eventId");
    }

    /** The next NOTIFY's CSeq, strictly +1 (RFC 3261 12.2.1.1). */
    DialogRecord nextLocalCseq() {
        return new DialogRecord(callId, localTag, remoteTag, localUri, remoteUri, localCseq + 1, remoteCseq,
                routeSet, remoteTarget, flow, eventId);
    }

    /** After an accepted in-dialog SUBSCRIBE: its CSeq, and its Contact as the new remote target. */
    DialogRecord refreshed(long cseq, String target, Flow newFlow) {
        return new DialogRecord(callId, localTag, remoteTag, localUri, remoteUri, localCseq, cseq, routeSet,
                target, newFlow, eventId);
    }
}
