package org.presencegw.sip.stack;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import org.presencegw.sip.SipStartException;
import org.presencegw.sip.api.SipNetwork;
import org.presencegw.sip.api.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running JAIN-SIP RI stack of a presence server: created with {@link StackProperties#server}, listening on
 * each concrete local address with one provider per address and a port per transport, one listener. The only place that calls
 * {@link SipFactory}; {@link #close} stops the stack with a bounded wait (the RI's stop can hang, see
 * docs/STACK.md). Start errors become one-line {@link SipStartException}s.
 */
public final class SipStackHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SipStackHost.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(3);

    private final String stackName;
    private final SipStack stack;
    private final StackContext context;

    private SipStackHost(String stackName, SipStack stack, StackContext context) {
        this.stackName = stackName;
        this.stack = stack;
        this.context = context;
    }

    /**
     * Creates and starts the stack: every concrete address of {@code network} (wildcards expanded, see
     * {@link ListenAddresses}) gets one provider with a listening point per transport. {@code bind} gets the stack
     * context before the listener is added and the stack starts, so that nothing is delivered to parts that are
     * not bound yet. TLS and WSS use {@code keys}.
     */
    public static SipStackHost start(String stackName, SipNetwork network, Optional<KeyManager> keys,
                                     SipListener listener, Consumer<StackContext> bind) throws SipStartException {
        List<InetAddress> addresses;
        try {
            addresses = ListenAddresses.expand(network.listen());
        } catch (UnknownHostException e) {
            throw new SipStartException("cannot resolve listen address: " + rootMessage(e), e);
        }
        if (addresses.isEmpty()) {
            throw new SipStartException("no address to listen on: " + network.listen(), null);
        }
        StackTls.register(stackName, keys.map(k -> new KeyManager[] {k}).orElse(new KeyManager[0]),
                StackTls.jvmTrust());
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        SipStack stack;
        try {
            stack = factory.createSipStack(StackProperties.server(stackName));
        } catch (Exception e) {
            StackTls.unregister(stackName);
            throw new SipStartException("cannot create SIP stack: " + rootMessage(e), e);
        }
        try {
            Map<String, SipProvider> providers = new LinkedHashMap<>();
            for (InetAddress address : addresses) {
                providers.put(HostLiterals.text(address), provider(stack, address, network));
            }
            // Without a stack name the endpoints offer no UDP socket of their own: the RI sends everything.
            LocalEndpoints endpoints = new LocalEndpoints(providers, network.ports(), network.advertise(),
                    DirectUdp.enabled() ? stackName : "");
            StackContext context = new StackContext(endpoints, factory.createMessageFactory(),
                    factory.createHeaderFactory(), factory.createAddressFactory());
            bind.accept(context);
            for (SipProvider provider : providers.values()) {
                provider.addSipListener(listener);
            }
            stack.start();
            return new SipStackHost(stackName, stack, context);
        } catch (SipStartException e) {
            stop(stackName, stack);
            throw e;
        } catch (Exception e) {
            stop(stackName, stack);
            throw new SipStartException("cannot start SIP stack on " + network.listen() + ": " + rootMessage(e), e);
        }
    }

    /** One provider listening on {@code address} with every configured transport. */
    private static SipProvider provider(SipStack stack, InetAddress address, SipNetwork network)
            throws SipStartException {
        String ip = HostLiterals.text(address);
        SipProvider provider = null;
        for (Transport t : Transport.values()) {
            if (!network.transports().contains(t)) {
                continue;
            }
            int port = network.port(t);
            try {
                ListeningPoint lp = stack.createListeningPoint(ip, port, t.wire());
                if (provider == null) {
                    provider = stack.createSipProvider(lp);
                } else {
                    provider.addListeningPoint(lp);
                }
            } catch (Exception e) {
                throw new SipStartException("cannot listen on " + HostLiterals.forUri(ip) + ":" + port + "/"
                        + t.wire() + ": " + rootMessage(e), e);
            }
        }
        return provider;
    }

    public StackContext context() {
        return context;
    }

    /** Stops the stack, waiting at most a few seconds. */
    @Override
    public void close() {
        stop(stackName, stack);
        BoundedUdpQueue.forget(stackName);
    }

    private static void stop(String stackName, SipStack stack) {
        StackTls.unregister(stackName);
        Thread stopper = new Thread(stack::stop, stackName + "-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            LOG.warn("SIP stack {} did not stop within {}", stackName, STOP_WAIT);
        }
    }

    /** The innermost cause's message on one line; "address already in use" said plainly. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = m.replaceAll("\\s+", " ").trim();
        return m.toLowerCase(Locale.ROOT).contains("address already in use") ? "address already in use" : m;
    }
}
