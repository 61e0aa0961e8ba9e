package org.presencegw.sip.stack;

import java.util.Objects;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;

/**
 * The stack objects a handler needs to build and send messages, plus where we listen.
 *
 * @param address our listening IP, used in Via and Contact
 * @param port    our listening port (same for UDP and TCP)
 */
public record StackContext(SipProvider provider, MessageFactory messages, HeaderFactory headers,
                           AddressFactory addresses, String address, int port) {
    public StackContext {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(addresses, "addresses");
        Objects.requireNonNull(address, "address");
    }
}
