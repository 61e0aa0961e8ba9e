package org.presencegw.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.store.SubscriptionKey;

class IdTableTest {

    @Test
    void get_ofAKeyNeverPut_isAbsent() {
        assertEquals(IdTable.ABSENT, new IdTable().get(key(1)));
    }

    @Test
    void put_sameKeyTwice_keepsOneEntryWithTheLastId() {
        IdTable t = new IdTable();
        t.put(key(1), 5);
        t.put(new SubscriptionKey("call-1@host", "tag-1"), 9);
        assertEquals(1, t.size());
        assertEquals(9, t.get(key(1)));
    }

    @Test
    void put_aNegativeId_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new IdTable().put(key(1), -1));
    }

    @Test
    void clear_forgetsEverything() {
        IdTable t = new IdTable();
        for (int i = 0; i < 100; i++) {
            t.put(key(i), i);
        }
        t.clear();
        assertEquals(0, t.size());
        assertEquals(IdTable.ABSENT, t.get(key(7)));
    }

    /**
     * Random puts and removes over few keys, so that runs of full slots form, wrap around the table's end and are
     * cut by removals: after every step the table answers as a HashMap would. Fails when removal leaves a hole
     * that a later key's lookup stops at, or moves an entry before its home slot.
     */
    @Test
    void randomPutsAndRemoves_answerLikeAHashMap() {
        Random random = new Random(16);
        for (int round = 0; round < 20; round++) {
            IdTable t = new IdTable();
            Map<SubscriptionKey, Long> expected = new HashMap<>();
            int keys = 8 + random.nextInt(3000);
            for (int step = 0; step < 20_000; step++) {
                SubscriptionKey k = key(random.nextInt(keys));
                if (random.nextInt(3) == 0) {
                    t.remove(k);
                    expected.remove(k);
                } else {
                    long id = random.nextInt(1_000_000);
                    t.put(k, id);
                    expected.put(k, id);
                }
                if (step % 97 == 0) {
                    for (int i = 0; i < keys; i++) {
                        assertEquals(expected.getOrDefault(key(i), IdTable.ABSENT), t.get(key(i)), "key " + i);
                    }
                }
            }
            assertEquals(expected.size(), t.size());
            assertEquals(expected.size(), t.countSlotsInUse());
            expected.forEach((k, id) -> assertEquals(id, t.get(k)));
        }
    }

    private static SubscriptionKey key(int i) {
        return new SubscriptionKey("call-" + i + "@host", "tag-" + i);
    }
}
