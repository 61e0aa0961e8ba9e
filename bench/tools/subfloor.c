/* The floor of the bench's SUBSCRIBE ramp: a "server" that does the least any presence server must do per call of
 * bench/sipp/subscribe.xml (and unsubscribe.xml, the warm-up's), in C, on one thread, loopback only.
 *
 * For each SUBSCRIBE datagram: one sendto of a 200 (its Via, From, Call-ID and CSeq copied, a To tag added unless the
 * request has one), one sendto of a NOTIFY carrying a PIDF document of the gateway's size (Subscription-State active,
 * or terminated for Expires: 0), and nothing kept: no dialog table, no timers, no retransmissions, no parse beyond
 * finding six header lines. Responses (the NOTIFYs' 200s) are read and dropped. What sipp measures against it is
 * what sipp, the kernel's loopback UDP and a server with no work at all take on this machine: the part of each step's
 * p99 and of its 2 cores that no server can remove (bench/FINDINGS.md, "Session 34").
 *
 *   subfloor PORT        (bench/run builds it with cc -O2 into the results folder; SIGTERM ends it)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXH 8
struct hdr { const char *v; int n; };

/* The value of the first header line called NAME (or its compact form C, 0 for none), trimmed; n = 0 when absent. */
static struct hdr header(const char *m, int len, const char *name, char c) {
    struct hdr h = {0, 0};
    size_t nl = strlen(name);
    const char *p = memchr(m, '\n', len), *end = m + len;
    while (p && p + 1 < end) {
        const char *line = p + 1, *eol = memchr(line, '\n', end - line);
        if (!eol || line[0] == '\r' || line[0] == '\n') break;
        const char *colon = NULL;
        if ((size_t)(eol - line) > nl && strncasecmp(line, name, nl) == 0) colon = line + nl;
        else if (c && (line[0] == c || line[0] == (c ^ 0x20))) colon = line + 1;
        if (colon) {
            while (colon < eol && *colon == ' ') colon++;
            if (colon < eol && *colon == ':') {
                const char *v = colon + 1, *e = eol;
                while (v < e && *v == ' ') v++;
                while (e > v && (e[-1] == '\r' || e[-1] == ' ')) e--;
                h.v = v; h.n = (int)(e - v);
                return h;
            }
        }
        p = eol;
    }
    return h;
}

static volatile sig_atomic_t stop;
static void on_term(int s) { (void)s; stop = 1; }

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: subfloor PORT\n"); return 2; }
    int port = atoi(argv[1]);
    int s = socket(AF_INET, SOCK_DGRAM, 0), sz = 4 << 20;
    setsockopt(s, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET; a.sin_port = htons(port); a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *)&a, sizeof a) != 0) { perror("subfloor: bind"); return 1; }
    struct sigaction sa = {0};
    sa.sa_handler = on_term; sigaction(SIGTERM, &sa, NULL); sigaction(SIGINT, &sa, NULL);
    static const char body[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" "
        "xmlns:dm=\"urn:ietf:params:xml:ns:pidf:data-model\" xmlns:rpid=\"urn:ietf:params:xml:ns:pidf:rpid\" "
        "entity=\"pres:user1@jabber.test\"><tuple id=\"t1\"><status><basic>closed</basic></status></tuple>"
        "<dm:person id=\"p1\"><rpid:activities><rpid:unknown/></rpid:activities></dm:person></presence>";
    char in[65536], ok[4096], nt[4096];
    unsigned long branch = 0;
    while (!stop) {
        struct sockaddr_in from; socklen_t fl = sizeof from;
        ssize_t n = recvfrom(s, in, sizeof in - 1, 0, (struct sockaddr *)&from, &fl);
        if (n <= 0) continue;
        if (n < 10 || memcmp(in, "SUBSCRIBE ", 10) != 0) continue;   /* 200s to our NOTIFYs, anything else: dropped */
        int len = (int)n;
        struct hdr via = header(in, len, "Via", 'v'), f = header(in, len, "From", 'f'), t = header(in, len, "To", 't'),
                   id = header(in, len, "Call-ID", 'i'), cs = header(in, len, "CSeq", 0),
                   ct = header(in, len, "Contact", 'm'), ex = header(in, len, "Expires", 0);
        if (!via.n || !f.n || !t.n || !id.n || !cs.n || !ct.n) continue;
        int expires = ex.n ? atoi(ex.v) : 3600;
        int tagged = memmem(t.v, t.n, ";tag=", 5) != NULL;
        const char *lt = memchr(ct.v, '<', ct.n), *gt = lt ? memchr(lt, '>', ct.v + ct.n - lt) : NULL;
        int un = lt && gt ? (int)(gt - lt - 1) : ct.n;
        const char *uri = lt && gt ? lt + 1 : ct.v;
        int k = snprintf(ok, sizeof ok,
            "SIP/2.0 200 OK\r\nVia: %.*s\r\nFrom: %.*s\r\nTo: %.*s%s\r\nCall-ID: %.*s\r\nCSeq: %.*s\r\n"
            "Contact: <sip:floor@127.0.0.1:%d>\r\nExpires: %d\r\nContent-Length: 0\r\n\r\n",
            via.n, via.v, f.n, f.v, t.n, t.v, tagged ? "" : ";tag=floor", id.n, id.v, cs.n, cs.v, port, expires);
        if (k <= 0 || k >= (int)sizeof ok) continue;
        sendto(s, ok, k, 0, (struct sockaddr *)&from, fl);
        char state[64];
        if (expires > 0) snprintf(state, sizeof state, "active;expires=%d", expires);
        else snprintf(state, sizeof state, "terminated;reason=timeout");
        k = snprintf(nt, sizeof nt,
            "NOTIFY %.*s SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bKfloor%lu\r\nMax-Forwards: 70\r\n"
            "From: %.*s%s\r\nTo: %.*s\r\nCall-ID: %.*s\r\nCSeq: %d NOTIFY\r\nContact: <sip:floor@127.0.0.1:%d>\r\n"
            "Event: presence\r\nSubscription-State: %s\r\nContent-Type: application/pidf+xml\r\n"
            "Content-Length: %d\r\n\r\n%s",
            un, uri, port, ++branch, t.n, t.v, tagged ? "" : ";tag=floor", f.n, f.v, id.n, id.v, atoi(cs.v), port,
            state, (int)(sizeof body - 1), body);
        if (k <= 0 || k >= (int)sizeof nt) continue;
        sendto(s, nt, k, 0, (struct sockaddr *)&from, fl);
    }
    close(s);
    return 0;
}
