package org.presencegw.sip.testing;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.presencegw.sip.api.PresenceSource;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.api.WatchResult;
import org.presencegw.sip.model.PresenceState;

/**
 * An in-memory {@link PresenceSource} for tests: one view per presentity ({@link #viewOf}), a settable current
 * state or refusal per presentity user, and a queue of releases.
 */
public final class FakePresenceSource implements PresenceSource {

    private final Map<String, PresenceState> states = new ConcurrentHashMap<>();
    private final Map<String, WatchResult.Refused> refusals = new ConcurrentHashMap<>();
    public final BlockingQueue<ViewKey> releases = new LinkedBlockingQueue<>();
    public final BlockingQueue<SipAddress> watchers = new LinkedBlockingQueue<>();
    private volatile boolean lists;
    private volatile CountDownLatch held;
    private volatile Runnable duringWatch = () -> { };

    @Override
    public String name() {
        return "fake";
    }

    /** The view every watcher of {@code presentity} attaches to. */
    public ViewKey viewOf(String presentityUri) {
        return new ViewKey(name(), SipAddress.parse(presentityUri).uri());
    }

    public FakePresenceSource state(String user, PresenceState state) {
        states.put(user, state);
        return this;
    }

    /** Makes this a resource-list source (RFC 4662): {@link PresenceSource#servesLists()}. */
    public FakePresenceSource servingLists() {
        lists = true;
        return this;
    }

    @Override
    public boolean servesLists() {
        return lists;
    }

    public FakePresenceSource refuse(String user, int status, String reason) {
        refusals.put(user, new WatchResult.Refused(status, reason));
        return this;
    }

    /** Every {@link #watch} (so the handler of its SUBSCRIBE) waits until the returned latch is counted down. */
    public CountDownLatch holdWatches() {
        CountDownLatch latch = new CountDownLatch(1);
        held = latch;
        return latch;
    }

    /**
     * Runs {@code hook} inside every {@link #watch}, after the state the watch returns was read: a change published
     * there races the new subscription's registration.
     */
    public FakePresenceSource duringWatch(Runnable hook) {
        duringWatch = hook;
        return this;
    }

    @Override
    public WatchResult watch(SipAddress watcher, SipAddress presentity) {
        watchers.add(watcher);
        CountDownLatch latch = held;
        if (latch != null) {
            try {
                if (!latch.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("watch held 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        WatchResult.Refused refused = refusals.get(presentity.user());
        if (refused != null) {
            return refused;
        }
        WatchResult accepted = new WatchResult.Accepted(new ViewKey(name(), presentity.uri()),
                states.getOrDefault(presentity.user(), PresenceState.UNKNOWN));
        duringWatch.run();
        return accepted;
    }

    @Override
    public Optional<PresenceState> current(ViewKey view) {
        return Optional.of(states.getOrDefault(SipAddress.parse(view.id()).user(), PresenceState.UNKNOWN));
    }

    @Override
    public void release(ViewKey view, SipAddress watcher) {
        releases.add(view);
    }
}
