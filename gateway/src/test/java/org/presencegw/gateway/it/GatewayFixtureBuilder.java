package org.presencegw.gateway.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.presencegw.gateway.config.RegistrarSettings;
import org.presencegw.sip.api.EventSettings;
import org.presencegw.xmpp.XmppPolicy;
import org.presencegw.xmpp.testing.XmppServerKind;

/** What a {@link GatewayFixture} starts; {@link GatewayFixture#builder()} makes one. */
public final class GatewayFixtureBuilder {
    final Set<String> accounts = new LinkedHashSet<>();
    final List<List<String>> contacts = new ArrayList<>();
    final Map<String, Optional<String>> mapped = new LinkedHashMap<>();
    Optional<String> bridge = Optional.empty();
    int minExpires = 1;
    boolean allowUnknownUsers = RegistrarSettings.DEFAULTS.allowUnknownUsers();
    boolean perTest;
    XmppServerKind kind = XmppServerKind.PROSODY;
    UnaryOperator<XmppPolicy> policy = p -> p;
    EventSettings events = EventSettings.DEFAULTS;
    boolean websocket;
    Optional<Optional<String>> admin = Optional.empty();
    boolean lists;

    GatewayFixtureBuilder() {
    }

    /**
     * The admin listener on 127.0.0.1 and a free port ({@link GatewayFixture#adminPort()}), with this bearer token
     * if any.
     */
    public GatewayFixtureBuilder admin(Optional<String> token) {
        admin = Optional.of(Objects.requireNonNull(token, "token"));
        return this;
    }

    /** {@code sip.notify_interval_ms} and {@code blf:} (default {@link EventSettings#DEFAULTS}: no pacing). */
    public GatewayFixtureBuilder events(EventSettings settings) {
        events = Objects.requireNonNull(settings, "settings");
        return this;
    }

    /**
     * SIP over WebSocket too, for browser phones: {@code ws} and {@code wss} on free ports
     * ({@link GatewayFixture#wsPort()}, {@link GatewayFixture#wssPort()}), WSS with a certificate the fixture makes
     * ({@link GatewayFixture#certificate()}).
     */
    public GatewayFixtureBuilder websocket() {
        websocket = true;
        return this;
    }

    /** Serves resource lists from roster groups: {@link GatewayFixture#LIST_DOMAIN} with source {@code roster}. */
    public GatewayFixtureBuilder lists() {
        lists = true;
        return this;
    }

    /** The XMPP server to run (default Prosody). */
    public GatewayFixtureBuilder server(XmppServerKind value) {
        kind = Objects.requireNonNull(value, "kind");
        return this;
    }

    /** Changes the {@code xmpp:} behaviour keys (e.g. a short {@code subscription_giveup}) for this fixture. */
    public GatewayFixtureBuilder policy(UnaryOperator<XmppPolicy> change) {
        policy = Objects.requireNonNull(change, "change");
        return this;
    }

    /** XMPP accounts to create on the fixture's Prosody (password {@link GatewayFixture#PASSWORD}). */
    public GatewayFixtureBuilder accounts(String... users) {
        accounts.addAll(List.of(users));
        return this;
    }

    /** Puts {@code user} and each of {@code others} on each other's roster (subscription both). */
    public GatewayFixtureBuilder mutualContacts(String user, String... others) {
        for (String other : others) {
            contacts.add(List.of(user, other));
        }
        return this;
    }

    /** An account mapping {@code sip:user@sip.test} to {@code user@jabber.test}, without a SIP password. */
    public GatewayFixtureBuilder mapped(String user) {
        mapped.put(user, Optional.empty());
        accounts.add(user);
        return this;
    }

    /** An account mapping whose SIP user must authenticate with {@code sipPassword} (digest). */
    public GatewayFixtureBuilder mapped(String user, String sipPassword) {
        mapped.put(user, Optional.of(sipPassword));
        accounts.add(user);
        return this;
    }

    /** The shared bridge account that serves watchers without a mapping ({@code xmpp.bridge_account}). */
    public GatewayFixtureBuilder bridge(String user) {
        bridge = Optional.of(user);
        accounts.add(user);
        return this;
    }

    /** {@code sip.min_expires} (default 1 s). */
    public GatewayFixtureBuilder minExpires(int seconds) {
        minExpires = seconds;
        return this;
    }

    /** {@code registrar.allow_unknown_users} (default false). */
    public GatewayFixtureBuilder allowUnknownUsers(boolean allow) {
        allowUnknownUsers = allow;
        return this;
    }

    /** No Prosody: the gateway serves only the registrar domain, and unknown users may register. */
    public GatewayFixtureBuilder registrarOnly() {
        if (!accounts.isEmpty()) {
            throw new IllegalStateException("a registrar-only fixture has no XMPP accounts");
        }
        allowUnknownUsers = true;
        return this;
    }

    /** A fresh Prosody and gateway for each test (for tests that stop Prosody or depend on fresh state). */
    public GatewayFixtureBuilder perTest() {
        perTest = true;
        return this;
    }

    public GatewayFixture build() {
        return new GatewayFixture(this);
    }
}
