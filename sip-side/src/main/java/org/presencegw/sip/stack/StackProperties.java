package org.presencegw.sip.stack;

import java.util.Properties;

/** The one place where JAIN-SIP RI properties are assembled; every property we rely on is set explicitly. */
public final class StackProperties {

    private StackProperties() {
    }

    /**
     * Properties of a presence-server stack.
     *
     * @param stackName unique per instance: {@code SipFactory} caches stacks by name
     */
    public static Properties server(String stackName) {
        Properties p = common(stackName);
        p.setProperty("javax.sip.ROUTER_PATH", FlowRouter.class.getName());
        // Answer UDP requests to the packet's source port even without ;rport (RFC 3581 behaviour for everyone),
        // the same flow our NOTIFYs use; RFC 3261 18.2.2 alone would answer the Via port (default 5060).
        p.setProperty("gov.nist.javax.sip.ALWAYS_ADD_RPORT", "true");
        // The NIO processors (the only ones that serve WS and WSS, docs/STACK.md §10), with a bounded UDP queue:
        // overload sheds datagrams instead of growing the heap until it runs out.
        p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", BoundedUdpQueue.class.getName());
        // Checks the RI's parser lacks (repeated single-valued headers, other SIP versions): RFC 4475 answers.
        p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", StrictMessageParser.Factory.class.getName());
        return p;
    }

    /**
     * Properties shared by the server and test user agents: our dialog state (no automatic dialogs), a bounded
     * listener pool, size limits and transaction lifetime bounds.
     */
    public static Properties common(String stackName) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", stackName);
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        // We keep our own compact subscription dialog state (docs/DESIGN.md): no RI Dialog objects.
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        // Callbacks run concurrently on a small pool; we serialise per subscription ourselves.
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "4");
        // The RI allocates a buffer of this size for every queued UDP datagram: with 64 KiB, an overload of ~14k
        // queued datagrams took ~850 MiB and ended in an OutOfMemoryError that killed the UDP reader for good
        // (bench/FINDINGS.md). 8 KiB (docs/STACK.md §9) is far above any presence request; larger ones get 400 (UDP)
        // or a closed connection (TCP).
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "8192");
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", "4194304");
        p.setProperty("gov.nist.javax.sip.MAX_TX_LIFETIME_NON_INVITE", "64");
        // The RI's java.util.Timer, purged of the tasks it cancels (each transaction cancels its 64-s lifetime timer).
        p.setProperty("gov.nist.javax.sip.TIMER_CLASS_NAME", PurgingSipTimer.class.getName());
        p.setProperty("gov.nist.javax.sip.CACHE_SERVER_CONNECTIONS", "true");
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        // TLS: key and trust managers from StackTls (PEM files), not javax.net.ssl.* keystores; the policy named so
        // the RI does not warn that it uses its default. Watchers need no client certificate.
        p.setProperty("gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER", StackTls.class.getName());
        p.setProperty("gov.nist.javax.sip.TLS_SECURITY_POLICY", "gov.nist.javax.sip.stack.DefaultTlsSecurityPolicy");
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
        return p;
    }
}
