package org.presencegw.sip.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void gcActions_theJvmReports() {
        assertTrue(OverloadGuard.isMajor("end of major GC"));
        assertFalse(OverloadGuard.isMajor("end of minor GC"));
        assertFalse(OverloadGuard.isMajor(null));
    }
}
