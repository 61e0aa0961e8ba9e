package org.presencegw.sip.publish;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.store.PublicationRow;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.api.ExpiryPolicy;
import org.presencegw.sip.api.Limits;
import org.presencegw.sip.stack.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event state compositor for the presence package (RFC 3903 section 6): publications per Request-URI under
 * entity-tags, initial / refresh / modify / remove, expiry by {@link #sweep}, and the composed state watchers see.
 * Requests are serialised, so they apply atomically and in arrival order (CONFORMANCE PUB-10). It reads no clock:
 * the caller passes {@code now}.
 *
 * <p>What publishers can make it hold is bounded ({@link #limit}): a presentity keeps at most
 * {@code publications_per_aor} publications, a new one beyond replacing the one that lapses first (a phone that
 * sends an initial PUBLISH where it should refresh costs only its own presentity, and its newest state shows); the
 * whole store at most {@code publications_total}, a new one beyond refused 503 with Retry-After. Refreshes and
 * modifications are never refused for either limit.
 *
 * <p>This class is thread-safe.
 */
public final class PublicationStore {

    /** Retry-After of a 503 to a new publication: beyond {@code publications_total}, or the server overloaded. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(PublicationStore.class);
    /** Lines caused by what peers send: excerpts, a few per interval ({@link ThrottledLog}). */
    private static final ThrottledLog REMOTE = new ThrottledLog(LOG);
    private static final String PIDF = "application/pidf+xml";

    private final ExpiryPolicy expiry;
    private final Predicate<SipAddress> resourceExists;
    private final SecureRandom random;
    /**
     * Each presentity's publications, live and lapsed-but-unswept: an immutable list, replaced on every change (one
     * element nearly always: no map per presentity, bench/FINDINGS.md "Session 43").
     */
    private final Map<SipAddress, List<Publication>> byResource = new HashMap<>();
    /** The publications in {@link #byResource}. */
    private int held;
    private int maxPerResource = Limits.DEFAULTS.publicationsPerAor();
    private int maxTotal = Limits.DEFAULTS.publicationsTotal();
    /**
     * No publication lapses before this (a lower bound): every publication stored lowers it, a sweep that finds it
     * passed walks them all and sets it to the earliest expiry left. Publishers that refresh in time cost no walk.
     */
    private long sweepDue = Long.MIN_VALUE;
    private long counter;

    /**
     * @param expiry         default, minimum and maximum publication lifetimes
     * @param resourceExists whether the ESC is responsible for a presentity (RFC 3903 section 6 step 1)
     * @param random         source of the unguessable part of entity-tags
     */
    public PublicationStore(ExpiryPolicy expiry, Predicate<SipAddress> resourceExists, SecureRandom random) {
        this.expiry = Objects.requireNonNull(expiry, "expiry");
        this.resourceExists = Objects.requireNonNull(resourceExists, "resourceExists");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * {@code limits.publications_per_aor} and {@code limits.publications_total}. Publications already held beyond a
     * lowered limit stay until they lapse or are replaced.
     */
    public synchronized void limit(int perResource, int total) {
        if (perResource < 1 || total < 1) {
            throw new IllegalArgumentException("publication limits must be at least 1");
        }
        this.maxPerResource = perResource;
        this.maxTotal = total;
    }

    /** Publications held now (lapsed ones until the next sweep included). */
    public synchronized int size() {
        return held;
    }

    /** Decides one PUBLISH at {@code now} and applies it when it succeeds. */
    public synchronized PublishOutcome process(PublishRequest request, Instant now) {
        Optional<SipAddress> resource = resource(request.requestUri());
        // Step 1: a Request-URI the ESC is not responsible for gets 404 (PUB-01).
        if (resource.isEmpty() || !resourceExists.test(resource.get())) {
            return fail(404, "Not Found", Map.of());
        }
        // Step 2: exactly the presence event package (PUB-02).
        if (request.event().map(e -> e.split(";", 2)[0].strip()).filter("presence"::equals).isEmpty()) {
            return fail(489, "Bad Event", Map.of("Allow-Events", "presence"));
        }
        List<String> tags = request.ifMatch().stream().flatMap(v -> List.of(v.split(",", -1)).stream())
                .map(String::strip).toList();
        // Step 3: several entity-tags are 400; an unknown (or lapsed) one is 412 (PUB-04).
        if (tags.size() > 1 || tags.stream().anyMatch(String::isEmpty)) {
            return fail(400, "Exactly one entity-tag allowed in SIP-If-Match", Map.of());
        }
        List<Publication> stored = byResource.getOrDefault(resource.get(), List.of());
        List<Publication> current = live(stored, now);
        Optional<Publication> matched = tags.isEmpty() ? Optional.empty() : find(current, tags.get(0));
        if (!tags.isEmpty() && matched.isEmpty()) {
            return fail(412, "Conditional Request Failed", Map.of());
        }
        // Step 4: 0 < expires < minimum is 423; above the maximum it is lowered (PUB-05).
        long requested = request.expires().flatMap(ExpiryPolicy::parseDeltaSeconds).orElse(expiry.defaultSeconds());
        if (expiry.tooBrief(requested)) {
            return fail(423, "Interval Too Brief", Map.of("Min-Expires", Long.toString(expiry.minSeconds())));
        }
        // Step 5: an initial PUBLISH needs a body (PUB-07); only PIDF is understood (PUB-06).
        if (tags.isEmpty() && request.body().isEmpty()) {
            return fail(400, "Initial PUBLISH without a body", Map.of());
        }
        // A new publication that would add to the total beyond its limit (one replacing another does not).
        if (matched.isEmpty() && requested > 0 && current.size() < maxPerResource && held >= maxTotal) {
            REMOTE.warn("PUBLISH to {} refused: {} publications held (limits.publications_total)", resource.get(),
                    held);
            return fail(503, "Too Many Publications", Map.of("Retry-After",
                    Integer.toString(RETRY_AFTER_SECONDS)));
        }
        Optional<Published> document = Optional.empty();
        if (request.body().isPresent()) {
            PublishBody body = request.body().get();
            if (!body.mediaType().equals(PIDF)) {
                return fail(415, "Unsupported Media Type", Map.of("Accept", PIDF));
            }
            byte[] bytes = body.bytes();
            try {
                document = Optional.of(new Published(PidfParser.parse(bytes), bytes));
            } catch (PidfParseException e) {
                REMOTE.warn("PUBLISH to {} with a refused PIDF body: {}", resource.get(), e.getMessage());
                return fail(400, "Bad PIDF: " + e.getMessage(), Map.of());
            }
        }
        return apply(resource.get(), stored, current, matched, document, requested, now);
    }

    /** A parsed body and the bytes it came from (for the store row). */
    @SuppressWarnings("ArrayRecordComponent") // never compared or hashed
    private record Published(PresenceDocument document, byte[] body) {
    }

    private PublishOutcome apply(SipAddress resource, List<Publication> stored, List<Publication> current,
                                 Optional<Publication> matched, Optional<Published> document, long requested,
                                 Instant now) {
        // Compare with everything stored, lapsed-but-unswept included, so that dropping one here is reported.
        Optional<PresenceDocument> before = PresenceComposer.compose(stored);
        List<Publication> after = new ArrayList<>(current.size() + 1);
        for (Publication p : current) {
            if (matched.isEmpty() || !p.etag().equals(matched.get().etag())) {
                after.add(p);
            }
        }
        List<SipChange> writes = new ArrayList<>(2);
        matched.ifPresent(m -> writes.add(new SipChange.RemovePublication(m.etag())));
        Optional<String> etag = Optional.empty();
        long granted = 0;
        if (requested > 0) {
            granted = expiry.grant(requested);
            etag = Optional.of(freshEtag());
            long expiresAt = now.plusSeconds(granted).toEpochMilli();
            Publication p = document.isPresent()
                    ? new Publication(resource, etag.get(), document.get().document(), expiresAt, ++counter)
                    : new Publication(resource, etag.get(), matched.orElseThrow().document(), expiresAt,
                            matched.orElseThrow().revision());
            writes.add(new SipChange.PutPublication(document.isPresent() ? p.toRow(document.get().body())
                    : p.toRow()));
            while (after.size() >= maxPerResource) {
                Publication first = lapsingFirst(after);
                after.remove(first);
                writes.add(new SipChange.RemovePublication(first.etag()));
                REMOTE.warn("PUBLISH to {}: more than {} publications (limits.publications_per_aor), the one lapsing"
                        + " first replaced", resource, maxPerResource);
            }
            after.add(p);
        }
        store(resource, stored.size(), after);
        Optional<PresenceDocument> state = PresenceComposer.compose(after);
        Optional<PublicationChange> change = state.equals(before) ? Optional.empty()
                : Optional.of(new PublicationChange(resource, state));
        LOG.debug("PUBLISH {} {} -> etag {} for {}s{}", resource, matched.map(Publication::etag).orElse("(initial)"),
                etag.orElse("(removed)"), granted, change.isPresent() ? ", state changed" : "");
        return new PublishOutcome.Success(etag, granted, change, writes);
    }

    private static Publication lapsingFirst(List<Publication> publications) {
        Publication first = publications.get(0);
        for (Publication p : publications) {
            if (p.expiresAtMillis() < first.expiresAtMillis()) {
                first = p;
            }
        }
        return first;
    }

    /** What a sweep removed: one change per presentity whose composed state changed, and the store writes. */
    public record Swept(List<PublicationChange> changes, List<SipChange> writes) {
        public Swept {
            changes = List.copyOf(changes);
            writes = List.copyOf(writes);
        }
    }

    /** Removes lapsed publications. */
    public synchronized Swept sweep(Instant now) {
        if (now.toEpochMilli() < sweepDue) {
            return new Swept(List.of(), List.of());
        }
        long nextDue = Long.MAX_VALUE;
        List<PublicationChange> changes = new ArrayList<>();
        List<SipChange> writes = new ArrayList<>();
        // First find the few resources with a lapsed publication, without building anything for the rest: this
        // runs every second under the store's lock, which PUBLISH requests wait for.
        List<SipAddress> lapsed = new ArrayList<>();
        for (Map.Entry<SipAddress, List<Publication>> e : byResource.entrySet()) {
            boolean any = false;
            for (Publication p : e.getValue()) {
                if (p.expiredAt(now)) {
                    any = true;
                    break;
                }
            }
            if (any) {
                lapsed.add(e.getKey());
            } else {
                nextDue = earliest(e.getValue(), nextDue);
            }
        }
        for (SipAddress resource : lapsed) {
            List<Publication> all = byResource.get(resource);
            List<Publication> live = live(all, now);
            for (Publication p : all) {
                if (p.expiredAt(now)) {
                    writes.add(new SipChange.RemovePublication(p.etag()));
                }
            }
            Optional<PresenceDocument> before = PresenceComposer.compose(all);
            store(resource, all.size(), live);
            nextDue = earliest(live, nextDue);
            Optional<PresenceDocument> after = PresenceComposer.compose(live);
            if (!after.equals(before)) {
                changes.add(new PublicationChange(resource, after));
            }
        }
        sweepDue = nextDue;
        return new Swept(changes, writes);
    }

    private static long earliest(List<Publication> publications, long bound) {
        long min = bound;
        for (Publication p : publications) {
            min = Math.min(min, p.expiresAtMillis());
        }
        return min;
    }

    /**
     * Takes up the publications a store held (at start-up): live ones keep their entity-tag, so that a refresh with
     * {@code SIP-If-Match} succeeds after a restart; the writes returned remove lapsed and unreadable ones.
     * Returns the resources that have live publications, and those writes.
     */
    public synchronized Restored restore(List<PublicationRow> rows, Instant now) {
        List<SipChange> writes = new ArrayList<>();
        Map<SipAddress, List<Publication>> taken = new LinkedHashMap<>();
        for (PublicationRow row : rows) {
            try {
                Publication p = Publication.fromRow(row);
                if (p.expiredAt(now)) {
                    writes.add(new SipChange.RemovePublication(row.etag()));
                    continue;
                }
                taken.computeIfAbsent(p.resource(), r -> new ArrayList<>(byResource.getOrDefault(r, List.of())))
                        .add(p);
                counter = Math.max(counter, Math.max(p.revision(), etagCounter(p.etag())));
            } catch (PidfParseException | IllegalArgumentException e) {
                LOG.warn("stored publication {} of {} dropped: {}", row.etag(), row.resource(), e.getMessage());
                writes.add(new SipChange.RemovePublication(row.etag()));
            }
        }
        taken.forEach((resource, publications) -> store(resource,
                byResource.getOrDefault(resource, List.of()).size(), publications));
        return new Restored(List.copyOf(taken.keySet()), writes);
    }

    /** What {@link #restore} took up. */
    public record Restored(List<SipAddress> resources, List<SipChange> writes) {
    }

    /** Every stored publication as a store row (for the rewrite after the store recovered). */
    public synchronized List<PublicationRow> rows() {
        List<PublicationRow> rows = new ArrayList<>();
        byResource.values().forEach(list -> list.forEach(p -> rows.add(p.toRow())));
        return rows;
    }

    /** The counter part of an entity-tag made by {@link #freshEtag}, 0 when it has none. */
    private static long etagCounter(String etag) {
        int dot = etag.indexOf('.');
        try {
            return dot <= 0 ? 0 : Long.parseLong(etag.substring(0, dot), 36);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The composed published state of a presentity at {@code now}; empty when nothing live is published. */
    public synchronized Optional<PresenceDocument> state(SipAddress resource, Instant now) {
        return PresenceComposer.compose(live(byResource.getOrDefault(resource.withoutGr(), List.of()), now));
    }

    /** The publications of {@code stored} that have not lapsed at {@code now} ({@code stored} itself when all). */
    private static List<Publication> live(List<Publication> stored, Instant now) {
        for (Publication p : stored) {
            if (p.expiredAt(now)) {
                List<Publication> live = new ArrayList<>(stored.size());
                for (Publication q : stored) {
                    if (!q.expiredAt(now)) {
                        live.add(q);
                    }
                }
                return live;
            }
        }
        return stored;
    }

    private static Optional<Publication> find(List<Publication> publications, String etag) {
        for (Publication p : publications) {
            if (p.etag().equals(etag)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Replaces a presentity's {@code before} publications with {@code publications}. */
    private void store(SipAddress resource, int before, List<Publication> publications) {
        held += publications.size() - before;
        if (publications.isEmpty()) {
            byResource.remove(resource);
        } else {
            byResource.put(resource, List.copyOf(publications));
            sweepDue = earliest(publications, sweepDue);
        }
    }

    /** RFC 3903 section 6 step 8: a fresh entity-tag, unique (counter) and unguessable (random part). */
    private String freshEtag() {
        byte[] r = new byte[9];
        random.nextBytes(r);
        return Long.toString(++counter, 36) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(r);
    }

    private static Optional<SipAddress> resource(String requestUri) {
        try {
            return Optional.of(SipAddress.parse(requestUri).withoutGr());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static PublishOutcome fail(int status, String reason, Map<String, String> headers) {
        return new PublishOutcome.Failure(status, reason, headers);
    }
}
