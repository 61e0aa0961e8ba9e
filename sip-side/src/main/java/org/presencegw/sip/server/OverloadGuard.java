package org.presencegw.sip.server;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Whether the whole process is overloaded, judged by what is really scarce (issue 10): the live heap above
 * {@value #HEAP_LIMIT_PERCENT} % of what the old generation can hold, or the queue of received UDP datagrams more than
 * {@value #QUEUE_LIMIT_PERCENT} % full. Never by one sender's behaviour: NOTIFYs that a watcher leaves unanswered
 * cost only that watcher ({@code NotifyBudget}). While overloaded, new subscriptions get 503 + Retry-After.
 * Thread-safe; {@link #overloaded} is two volatile reads.
 *
 * <p>The live heap is what a <em>major</em> (old generation) collection leaves. What a minor collection leaves
 * also counts the old generation's garbage, which grows until the next major collection: under load with the
 * launcher's serial collector it reached 95 % after a minor collection every second or so while the live heap
 * after the following major one was 42 %, and each time new subscriptions got 503 for nothing (bench/FINDINGS.md,
 * "Session 7"). So a minor collection may lower the figure (the old generation shrank, e.g. G1's mixed
 * collections) but never raise it.
 *
 * <p>The live heap is measured against the old generation's capacity, where a major collection leaves what lives:
 * with the launcher's fixed young generation ({@code -Xmn48m} of a 204m heap) the old generation holds 156 MB,
 * 78 % of the heap's maximum, so a limit of 85 % of the whole heap could never be reached. A 16,000 SUBSCRIBE/s
 * overload filled the old generation to 99 % and ran back-to-back full collections of ~370 ms each, with the guard
 * still reading 76 % (bench/FINDINGS.md, "Session 23"). A collector without a separate old generation (ZGC,
 * Shenandoah) is measured against the whole heap.
 */
public final class OverloadGuard {

    static final int HEAP_LIMIT_PERCENT = 85;
    static final int QUEUE_LIMIT_PERCENT = 75;

    private static final AtomicBoolean LISTENING = new AtomicBoolean();
    /** The live heap, written by the GC notification thread. */
    private static final LiveHeap LIVE_HEAP = new LiveHeap();

    private final IntSupplier queueDepth;
    private final int queueCapacity;

    /**
     * @param queueDepth    datagrams waiting for a listener thread now
     * @param queueCapacity the queue's capacity (0: no bounded queue known, queue depth not judged)
     */
    public OverloadGuard(IntSupplier queueDepth, int queueCapacity) {
        this.queueDepth = queueDepth;
        this.queueCapacity = queueCapacity;
        listenToCollections();
    }

    /** True while a scarce resource is short. */
    public boolean overloaded() {
        return LIVE_HEAP.perMille() >= HEAP_LIMIT_PERCENT * 10
                || (queueCapacity > 0 && queueDepth.getAsInt() * 100L >= (long) queueCapacity * QUEUE_LIMIT_PERCENT);
    }

    /** The live heap (what the last major collection left), in per cent of the maximum (for logs and tests). */
    public static int heapAfterGcPercent() {
        return LIVE_HEAP.perMille() / 10;
    }

    private static void listenToCollections() {
        if (!LISTENING.compareAndSet(false, true)) {
            return;
        }
        Map<String, Long> heapPools = new HashMap<>();
        ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .forEach(p -> heapPools.put(p.getName(), p.getUsage().getMax()));
        LivePools live = LivePools.of(heapPools, Runtime.getRuntime().maxMemory());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                            .equals(notification.getType())) {
                        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                                .from((CompositeData) notification.getUserData());
                        LIVE_HEAP.collected(isMajor(info.getGcAction()),
                                perMille(info.getGcInfo().getMemoryUsageAfterGc(), live.names(), live.max()));
                    }
                }, null, null);
            }
        }
    }

    /** Whether a notification's GC action names a collection of the old generation ("end of major GC"). */
    static boolean isMajor(String gcAction) {
        return gcAction != null && gcAction.contains("major");
    }

    /**
     * The heap pools a major collection leaves the live data in, and what they can hold: the old generation's pools
     * when the collector has them (serial "Tenured Gen", parallel "PS Old Gen", G1 "G1 Old Gen"), else every heap
     * pool against the heap's maximum.
     */
    record LivePools(Set<String> names, long max) {
        static LivePools of(Map<String, Long> heapPoolMax, long heapMax) {
            Set<String> old = new HashSet<>();
            long oldMax = 0;
            for (Map.Entry<String, Long> e : heapPoolMax.entrySet()) {
                String name = e.getKey().toLowerCase(Locale.ROOT);
                if ((name.contains("old") || name.contains("tenured")) && e.getValue() > 0) {
                    old.add(e.getKey());
                    oldMax += e.getValue();
                }
            }
            return old.isEmpty() ? new LivePools(Set.copyOf(heapPoolMax.keySet()), heapMax)
                    : new LivePools(Set.copyOf(old), Math.min(oldMax, heapMax));
        }
    }

    static int perMille(Map<String, MemoryUsage> after, Set<String> heapPools, long max) {
        long used = 0;
        for (Map.Entry<String, MemoryUsage> e : after.entrySet()) {
            if (heapPools.contains(e.getKey())) {
                used += e.getValue().getUsed();
            }
        }
        return max <= 0 ? 0 : (int) Math.min(1000, used * 1000 / max);
    }

    /**
     * The live heap in per mille of the maximum: a major collection sets it, a minor one can only lower it. Written
     * by one thread (the JVM's notification thread, one collection at a time), read by any.
     */
    static final class LiveHeap {
        private volatile int perMille;

        void collected(boolean major, int afterGcPerMille) {
            if (major || afterGcPerMille < perMille) {
                perMille = afterGcPerMille;
            }
        }

        int perMille() {
            return perMille;
        }
    }
}
