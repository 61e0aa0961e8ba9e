package org.presencegw.sip.subscription;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.presencegw.sip.api.PresenceSource;
import org.presencegw.sip.api.SharedStrings;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.event.BodyContext;
import org.presencegw.sip.event.EventPackage;
import org.presencegw.sip.event.ListBodies;
import org.presencegw.sip.stack.Flow;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.SubscriptionKey;
import org.presencegw.sip.store.SubscriptionRow;

/**
 * One subscription, and the only owner of its state: the dialog ({@link DialogRecord}: tags, route set, remote
 * target, CSeq counters, flow), its {@link SubscriptionMachine} (state and expiry), its body version and its
 * {@link NotifyLane}. Everything is guarded by this object's monitor; every method takes it, and callers that need
 * several steps to be atomic hold it around them ({@code synchronized (s) { ... }}).
 *
 * <p>What does not change over a subscription's life (who watches what, through which source, event package and
 * body type) is final. {@link #toRow} gives the store row; {@link #restore} rebuilds one from it.
 */
final class Subscription {

    /** Result of {@link #refresh}. */
    enum Refresh {
        /** Accepted: the dialog took the request's CSeq, Contact and flow. */
        ACCEPTED,
        /** RFC 3261 12.2.2: a CSeq not above the last one (500). */
        OUT_OF_ORDER,
        /** The subscription has ended meanwhile (481). */
        GONE
    }

    /** How many CSeq numbers (and body versions) one store write reserves. */
    static final long RESERVED_BLOCK = 100;
    /** A new reservation is written when fewer than this many are left: room for NOTIFYs while it commits. */
    static final long HEADROOM = 50;

    private final SubscriptionKey key;
    private final ViewKey view;
    private final SipAddress watcher;
    private final SipAddress presentity;
    private final PresenceSource source;
    private final EventPackage eventPackage;
    private final String mediaType;
    private final String packageData;
    private final SubscriptionMachine machine;
    private final NotifyLane lane = new NotifyLane();
    private DialogRecord dialog;
    /** The newest fan-out applied; older ones arriving late are ignored. */
    private long seq;
    /** Version of the next body (RFC 4235 / RFC 4662 version attribute), 0 first. */
    private long version;
    /** What a resource-list watcher was told about each member (RFC 4662 partial state); not stored. */
    private ListBodies.Memory listMemory = ListBodies.Memory.NONE;
    /** When the subscription runs out (epoch millis), 0 when it does not; read by the expiry sweep unlocked. */
    private volatile long expiresAtMillis;
    /**
     * Digest of the top Via branch of the SUBSCRIBE last accepted, for merged requests (RFC 3261 8.2.2.2); 0 when
     * unknown. A number, not the branch's text: one string less per subscription.
     */
    private long acceptedBranch;
    /** The store holds this subscription (it must be removed from it when it ends). */
    private boolean persisted;
    /** CSeq and body version reserved in the store: after a restart both go on above these. */
    private long cseqReserved;
    private long versionReserved;

    Subscription(DialogRecord dialog, ViewKey view, SipAddress watcher, SipAddress presentity, PresenceSource source,
                 EventPackage eventPackage, String mediaType, String packageData, long seq) {
        // Many watchers watch one presentity: its user part is kept once (the host already is).
        this(dialog, view, watcher, presentity.withSharedUser(), source, eventPackage, mediaType, packageData, seq,
                new SubscriptionMachine(dialog.callId()), 0);
    }

    /**
     * The one copy of a new subscription's To URI text: that of {@code neighbour} (a live subscription of the same
     * view, or null) when equal, else {@link SharedStrings#of}.
     */
    static String sharedLocalUri(String toUri, Subscription neighbour) {
        String theirs = neighbour == null ? null : neighbour.dialog().localUri();
        return toUri.equals(theirs) ? theirs : SharedStrings.of(toUri);
    }

    /**
     * The one copy of a new subscription's presentity: that of {@code neighbour} (a live subscription of the same
     * view, or null) when equal, else {@link SipAddress#withSharedUser}.
     */
    static SipAddress sharedPresentity(SipAddress presentity, Subscription neighbour) {
        return neighbour != null && neighbour.presentity.equals(presentity) ? neighbour.presentity
                : presentity.withSharedUser();
    }

    /**
     * A new subscription whose {@code presentity} is already a shared copy: another live subscription's, or one
     * from {@link SipAddress#withSharedUser}.
     */
    static Subscription ofSharedPresentity(DialogRecord dialog, ViewKey view, SipAddress watcher,
                                           SipAddress presentity, PresenceSource source, EventPackage eventPackage,
                                           String mediaType, String packageData, long seq) {
        return new Subscription(dialog, view, watcher, presentity, source, eventPackage, mediaType, packageData, seq,
                new SubscriptionMachine(dialog.callId()), 0);
    }

