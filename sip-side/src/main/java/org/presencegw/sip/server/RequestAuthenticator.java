package org.presencegw.sip.server;

import gov.nist.javax.sip.header.SIPHeader;
import java.text.ParseException;
import java.util.Collection;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.TrustedNetworks;
import org.presencegw.sip.api.UserDirectory;
import org.presencegw.sip.auth.AuthResult;
import org.presencegw.sip.auth.CredentialSource;
import org.presencegw.sip.auth.DigestAuthenticator;
import org.presencegw.sip.auth.DigestSecret;
import org.presencegw.sip.stack.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where REGISTER, PUBLISH and SUBSCRIBE are authenticated and users of registrar domains authorised.
 * Handlers call it first and stop when it has answered.
 *
 * <ul>
 *   <li>Authentication (RFC 3261 section 22, RFC 7616; CONFORMANCE REG-03, SUB-21, SEC-04): a user for whom the
 *       {@link UserDirectory} has a password must send valid digest credentials; otherwise 401 with one
 *       WWW-Authenticate per algorithm (never 407: the gateway is the UAS), {@code stale=true} for a lapsed nonce,
 *       403 for a replayed nonce-count, 400 for malformed credentials. Requests from a trusted network
 *       ({@code sip.trusted_networks}, e.g. a proxy in front that authenticated them) are not challenged. The digest username is looked up in the
 *       user's domain; a user authenticated as somebody else gets 403.</li>
 *   <li>Authorisation of registrar-domain users: an AOR of a registrar domain that the directory does not know
 *       gets 403 unless {@link UserDirectory#allowsUnknownUsers()}.</li>
 * </ul>
 *
 * <p>One {@link DigestAuthenticator} (one realm, one nonce secret, one replay table) serves the whole server.
 * Until {@link #configure} is called nobody needs to authenticate. This class is thread-safe.
 */
public final class RequestAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(RequestAuthenticator.class);
    /** Lines caused by what peers send: excerpts, a few per interval ({@link ThrottledLog}). */
    private static final ThrottledLog REMOTE = new ThrottledLog(LOG);

    /** What a request was admitted as: the digest username when it authenticated, else empty. */
    public record Admitted(Optional<String> username) {
        public Admitted {
            Objects.requireNonNull(username, "username");
        }
    }

    private final Set<String> registrarDomains = ConcurrentHashMap.newKeySet();
    private volatile UserDirectory users = UserDirectory.OPEN;
    private volatile Optional<Configured> digest = Optional.empty();
    private volatile TrustedNetworks trusted = TrustedNetworks.NONE;

    private record Configured(DigestAuthenticator authenticator, String realm) {
    }

    /** Sets the users and the server's one authenticator (whose realm is {@code realm}); call before start. */
    public void configure(UserDirectory users, DigestAuthenticator authenticator, String realm) {
        this.users = Objects.requireNonNull(users, "users");
        this.digest = Optional.of(new Configured(Objects.requireNonNull(authenticator, "authenticator"),
                Objects.requireNonNull(realm, "realm")));
    }

    /** Sources whose requests need no digest (a proxy in front that authenticates); default none. */
    public void trust(TrustedNetworks networks) {
        this.trusted = Objects.requireNonNull(networks, "networks");
    }

    /** Whether the request came from a trusted network. */
    public boolean fromTrustedNetwork(ServerExchange ex) {
        TrustedNetworks t = trusted;
        return !t.isEmpty() && t.contains(ex.flow().address());
    }

    /** Declares registrar domains, whose users {@link #admitsUser} checks. */
    public void addRegistrarDomains(Collection<String> domains) {
        domains.forEach(d -> registrarDomains.add(d.toLowerCase(Locale.ROOT)));
    }

    /** Whether {@code user} must authenticate (the directory has a password for it). */
    public boolean requiresAuthentication(SipAddress user) {
        return users.passwordOf(user.withoutGr()).isPresent();
    }

    /**
     * Authenticates the request as {@code user} when that user has a password. Empty means a final response
     * (401, 403 or 400) was sent and the handler must stop.
     */
    public Optional<Admitted> authenticate(ServerExchange ex, SipAddress user) throws ParseException {
        SipAddress aor = user.withoutGr();
        if (users.passwordOf(aor).isEmpty() || fromTrustedNetwork(ex)) {
            return Optional.of(new Admitted(Optional.empty()));
        }
        Configured d = digest.orElseThrow(() -> new IllegalStateException("authentication not configured"));
        Request request = ex.request();
        AuthResult result = d.authenticator().authenticate(request.getMethod(), request.getRequestURI().toString(),
                authorization(request, d.realm()), secrets(aor));
        if (result instanceof AuthResult.Authenticated ok) {
            if (!ok.username().equals(aor.user())) {
                REMOTE.warn("[{}] {} authenticated as '{}' but acts as {}: 403", ex.callId(), request.getMethod(),
                        ok.username(), aor);
                ex.send(finish(ex.createResponse(Response.FORBIDDEN, "Forbidden: Not Your Address Of Record")));
                return Optional.empty();
            }
            return Optional.of(new Admitted(Optional.of(ok.username())));
        }
        if (result instanceof AuthResult.Challenge challenge) {
            // RFC 6665 4.2.1.3 (SUB-21): a notifier challenges with 401, as any UAS does (RFC 3261 22.3).
            Response r = ex.createResponse(Response.UNAUTHORIZED);
            for (String value : challenge.headerValues()) {
                r.addHeader(ex.stack().headers().createHeader(WWWAuthenticateHeader.NAME, value));
            }
            LOG.debug("[{}] {} of {} challenged{}", ex.callId(), request.getMethod(), aor,
                    challenge.stale() ? " (stale nonce)" : "");
            ex.send(finish(r));
            return Optional.empty();
        }
        AuthResult.Failure failure = (AuthResult.Failure) result;
        REMOTE.warn("[{}] {} of {} refused: {} {}", ex.callId(), request.getMethod(), aor, failure.status(),
                failure.reason());
        ex.send(finish(ex.createResponse(failure.status(), failure.reason())));
        return Optional.empty();
    }

    /**
     * Whether {@code aor} may use a registrar domain: false (after sending 403) for a user of a registrar domain
     * the directory does not know, when unknown users are not allowed. Other domains are not judged here.
     */
    public boolean admitsUser(ServerExchange ex, SipAddress aor) throws ParseException {
        SipAddress a = aor.withoutGr();
        UserDirectory u = users;
        if (!registrarDomains.contains(a.host()) || u.allowsUnknownUsers() || u.isKnown(a)) {
            return true;
        }
        REMOTE.warn("[{}] {} for unknown user {}: 403", ex.callId(), ex.request().getMethod(), a);
        ex.send(finish(ex.createResponse(Response.FORBIDDEN, "Forbidden: Unknown User")));
        return false;
    }

    /** The digest username is a user of the same domain as the one the request acts for. */
    private CredentialSource secrets(SipAddress aor) {
        return username -> {
            SipAddress claimed = username.equals(aor.user()) ? aor
                    : new SipAddress(aor.scheme(), username, aor.host(), Optional.empty());
            return users.passwordOf(claimed).map(DigestSecret.Password::new);
        };
    }

    /** The Authorization value for our realm, else the first one (RFC 3261 22.4: one per realm may come). */
    private static Optional<String> authorization(Request request, String realm) {
        Optional<String> first = Optional.empty();
        ListIterator<?> it = request.getHeaders(AuthorizationHeader.NAME);
        while (it.hasNext()) {
            Object h = it.next();
            String value = ((SIPHeader) h).getHeaderValue();
            if (h instanceof AuthorizationHeader a && realm.equals(a.getRealm())) {
                return Optional.of(value);
            }
            if (first.isEmpty()) {
                first = Optional.of(value);
            }
        }
        return first;
    }

    /** RFC 3261 8.2.6.2: a final response carries a To tag. */
    static Response finish(Response r) throws ParseException {
        ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
        if (to != null && to.getTag() == null) {
            to.setTag(Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
        }
        return r;
    }
}
