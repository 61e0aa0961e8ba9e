package org.presencegw.gateway.admin;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.presencegw.gateway.store.CommitStats;
import org.presencegw.sip.OperatorView;
import org.presencegw.sip.api.SipStats;
import org.presencegw.xmpp.LinkState;

/**
 * The gateway's own metrics, read at scrape time from the {@link OperatorModel} (gauges as callbacks, counters from
 * the SIP side's {@link SipStats}): nothing is counted twice and nothing runs between scrapes. Counter names are
 * given without {@code _total}, which the text format adds.
 */
final class GatewayCollector implements MultiCollector {

    /** Event packages always shown, with 0 when none is live. */
    private static final List<String> EVENTS = List.of("presence", "dialog");

    private final OperatorModel model;

    GatewayCollector(OperatorModel model) {
        this.model = model;
    }

    @Override
    public MetricSnapshots collect() {
        OperatorView sip = model.sip();
        List<MetricSnapshot> out = new ArrayList<>();
        out.add(subscriptions(sip));
        out.add(accounts());
        out.add(requests(sip.stats()));
        out.add(notifies(sip.stats()));
        out.add(latency(sip.stats()));
        out.add(CounterSnapshot.builder().name("presencegw_sip_udp_copies_dropped")
                .help("Copies of UDP requests dropped unparsed while their first copy was still waiting or handled")
                .dataPoint(CounterDataPointSnapshot.builder().value((double) sip.stats().udpCopiesDropped()).build())
                .build());
        out.add(gauge("presencegw_registrations", "Registration bindings held by the registrar",
                model.registrations().size()));
        out.add(gauge("presencegw_publications", "Publications (PUBLISH, RFC 3903) held", model.publicationCount()));
        out.add(gauge("presencegw_store_up", "1 while the store writes, 0 while it is in trouble",
                model.storeHealthy() ? 1 : 0));
        CommitStats.Snapshot commits = model.storeCommits();
        out.add(storeCommits(commits));
        out.add(CounterSnapshot.builder().name("presencegw_store_changes")
                .help("Change lists (one per acknowledged request or background write) by outcome")
                .dataPoint(CounterDataPointSnapshot.builder().value((double) commits.committedLists())
                        .labels(Labels.of("outcome", "committed")).build())
                .dataPoint(CounterDataPointSnapshot.builder().value((double) commits.failedLists())
                        .labels(Labels.of("outcome", "failed")).build())
                .build());
        return new MetricSnapshots(out);
    }

    private static MetricSnapshot subscriptions(OperatorView sip) {
        Map<String, Long> counts = new TreeMap<>();
        EVENTS.forEach(e -> counts.put(e, 0L));
        counts.putAll(sip.subscriptions().countByEvent());
        GaugeSnapshot.Builder g = GaugeSnapshot.builder().name("presencegw_subscriptions")
                .help("Live SIP subscriptions (pending or active) by event package");
        counts.forEach((event, n) -> g.dataPoint(GaugeDataPointSnapshot.builder().value(n)
                .labels(Labels.of("event", event)).build()));
        return g.build();
    }

    private MetricSnapshot accounts() {
        Map<LinkState, Long> counts = new EnumMap<>(LinkState.class);
        for (LinkState s : LinkState.values()) {
            counts.put(s, 0L);
        }
        model.accounts().forEach(a -> counts.merge(a.state(), 1L, Long::sum));
        GaugeSnapshot.Builder g = GaugeSnapshot.builder().name("presencegw_xmpp_accounts")
                .help("Jabber accounts the gateway logs into, by link state");
        counts.forEach((state, n) -> g.dataPoint(GaugeDataPointSnapshot.builder().value(n)
                .labels(Labels.of("state", state.name().toLowerCase(Locale.ROOT))).build()));
        return g.build();
    }

    private static MetricSnapshot requests(SipStats stats) {
        CounterSnapshot.Builder c = CounterSnapshot.builder().name("presencegw_sip_requests")
                .help("SIP requests answered, by method and final status");
        stats.forEachResponse((method, status, count) -> c.dataPoint(CounterDataPointSnapshot.builder().value((double) count)
                .labels(Labels.of("method", method, "status", Integer.toString(status))).build()));
        return c.build();
    }

    private static MetricSnapshot notifies(SipStats stats) {
        CounterSnapshot.Builder c = CounterSnapshot.builder().name("presencegw_notifies")
                .help("NOTIFY transactions ended, by outcome (answered: any final response)");
        for (SipStats.NotifyOutcome o : SipStats.NotifyOutcome.values()) {
            c.dataPoint(CounterDataPointSnapshot.builder().value((double) stats.notifies(o))
                    .labels(Labels.of("outcome", o.name().toLowerCase(Locale.ROOT))).build());
        }
        return c.build();
    }

    /** Methods that were answered at least once, and SUBSCRIBE always. */
    private static MetricSnapshot latency(SipStats stats) {
        HistogramSnapshot.Builder h = HistogramSnapshot.builder().name("presencegw_sip_request_duration_seconds")
                .help("Time from a SIP request's arrival to its final response, by method");
        for (String method : SipStats.METHODS) {
            SipStats.Latency l = stats.latency(method);
            if (l.count() == 0 && !method.equals("SUBSCRIBE")) {
                continue;
            }
            double[] bounds = l.upperBounds().stream().mapToDouble(Double::doubleValue).toArray();
            long[] counts = l.counts().stream().mapToLong(Long::longValue).toArray();
            h.dataPoint(HistogramDataPointSnapshot.builder().classicHistogramBuckets(
                    ClassicHistogramBuckets.of(bounds, counts)).sum(l.sumSeconds())
                    .labels(Labels.of("method", method)).build());
        }
        return h.build();
    }

    /** One group commit: write, commit and sync of a batch, which every 2xx in it waited for. */
    private static MetricSnapshot storeCommits(CommitStats.Snapshot c) {
        double[] bounds = c.upperBounds().stream().mapToDouble(Double::doubleValue).toArray();
        long[] counts = c.counts().stream().mapToLong(Long::longValue).toArray();
        return HistogramSnapshot.builder().name("presencegw_store_commit_duration_seconds")
                .help("Time of one group commit of the store (write, commit, sync to disk)")
                .dataPoint(HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts)).sum(c.sumSeconds())
                        .build())
                .build();
    }

    private static MetricSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }
}
