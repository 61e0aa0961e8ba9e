package org.presencegw.sip.stack;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Next hops for out-of-dialog-proxy requests we originate, keyed by Call-ID: a NOTIFY without a route set goes
 * back over the flow its SUBSCRIBE arrived on. One table per stack; {@link FlowRouter} finds it by stack name,
 * because the RI instantiates routers reflectively. Entries are removed when their subscription ends.
 */
public final class FlowTable {

    private static final Map<String, FlowTable> BY_STACK = new ConcurrentHashMap<>();

    private final String stackName;
    private final Map<String, Flow> byCallId = new ConcurrentHashMap<>();

    private FlowTable(String stackName) {
        this.stackName = stackName;
    }

    /** Creates and registers the table of a new stack; call {@link #close()} when the stack stops. */
    public static FlowTable register(String stackName) {
        FlowTable table = new FlowTable(stackName);
        if (BY_STACK.putIfAbsent(stackName, table) != null) {
            throw new IllegalStateException("stack name in use: " + stackName);
        }
        return table;
    }

    static Optional<FlowTable> forStack(String stackName) {
        return Optional.ofNullable(BY_STACK.get(stackName));
    }

    public void put(String callId, Flow flow) {
        byCallId.put(callId, flow);
    }

    public void remove(String callId) {
        byCallId.remove(callId);
    }

    public Optional<Flow> find(String callId) {
        return Optional.ofNullable(byCallId.get(callId));
    }

    public int size() {
        return byCallId.size();
    }

    public void close() {
        BY_STACK.remove(stackName, this);
    }
}
