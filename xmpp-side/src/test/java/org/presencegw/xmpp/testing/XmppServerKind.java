package org.presencegw.xmpp.testing;

import java.util.Locale;

/**
 * The XMPP servers the integration tests run against. Run a test on each:
 *
 * <pre>{@code
 * @ParameterizedTest(name = "{0}")
 * @EnumSource(XmppServerKind.class)
 * void contact_goesAway_seen(XmppServerKind kind) {
 *     try (XmppTestServer server = kind.start()) { ... }
 * }
 * }</pre>
 *
 * A case that must not run on one server (a known product gap) names the others:
 * {@code @EnumSource(value = XmppServerKind.class, names = "PROSODY") // ejabberd: see docs/notes/ejabberd.md#anchor}.
 */
public enum XmppServerKind {
    PROSODY {
        @Override
        public XmppTestServer start(String domain, boolean tls) {
            return ProsodyServer.builder().domain(domain).tls(tls).start();
        }
    },
    EJABBERD {
        @Override
        public XmppTestServer start(String domain, boolean tls) {
            return EjabberdServer.builder().domain(domain).tls(tls).start();
        }
    };

    /** Starts a server of this kind for the domain, with STARTTLS required or off. */
    public abstract XmppTestServer start(String domain, boolean tls);

    /** A plaintext server for {@code jabber.test}. */
    public XmppTestServer start() {
        return start("jabber.test", false);
    }

    /** {@code prosody}, {@code ejabberd}: the test display name. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
