#!/usr/bin/env python3
"""When each packet of a bench section crossed the loopback, by the kernel's clock (Linux, root; no dependencies).

The fan-out and stanza figures of bench/run are taken from sipp's log: the time the watcher process got round to a
NOTIFY. sipp takes the NOTIFYs one at a time on one thread, so for 1000 of them its log says as much about sipp as
about the server (row 4e, the floor). This tool adds what the wire says: when the stanza entered the XMPP server,
when the XMPP server passed it on, when each NOTIFY reached the watcher's host stack.

  wiretap.py capture --dst P,... [--src P,...] --out FILE
      Opens an AF_PACKET socket on lo with a classic BPF filter (IPv4 UDP or TCP to a --dst port or from a --src
      port, the receiving copy only) and kernel timestamps (SO_TIMESTAMPNS), prints READY, then reads nothing until
      SIGTERM or SIGINT: during the measurement it takes no CPU of its own (the packets wait in a 256 MiB buffer).
      Then it writes one line per packet with data: <epoch s.us> <U|T> <sport> <dport> <first token> <seqN tags
      or -> <Call-ID or ->; the first token of a NOTIFY that ends its subscription is NOTIFY/terminated.
      Exits 3 when the kernel dropped packets (buffer full), 2 when it cannot capture (not root, not Linux).
  wiretap.py fan FILE --watcher P [--xmpp P] [--tags seq1,seq2] [--expect N]
      Per change: for XMPP changes (--tags), the stanza into the XMPP server (--xmpp port), out of it, and the first
      and last NOTIFY to the watcher port carrying the tag; without --tags, the first PUBLISH and the NOTIFYs to the
      watcher port after it. The first NOTIFY of each dialog counts (not a copy, not a final one of an unsubscribe),
      and only the dialogs of the watcher process (sipp's Call-ID <n>-<pid>@host) that got most of the NOTIFYs.
      Prints "<tag> <n> <t0 epoch> <xmpp-server ms> <first ms> <last ms>" (ms after t0).
  wiretap.py single FILE --watcher P --xmpp P
      Per tag (one watcher, many changes): Prosody's share, the gateway's, and the whole wire path, as
      "<tag> <t_in epoch> <server ms> <gateway ms> <wire ms>".
"""
import argparse, ctypes, re, signal, socket, struct, sys, time

ETH_P_ALL = 0x0003
SO_ATTACH_FILTER = 26
SO_RCVBUFFORCE = 33
SO_TIMESTAMPNS = 35
SOL_PACKET = 263
PACKET_STATISTICS = 6
PACKET_HOST = 0
SEQ = re.compile(rb'seq[0-9]+')
CALL_ID = re.compile(rb'\r\n(?:Call-ID|i)[ \t]*:[ \t]*([^\r\n]+)', re.I)
TERMINATED = re.compile(rb'\r\n(?:Subscription-State|o)[ \t]*:[ \t]*terminated', re.I)


def bpf(dst, src):
    """IPv4, UDP or TCP, a packet delivered to this host (not its outgoing copy), to a dst port or from a src port."""
    prog = []  # (code, jt label, jf label, k); labels: 'next', 'ok', 'no' or an index

    def op(code, k=0, jt='next', jf='next'):
        prog.append([code, jt, jf, k])
    op(0x20, 0xfffff004)                    # ld  pkttype (SKF_AD_OFF + SKF_AD_PKTTYPE)
    op(0x15, PACKET_HOST, 'next', 'no')     # jeq host
    op(0x28, 12)                            # ldh [12] ethertype (lo has a zeroed Ethernet header)
    op(0x15, 0x0800, 'next', 'no')          # jeq IPv4
    op(0x30, 23)                            # ldb [23] protocol
    op(0x15, 17, 'ports', 'next')           # jeq UDP
    op(0x15, 6, 'ports', 'no')              # jeq TCP
    ports = len(prog)
    op(0xb1, 14)                            # ldxb 4*([14]&0xf): the IP header's length
    op(0x48, 16)                            # ldh [x+16]: destination port
    for p in dst:
        op(0x15, p, 'ok', 'next')
    op(0x48, 14)                            # ldh [x+14]: source port
    for p in src:
        op(0x15, p, 'ok', 'next')
    no = len(prog)
    op(0x06, 0)                             # ret 0: not this one
    ok = len(prog)
    op(0x06, 0x40000)                       # ret: the whole packet
    out = b''
    for i, (code, jt, jf, k) in enumerate(prog):
        def off(label):
            target = {'next': i + 1, 'ok': ok, 'no': no, 'ports': ports}[label]
            return target - i - 1
        out += struct.pack('HBBI', code, off(jt) if code & 0x07 == 0x05 else 0, off(jf) if code & 0x07 == 0x05 else 0, k)
    return out, len(prog)


