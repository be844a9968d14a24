package dev.portmonitor.probe;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a TLS handshake showed: the protocol and cipher, the leaf certificate's subject, issuer and
 * expiry, and the earliest expiry in the chain the server sent.
 *
 * @param daysLeft whole days until the earliest expiry; negative once expired
 */
public record TlsDetails(String protocol, String cipher, String subject, String issuer, Instant notAfter,
                         Instant chainNotAfter, long daysLeft) implements ProbeDetails {

    @Override
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("tlsProtocol", protocol);
        map.put("tlsCipher", cipher);
        map.put("certificateSubject", subject);
        map.put("certificateIssuer", issuer);
        map.put("certificateNotAfter", notAfter.toString());
        map.put("chainNotAfter", chainNotAfter.toString());
        map.put("certificateDaysLeft", daysLeft);
        return map;
    }
}
