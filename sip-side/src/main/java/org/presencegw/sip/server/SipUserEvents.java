package org.presencegw.sip.server;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.SipUserListener;
import org.presencegw.sip.api.SipUserState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands SIP users' own state changes (the reverse direction) to every {@link SipUserListener}: one ordered lane
 * per AOR on the shared executor, so a user's states arrive in the order they were submitted and no listener runs
 * on the submitter's thread or under its lock. A throwing listener is logged and does not stop the others.
 *
 * <p>This class is thread-safe.
 */
public final class SipUserEvents {

    private static final Logger LOG = LoggerFactory.getLogger(SipUserEvents.class);

    private final OrderedLanes<SipAddress> lanes;
    private final List<SipUserListener> listeners = new CopyOnWriteArrayList<>();

    public SipUserEvents(Executor executor) {
        this.lanes = new OrderedLanes<>(executor);
    }

    public void add(SipUserListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void remove(SipUserListener listener) {
        listeners.remove(listener);
    }

    /** Never blocks: queues the state for the listeners behind earlier states of the same AOR. */
    public void submit(SipUserState state) {
        Objects.requireNonNull(state, "state");
        if (listeners.isEmpty()) {
            return;
        }
        lanes.execute(state.aor().withoutGr(), () -> deliver(state));
    }

    private void deliver(SipUserState state) {
        LOG.debug("{} registered={} published={}", state.aor(), state.registered(), state.published().isPresent());
        for (SipUserListener l : listeners) {
            try {
                l.userStateChanged(state);
            } catch (RuntimeException e) {
                LOG.warn("user listener failed on {}", state.aor(), e);
            }
        }
    }
}
