package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Test;
import org.presencegw.xmpp.SubscriptionMemory.Entry;
import org.presencegw.xmpp.SubscriptionMemory.Kind;

/** Remembered refusals: quiet period, bounds per account and in total, journal order, restore. */
class InMemorySubscriptionMemoryTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final EntityBareJid ALICE = JidCreate.entityBareFromOrThrowUnchecked("alice@x");
    private static final EntityBareJid CAROL = JidCreate.entityBareFromOrThrowUnchecked("carol@x");
    private final List<String> journal = new ArrayList<>();
    private final InMemorySubscriptionMemory.Journal recording = new InMemorySubscriptionMemory.Journal() {
        @Override
        public void remembered(Entry entry) {
            journal.add("+" + entry.account() + " " + entry.contact() + " " + entry.kind());
        }

        @Override
        public void forgotten(EntityBareJid account, BareJid contact) {
            journal.add("-" + account + " " + contact);
        }
    };

    private static BareJid contact(int i) {
        return JidCreate.bareFromOrThrowUnchecked("c" + i + "@x");
    }

    @Test
    void recall_withinQuietPeriodOnly_thenForgotten() {
        var memory = new InMemorySubscriptionMemory(Duration.ofHours(1), 10, 100, recording);
        Entry e = new Entry(ALICE, contact(1), Kind.DENIED, T0);
        memory.remember(e);
        assertEquals(Optional.of(e), memory.recall(ALICE, contact(1), T0.plusSeconds(3599)));
        assertEquals(Optional.empty(), memory.recall(CAROL, contact(1), T0), "per account");
        assertEquals(Optional.empty(), memory.recall(ALICE, contact(1), T0.plusSeconds(3600)));
        assertEquals(0, memory.size());
        assertEquals(List.of("+alice@x c1@x DENIED", "-alice@x c1@x"), journal);
    }

    @Test
    void perAccountBound_oldestOfThatAccountGoes() {
        var memory = new InMemorySubscriptionMemory(Duration.ofHours(1), 2, 100, recording);
        memory.remember(new Entry(CAROL, contact(9), Kind.DROPPED, T0));
        for (int i = 1; i <= 3; i++) {
            memory.remember(new Entry(ALICE, contact(i), Kind.DENIED, T0.plusSeconds(i)));
        }
        assertEquals(Optional.empty(), memory.recall(ALICE, contact(1), T0));
        assertTrue(memory.recall(ALICE, contact(3), T0).isPresent());
        assertTrue(memory.recall(CAROL, contact(9), T0).isPresent(), "another account's entry stays");
        assertEquals(3, memory.size());
    }

    @Test
    void totalBound_oldestOverallGoes() {
        var memory = new InMemorySubscriptionMemory(Duration.ofHours(1), 10, 3, recording);
        memory.remember(new Entry(CAROL, contact(1), Kind.DENIED, T0));
        memory.remember(new Entry(ALICE, contact(2), Kind.DENIED, T0.plusSeconds(1)));
        memory.remember(new Entry(ALICE, contact(3), Kind.DENIED, T0.plusSeconds(2)));
        memory.remember(new Entry(ALICE, contact(4), Kind.DENIED, T0.plusSeconds(3)));
        assertEquals(3, memory.size());
        assertEquals(Optional.empty(), memory.recall(CAROL, contact(1), T0.plusSeconds(3)));
        assertTrue(journal.contains("-carol@x c1@x"), journal.toString());
    }

    @Test
    void rememberAgain_replaces_forget_removes() {
        var memory = new InMemorySubscriptionMemory(Duration.ofHours(1), 10, 100, recording);
        memory.remember(new Entry(ALICE, contact(1), Kind.DROPPED, T0));
        memory.remember(new Entry(ALICE, contact(1), Kind.DENIED, T0.plusSeconds(5)));
        assertEquals(Kind.DENIED, memory.recall(ALICE, contact(1), T0.plusSeconds(5)).orElseThrow().kind());
        assertEquals(1, memory.size());
        memory.forget(ALICE, contact(1));
        memory.forget(ALICE, contact(1));
        assertEquals(0, memory.size());
        assertEquals("-alice@x c1@x", journal.get(journal.size() - 1));
        assertEquals(1, journal.stream().filter(j -> j.startsWith("-")).count(), "forget twice: one removal");
    }

    @Test
    void restore_skipsExpired_keepsBounds_withoutJournalingTheRest() {
        var memory = new InMemorySubscriptionMemory(Duration.ofHours(1), 10, 100, recording);
        memory.restore(List.of(new Entry(ALICE, contact(1), Kind.DENIED, T0.minusSeconds(7200)),
                new Entry(ALICE, contact(2), Kind.DROPPED, T0.minusSeconds(60))), T0);
        assertEquals(1, memory.size());
        assertTrue(memory.recall(ALICE, contact(2), T0).isPresent());
        assertEquals(List.of("-alice@x c1@x"), journal);
    }

    @Test
    void zeroQuietPeriod_remembersNothing() {
        var memory = new InMemorySubscriptionMemory(Duration.ZERO);
        memory.remember(new Entry(ALICE, contact(1), Kind.DENIED, T0));
        assertEquals(0, memory.size());
    }
}
