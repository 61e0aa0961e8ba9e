package org.presencegw.sip.api;

import java.util.Optional;

/**
 * What the presence server needs to know about SIP users of the domains it serves: who must authenticate (RFC 3261
 * section 22 digest) and who may use a registrar domain at all. Supplied by the gateway from its account mappings.
 * Thread-safe; never blocks.
 */
public interface UserDirectory {

    /** The digest password of a user that must authenticate, or empty when this user needs no authentication. */
    Optional<String> passwordOf(SipAddress aor);

    /** Whether the user is a known (mapped) one. */
    boolean isKnown(SipAddress aor);

    /** Whether users that are not known may REGISTER and PUBLISH in registrar domains (otherwise 403). */
    boolean allowsUnknownUsers();

    /** No authentication, everybody allowed: for tests and registrar-only setups that want it. */
    UserDirectory OPEN = new UserDirectory() {
        @Override
        public Optional<String> passwordOf(SipAddress aor) {
            return Optional.empty();
        }

        @Override
        public boolean isKnown(SipAddress aor) {
            return false;
        }

        @Override
        public boolean allowsUnknownUsers() {
            return true;
        }
    };
}
