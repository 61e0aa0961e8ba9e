/**
 * PUBLISH for the presence event package (RFC 3903) and the hardened PIDF reader it needs:
 * {@link org.presencegw.sip.publish.PublicationStore} is the event state compositor,
 * {@link org.presencegw.sip.publish.PidfParser} turns {@code application/pidf+xml} bodies into the presence model.
 */
package org.presencegw.sip.publish;
