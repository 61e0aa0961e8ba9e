package org.presencegw.sip.auth;

import java.util.Optional;

/**
 * The caller's user policy: the secret of a digest username, or empty for a user it does not know (which is then
 * challenged again exactly like a wrong password, so the answer does not reveal which users exist).
 */
@FunctionalInterface
public interface CredentialSource {

    Optional<DigestSecret> secretFor(String username);
}
