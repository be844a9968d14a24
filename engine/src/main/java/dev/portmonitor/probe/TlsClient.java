package dev.portmonitor.probe;

import dev.portmonitor.target.Target;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * The TLS side of every check that has it: one client context per trust source (the JDK's trust
 * store, or a CA file), SNI and host-name verification against the target's name or the configured
 * {@code serverName}, and the verdict on what the handshake showed. The trust manager records a
 * failed chain instead of aborting the handshake, so that the check can say what was wrong with the
 * certificate (expired on which date, for which names) rather than "handshake failed".
 */
final class TlsClient {

    private static final long DAY_SECONDS = 86_400;

    private final Map<Path, Trust> trusts = new ConcurrentHashMap<>();
    private final Trust jdk;

    TlsClient() {
        this.jdk = Trust.of(null);
    }

    /** A handler that starts the handshake when added; verifies names against {@code serverName} or the host. */
    SslHandler handler(Channel channel, Target target, TlsSettings settings, long handshakeMillis) {
        Trust trust = settings.caFile() == null ? jdk : trusts.computeIfAbsent(settings.caFile(), Trust::of);
        String name = peerName(target, settings);
        SslHandler handler = trust.context.newHandler(channel.alloc(), name, target.port());
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        SNIHostName sni = sniName(name);
        if (sni != null) {
            // The JDK sends SNI on its own only for a name with a dot; "localhost" or a compose service
            // name ("search") gets it too, as curl and browsers send it. Never for an IP address (RFC 6066).
            parameters.setServerNames(List.of(sni));
        }
        engine.setSSLParameters(parameters);
        handler.setHandshakeTimeout(Math.max(1, handshakeMillis), TimeUnit.MILLISECONDS);
        return handler;
    }

