package org.presencegw.sip.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** CONFORMANCE SUB-03..05. */
class ExpiresPolicyTest {

    private final ExpiresPolicy policy = new ExpiresPolicy(3600, 60, 7200);

    @Test
    void decide_absent_default() {
        assertEquals(new ExpiresPolicy.Decision.Grant(3600), policy.decide(OptionalInt.empty()));
    }

    @Test
    void decide_zero_grantZeroNever423() {
        assertEquals(new ExpiresPolicy.Decision.Grant(0), policy.decide(OptionalInt.of(0)));
    }

    @Test
    void decide_belowMin_tooBrief() {
        assertEquals(new ExpiresPolicy.Decision.TooBrief(60), policy.decide(OptionalInt.of(30)));
    }

    @Test
    void decide_aboveMax_lowered() {
        assertEquals(new ExpiresPolicy.Decision.Grant(7200), policy.decide(OptionalInt.of(86400)));
    }

    @Test
    void decide_inRange_neverLengthened() {
        assertEquals(new ExpiresPolicy.Decision.Grant(600), policy.decide(OptionalInt.of(600)));
        assertEquals(new ExpiresPolicy.Decision.Grant(60), policy.decide(OptionalInt.of(60)));
    }

    @Test
    void construct_minAboveDefault_rejected() {
        assertThrows(IllegalArgumentException.class, () -> new ExpiresPolicy(10, 60, 100));
    }
}
