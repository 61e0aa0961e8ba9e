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
 * It also answers PUBLISH (a 200 with a SIP-ETag) and REGISTER (a 200 with the Contact): the lat section's floor
 * (row 2f). With a FILE it sends no answer before the requests are durable (row 2g). On one
 * thread, a group commit: it takes every datagram waiting in the socket (up to 64), writes the requests' bytes into
 * FILE with one pwrite and one fdatasync, then sends their answers. FILE is filled with zeros first and written in a
 * circle over its 4 MiB, so that a sync flushes data blocks only, never a size or an extent (an append's sync also
 * commits the file's new size: dearer). That is less than any durable server does per request, so no server that
 * answers after its change is synced can have a lower p99 on this disk, loopback and sipp at the same moment.
 *
 *   subfloor PORT [FILE]  (bench/run builds it with cc -O2 into the results folder; SIGTERM ends it)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
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

#define BATCH 64
#define RING (4 << 20)
static const char body[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" "
    "xmlns:dm=\"urn:ietf:params:xml:ns:pidf:data-model\" xmlns:rpid=\"urn:ietf:params:xml:ns:pidf:rpid\" "
    "entity=\"pres:user1@jabber.test\"><tuple id=\"t1\"><status><basic>closed</basic></status></tuple>"
    "<dm:person id=\"p1\"><rpid:activities><rpid:unknown/></rpid:activities></dm:person></presence>";
static int port;
static unsigned long branch, etag;

/* One request's answers: the final response, and for a SUBSCRIBE its NOTIFY (nn = 0: none). */
struct answer { struct sockaddr_in to; socklen_t tl; char ok[2048], nt[2048]; int on, nn; };

/* Builds the answers to the request IN (len bytes); 0 when it is not one this floor answers. */
static int answer(const char *in, int len, struct answer *a) {
    int sub = len >= 10 && memcmp(in, "SUBSCRIBE ", 10) == 0;
    int pub = len >= 8 && memcmp(in, "PUBLISH ", 8) == 0;
    int reg = len >= 9 && memcmp(in, "REGISTER ", 9) == 0;
    if (!sub && !pub && !reg) return 0;   /* 200s to our NOTIFYs, anything else: dropped */
    struct hdr via = header(in, len, "Via", 'v'), f = header(in, len, "From", 'f'), t = header(in, len, "To", 't'),
               id = header(in, len, "Call-ID", 'i'), cs = header(in, len, "CSeq", 0),
               ct = header(in, len, "Contact", 'm'), ex = header(in, len, "Expires", 0);
    if (!via.n || !f.n || !t.n || !id.n || !cs.n || (!ct.n && !pub)) return 0;
    int expires = ex.n ? atoi(ex.v) : 3600;
    int tagged = memmem(t.v, t.n, ";tag=", 5) != NULL;
    char extra[1024];
    if (sub) snprintf(extra, sizeof extra, "Contact: <sip:floor@127.0.0.1:%d>\r\nExpires: %d\r\n", port, expires);
    else if (pub) snprintf(extra, sizeof extra, "SIP-ETag: floor%lu\r\nExpires: %d\r\n", ++etag, expires);
    else snprintf(extra, sizeof extra, "Contact: %.*s;expires=%d\r\n", ct.n < 900 ? ct.n : 900, ct.v, expires);
    a->nn = 0;
    a->on = snprintf(a->ok, sizeof a->ok,
        "SIP/2.0 200 OK\r\nVia: %.*s\r\nFrom: %.*s\r\nTo: %.*s%s\r\nCall-ID: %.*s\r\nCSeq: %.*s\r\n%s"
        "Content-Length: 0\r\n\r\n",
        via.n, via.v, f.n, f.v, t.n, t.v, tagged ? "" : ";tag=floor", id.n, id.v, cs.n, cs.v, extra);
    if (a->on <= 0 || a->on >= (int)sizeof a->ok) return 0;
    if (!sub) return 1;
    const char *lt = memchr(ct.v, '<', ct.n), *gt = lt ? memchr(lt, '>', ct.v + ct.n - lt) : NULL;
    int un = lt && gt ? (int)(gt - lt - 1) : ct.n;
    const char *uri = lt && gt ? lt + 1 : ct.v;
    char state[64];
    if (expires > 0) snprintf(state, sizeof state, "active;expires=%d", expires);
    else snprintf(state, sizeof state, "terminated;reason=timeout");
    a->nn = snprintf(a->nt, sizeof a->nt,
        "NOTIFY %.*s SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bKfloor%lu\r\nMax-Forwards: 70\r\n"
        "From: %.*s%s\r\nTo: %.*s\r\nCall-ID: %.*s\r\nCSeq: %d NOTIFY\r\nContact: <sip:floor@127.0.0.1:%d>\r\n"
        "Event: presence\r\nSubscription-State: %s\r\nContent-Type: application/pidf+xml\r\n"
        "Content-Length: %d\r\n\r\n%s",
        un, uri, port, ++branch, t.n, t.v, tagged ? "" : ";tag=floor", f.n, f.v, id.n, id.v, atoi(cs.v), port,
        state, (int)(sizeof body - 1), body);
    if (a->nn <= 0 || a->nn >= (int)sizeof a->nt) a->nn = 0;
    return 1;
}

static void send_answer(int s, const struct answer *a) {
    sendto(s, a->ok, a->on, 0, (const struct sockaddr *)&a->to, a->tl);
    if (a->nn) sendto(s, a->nt, a->nn, 0, (const struct sockaddr *)&a->to, a->tl);
}

int main(int argc, char **argv) {
    if (argc != 2 && argc != 3) { fprintf(stderr, "usage: subfloor PORT [FILE]\n"); return 2; }
    port = atoi(argv[1]);
    int fd = -1;
    if (argc == 3) {   /* the ring: written once, so that later writes only overwrite allocated blocks */
        fd = open(argv[2], O_RDWR | O_CREAT | O_TRUNC, 0600);
        if (fd < 0) { perror("subfloor: open"); return 1; }
        static char zero[1 << 16];
        for (int off = 0; off < RING; off += (int)sizeof zero)
            if (write(fd, zero, sizeof zero) != (ssize_t)sizeof zero) { perror("subfloor: write"); return 1; }
        if (fsync(fd) != 0) { perror("subfloor: fsync"); return 1; }
    }
    int s = socket(AF_INET, SOCK_DGRAM, 0), sz = 4 << 20;
    setsockopt(s, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET; a.sin_port = htons(port); a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *)&a, sizeof a) != 0) { perror("subfloor: bind"); return 1; }
    struct sigaction sa = {0};
    sa.sa_handler = on_term; sigaction(SIGTERM, &sa, NULL); sigaction(SIGINT, &sa, NULL);
    static char in[65536], rec[BATCH * 4096 + 4096];
    static struct answer ans[BATCH];
    long at = 0;   /* where the next batch goes in the ring */
    while (!stop) {
        int k = 0, logged = 0;
        for (int flags = 0; k < (fd < 0 ? 1 : BATCH); flags = MSG_DONTWAIT) {
            struct answer *x = &ans[k];
            x->tl = sizeof x->to;
            ssize_t n = recvfrom(s, in, sizeof in - 1, flags, (struct sockaddr *)&x->to, &x->tl);
            if (n <= 0) break;   /* EAGAIN: the socket is empty; EINTR: SIGTERM */
            if (!answer(in, (int)n, x)) continue;
            if (fd >= 0) {
                int keep = n < 4096 ? (int)n : 4096;
                memcpy(rec + logged, in, keep);
                logged += keep;
            }
            k++;
        }
        if (k == 0) continue;
        if (fd >= 0) {
            int len = (logged + 4095) & ~4095;
            if (at + len > RING) at = 0;
            if (pwrite(fd, rec, len, at) != len || fdatasync(fd) != 0) {
                fprintf(stderr, "subfloor: write: %s\n", strerror(errno));
                return 1;
            }
            at += len;
        }
        for (int i = 0; i < k; i++) send_answer(s, &ans[i]);
    }
    close(s);
    if (fd >= 0) close(fd);
    return 0;
}
