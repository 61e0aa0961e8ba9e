package org.presencegw.sip.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OverloadGuardTest {

    @Test
    void aMinorCollectionFullOfOldGarbage_doesNotRaiseTheLiveHeap() {
        // the serial collector under load (bench/FINDINGS.md, "Session 7"): 42 % live after a full collection,
        // then minor collections that leave 75 %, 95 % (old generation garbage), then the next full one 42 % again
        OverloadGuard.LiveHeap heap = new OverloadGuard.LiveHeap();
        heap.collected(true, 420);
        heap.collected(false, 750);
        heap.collected(false, 950);
        assertEquals(420, heap.perMille());
        heap.collected(true, 430);
        assertEquals(430, heap.perMille());
    }

    @Test
    void aMajorCollectionSetsTheLiveHeap_upOrDown() {
        OverloadGuard.LiveHeap heap = new OverloadGuard.LiveHeap();
        heap.collected(true, 900);
        assertEquals(900, heap.perMille());
        heap.collected(true, 300);
        assertEquals(300, heap.perMille());
    }

    @Test
    void aMinorCollectionMayLowerIt() {
        // e.g. G1's mixed collections, reported as minor, reclaim old regions
        OverloadGuard.LiveHeap heap = new OverloadGuard.LiveHeap();
        heap.collected(true, 900);
        heap.collected(false, 600);
        assertEquals(600, heap.perMille());
    }

    @Test
    void liveHeap_measuredAgainstTheOldGeneration_whenTheCollectorHasOne() {
        long mb = 1L << 20;
        // the serial collector with the launcher's heap of session 23 (256m, -Xmn64m): the old generation holds 192 of
        // the 249 MB maximum
        OverloadGuard.LivePools serial = OverloadGuard.LivePools.of(
                Map.of("Eden Space", 51 * mb, "Survivor Space", 6 * mb, "Tenured Gen", 192 * mb), 249 * mb);
        assertEquals(Set.of("Tenured Gen"), serial.names());
        assertEquals(192 * mb, serial.max());
        // session 23's overload: 190 MB live after a full collection was 76 % of the heap, 99 % of the old generation
        Map<String, MemoryUsage> after = Map.of("Eden Space", usage(0), "Survivor Space", usage(0),
                "Tenured Gen", usage(190 * mb));
        assertEquals(989, OverloadGuard.perMille(after, serial.names(), serial.max()));
        assertTrue(OverloadGuard.perMille(after, Set.of("Eden Space", "Survivor Space", "Tenured Gen"), 249 * mb)
                < OverloadGuard.HEAP_LIMIT_PERCENT * 10, "the whole heap's maximum never reached the limit");
        OverloadGuard.LivePools g1 = OverloadGuard.LivePools.of(
                Map.of("G1 Eden Space", -1L, "G1 Old Gen", 256 * mb, "G1 Survivor Space", -1L), 256 * mb);
        assertEquals(Set.of("G1 Old Gen"), g1.names());
        assertEquals(256 * mb, g1.max());
        OverloadGuard.LivePools z = OverloadGuard.LivePools.of(Map.of("ZHeap", 256 * mb), 256 * mb);
        assertEquals(Set.of("ZHeap"), z.names(), "no old generation: the whole heap");
        assertEquals(256 * mb, z.max());
    }

    @Test
    void liveHeap_theRunningJvmsPools() {
        Map<String, Long> pools = new HashMap<>();
        ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .forEach(p -> pools.put(p.getName(), p.getUsage().getMax()));
        long heapMax = Runtime.getRuntime().maxMemory();
        OverloadGuard.LivePools live = OverloadGuard.LivePools.of(pools, heapMax);
        assertFalse(live.names().isEmpty(), pools.toString());
        assertTrue(live.max() > 0 && live.max() <= heapMax, live + " " + heapMax);
    }

    private static MemoryUsage usage(long used) {
        return new MemoryUsage(0, used, Math.max(used, 1), -1);
    }

    @Test
    void gcActions_theJvmReports() {
        assertTrue(OverloadGuard.isMajor("end of major GC"));
        assertFalse(OverloadGuard.isMajor("end of minor GC"));
        assertFalse(OverloadGuard.isMajor(null));
    }
}
