package org.presencegw.gateway.store.testing;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.presencegw.gateway.config.StoreSettings;
import org.presencegw.gateway.store.GatewayStore;
import org.presencegw.gateway.store.Stores;
import org.presencegw.gateway.store.XmppChange;
import org.presencegw.gateway.store.XmppMemoryRow;
import org.presencegw.sip.store.BindingRow;
import org.presencegw.sip.store.PublicationRow;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.SubscriptionRow;

/**
 * The child process of the crash tests: opens a store and commits for ever from several threads, each waiting for
 * its commit like a request waits for its 2xx, and prints {@code ACK <id>} on stdout once a commit is durable (and
 * {@code XACK <id>} for the XMPP memory commits made every tenth id). Commit {@code id} is one atomic change list: a
 * subscription {@code call-<id>}, the bindings of {@code sip:u<id>@crash.test} and a publication {@code etag-<id>}.
 * The test kills it with SIGKILL and checks that every acknowledged id is whole in the store.
 *
 * <p>Arguments: {@code embedded DIR FIRST_ID THREADS} ({@code embedded-normal}: with {@code sync: normal}) or
 * {@code postgresql URL USER FIRST_ID THREADS}.
 */
public final class CommitBurst {
    private CommitBurst() {
    }

    public static void main(String[] args) throws Exception {
        boolean embedded = args[0].startsWith("embedded");
        StoreSettings settings = embedded
                ? new StoreSettings.Embedded(Path.of(args[1]), args[0].equals("embedded-normal")
                        ? StoreSettings.Sync.NORMAL : StoreSettings.Sync.FULL)
                : new StoreSettings.Postgresql(args[1], Optional.of(args[2]), Optional.empty());
        int rest = embedded ? 2 : 3;
        AtomicLong ids = new AtomicLong(Long.parseLong(args[rest]));
        int threads = Integer.parseInt(args[rest + 1]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.US_ASCII);
        GatewayStore store = Stores.open(settings, Path.of(""));
        out.print("READY " + ProcessHandle.current().pid() + "\n");
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> burst(store, ids, out), "burst-" + t);
            thread.start();
        }
        new CountDownLatch(1).await(10, TimeUnit.MINUTES); // killed long before
        System.exit(3);
    }

    private static void burst(GatewayStore store, AtomicLong ids, PrintStream out) {
        while (true) {
            long id = ids.getAndIncrement();
            try {
                store.commit(changes(id)).toCompletableFuture().get();
                out.print("ACK " + id + "\n");
                if (id % 10 == 0) {
                    store.commitXmpp(List.of(new XmppChange.PutMemory(memory(id)))).toCompletableFuture().get();
                    out.print("XACK " + id + "\n");
                }
            } catch (Exception e) {
                out.print("FAIL " + id + " " + e.getMessage() + "\n");
            }
        }
    }

    /** The change list of commit {@code id}. */
    public static List<SipChange> changes(long id) {
        return List.of(new SipChange.PutSubscription(subscription(id)),
                new SipChange.ReplaceBindings(aor(id), List.of(binding(id))),
                new SipChange.PutPublication(publication(id)));
    }

    public static SubscriptionRow subscription(long id) {
        return new SubscriptionRow("call-" + id, "tag-" + id, "rtag-" + id, "sip:bob@jabber.test",
                "sip:u" + id + "@crash.test", id, 1, List.of("<sip:edge.crash.test;lr>"),
                "sip:u" + id + "@192.0.2.1:5062", "udp", "192.0.2.1", 5062, Optional.empty(), "presence",
                "application/pidf+xml", "", "sip:u" + id + "@crash.test", "sip:bob@jabber.test", "ACTIVE",
                1_800_000_000_000L + id, 1);
    }

    public static String aor(long id) {
        return "sip:u" + id + "@crash.test";
    }

    public static BindingRow binding(long id) {
        return new BindingRow(aor(id), "sip:u" + id + "@192.0.2.1:5062", "reg-" + id, id, 1_800_000_000_000L,
                Optional.empty(), "udp:192.0.2.1:5062", List.of());
    }

    public static PublicationRow publication(long id) {
        return new PublicationRow(aor(id), "etag-" + id, "application/pidf+xml",
                ("<presence entity='" + aor(id) + "'/>").getBytes(StandardCharsets.UTF_8), 1_800_000_000_000L, id);
    }

    public static XmppMemoryRow memory(long id) {
        return new XmppMemoryRow("alice@jabber.test", "c" + id + "@jabber.test", "REQUESTED", id);
    }
}