    private Subscription(DialogRecord dialog, ViewKey view, SipAddress watcher, SipAddress presentity,
                         PresenceSource source, EventPackage eventPackage, String mediaType, String packageData,
                         long seq, SubscriptionMachine machine, long version) {
        this.dialog = Objects.requireNonNull(dialog, "dialog");
        this.key = new SubscriptionKey(dialog.callId(), dialog.localTag());
        this.view = Objects.requireNonNull(view, "view");
        this.watcher = Objects.requireNonNull(watcher, "watcher");
        this.presentity = Objects.requireNonNull(presentity, "presentity");
        this.source = Objects.requireNonNull(source, "source");
        this.eventPackage = Objects.requireNonNull(eventPackage, "eventPackage");
        this.mediaType = Objects.requireNonNull(mediaType, "mediaType");
        this.packageData = Objects.requireNonNull(packageData, "packageData");
        this.seq = seq;
        this.machine = machine;
        this.version = version;
    }

    SubscriptionKey key() {
        return key;
    }

    ViewKey view() {
        return view;
    }

    SipAddress watcher() {
        return watcher;
    }

    SipAddress presentity() {
        return presentity;
    }

    PresenceSource source() {
        return source;
    }

    EventPackage eventPackage() {
        return eventPackage;
    }

    String mediaType() {
        return mediaType;
    }

    NotifyLane lane() {
        return lane;
    }

    /** The dialog as it is now (an immutable value). */
    synchronized DialogRecord dialog() {
        return dialog;
    }

    synchronized SubscriptionState state() {
        return machine.state();
    }

    /** Epoch millis when the subscription runs out; 0 once released. Unlocked read for the expiry sweep. */
    long expiresAtMillis() {
        return expiresAtMillis;
    }

    /** True when the expiry time has come at {@code nowMillis} and has not been handled yet. */
    boolean due(long nowMillis) {
        long at = expiresAtMillis;
        return at != 0 && at <= nowMillis;
    }

    /**
     * Feeds one event to the machine at {@code now} and returns the actions for the caller to carry out. The expiry
     * action is carried out here: this object owns the expiry time.
     */
    synchronized List<SubscriptionAction> handle(SubscriptionEvent event, Instant now) {
        List<SubscriptionAction> actions = new ArrayList<>(machine.handle(event, now));
        actions.removeIf(a -> {
            if (a instanceof SubscriptionAction.ScheduleExpiry e) {
                expiresAtMillis = Math.max(1, e.at().toEpochMilli());
                return true;
            }
            if (a instanceof SubscriptionAction.Release) {
                expiresAtMillis = 0;
            }
            return false;
        });
        return actions;
    }

    /**
     * An in-dialog SUBSCRIBE (RFC 3261 12.2.2, RFC 6665 4.1.2.2): takes its CSeq, its Contact as the new remote
     * target (when present) and its flow, unless the CSeq is not above the last one or the subscription is over.
     */
    synchronized Refresh refresh(long cseq, Optional<String> contact, Flow flow) {
        if (machine.state() == SubscriptionState.TERMINATED) {
            return Refresh.GONE;
        }
        if (cseq <= dialog.remoteCseq()) {
            return Refresh.OUT_OF_ORDER;
        }
        dialog = dialog.refreshed(cseq, contact.orElse(dialog.remoteTarget()), flow);
        return Refresh.ACCEPTED;
    }

    /** Remembers the top Via branch of the SUBSCRIBE just accepted (its CSeq is the dialog's remote CSeq). */
    synchronized void acceptedBranch(String branch) {
        acceptedBranch = branchDigest(branch);
    }

    /**
     * RFC 3261 8.2.2.2: a request with our last accepted CSeq but another RFC 3261 branch is not a copy but the
     * same request merged from another path (482). Unknown branches (RFC 2543 peers, restored subscriptions) never
     * count as merged.
     */
    synchronized boolean mergedWith(String branch) {
        long digest = branchDigest(branch);
        return acceptedBranch != 0 && digest != 0 && digest != acceptedBranch;
    }

