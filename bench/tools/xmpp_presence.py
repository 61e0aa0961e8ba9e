#!/usr/bin/env python3
"""Dependency-free XMPP client for the presence-gateway bench (no TLS, SASL PLAIN; loopback only).
Adapted from ../shared/bench/tools/xmpp_presence.py: every presence change carries <status>seqN</status> so that the
SIP side (sipp/watchloop.xml logs the "seqN" of each NOTIFY body) can match NOTIFYs to the stanza that caused them.

Logs in, sends initial presence (no status), prints "LOGGED_IN <epoch>", then either
  --count N --interval S --wait W : after W s sends N changes alternating away/available, S s apart
  --stdin                          : one change per input line "<state> [tag]" (state: available|away|dnd|xa|chat)
printing "PRESENCE_SENT <epoch_seconds.micro> <state> <tag>" just before each stanza is written to the socket.
"""
import argparse, base64, re, socket, sys, threading, time

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--jid', required=True); ap.add_argument('--password', default='pw')
    ap.add_argument('--host', default='127.0.0.1'); ap.add_argument('--port', type=int, default=5222)
    ap.add_argument('--resource', default='bench'); ap.add_argument('--wait', type=float, default=3)
    ap.add_argument('--count', type=int, default=1); ap.add_argument('--interval', type=float, default=2)
    ap.add_argument('--linger', type=float, default=1); ap.add_argument('--stdin', action='store_true')
    a = ap.parse_args()
    if not (a.host.startswith('127.') or a.host in ('::1', 'localhost')):
        sys.exit('loopback only')
    user, domain = a.jid.split('@')
    s = socket.create_connection((a.host, a.port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    buf = ['']

    def send(x):
        s.sendall(x.encode())

    def read_until(pat, timeout=10):
        s.settimeout(timeout); end = time.time() + timeout
        while not re.search(pat, buf[0], re.S):
            if time.time() > end: raise TimeoutError(pat + ' / got: ' + buf[0][-300:])
            d = s.recv(65536)
            if not d: raise EOFError(buf[0][-300:])
            buf[0] += d.decode(errors='replace')
        m = re.search(pat, buf[0], re.S); out = buf[0][:m.end()]; buf[0] = buf[0][m.end():]
        return out

    hdr = ("<?xml version='1.0'?><stream:stream to='%s' xmlns='jabber:client' "
           "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>" % domain)
    send(hdr); read_until(r'</stream:features>')
    tok = base64.b64encode(('\0%s\0%s' % (user, a.password)).encode()).decode()
    send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>%s</auth>" % tok)
    r = read_until(r'<success[^>]*/>|<success.*?</success>|<failure.*?</failure>')
    if 'failure' in r: sys.exit('auth failed: ' + r)
    send(hdr); read_until(r'</stream:features>')
    send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>%s</resource></bind></iq>" % a.resource)
    read_until(r"<iq[^>]*id=['\"]b1['\"].*?</iq>")
    send("<iq type='set' id='s1'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>")
    send('<presence/>')
    print('LOGGED_IN %.6f %s' % (time.time(), a.jid), flush=True)

    stop = [False]
    def reader():  # drain input so that Prosody never blocks on us
        s.settimeout(0.5)
        while not stop[0]:
            try:
                d = s.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            if not d: return
    threading.Thread(target=reader, daemon=True).start()

    def changes():
        if a.stdin:
            for line in sys.stdin:
                p = line.split()
                if p: yield p[0], (p[1] if len(p) > 1 else '')
        else:
            time.sleep(a.wait)
            for i in range(1, a.count + 1):
                yield ('away' if i % 2 else 'available'), 'seq%d' % i
                if i < a.count: time.sleep(a.interval)
    for st, tag in changes():
        status = '<status>%s</status>' % tag if tag else ''
        x = '<presence>%s%s</presence>' % ('' if st == 'available' else '<show>%s</show>' % st, status)
        print('PRESENCE_SENT %.6f %s %s' % (time.time(), st, tag), flush=True)
        send(x)
    time.sleep(a.linger)
    stop[0] = True
    try:
        send('</stream:stream>'); s.close()
    except OSError:
        pass

if __name__ == '__main__':
    main()
