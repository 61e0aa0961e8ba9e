package org.presencegw.sip.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** CONFORMANCE SUB-03..05, REG-07/08, PUB-05: one duration rule for subscriptions, bindings and publications. */
class ExpiryPolicyTest {

    private final ExpiryPolicy policy = new ExpiryPolicy(3600, 60, 7200);

    @Test
    void decide_absent_default() {
        assertEquals(new ExpiryPolicy.Decision.Grant(3600), policy.decide(OptionalLong.empty()));
    }

    @Test
    @DisplayName("SUB-05")
    void decide_zero_grantZeroNever423() {
        assertEquals(new ExpiryPolicy.Decision.Grant(0), policy.decide(OptionalLong.of(0)));
    }

    @Test
    void decide_belowMin_tooBrief() {
        assertEquals(new ExpiryPolicy.Decision.TooBrief(60), policy.decide(OptionalLong.of(30)));
    }

    @Test
    void decide_aboveMax_lowered() {
        assertEquals(new ExpiryPolicy.Decision.Grant(7200), policy.decide(OptionalLong.of(86400)));
    }

    @Test
    @DisplayName("SUB-03")
    void decide_inRange_neverLengthened() {
        assertEquals(new ExpiryPolicy.Decision.Grant(600), policy.decide(OptionalLong.of(600)));
        assertEquals(new ExpiryPolicy.Decision.Grant(60), policy.decide(OptionalLong.of(60)));
    }

    @Test
    void construct_minAboveDefault_rejected() {
        assertThrows(IllegalArgumentException.class, () -> new ExpiryPolicy(10, 60, 100));
    }

    @Test
    void tooBrief_onlyBetweenZeroAndMin() {
        assertTrue(policy.tooBrief(59));
        assertFalse(policy.tooBrief(0));
        assertFalse(policy.tooBrief(60));
    }

    @Test
    void parseDeltaSeconds_digitsUpTo32Bits() {
        assertEquals(Optional.of(4294967295L), ExpiryPolicy.parseDeltaSeconds("4294967295"));
        assertEquals(Optional.empty(), ExpiryPolicy.parseDeltaSeconds("4294967296"));
        assertEquals(Optional.empty(), ExpiryPolicy.parseDeltaSeconds("soon"));
        assertEquals(Optional.of(30L), ExpiryPolicy.parseDeltaSeconds(" 30 "));
    }
}
