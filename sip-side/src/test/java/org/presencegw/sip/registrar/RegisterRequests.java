package org.presencegw.sip.registrar;

import java.util.List;
import java.util.Optional;

/** Builds REGISTER requests for the registrar tests: bob at reg.example over UDP unless told otherwise. */
final class RegisterRequests {

    static final String AOR = "sip:bob@reg.example";

    private RegisterRequests() {
    }

    static RegisterRequest register(String callId, long cseq, Optional<String> expires, String... contacts) {
        return new RegisterRequest("sip:reg.example", "<" + AOR + ">", List.of(contacts), expires, callId, cseq,
                List.of(), Optional.empty(), "udp:192.0.2.4:5060");
    }

    static RegisterRequest register(String callId, long cseq, String... contacts) {
        return register(callId, cseq, Optional.empty(), contacts);
    }

    static RegisterRequest withTo(String to, String... contacts) {
        return new RegisterRequest("sip:reg.example", to, List.of(contacts), Optional.empty(), "to-1", 1, List.of(),
                Optional.empty(), "udp:192.0.2.4:5060");
    }
}
