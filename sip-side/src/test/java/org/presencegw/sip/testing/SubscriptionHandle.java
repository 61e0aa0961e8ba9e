package org.presencegw.sip.testing;

import java.util.List;

/**
 * The watcher side of one subscription dialog as the {@link SipTestAgent} tracks it (RFC 3261 12.1.2): Call-ID,
 * tags, remote target and route set from the 2xx (or the first NOTIFY), and the local CSeq. Thread-safe.
 */
public final class SubscriptionHandle {

    private final String callId;
    private final String localTag;
    private final String fromUri;
    private final String toUri;
    private String remoteTag;
    private String remoteTarget;
    private List<String> routeSet = List.of();
    private long localCseq;

    SubscriptionHandle(String callId, String localTag, String fromUri, String toUri, String requestUri) {
        this.callId = callId;
        this.localTag = localTag;
        this.fromUri = fromUri;
        this.toUri = toUri;
        this.remoteTarget = requestUri;
    }

    public String callId() {
        return callId;
    }

    public String localTag() {
        return localTag;
    }

    public String fromUri() {
        return fromUri;
    }

    public String toUri() {
        return toUri;
    }

    /** The notifier's tag, once a 2xx or NOTIFY has told it; null before. */
    public synchronized String remoteTag() {
        return remoteTag;
    }

    public synchronized String remoteTarget() {
        return remoteTarget;
    }

    public synchronized List<String> routeSet() {
        return routeSet;
    }

    public synchronized long localCseq() {
        return localCseq;
    }

    synchronized long nextCseq() {
        return ++localCseq;
    }

    /** Only for tests of CSeq ordering: the next request uses {@code cseq + 1}. */
    public synchronized void forceCseq(long cseq) {
        localCseq = cseq;
    }

    /** Only for tests of unknown dialogs. */
    public synchronized void forceRemoteTag(String tag) {
        remoteTag = tag;
    }

    synchronized void learn(String tag, String target, List<String> routes) {
        if (remoteTag == null && tag != null) {
            remoteTag = tag;
        }
        if (target != null) {
            remoteTarget = target;
        }
        if (routes != null) {
            routeSet = List.copyOf(routes);
        }
    }
}
