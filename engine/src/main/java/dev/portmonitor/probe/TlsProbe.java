package dev.portmonitor.probe;

import io.netty.buffer.ByteBuf;

/**
 * The {@code tls} kind: a TLS handshake and nothing else, for any TLS port. Healthy when the chain is
 * trusted, valid for the name, and not within {@code warnDays} of its earliest expiry (DEGRADED
 * until {@code critDays}, then TLS_ERROR); closes with a close_notify.
 */
final class TlsProbe extends Dialogue {

    static final ProbeKind KIND = new ProbeKind("tls", 443, TlsSettings.KEYS, TlsSettings::read,
            connector -> new DialogueProbe<>(connector, TlsSettings.class, settings -> new TlsProbe(), true));

    @Override
    protected byte[] opening() {
        return null;
    }

    @Override
    protected Reply received(ByteBuf in) {
        in.skipBytes(in.readableBytes()); // nothing is expected after the handshake
        return Reply.more();
    }

    @Override
    protected String service() {
        return "TLS";
    }
}
