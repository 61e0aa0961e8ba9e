package org.presencegw.sip.store;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the answers wait for their commit run ({@link StateWriter}'s callbacks: the 200, then the NOTIFYs), with a
 * bound on how far they may fall behind. A few threads of their own run them; when more than {@code helpAbove} are
 * waiting, the SIP listener threads run them too before they take up a new request ({@link #help}).
 *
 * <p>Without that bound, an overload collapsed with the store on and not without it. In memory the listener thread
 * that parsed a request also answers it, so under more load than the machine can take new requests wait in the
 * socket and the answers keep going out. With the store the listener threads hand each answer over and read the
 * next request at once: at 10,000 PUBLISH/s the answers queued up behind two threads, every waiting request kept
 * its parsed message and transaction, the old generation filled, and the JVM spent 12 of 60 s in full collections
 * while three quarters of the requests timed out (bench/FINDINGS.md, session 13). Thread-safe.
 */
public final class CommitCallbacks implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(CommitCallbacks.class);

    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final ExecutorService threads;
    private final int helpAbove;

    /**
     * @param threads   the threads that run callbacks normally (owned by the caller, who shuts them down)
     * @param helpAbove callbacks that may wait before {@link #help} runs some
     */
    public CommitCallbacks(ExecutorService threads, int helpAbove) {
        this.threads = Objects.requireNonNull(threads, "threads");
        if (helpAbove < 0) {
            throw new IllegalArgumentException("helpAbove < 0: " + helpAbove);
        }
        this.helpAbove = helpAbove;
    }

    @Override
    public void execute(Runnable callback) {
        waiting.add(Objects.requireNonNull(callback, "callback"));
        size.incrementAndGet();
        try {
            threads.execute(this::runOne);
        } catch (RejectedExecutionException e) {
            // The threads are shut down (PresenceServer closes the SIP stack first, so a send fails at once):
            // run it here rather than leave it waiting for nobody.
            runOne();
        }
    }

    /**
     * Called by a thread about to take up new work: runs waiting callbacks while more than {@code helpAbove} wait.
     * {@code scripts/gateway} names this method to the JIT (not inlined: its loop runs only under load, and inlined
     * into the receive path that branch's first run threw that whole path's compiled code away); keep its name.
     *
     * @return how many it ran
     */
    public int help() {
        int ran = 0;
        while (size.get() > helpAbove && runOne()) {
            ran++;
        }
        return ran;
    }

    /** Callbacks waiting now. */
    public int waiting() {
        return size.get();
    }

    private boolean runOne() {
        Runnable next = waiting.poll();
        if (next == null) {
            return false;
        }
        size.decrementAndGet();
        try {
            next.run();
        } catch (RuntimeException e) {
            LOG.warn("after a commit: {}", e.toString(), e);
        }
        return true;
    }
}
