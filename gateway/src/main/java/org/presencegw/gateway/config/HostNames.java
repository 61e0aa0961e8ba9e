package org.presencegw.gateway.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Syntax checks for host names and IP literals; never does a DNS lookup. */
final class HostNames {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("\\[?[0-9A-Fa-f:.]+\\]?");

    private HostNames() {
    }

    /** An RFC 1123 host name ({@code sip.example.com}); an all-numeric name must be a valid IPv4 address. */
    static boolean isHostName(String s) {
        if (s.isEmpty() || s.length() > 253) {
            return false;
        }
        String[] labels = s.split("\\.", -1);
        boolean numeric = true;
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
            numeric &= label.chars().allMatch(Character::isDigit);
        }
        return !numeric || IPV4.matcher(s).matches();
    }

    /** A dotted-quad IPv4 address or an IPv6 literal (optionally in brackets). */
    static boolean isIpLiteral(String s) {
        if (IPV4.matcher(s).matches()) {
            return true;
        }
        if (!s.contains(":") || !IPV6_CHARS.matcher(s).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(s) instanceof Inet6Address; // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static boolean isHostOrAddress(String s) {
        return isIpLiteral(s) || isHostName(s);
    }
}
