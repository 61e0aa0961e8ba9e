import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/**
 * The floor of the bench's SUBSCRIBE ramp on this stack: bench/tools/subfloor.c's work (one 200 and one NOTIFY per
 * SUBSCRIBE datagram, nothing kept, the NOTIFYs' 200s read and dropped) in Java 17, one thread, a blocking
 * {@link DatagramChannel} as the gateway's UDP reader uses. Against subfloor.c it shows what the JVM itself adds per
 * call; against the gateway, what the gateway's own work (parse, dialog, store, NOTIFY body, timers) costs
 * (bench/FINDINGS.md, "Session 34").
 *
 * <pre>  java bench/tools/SubFloor.java PORT</pre>
 */
public final class SubFloor {

    private static final byte[] BODY = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<presence "
            + "xmlns=\"urn:ietf:params:xml:ns:pidf\" xmlns:dm=\"urn:ietf:params:xml:ns:pidf:data-model\" "
            + "xmlns:rpid=\"urn:ietf:params:xml:ns:pidf:rpid\" entity=\"pres:user1@jabber.test\"><tuple id=\"t1\">"
            + "<status><basic>closed</basic></status></tuple><dm:person id=\"p1\"><rpid:activities><rpid:unknown/>"
            + "</rpid:activities></dm:person></presence>").getBytes(StandardCharsets.US_ASCII);

    private final byte[] in = new byte[65536];
    private int len;

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java SubFloor.java PORT");
            System.exit(2);
        }
        new SubFloor().run(Integer.parseInt(args[0]));
    }

    private void run(int port) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        ch.bind(new InetSocketAddress("127.0.0.1", port));
        ByteBuffer rb = ByteBuffer.allocateDirect(65536);
        ByteBuffer out = ByteBuffer.allocateDirect(8192);
        byte[] scratch = new byte[8192];
        long branch = 0;
        while (true) {
            rb.clear();
            SocketAddress from = ch.receive(rb);
            rb.flip();
            len = rb.remaining();
            rb.get(in, 0, len);
            if (len < 10 || !startsWith(0, "SUBSCRIBE ")) {
                continue;
            }
            int[] via = header("Via", 'v'), f = header("From", 'f'), t = header("To", 't'), id = header("Call-ID", 'i'),
                    cs = header("CSeq", (char) 0), ct = header("Contact", 'm'), ex = header("Expires", (char) 0);
            if (via == null || f == null || t == null || id == null || cs == null || ct == null) {
                continue;
            }
            int expires = ex == null ? 3600 : Integer.parseInt(ascii(ex).trim());
            boolean tagged = indexOf(t[0], t[1], ";tag=") >= 0;
            int lt = indexOf(ct[0], ct[1], "<"), gt = indexOf(ct[0], ct[1], ">");
            int[] uri = lt >= 0 && gt > lt ? new int[] {lt + 1, gt} : ct;
            int w = 0;
            w = put(scratch, w, "SIP/2.0 200 OK\r\nVia: ");
            w = copy(scratch, w, via);
            w = put(scratch, w, "\r\nFrom: ");
            w = copy(scratch, w, f);
            w = put(scratch, w, "\r\nTo: ");
            w = copy(scratch, w, t);
            w = put(scratch, w, (tagged ? "" : ";tag=floor") + "\r\nCall-ID: ");
            w = copy(scratch, w, id);
            w = put(scratch, w, "\r\nCSeq: ");
            w = copy(scratch, w, cs);
            w = put(scratch, w, "\r\nContact: <sip:floor@127.0.0.1:" + port + ">\r\nExpires: " + expires
                    + "\r\nContent-Length: 0\r\n\r\n");
            out.clear();
            out.put(scratch, 0, w).flip();
            ch.send(out, from);
            int cseq = Integer.parseInt(ascii(cs).trim().split(" ")[0]);
            w = put(scratch, 0, "NOTIFY ");
            w = copy(scratch, w, uri);
            w = put(scratch, w, " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bKfloor" + (++branch)
                    + "\r\nMax-Forwards: 70\r\nFrom: ");
            w = copy(scratch, w, t);
            w = put(scratch, w, (tagged ? "" : ";tag=floor") + "\r\nTo: ");
            w = copy(scratch, w, f);
            w = put(scratch, w, "\r\nCall-ID: ");
            w = copy(scratch, w, id);
            w = put(scratch, w, "\r\nCSeq: " + cseq + " NOTIFY\r\nContact: <sip:floor@127.0.0.1:" + port
                    + ">\r\nEvent: presence\r\nSubscription-State: "
                    + (expires > 0 ? "active;expires=" + expires : "terminated;reason=timeout")
                    + "\r\nContent-Type: application/pidf+xml\r\nContent-Length: " + BODY.length + "\r\n\r\n");
            System.arraycopy(BODY, 0, scratch, w, BODY.length);
            w += BODY.length;
            out.clear();
            out.put(scratch, 0, w).flip();
            ch.send(out, from);
        }
    }

    /** {start, end} of the trimmed value of the first header line called name (or its compact form c), or null. */
    private int[] header(String name, char c) {
        int p = indexOf(0, len, "\n");
        while (p >= 0 && p + 1 < len) {
            int line = p + 1, eol = indexOf(line, len, "\n");
            if (eol < 0 || in[line] == '\r' || in[line] == '\n') {
                return null;
            }
            int colon = -1;
            if (eol - line > name.length() && startsWithIgnoreCase(line, name)) {
                colon = line + name.length();
            } else if (c != 0 && (in[line] | 0x20) == c) {
                colon = line + 1;
            }
            if (colon >= 0) {
                while (colon < eol && in[colon] == ' ') {
                    colon++;
                }
                if (colon < eol && in[colon] == ':') {
                    int v = colon + 1, e = eol;
                    while (v < e && in[v] == ' ') {
                        v++;
                    }
                    while (e > v && (in[e - 1] == '\r' || in[e - 1] == ' ')) {
                        e--;
                    }
                    return new int[] {v, e};
                }
            }
            p = eol;
        }
        return null;
    }

    private boolean startsWith(int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (at + i >= len || in[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean startsWithIgnoreCase(int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (at + i >= len || (in[at + i] | 0x20) != (s.charAt(i) | 0x20)) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(int from, int to, String s) {
        outer:
        for (int i = from; i + s.length() <= to; i++) {
            for (int j = 0; j < s.length(); j++) {
                if (in[i + j] != s.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private String ascii(int[] r) {
        return new String(in, r[0], r[1] - r[0], StandardCharsets.US_ASCII);
    }

    private int copy(byte[] dst, int w, int[] r) {
        System.arraycopy(in, r[0], dst, w, r[1] - r[0]);
        return w + r[1] - r[0];
    }

    private static int put(byte[] dst, int w, String s) {
        for (int i = 0; i < s.length(); i++) {
            dst[w + i] = (byte) s.charAt(i);
        }
        return w + s.length();
    }
}
