/**
 * Registrar (RFC 3261 section 10.3) without any SIP stack types: {@link org.presencegw.sip.registrar.Registrar}
 * decides a {@link org.presencegw.sip.registrar.RegisterRequest} at a given instant against a
 * {@link org.presencegw.sip.registrar.RegistrationTable} and returns a
 * {@link org.presencegw.sip.registrar.RegisterOutcome}; a scheduler tick calls
 * {@link org.presencegw.sip.registrar.Registrar#sweep}. Changes of an AOR's contact set come back as
 * {@link org.presencegw.sip.registrar.BindingsChanged} events, and
 * {@link org.presencegw.sip.registrar.BindingPresenceMapper} turns bindings into the AOR's presence document.
 * {@link org.presencegw.sip.registrar.RegistrarPresenceSource} serves registrar domains to watchers from the
 * bindings (PRS-09) and runs the sweep. The JAIN-SIP adapter is
 * {@link org.presencegw.sip.server.RegisterHandler} (Date header, no Record-Route: REG-11, REG-12); the 401
 * round trip (digest authentication) is not wired yet.
 */
package org.presencegw.sip.registrar;
