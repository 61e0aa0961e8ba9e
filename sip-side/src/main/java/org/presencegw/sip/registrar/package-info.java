/**
 * Registrar (RFC 3261 section 10.3) without any SIP stack types: {@link org.presencegw.sip.registrar.Registrar}
 * decides a {@link org.presencegw.sip.registrar.RegisterRequest} at a given instant against a
 * {@link org.presencegw.sip.registrar.RegistrationTable} and returns a
 * {@link org.presencegw.sip.registrar.RegisterOutcome}; a scheduler tick calls
 * {@link org.presencegw.sip.registrar.Registrar#sweep}. Changes of an AOR's contact set come back as
 * {@link org.presencegw.sip.registrar.BindingsChanged} events, and
 * {@link org.presencegw.sip.registrar.BindingPresenceMapper} turns bindings into the AOR's presence document.
 * The JAIN-SIP adapter still owns: Date header, Record-Route not copied (REG-12), the 401 round trip.
 */
package org.presencegw.sip.registrar;
