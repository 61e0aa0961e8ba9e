package org.presencegw.sip.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One subscription as the store keeps it: everything needed to go on sending correct NOTIFYs in the same dialog
 * after a restart (RFC 3261 12.1.1 UAS dialog state plus the RFC 6665 subscription state). Plain values only.
 *
 * @param callId        the dialog's Call-ID (key, with {@code localTag})
 * @param localTag      our tag: To tag of our 2xx, From tag of our NOTIFYs (key, with {@code callId})
 * @param remoteTag     the watcher's From tag
 * @param localUri      URI of the SUBSCRIBE's To (the presentity as the watcher wrote it), From of our NOTIFYs
 * @param remoteUri     URI of the SUBSCRIBE's From (the watcher), To of our NOTIFYs
 * @param localCseq     a CSeq no NOTIFY of this dialog has used yet or will use before the row is written again:
 *                      after a restart NOTIFYs continue above it (reserved in blocks, so not every NOTIFY writes)
 * @param remoteCseq    CSeq of the last SUBSCRIBE accepted in the dialog
 * @param routeSet      Record-Route values of the initial SUBSCRIBE, in order
 * @param remoteTarget  the watcher's Contact URI (NOTIFY Request-URI)
 * @param flowTransport transport the SUBSCRIBE came over ({@code udp}, {@code tcp} ...)
 * @param flowAddress   source address of the SUBSCRIBE
 * @param flowPort      source port of the SUBSCRIBE
 * @param eventId       the {@code id} parameter of the Event header, if any
 * @param eventPackage  the event package, e.g. {@code presence}, {@code dialog}
 * @param mediaType     the negotiated body type, e.g. {@code application/pidf+xml}
 * @param packageData   opaque text owned by the event package (e.g. a BLF profile name); empty when unused
 * @param watcher       the watcher's address of record (canonical URI text)
 * @param presentity    the presentity's address (canonical URI text)
 * @param state         {@code PENDING} or {@code ACTIVE}
 * @param expiresAt     epoch milliseconds when the subscription runs out
 * @param version       like {@code localCseq} for the body version (dialog-info, RLMI): above any used
 */
public record SubscriptionRow(String callId, String localTag, String remoteTag, String localUri, String remoteUri,
                              long localCseq, long remoteCseq, List<String> routeSet, String remoteTarget,
                              String flowTransport, String flowAddress, int flowPort, Optional<String> eventId,
                              String eventPackage, String mediaType, String packageData, String watcher,
                              String presentity, String state, long expiresAt, long version) {
    public SubscriptionRow {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(localTag, "localTag");
        Objects.requireNonNull(remoteTag, "remoteTag");
        Objects.requireNonNull(localUri, "localUri");
        Objects.requireNonNull(remoteUri, "remoteUri");
        routeSet = List.copyOf(routeSet);
        Objects.requireNonNull(remoteTarget, "remoteTarget");
        Objects.requireNonNull(flowTransport, "flowTransport");
        Objects.requireNonNull(flowAddress, "flowAddress");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventPackage, "eventPackage");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(packageData, "packageData");
        Objects.requireNonNull(watcher, "watcher");
        Objects.requireNonNull(presentity, "presentity");
        Objects.requireNonNull(state, "state");
    }

    /** The row's key. */
    public SubscriptionKey key() {
        return new SubscriptionKey(callId, localTag);
    }
}
