package org.presencegw.xmpp.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.presencegw.xmpp.TlsMode;
import org.presencegw.xmpp.XmppCredentials;
import org.presencegw.xmpp.XmppEndpoint;
import org.presencegw.xmpp.XmppPolicy;

/**
 * A private XMPP server for integration tests ({@link ProsodyServer}, {@link EjabberdServer}): a child process on
 * a free loopback port with a throw-away directory, controlled only through its own PID. Start one with
 * {@link XmppServerKind#start()}; run a test on every kind with
 * {@code @ParameterizedTest @EnumSource(XmppServerKind.class)}.
 */
public interface XmppTestServer extends AutoCloseable {

    /** Which server this is ({@code prosody}, {@code ejabberd}), for messages and test names. */
    String name();

    DomainBareJid domain();

    /** Always {@code 127.0.0.1}. */
    String host();

    /** The c2s port; the same across {@link #stop()}/{@link #start()}. */
    int port();

    /** STARTTLS required (with {@link #certificate()}) or off. */
    boolean tls();

    /** The self-signed PEM certificate when TLS is on, for {@link XmppEndpoint#trustedCert()}. */
    Optional<Path> certificate();

    /** The throw-away directory (config, data, logs); deleted by {@link #close()}. */
    Path directory();

    /** The server's main log. */
    Path logFile();

    /**
     * An endpoint for this server: loopback IP, TLS REQUIRED with the trusted self-signed cert (or DISABLED),
     * reconnect delay 1 s, keepalive 2 s (a killed server is noticed within about 4 s); otherwise the default
     * {@link XmppPolicy}.
     */
    default XmppEndpoint endpoint(String resource) {
        return new XmppEndpoint(host(), port(), domain(), tls() ? TlsMode.REQUIRED : TlsMode.DISABLED,
                certificate(), resource, Duration.ofSeconds(1), XmppPolicy.DEFAULTS.withKeepalive(Duration.ofSeconds(2)));
    }

    default EntityBareJid jid(String user) {
        return JidCreate.entityBareFromOrThrowUnchecked(user + "@" + domain());
    }

    default XmppCredentials credentialsFor(String user, String password) {
        return new XmppCredentials(jid(user), password);
    }

    /** Creates the account (the server must be running). */
    EntityBareJid createAccount(String user, String password);

    /** Changes an existing account's password (sessions already logged in stay). */
    void setPassword(String user, String password);

    /**
     * Puts each user into the other's roster with subscription "both" (no groups). Call it before the logins: how a
     * logged-in session learns about the change differs between servers (see each implementation).
     */
    void makeMutualContacts(String a, String b);

    /** Starts again after {@link #stop()} or {@link #kill()}: same port, same data. No-op while running. */
    void start();

    /** Graceful stop (SIGTERM to the server's PID); waits for the exit. */
    void stop();

    /** {@code kill -9} of exactly the server process (a crash); waits for the exit. */
    void kill();

    boolean isRunning();

    /** PID of the server process itself (the one {@link #kill()} signals). */
    long pid();

    /** Stops the server and deletes {@link #directory()}. */
    @Override
    void close();
}
