package org.presencegw.sip.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Source networks whose requests need no digest authentication (e.g. a proxy in front that authenticates its
 * users) and are not rate-limited per source: the gateway's {@code sip.trusted_networks}, CIDRs such as
 * {@code 10.0.0.0/8} or {@code ::1/128}. Immutable; {@link #NONE} trusts nobody (the default).
 */
public final class TrustedNetworks {

    /** Trusts no source. */
    public static final TrustedNetworks NONE = new TrustedNetworks(List.of(), List.of());

    private final List<byte[]> networks;
    private final List<Integer> prefixes;
    private final List<String> texts;

    private TrustedNetworks(List<byte[]> networks, List<Integer> prefixes) {
        this.networks = networks;
        this.prefixes = prefixes;
        List<String> t = new ArrayList<>();
        for (int i = 0; i < networks.size(); i++) {
            t.add(text(networks.get(i), prefixes.get(i)));
        }
        this.texts = List.copyOf(t);
    }

    /**
     * Parses CIDRs ({@code address/prefix}; a bare address is a single host). Only IP literals are accepted, never
     * names (no DNS lookup).
     *
     * @throws IllegalArgumentException with a one-line reason naming the bad entry
     */
    public static TrustedNetworks parse(List<String> cidrs) {
        List<byte[]> nets = new ArrayList<>();
        List<Integer> prefixes = new ArrayList<>();
        for (String cidr : cidrs) {
            String c = cidr.trim();
            int slash = c.indexOf('/');
            String address = slash < 0 ? c : c.substring(0, slash);
            byte[] bytes = literal(address).orElseThrow(() ->
                    new IllegalArgumentException("'" + cidr + "' is not an IP network (address/prefix)"));
            int bits = bytes.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                String p = c.substring(slash + 1);
                if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > bits) {
                    throw new IllegalArgumentException("'" + cidr + "' has a bad prefix length (0.." + bits + ")");
                }
                prefix = Integer.parseInt(p);
            }
            nets.add(mask(bytes, prefix));
            prefixes.add(prefix);
        }
        return new TrustedNetworks(List.copyOf(nets), List.copyOf(prefixes));
    }

    /** Whether {@code address} (an IP literal, as the stack reports a packet's source) is in a trusted network. */
    public boolean contains(String address) {
        if (networks.isEmpty()) {
            return false;
        }
        return literal(address).map(this::contains).orElse(false);
    }

    private boolean contains(byte[] bytes) {
        for (int i = 0; i < networks.size(); i++) {
            byte[] net = networks.get(i);
            if (net.length == bytes.length && java.util.Arrays.equals(net, mask(bytes, prefixes.get(i)))) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    /** The networks in canonical form ({@code 10.0.0.0/8}). */
    public List<String> cidrs() {
        return texts;
    }

    @Override
    public String toString() {
        return texts.toString();
    }

    /** The bytes of an IPv4 or IPv6 literal (brackets allowed), never a DNS lookup. */
    private static java.util.Optional<byte[]> literal(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = t.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean v6 = t.indexOf(':') >= 0 && t.toLowerCase(Locale.ROOT).matches("[0-9a-f:.%a-z]+");
        if (!v4 && !v6) {
            return java.util.Optional.empty();
        }
        if (v4) {
            for (String part : t.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return java.util.Optional.empty();
                }
            }
        }
        try {
            byte[] b = InetAddress.getByName(t).getAddress();
            return java.util.Optional.of(b.length == 16 && isMappedV4(b) ? java.util.Arrays.copyOfRange(b, 12, 16)
                    : b);
        } catch (UnknownHostException | SecurityException e) {
            return java.util.Optional.empty();
        }
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    private static String text(byte[] net, int prefix) {
        try {
            return InetAddress.getByAddress(net).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
