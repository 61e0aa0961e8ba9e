package org.presencegw.sip.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** {@link Flow#shared}: always a flow equal to the one asked for, the same instance when asked again. */
class FlowSharedTest {

    @Property(tries = 3000)
    void alwaysEqualToANewOne(@ForAll @IntRange(min = 1, max = 4) int a, @ForAll @IntRange(min = 0, max = 3) int port,
                              @ForAll boolean tcp, @ForAll @StringLength(max = 2) String local) {
        // few distinct values, so that slots are reused and collide
        String address = "10.0.0." + a;
        String transport = tcp ? "TCP" : "udp";
        Flow f = Flow.shared(address, 5060 + port, transport, local);
        assertEquals(new Flow(address, 5060 + port, transport, local), f);
    }

    @Example
    void askedAgain_sameInstance() {
        Flow first = Flow.shared("192.0.2.7", 5070, "UDP", "127.0.0.1");
        assertSame(first, Flow.shared("192.0.2.7", 5070, "udp", "127.0.0.1"));
        assertEquals("udp", first.transport());
        assertNotEquals(first, Flow.shared("192.0.2.7", 5071, "udp", "127.0.0.1"));
        assertNotEquals(first, Flow.shared("192.0.2.7", 5070, "tcp", "127.0.0.1"));
        assertNotEquals(first, Flow.shared("192.0.2.7", 5070, "udp", ""));
    }
}
