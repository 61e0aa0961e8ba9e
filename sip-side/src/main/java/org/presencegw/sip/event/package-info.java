/**
 * Event packages (RFC 6665 section 7) as a seam: {@link org.presencegw.sip.event.EventPackage} says what a package
 * is called, which bodies it produces and how a presence state becomes one; {@link
 * org.presencegw.sip.event.EventPackages} is the set a server serves. The subscription machinery in
 * {@code org.presencegw.sip.subscription} is the same for every package.
 */
package org.presencegw.sip.event;
