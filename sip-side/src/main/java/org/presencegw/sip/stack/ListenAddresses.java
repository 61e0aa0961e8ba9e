package org.presencegw.sip.stack;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the configured listen addresses into the concrete addresses the stack binds. A wildcard ({@code 0.0.0.0}:
 * every IPv4 address of the machine's interfaces that are up; {@code ::}: every IPv4 and IPv6 one, link-local IPv6
 * left out) is expanded, as Kamailio does when it listens on all interfaces: Java cannot tell which local address a
 * datagram on a wildcard socket was sent to, and the RI does not tell it for connections either, while every
 * Contact and Via we write must name a concrete address (issue 15). An address added to the machine later is
 * served after a restart.
 */
public final class ListenAddresses {

    private ListenAddresses() {
    }

    /** Whether {@code address} is {@code 0.0.0.0} or {@code ::} (in any spelling). */
    public static boolean isWildcard(String address) {
        try {
            return HostLiterals.isLiteral(address) && InetAddress.getByName(address).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * The concrete addresses, in order, without repeats.
     *
     * @throws UnknownHostException a host name that does not resolve
     */
    public static List<InetAddress> expand(List<String> listen) throws UnknownHostException {
        Set<InetAddress> out = new LinkedHashSet<>();
        for (String entry : listen) {
            InetAddress a = InetAddress.getByName(entry);
            if (a.isAnyLocalAddress()) {
                out.addAll(machineAddresses(a instanceof Inet6Address));
            } else {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    /** Addresses of the interfaces that are up: IPv4 only, or IPv4 and IPv6 (no link-local). Loopback first. */
    public static List<InetAddress> machineAddresses(boolean withIpv6) {
        List<InetAddress> loopback = new ArrayList<>();
        List<InetAddress> other = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    boolean usable = a instanceof Inet4Address
                            || (withIpv6 && a instanceof Inet6Address && !a.isLinkLocalAddress());
                    if (usable) {
                        (a.isLoopbackAddress() ? loopback : other).add(withoutScope(a));
                    }
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list network interfaces: " + e.getMessage(), e);
        }
        List<InetAddress> all = new ArrayList<>(loopback);
        all.addAll(other);
        return all;
    }

    /** Non-loopback addresses of the machine (IPv4 and global IPv6): more than one makes a wildcard ambiguous. */
    public static List<InetAddress> nonLoopback() {
        return machineAddresses(true).stream().filter(a -> !a.isLoopbackAddress()).toList();
    }

    private static InetAddress withoutScope(InetAddress a) {
        if (a instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            try {
                return InetAddress.getByAddress(v6.getAddress());
            } catch (UnknownHostException e) {
                return a;
            }
        }
        return a;
    }
}
