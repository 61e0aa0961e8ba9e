package org.presencegw.sip.testing;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
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

    @Override
    public WatchResult watch(SipAddress watcher, SipAddress presentity) {
        watchers.add(watcher);
        WatchResult.Refused refused = refusals.get(presentity.user());
        if (refused != null) {
            return refused;
        }
        return new WatchResult.Accepted(new ViewKey(name(), presentity.uri()),
                states.getOrDefault(presentity.user(), PresenceState.UNKNOWN));
    }

    @Override
    public void release(ViewKey view, SipAddress watcher) {
        releases.add(view);
    }
}
