package org.presencegw.gateway.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.presencegw.sip.api.SipNetwork;
import org.presencegw.sip.stack.HostLiterals;
import org.presencegw.sip.stack.ListenAddresses;

/**
 * Settings that work but are probably not what the operator meant, one line each ({@code --check-config} prints
 * them and exits 0; the gateway logs them at start).
 */
public final class SipWarnings {

    private SipWarnings() {
    }

    /** The warnings for {@code network} on this machine. */
    public static List<String> of(SipNetwork network) {
        return of(network, ListenAddresses::nonLoopback);
    }

    /** The same, with the machine's non-loopback addresses given (for tests). */
    static List<String> of(SipNetwork network, Supplier<List<InetAddress>> nonLoopback) {
        List<String> out = new ArrayList<>();
        boolean wildcard = network.listen().stream().anyMatch(ListenAddresses::isWildcard);
        if (wildcard && network.advertise().isEmpty()) {
            List<InetAddress> addresses = nonLoopback.get();
            if (addresses.size() > 1) {
                out.add("sip.listen: a wildcard listens on " + addresses.size() + " non-loopback addresses ("
                        + String.join(", ", addresses.stream().map(HostLiterals::text).toList())
                        + "); phones get the one their request arrived on; set sip.advertise if they must all use "
                        + "one name");
            }
        }
        return out;
    }
}
