/**
 * Digest authentication (RFC 3261 section 22, RFC 7616; qop=auth, MD5 and SHA-256) as pure logic:
 * {@link org.presencegw.sip.auth.DigestAuthenticator} issues challenges and checks Authorization header values,
 * returning an {@link org.presencegw.sip.auth.AuthResult}. Users come from the caller's
 * {@link org.presencegw.sip.auth.CredentialSource}. The stack side is
 * {@link org.presencegw.sip.server.RequestAuthenticator}: one authenticator per server, called first by the
 * REGISTER, PUBLISH and SUBSCRIBE handlers.
 */
package org.presencegw.sip.auth;