def capture(a):
    dst = [int(p) for p in a.dst.split(',') if p]
    src = [int(p) for p in (a.src or '').split(',') if p]
    try:
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    except (OSError, AttributeError) as e:
        print('wiretap: cannot capture on lo: %s' % e, file=sys.stderr)
        return 2
    code, n = bpf(dst, src)
    buf = ctypes.create_string_buffer(code, len(code))
    s.setsockopt(socket.SOL_SOCKET, SO_ATTACH_FILTER, struct.pack('HxxxxxxQ', n, ctypes.addressof(buf)))
    s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 256 << 20)
    s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    s.bind(('lo', ETH_P_ALL))
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    print('READY', flush=True)
    while not stop:
        time.sleep(0.5)  # nothing read (no wake-up per packet) while the section runs; a signal is seen within 0.5 s
    s.setblocking(False)
    lines = []
    while True:
        try:
            data, anc, _, _ = s.recvmsg(65536, socket.CMSG_SPACE(16))
        except BlockingIOError:
            break
        ts = None
        for level, kind, value in anc:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                sec, nsec = struct.unpack('qq', value[:16])
                ts = sec + nsec / 1e9
        if ts is None:
            ts = time.time()
        ihl = (data[14] & 0x0f) * 4
        proto = data[23]
        l4 = 14 + ihl
        sport, dport = struct.unpack('!HH', data[l4:l4 + 4])
        if proto == 17:
            payload, kind = data[l4 + 8:], 'U'
        else:
            payload, kind = data[l4 + ((data[l4 + 12] >> 4) * 4):], 'T'
        if not payload:
            continue  # TCP without data (ACKs)
        words = payload.split(None, 1)
        first = words[0][:24].decode('latin-1', 'replace') if words else '-'
        tags = sorted({t.decode() for t in SEQ.findall(payload)})
        call = '-'
        if kind == 'U':
            m = CALL_ID.search(payload)
            call = '_'.join(m.group(1).decode('latin-1').split()) or '-' if m else '-'
            if first == 'NOTIFY' and TERMINATED.search(payload):
                first = 'NOTIFY/terminated'
        lines.append('%.6f %s %d %d %s %s %s' % (ts, kind, sport, dport, first, ','.join(tags) or '-', call))
    stats = s.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8)
    packets, drops = struct.unpack('II', stats)
    with open(a.out, 'w') as f:
        f.write('\n'.join(lines) + ('\n' if lines else ''))
    if drops:
        print('wiretap: the kernel dropped %d of %d packets (buffer full)' % (drops, packets), file=sys.stderr)
        return 3
    return 0


def read(path):
    out = []
    for line in open(path):
        f = line.split()
        if len(f) == 7:
            out.append((float(f[0]), f[1], int(f[2]), int(f[3]), f[4], [] if f[5] == '-' else f[5].split(','),
                        f[6]))
    out.sort(key=lambda r: r[0])
    return out


