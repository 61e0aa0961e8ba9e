package org.presencegw.sip.registrar;

import java.util.Map;
import java.util.Optional;
import org.presencegw.sip.api.SipAddress;

/**
 * The checks of RFC 3261 section 10.3 steps 1 to 5 that refuse a REGISTER before any binding is looked at.
 */
final class RegisterValidation {

    /** RFC 3261 section 8.1.1.5: the CSeq sequence number is a 32-bit unsigned integer. */
    private static final long MAX_CSEQ = 0xFFFF_FFFFL;

    private RegisterValidation() {
    }

    /** The refusal for this request, or empty when steps 1 to 5 pass. */
    static Optional<RegisterOutcome> refusal(RegisterRequest request, RegistrarConfig config) {
        Optional<SipUriParts> target = SipUriParts.parse(request.requestUri());
        if (target.isEmpty()) {
            return fail(416, "Unsupported URI Scheme");
        }
        // Step 1: the registrar only handles its own domains; the gateway is not a proxy (REG-01).
        if (!config.serves(target.get().host())) {
            return fail(404, "Not Found: not a domain of this registrar");
        }
        // Step 2: no extension is supported, so any Require gets 420 listing them (REG-02).
        if (!request.require().isEmpty()) {
            return Optional.of(new RegisterOutcome.Failure(420, "Bad Extension",
                    Map.of("Unsupported", String.join(", ", request.require()))));
        }
        if (request.cseq() < 0 || request.cseq() > MAX_CSEQ) {
            return fail(400, "Bad CSeq");
        }
        Optional<SipAddress> aor = parseAor(request.to());
        // Step 5: the AOR comes from To and must be a sip/sips URI (RFC 4475 section 3.3.4: isbn: is 400).
        if (aor.isEmpty()) {
            return fail(400, "To is not a sip or sips address of record");
        }
        if (!config.serves(aor.get().host())) {
            return fail(404, "Not Found: address of record outside this registrar's domains");
        }
        // Steps 3 and 4: an authenticated user may register only its own AOR (REG-03).
        if (request.authenticatedUser().isPresent() && !request.authenticatedUser().get().equals(aor.get().user())) {
            return fail(403, "Forbidden: not authorised for this address of record");
        }
        return Optional.empty();
    }

    /** The canonical AOR of a request that passed {@link #refusal}. */
    static SipAddress aor(RegisterRequest request) {
        return parseAor(request.to()).orElseThrow(() -> new IllegalArgumentException("no valid AOR in To"));
    }

    private static Optional<SipAddress> parseAor(String to) {
        try {
            return Optional.of(SipAddress.parse(NameAddr.parse(to).uri()).withoutGr());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<RegisterOutcome> fail(int status, String reason) {
        return Optional.of(RegisterOutcome.failure(status, reason));
    }
}
