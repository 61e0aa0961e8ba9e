#!/usr/bin/env python3
"""The floor of the bench's fan-out figure: a "server" that does nothing but fan out (loopback only, no dependencies).

Answers each SUBSCRIBE of sipp/watchloop.xml with 200 and an initial NOTIFY. Once --watchers watchers have answered
their initial NOTIFY, it fans out --rounds changes, --interval s apart: all NOTIFYs of a change (a PIDF body with
<note>seqN</note>, which watchloop.xml logs) are encoded before the clock starts and then sent back to back, one
sendto each, with nothing else of this process running (the watchers' 200s wait in the socket's buffer until the
change is sent). For each change it prints "T0 seqN <epoch_seconds.micro> <ms the sending took>". The time from T0 to
sipp's log of the last NOTIFY is then what the watcher itself needs to take the fan-out on this machine: sipp takes
the NOTIFYs one at a time on one thread, so a server that sent them faster would not see the last one logged sooner,
and one that also builds them and receives the 200s does more than this one (bench/FINDINGS.md, "Session 29").
"""
import argparse, socket, sys, threading, time


def header(lines, name):
    prefix = name.lower() + ':'
    for line in lines:
        if line.lower().startswith(prefix):
            return line.split(':', 1)[1].strip()
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--port', type=int, required=True); ap.add_argument('--watchers', type=int, required=True)
    ap.add_argument('--rounds', type=int, default=10); ap.add_argument('--interval', type=float, default=2)
    ap.add_argument('--ready-timeout', type=float, default=60)
    a = ap.parse_args()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    s.bind(('127.0.0.1', a.port))
    dialogs = {}  # Call-ID -> dialog: address, remote target, their From (our To), our To (with our tag), CSeq
    lock = threading.Lock()
    ready = [0]
    branch = [0]

    def notify(d, tag):
        branch[0] += 1
        d['cseq'] += 1
        body = ('<?xml version="1.0" encoding="UTF-8"?>\r\n<presence xmlns="urn:ietf:params:xml:ns:pidf" '
                'entity="pres:user1@jabber.test"><tuple id="t"><status><basic>open</basic></status>'
                '<note>%s</note></tuple></presence>' % tag).encode()
        head = ('NOTIFY %s SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bKfloor%d\r\nMax-Forwards: 70\r\n'
                'To: %s\r\nFrom: %s\r\nCall-ID: %s\r\nCSeq: %d NOTIFY\r\nContact: <sip:127.0.0.1:%d>\r\n'
                'Event: presence\r\nSubscription-State: active;expires=3600\r\n'
                'Content-Type: application/pidf+xml\r\nContent-Length: %d\r\n\r\n'
                % (d['target'], a.port, branch[0], d['them'], d['us'], d['call'], d['cseq'], a.port,
                   len(body))).encode()
        return head + body

    def reader():
        while True:
            data, addr = s.recvfrom(65535)
            lines = data.decode('latin-1').split('\r\n')
            if lines[0].startswith('SUBSCRIBE'):
                call = header(lines, 'Call-ID')
                with lock:
                    d = dialogs.get(call)
                    if d is None:
                        d = {'addr': addr, 'call': call, 'them': header(lines, 'From'), 'cseq': 0,
                             'us': header(lines, 'To') + ';tag=floor%d' % len(dialogs),
                             'target': (header(lines, 'Contact') or '').strip('<>')}
                        dialogs[call] = d
                ok = ('SIP/2.0 200 OK\r\nVia: %s\r\nFrom: %s\r\nTo: %s\r\nCall-ID: %s\r\nCSeq: %s\r\n'
                      'Contact: <sip:127.0.0.1:%d>\r\nExpires: 3600\r\nContent-Length: 0\r\n\r\n'
                      % (header(lines, 'Via'), d['them'], d['us'], call, header(lines, 'CSeq'), a.port))
                s.sendto(ok.encode(), addr)
                if d['cseq'] == 0:
                    s.sendto(notify(d, 'initial'), addr)
            elif lines[0].startswith('SIP/2.0 200') and (header(lines, 'CSeq') or '') == '1 NOTIFY':
                with lock:
                    ready[0] += 1
                    if ready[0] >= a.watchers:
                        return  # from here on the 200s wait in the socket's buffer (drained between changes), so
                        # that no thread of ours competes with the sending for Python's interpreter lock

    threading.Thread(target=reader, daemon=True).start()
    deadline = time.time() + a.ready_timeout
    while ready[0] < a.watchers:
        if time.time() > deadline:
            sys.exit('fanfloor: %d of %d watchers ready after %.0f s' % (ready[0], a.watchers, a.ready_timeout))
        time.sleep(0.05)
    time.sleep(1)
    with lock:
        ds = list(dialogs.values())
    for r in range(1, a.rounds + 1):
        try:
            while True:
                s.recv(65535, socket.MSG_DONTWAIT)
        except BlockingIOError:
            pass
        tag = 'seq%d' % r
        wire = [(notify(d, tag), d['addr']) for d in ds]
        t0 = time.time()
        for m, addr in wire:
            s.sendto(m, addr)
        print('T0 %s %.6f %.2f' % (tag, t0, (time.time() - t0) * 1000), flush=True)
        time.sleep(a.interval)


if __name__ == '__main__':
    main()