def fan(a):
    rows = read(a.file)
    notifies = [r for r in rows if r[1] == 'U' and r[3] == a.watcher and r[4] == 'NOTIFY']

    def process(call_id):  # sipp's Call-IDs are <call number>-<pid>@<host>: the watcher process's part
        return call_id.split('-', 1)[-1]

    def firsts(after, tag=None):  # the first NOTIFY of each dialog at or after t0 (carrying tag)
        # Only the dialogs of the watcher process that got most of them: each round's sipp listens on the same port,
        # and a NOTIFY retransmitted to an earlier round's dialog (its sipp gone) is not part of this change.
        counts = {}
        for r in notifies:
            if r[0] >= after and (tag is None or tag in r[5]):
                counts[process(r[6])] = counts.get(process(r[6]), 0) + 1
        mine = max(counts, key=counts.get) if counts else None
        seen, out = set(), []
        for r in notifies:
            if r[0] >= after and (tag is None or tag in r[5]) and process(r[6]) == mine and r[6] not in seen:
                seen.add(r[6])
                out.append(r[0])
        return out
    if a.tags:
        for tag in a.tags.split(','):
            into = next((r for r in rows if r[3] == a.xmpp and tag in r[5]), None)  # the client's stanza
            if into is None:
                print('%s 0 - - - -' % tag)
                continue
            t0, client = into[0], into[2]
            out = [r[0] for r in rows if r[2] == a.xmpp and r[3] != client and tag in r[5] and r[0] >= t0]
            report(tag, t0, out[0] if out else None, firsts(t0, tag))
    else:
        pub = [r[0] for r in rows if r[1] == 'U' and r[4] == 'PUBLISH']
        if not pub:
            print('publish 0 - - - -')
            return 0
        t0 = pub[0]
        report('publish', t0, None, firsts(t0))
    return 0


def report(tag, t0, passed, mine):
    ms = lambda t: '%.2f' % ((t - t0) * 1000) if t is not None else '-'
    print('%s %d %.6f %s %s %s' % (tag, len(mine), t0, ms(passed), ms(mine[0] if mine else None),
                                   ms(mine[-1] if mine else None)))


def single(a):
    rows = read(a.file)
    first_in, first_out, first_notify, client = {}, {}, {}, {}
    for t, kind, sport, dport, _, tags, _ in rows:
        for tag in tags:
            if dport == a.xmpp and tag not in first_in:
                first_in[tag], client[tag] = t, sport
    for t, kind, sport, dport, first, tags, _ in rows:
        for tag in tags:
            if sport == a.xmpp and dport != client.get(tag) and tag in first_in and tag not in first_out:
                first_out[tag] = t
            if kind == 'U' and dport == a.watcher and first == 'NOTIFY' and tag in first_in and tag not in first_notify:
                first_notify[tag] = t
    for tag in sorted(first_notify, key=lambda x: first_in[x]):
        t0, t1, t2 = first_in[tag], first_out.get(tag), first_notify[tag]
        print('%s %.6f %s %s %.3f' % (tag, t0, '%.3f' % ((t1 - t0) * 1000) if t1 else '-',
                                      '%.3f' % ((t2 - t1) * 1000) if t1 else '-', (t2 - t0) * 1000))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest='cmd', required=True)
    c = sub.add_parser('capture'); c.add_argument('--dst', required=True); c.add_argument('--src')
    c.add_argument('--out', required=True)
    f = sub.add_parser('fan'); f.add_argument('file'); f.add_argument('--watcher', type=int, required=True)
    f.add_argument('--xmpp', type=int); f.add_argument('--tags')
    s = sub.add_parser('single'); s.add_argument('file'); s.add_argument('--watcher', type=int, required=True)
    s.add_argument('--xmpp', type=int, required=True)
    a = ap.parse_args()
    return {'capture': capture, 'fan': fan, 'single': single}[a.cmd](a)


if __name__ == '__main__':
    sys.exit(main())