    /** The SNI for a host name; null for an IP address or a name SNI cannot carry (an underscore, say). */
    static SNIHostName sniName(String name) {
        if (io.netty.util.NetUtil.isValidIpV4Address(name) || io.netty.util.NetUtil.isValidIpV6Address(name)) {
            return null;
        }
        try {
            return new SNIHostName(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String peerName(Target target, TlsSettings settings) {
        return settings.serverName() != null ? settings.serverName() : target.host();
    }

    /** What the handshake showed: the details, and a failure or a warning if there is one. */
    record Finding(TlsDetails details, Outcome outcome, String reason) {
    }

    /** Judges a completed handshake: trust, names, validity dates, days left against the settings. */
    Finding judge(SslHandler handler, Target target, TlsSettings settings, Instant now) {
        SSLEngine engine = handler.engine();
        SSLSession session = engine.getSession();
        String name = peerName(target, settings);
        Certificate[] peer;
        try {
            peer = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return new Finding(null, Outcome.TLS_ERROR, "the server sent no certificate");
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : peer) {
            if (certificate instanceof X509Certificate x509) {
                chain.add(x509);
            }
        }
        if (chain.isEmpty()) {
            return new Finding(null, Outcome.TLS_ERROR, "the server sent no X.509 certificate");
        }
        X509Certificate leaf = chain.get(0);
        Instant notAfter = leaf.getNotAfter().toInstant();
        X509Certificate earliest = leaf;
        for (X509Certificate certificate : chain) {
            if (certificate.getNotAfter().before(earliest.getNotAfter())) {
                earliest = certificate;
            }
        }
        Instant chainNotAfter = earliest.getNotAfter().toInstant();
        long daysLeft = Math.floorDiv(Duration.between(now, chainNotAfter).getSeconds(), DAY_SECONDS);
        TlsDetails details = new TlsDetails(session.getProtocol(), session.getCipherSuite(),
                leaf.getSubjectX500Principal().getName(), leaf.getIssuerX500Principal().getName(), notAfter, chainNotAfter,
                daysLeft);
        CertificateException distrust = Trust.failures.remove(engine);
        String whose = earliest == leaf ? "certificate for " + name : "certificate " + commonName(earliest) + " in the chain of " + name;
        if (!chainNotAfter.isAfter(now)) {
            return new Finding(details, Outcome.TLS_ERROR, whose + " expired " + date(chainNotAfter));
        }
        for (X509Certificate certificate : chain) {
            if (certificate.getNotBefore().toInstant().isAfter(now)) {
                return new Finding(details, Outcome.TLS_ERROR, "certificate " + commonName(certificate)
                        + " is not valid before " + date(certificate.getNotBefore().toInstant()));
            }
        }
        if (distrust != null) {
            return new Finding(details, Outcome.TLS_ERROR, distrusted(distrust, chain, name, settings));
        }
        if (daysLeft < settings.critDays()) {
            return new Finding(details, Outcome.TLS_ERROR, whose + " expires " + date(chainNotAfter) + ", in " + days(daysLeft)
                    + " (critDays " + settings.critDays() + ")");
        }
        if (daysLeft < settings.warnDays()) {
            return new Finding(details, Outcome.DEGRADED, whose + " expires " + date(chainNotAfter) + ", in " + days(daysLeft)
                    + " (warnDays " + settings.warnDays() + ")");
        }
        return new Finding(details, Outcome.OPEN, null);
    }

    /** The reason a handshake failed, for a person: the server's alert, not TLS, a timeout. */
    static String handshakeFailure(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String type = cause.getClass().getSimpleName();
        if (type.equals("NotSslRecordException") || root.getClass().getSimpleName().equals("NotSslRecordException")) {
            return "the server did not answer in TLS (a plain-text port, or TLS not enabled)";
        }
        if (type.equals("SslHandshakeTimeoutException")) {
            return "the TLS handshake did not finish in time";
        }
        if (root instanceof java.nio.channels.ClosedChannelException) {
            return "the server closed the connection during the TLS handshake";
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return "TLS handshake failed: " + message;
    }

    private static String distrusted(CertificateException failure, List<X509Certificate> chain, String name,
                                     TlsSettings settings) {
        String text = messages(failure);
        X509Certificate leaf = chain.get(0);
        if (text.contains("No subject alternative") || text.contains("No name matching")) {
            return "certificate is for " + names(leaf) + ", not " + name
                    + (settings.serverName() == null ? " (set serverName if the service has another name)" : "");
        }
        if (text.contains("unable to find valid certification path") || text.contains("PKIX path")) {
            X509Certificate last = chain.get(chain.size() - 1);
            if (chain.size() == 1 && last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                return "self-signed certificate " + commonName(leaf) + " is not trusted (give it, or its CA, in caFile)";
            }
            return "certificate for " + name + " is not trusted: no trusted CA issued the chain the server sent ("
                    + chain.size() + (chain.size() == 1 ? " certificate" : " certificates") + ", the last issued by "
                    + commonName(last.getIssuerX500Principal()) + "); an incomplete chain, or a private CA"
                    + (settings.caFile() == null ? " (give it in caFile)" : " not in " + settings.caFile());
        }
        return "certificate for " + name + " is not trusted: " + text;
    }

    private static String messages(Throwable failure) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                out.append(out.isEmpty() ? "" : ": ").append(t.getMessage());
            }
        }
        return out.toString();
    }

    private static String names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    Object type = entry.get(0);
                    if (Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type)) {
                        names.add(String.valueOf(entry.get(1)));
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            // fall back to the subject below
        }
        return names.isEmpty() ? commonName(certificate) : String.join(", ", names);
    }

    private static String commonName(X509Certificate certificate) {
        return commonName(certificate.getSubjectX500Principal());
    }

    private static String commonName(X500Principal principal) {
        String name = principal.getName(X500Principal.RFC2253);
        for (String part : name.split(",")) {
            if (part.startsWith("CN=")) {
                return part.substring(3);
            }
        }
        return name;
    }

    static String date(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static String days(long days) {
        return days == 1 ? "1 day" : days + " days";
    }

    /** One trust source: its context, and a trust manager that records a failed chain per engine. */
    private static final class Trust {
        /** Written during the handshake, read right after it on the same event loop. */
        static final Map<SSLEngine, CertificateException> failures = Collections.synchronizedMap(new WeakHashMap<>());

        final SslContext context;

        private Trust(SslContext context) {
            this.context = context;
        }

        static Trust of(Path caFile) {
            try {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(caFile == null ? null : keyStore(caFile));
                X509ExtendedTrustManager delegate = null;
                for (var manager : factory.getTrustManagers()) {
                    if (manager instanceof X509ExtendedTrustManager extended) {
                        delegate = extended;
                    }
                }
                if (delegate == null) {
                    throw new IllegalStateException("the JDK has no X509ExtendedTrustManager");
                }
                SslContext context = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                        .trustManager(new Recording(delegate)).build();
                return new Trust(context);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot set up TLS with " + (caFile == null ? "the JDK trust store" : caFile)
                        + ": " + e.getMessage(), e);
            }
        }

        private static KeyStore keyStore(Path caFile) throws GeneralSecurityException, IOException {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (InputStream in = Files.newInputStream(caFile)) {
                int i = 0;
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + i++, certificate);
                }
                if (i == 0) {
                    throw new CertificateException("no certificate in " + caFile);
                }
            }
            return store;
        }
    }

    /** Checks the chain as the JDK would, and records instead of throwing (see the class comment). */
    private static final class Recording extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;

        Recording(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            try {
                delegate.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                Trust.failures.put(engine, e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            delegate.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a probe is never a TLS server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a probe is never a TLS server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a probe is never a TLS server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
