/**
 * Registrar (RFC 3261 section 10.3) without any SIP stack types: {@link org.presencegw.sip.registrar.Registrar}
 * decides a {@link org.presencegw.sip.registrar.RegisterRequest} at a given instant against a
 * {@link org.presencegw.sip.registrar.RegistrationTable} and returns a
 * {@link org.presencegw.sip.registrar.RegisterOutcome}; a scheduler tick calls
 * {@link org.presencegw.sip.registrar.Registrar#sweep}. Changes of an AOR's contact set come back as
 * {@link org.presencegw.sip.registrar.BindingsChanged} events, and
 * {@link org.presencegw.sip.registrar.BindingPresenceMapper} turns bindings into the AOR's presence document.
 * {@link org.presencegw.sip.registrar.RegistrarPresenceSource} serves registrar domains to watchers from the
 * bindings (PRS-09), overridden by the AOR's live PUBLISHed state when it has a
 * {@link org.presencegw.sip.publish.PublicationStore} (PUB-11), runs the sweep of both, and reports every change
 * as a {@link org.presencegw.sip.api.SipUserState} (the reverse direction). The JAIN-SIP adapter is
 * {@link org.presencegw.sip.server.RegisterHandler} (Date header, no Record-Route: REG-11, REG-12), behind the
 * digest check of {@link org.presencegw.sip.server.RequestAuthenticator} (REG-03).
 */
package org.presencegw.sip.registrar;
