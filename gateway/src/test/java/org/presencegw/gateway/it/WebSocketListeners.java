package org.presencegw.gateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.presencegw.gateway.config.SipSettings;
import org.presencegw.sip.api.SipNetwork;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.FreePorts;
import org.presencegw.sip.testing.TestCertificate;

/**
 * What {@link GatewayFixtureBuilder#websocket()} adds: WS and WSS on free ports of 127.0.0.1, next to UDP and TCP,
 * with a certificate made for the test.
 */
record WebSocketListeners(int wsPort, int wssPort, TestCertificate certificate) {

    static WebSocketListeners make() {
        try {
            return new WebSocketListeners(FreePorts.pick(), FreePorts.pick(),
                    TestCertificate.make(Files.createTempDirectory("gw-tls-"), "gw.test"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SipSettings settings(int sipPort, int minExpires) {
        return new SipSettings(new SipNetwork(List.of("127.0.0.1"), Map.of(Transport.UDP, sipPort, Transport.TCP,
                sipPort, Transport.WS, wsPort, Transport.WSS, wssPort), Optional.empty(),
                Optional.of(certificate.files())), 600, minExpires, 3600);
    }
}
