/**
 * PUBLISH for the presence event package (RFC 3903) and the hardened PIDF reader it needs:
 * {@link org.presencegw.sip.publish.PublicationStore} is the event state compositor,
 * {@link org.presencegw.sip.publish.PidfParser} turns {@code application/pidf+xml} bodies into the presence model.
 * The JAIN-SIP adapter is {@link org.presencegw.sip.server.PublishHandler}, enabled by
 * {@code PresenceServer.serveRegistrar(RegistrarPresenceSource)}.
 */
package org.presencegw.sip.publish;
