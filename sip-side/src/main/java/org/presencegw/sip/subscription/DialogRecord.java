package org.presencegw.sip.subscription;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.presencegw.sip.stack.Flow;

/**
 * Everything a subscription dialog needs to build its NOTIFYs (RFC 3261 section 12.1.1, UAS side), kept by us
 * instead of a JAIN-SIP {@code Dialog}: plain values, small, and persistable. Immutable; a value like a record.
 *
 * <p>The three texts only the watcher's side of the dialog has (its tag, URI and Contact) are kept as one UTF-8
 * array, not three strings: about 100 bytes less per subscription (bench/FINDINGS.md, session 16). The accessors
 * build the strings when a NOTIFY is built, which is rare next to the time a subscription lives.
 */
final class DialogRecord {
    private final String callId;
    private final String localTag;
    private final String localUri;
    /** remoteTag, remoteUri and remoteTarget, UTF-8, one after another. */
    private final byte[] remote;
    private final int uriStart;
    private final int targetStart;
    private final long localCseq;
    private final long remoteCseq;
    private final List<String> routeSet;
    private final Flow flow;
    private final Optional<String> eventId;

    /**
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
    DialogRecord(String callId, String localTag, String remoteTag, String localUri, String remoteUri,
                 long localCseq, long remoteCseq, List<String> routeSet, String remoteTarget, Flow flow,
                 Optional<String> eventId) {
        this(callId, localTag, localUri, Packed.of(remoteTag, remoteUri, remoteTarget), localCseq, remoteCseq,
                List.copyOf(routeSet), flow, eventId);
    }

    private DialogRecord(String callId, String localTag, String localUri, Packed remote, long localCseq,
                         long remoteCseq, List<String> routeSet, Flow flow, Optional<String> eventId) {
        this.callId = Objects.requireNonNull(callId, "callId");
        this.localTag = Objects.requireNonNull(localTag, "localTag");
        this.localUri = Objects.requireNonNull(localUri, "localUri");
        this.remote = remote.bytes;
        this.uriStart = remote.uriStart;
        this.targetStart = remote.targetStart;
        this.localCseq = localCseq;
        this.remoteCseq = remoteCseq;
        this.routeSet = routeSet;
        this.flow = Objects.requireNonNull(flow, "flow");
        this.eventId = Objects.requireNonNull(eventId, "eventId");
    }

    /** The watcher's three texts in one array, and where the second and third start. */
    private static final class Packed {
        final byte[] bytes;
        final int uriStart;
        final int targetStart;

        Packed(byte[] bytes, int uriStart, int targetStart) {
            this.bytes = bytes;
            this.uriStart = uriStart;
            this.targetStart = targetStart;
        }

        static Packed of(String tag, String uri, String target) {
            byte[] a = Objects.requireNonNull(tag, "remoteTag").getBytes(StandardCharsets.UTF_8);
            byte[] b = Objects.requireNonNull(uri, "remoteUri").getBytes(StandardCharsets.UTF_8);
            byte[] c = Objects.requireNonNull(target, "remoteTarget").getBytes(StandardCharsets.UTF_8);
            byte[] all = Arrays.copyOf(a, a.length + b.length + c.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            System.arraycopy(c, 0, all, a.length + b.length, c.length);
            return new Packed(all, a.length, a.length + b.length);
        }
    }

    private String text(int from, int to) {
        return new String(remote, from, to - from, StandardCharsets.UTF_8);
    }

    String callId() {
        return callId;
    }

    String localTag() {
        return localTag;
    }

    String remoteTag() {
        return text(0, uriStart);
    }

    String localUri() {
        return localUri;
    }

    String remoteUri() {
        return text(uriStart, targetStart);
    }

    long localCseq() {
        return localCseq;
    }

    long remoteCseq() {
        return remoteCseq;
    }

    List<String> routeSet() {
        return routeSet;
    }

    String remoteTarget() {
        return text(targetStart, remote.length);
    }

    Flow flow() {
        return flow;
    }

    Optional<String> eventId() {
        return eventId;
    }

    /** The next NOTIFY's CSeq, strictly +1 (RFC 3261 12.2.1.1). */
    DialogRecord nextLocalCseq() {
        return new DialogRecord(callId, localTag, localUri, new Packed(remote, uriStart, targetStart),
                localCseq + 1, remoteCseq, routeSet, flow, eventId);
    }

    /** After an accepted in-dialog SUBSCRIBE: its CSeq, and its Contact as the new remote target. */
    DialogRecord refreshed(long cseq, String target, Flow newFlow) {
        return new DialogRecord(callId, localTag, remoteTag(), localUri, remoteUri(), localCseq, cseq, routeSet,
                target, newFlow, eventId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DialogRecord d && callId.equals(d.callId) && localTag.equals(d.localTag)
                && localUri.equals(d.localUri) && Arrays.equals(remote, d.remote) && uriStart == d.uriStart
                && targetStart == d.targetStart && localCseq == d.localCseq && remoteCseq == d.remoteCseq
                && routeSet.equals(d.routeSet) && flow.equals(d.flow) && eventId.equals(d.eventId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(callId, localTag, localUri, Arrays.hashCode(remote), uriStart, localCseq, remoteCseq,
                routeSet, flow, eventId);
    }

    @Override
    public String toString() {
        return "DialogRecord[callId=" + callId + ", localTag=" + localTag + ", remoteTag=" + remoteTag()
                + ", localUri=" + localUri + ", remoteUri=" + remoteUri() + ", localCseq=" + localCseq
                + ", remoteCseq=" + remoteCseq + ", routeSet=" + routeSet + ", remoteTarget=" + remoteTarget()
                + ", flow=" + flow + ", eventId=" + eventId + "]";
    }
}
