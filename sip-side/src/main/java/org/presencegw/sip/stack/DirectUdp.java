package org.presencegw.sip.stack;

import java.net.DatagramSocket;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UDP sockets the RI listens on, for messages the gateway sends without the RI (NOTIFYs over UDP, decision
 * 0011), and a tap on each of them that sees every datagram before the RI's listener threads do: what the tap
 * consumes (the answers to those messages) never reaches the RI, which would parse it and find no transaction.
 *
 * <p>Registered by {@link BoundedUdpQueue} as the RI creates each UDP processor, by stack name (the RI creates
 * processors through a factory class, so there is no instance to hand them to); read through
 * {@link LocalEndpoints#udpSocket}. A socket is shared with the RI: {@link DatagramSocket#send} is safe from any
 * thread, next to the RI's reader.
 */
public final class DirectUdp {

    /** Sees a datagram before the RI; runs on the stack's UDP reader thread, so it must be quick. */
    @FunctionalInterface
    public interface Tap {
        /**
         * @return true when the datagram was taken: the RI does not see it
         */
        boolean consume(byte[] data, int offset, int length);
    }

    private record Endpoint(DatagramSocket socket, BoundedUdpQueue.TrimmingQueue queue) {
    }

    /** Per stack name: the UDP endpoint of each local address ({@link HostLiterals#text}). */
    private static final Map<String, Map<String, Endpoint>> STACKS = new ConcurrentHashMap<>();
    /** Per stack name, the tap set before or after its processors were created. */
    private static final Map<String, Tap> TAPS = new ConcurrentHashMap<>();
    /** Per stack name, what answers new subscriptions while overloaded ({@link OverloadShed}). */
    private static final Map<String, OverloadShed> SHEDS = new ConcurrentHashMap<>();

    private DirectUdp() {
    }

    /** {@code false} leaves every message to the RI (decision 0011; for measuring the difference). */
    public static final String PROPERTY = "presencegw.sip.directUdp";

    /** Whether the gateway may send on the RI's UDP sockets itself: unless {@value #PROPERTY} is {@code false}. */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
    }

    static void register(String stackName, String local, DatagramSocket socket, BoundedUdpQueue.TrimmingQueue queue) {
        STACKS.computeIfAbsent(stackName, n -> new ConcurrentHashMap<>()).put(local, new Endpoint(socket, queue));
        queue.tap(TAPS.get(stackName));
        queue.shed(SHEDS.get(stackName));
    }

    /** The socket the stack {@code stackName} listens on at local address {@code local} over UDP. */
    public static Optional<DatagramSocket> socket(String stackName, String local) {
        Map<String, Endpoint> endpoints = STACKS.get(stackName);
        Endpoint e = endpoints == null ? null : endpoints.get(local);
        return e == null || e.socket().isClosed() ? Optional.empty() : Optional.of(e.socket());
    }

    /** Whether the stack has any UDP socket the gateway can send on. */
    public static boolean available(String stackName) {
        Map<String, Endpoint> endpoints = STACKS.get(stackName);
        return endpoints != null && !endpoints.isEmpty();
    }

    /** Puts {@code tap} before the RI on every UDP socket of the stack, now and created later. */
    public static void tap(String stackName, Tap tap) {
        TAPS.put(stackName, tap);
        for (Endpoint e : STACKS.getOrDefault(stackName, Map.of()).values()) {
            e.queue().tap(tap);
        }
    }

    /** Puts {@code shed} on the reader thread of every UDP socket of the stack, now and created later. */
    public static void shed(String stackName, OverloadShed shed) {
        SHEDS.put(stackName, shed);
        for (Endpoint e : STACKS.getOrDefault(stackName, Map.of()).values()) {
            e.queue().shed(shed);
        }
    }

    /** Forgets a stopped stack's sockets, tap and shed. */
    static void forget(String stackName) {
        STACKS.remove(stackName);
        TAPS.remove(stackName);
        SHEDS.remove(stackName);
    }
}
