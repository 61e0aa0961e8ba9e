package org.presencegw.bench;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jxmpp.jid.impl.JidCreate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.presencegw.gateway.jabber.AddressMapper;
import org.presencegw.gateway.jabber.PresenceMapper;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.pidf.PidfRenderer;
import org.presencegw.xmpp.ResourcePresence;
import org.presencegw.xmpp.Show;
import org.presencegw.xmpp.StatusText;

/**
 * Hot pure code on the NOTIFY path: XMPP resources -> PIDF model (PresenceMapper), model -> PIDF bytes
 * (PidfRenderer), and the SIP Request-URI -> JID mapping used to route a SUBSCRIBE (AddressMapper).
 * Run with {@code -prof gc} for allocation per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBench {

    private final PidfRenderer renderer = new PidfRenderer();
    private List<ResourcePresence> oneResource;
    private List<ResourcePresence> twoResources;
    private PresenceDocument twoResourceDoc;
    private PresenceDocument offlineDoc;
    private AddressMapper addresses;
    private SipAddress presentity;
    private SipAddress escapedPresentity;

    @Setup
    public void setup() throws Exception {
        Instant t = Instant.parse("2026-11-26T08:00:00Z");
        oneResource = List.of(new ResourcePresence("laptop", Show.AWAY,
                List.of(new StatusText("in a meeting until 3", Optional.of("en"))), 5, Optional.of("en"), t));
        twoResources = List.of(oneResource.get(0), new ResourcePresence("phone", Show.AVAILABLE, List.of(), 0,
                Optional.empty(), t.plusSeconds(30)));
        twoResourceDoc = PresenceMapper.map(twoResources);
        offlineDoc = PresenceMapper.map(List.of());
        addresses = new AddressMapper(JidCreate.domainBareFrom("jabber.test"));
        presentity = SipAddress.parse("sip:user4711@jabber.test");
        escapedPresentity = SipAddress.parse("sip:J%C3%BCrgen.M%C3%BCller%20x@jabber.test");
    }

    @Benchmark
    public PresenceDocument mapOneResource() {
        return PresenceMapper.map(oneResource);
    }

    @Benchmark
    public PresenceDocument mapTwoResources() {
        return PresenceMapper.map(twoResources);
    }

    @Benchmark
    public byte[] renderTwoResources() {
        return renderer.render(twoResourceDoc, "sip:bob@jabber.test");
    }

    @Benchmark
    public byte[] renderOffline() {
        return renderer.render(offlineDoc, "sip:bob@jabber.test");
    }

    @Benchmark
    public byte[] mapAndRenderOneResource() {
        return renderer.render(PresenceMapper.map(oneResource), "sip:bob@jabber.test");
    }

    @Benchmark
    public Object parseRequestUri() {
        return SipAddress.parse("sip:user4711@jabber.test");
    }

    @Benchmark
    public Object routeToJid() {
        return addresses.toJid(presentity);
    }

    @Benchmark
    public Object routeEscapedToJid() {
        return addresses.toJid(escapedPresentity);
    }
}
