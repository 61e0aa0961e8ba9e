package org.presencegw.sip.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TrimmingQueueTest {

    @Test
    void offer_datagramInA8KiBBuffer_keepsOnlyItsBytes() {
        byte[] buffer = new byte[8192];
        byte[] sip = "OPTIONS sip:x@example.com SIP/2.0\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(sip, 0, buffer, 100, sip.length);
        DatagramPacket packet = new DatagramPacket(buffer, 100, sip.length);
        BoundedUdpQueue.TrimmingQueue queue = new BoundedUdpQueue.TrimmingQueue(2);

        assertTrue(queue.offer(new DatagramQueuedMessageDispatch(packet, 0)));

        DatagramQueuedMessageDispatch queued = (DatagramQueuedMessageDispatch) queue.poll();
        assertEquals(sip.length, queued.packet.getData().length);
        assertEquals(0, queued.packet.getOffset());
        assertEquals(sip.length, queued.packet.getLength());
        assertArrayEquals(sip, Arrays.copyOf(queued.packet.getData(), queued.packet.getLength()));
    }

    @Test
    void offer_fullQueue_refusedAsBefore() {
        BoundedUdpQueue.TrimmingQueue queue = new BoundedUdpQueue.TrimmingQueue(1);
        Object other = new Object();
        assertTrue(queue.offer(other));
        assertFalse(queue.offer(new DatagramQueuedMessageDispatch(new DatagramPacket(new byte[10], 10), 0)));
        assertSame(other, queue.poll());
    }
}