    /**
     * A 64-bit FNV-1a digest of an RFC 3261 branch ({@code z9hG4bK...}), never 0; 0 for any other branch. Two
     * different branches share a digest with odds of 2^-64, and then a merged request is answered as a copy.
     */
    static long branchDigest(String branch) {
        if (!branch.startsWith("z9hG4bK")) {
            return 0;
        }
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < branch.length(); i++) {
            h ^= branch.charAt(i);
            h *= 0x100000001b3L;
        }
        return h == 0 ? 1 : h;
    }

    /** True when {@code cseq} is the last accepted SUBSCRIBE's and the subscription lives: a retransmission. */
    synchronized boolean isCopy(long cseq) {
        return dialog.remoteCseq() == cseq && machine.state() != SubscriptionState.TERMINATED;
    }

    /** Whole seconds left at {@code now}, rounded up, never negative. */
    synchronized long remainingSeconds(Instant now) {
        long millis = machine.expiresAt().toEpochMilli() - now.toEpochMilli();
        return Math.max(0, (millis + 999) / 1000);
    }

    /** Whether fan-out number {@code next} is newer than every one applied so far; if so it becomes the newest. */
    synchronized boolean takeSeq(long next) {
        if (next <= seq) {
            return false;
        }
        seq = next;
        return true;
    }

    /** The dialog with the next NOTIFY's CSeq, strictly +1 (RFC 3261 12.2.1.1). */
    synchronized DialogRecord nextNotify() {
        dialog = dialog.nextLocalCseq();
        return dialog;
    }

    /**
     * When the store holds this subscription and the CSeq or body version got within {@link #HEADROOM} of what
     * the store reserved, reserves the next {@link #RESERVED_BLOCK} and returns the row that records it. So not every
     * NOTIFY writes, yet after a restart (even a kill) CSeq and version go on rising (RFC 3261 12.2.1.1; phones
     * reject a NOTIFY whose CSeq goes backwards).
     */
    synchronized Optional<SipChange.PutSubscription> reservationDue() {
        if (!persisted || (dialog.localCseq() + HEADROOM <= cseqReserved && version + HEADROOM <= versionReserved)) {
            return Optional.empty();
        }
        return Optional.of(reserveAndPut());
    }

    /** The store row with fresh reservations, for a write that records this subscription. */
    synchronized SubscriptionRow reserveAndRow() {
        persisted = true;
        cseqReserved = dialog.localCseq() + RESERVED_BLOCK;
        versionReserved = version + RESERVED_BLOCK;
        return toRow();
    }

    /** {@link #reserveAndRow} as the change that writes it, keyed by this subscription's own key. */
    synchronized SipChange.PutSubscription reserveAndPut() {
        return new SipChange.PutSubscription(reserveAndRow(), key);
    }

    synchronized boolean persisted() {
        return persisted;
    }

    /** What the next body is rendered for; {@link #bodySent} moves the version on. */
    synchronized BodyContext bodyContext() {
        return new BodyContext(dialog.localUri(), mediaType, packageData, version);
    }

    synchronized void bodySent() {
        version++;
    }

    synchronized ListBodies.Memory listMemory() {
        return listMemory;
    }

    synchronized void listMemory(ListBodies.Memory next) {
        listMemory = Objects.requireNonNull(next, "next");
    }

    /**
     * The store row (docs/ARCHITECTURE.md: state that survives a restart), with the reserved CSeq and version in
     * place of the used ones.
     */
    synchronized SubscriptionRow toRow() {
        Flow f = dialog.flow();
        return new SubscriptionRow(dialog.callId(), dialog.localTag(), dialog.remoteTag(), dialog.localUri(),
                dialog.remoteUri(), Math.max(cseqReserved, dialog.localCseq()), dialog.remoteCseq(),
                dialog.routeSet(), dialog.remoteTarget(), f.transport(), f.address(), f.port(), dialog.eventId(),
                eventPackage.name(), mediaType, packageData, watcher.uri(), presentity.uri(), machine.state().name(),
                machine.expiresAt().toEpochMilli(), Math.max(versionReserved, version));
    }

    /**
     * A subscription rebuilt from its row, attached to {@code view} of {@code source}: same dialog, same state and
     * expiry, CSeq and version going on from the row's.
     */
    static Subscription restore(SubscriptionRow row, ViewKey view, PresenceSource source, EventPackage pkg,
                                long seq) {
        // Texts that many subscriptions share (presentity URI, body type, package data) are kept once.
        DialogRecord dialog = new DialogRecord(row.callId(), row.localTag(), row.remoteTag(),
                row.localUri().intern(), row.remoteUri(), row.localCseq(), row.remoteCseq(), row.routeSet(),
                row.remoteTarget(), Flow.shared(row.flowAddress(), row.flowPort(), row.flowTransport(), ""),
                row.eventId());
        SubscriptionMachine machine = SubscriptionMachine.restored(row.callId(),
                SubscriptionState.valueOf(row.state()), Instant.ofEpochMilli(row.expiresAt()));
        Subscription s = new Subscription(dialog, view, SipAddress.parse(row.watcher()),
                SipAddress.parse(row.presentity()).withSharedUser(), source, pkg, row.mediaType().intern(),
                row.packageData().intern(), seq, machine, row.version());
        s.expiresAtMillis = Math.max(1, row.expiresAt());
        s.persisted = true;
        return s;
    }
}
