package dev.portmonitor.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for TLS tests, made with BouncyCastle in the test: a test CA and leaves for
 * {@code localhost} / {@code 127.0.0.1} (SAN DNS localhost and IP 127.0.0.1) that are valid, expired,
 * close to expiry, for another name, self-signed, or signed by an intermediate the server does not
 * send. EC P-256 keys (quick to make). {@link Issued#serverContext()} gives a server's SSLContext.
 */
public final class TestCertificates {

    /** What a server holds: its key and the chain it sends (leaf first). */
    public record Issued(PrivateKey key, List<X509Certificate> chain) {

        public X509Certificate leaf() {
            return chain.get(0);
        }

        public KeyManagerFactory keyManagers() {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("server", key, PASSWORD, chain.toArray(new Certificate[0]));
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, PASSWORD);
                return factory;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A TLS server context that presents this key and chain. */
        public SSLContext serverContext() {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keyManagers().getKeyManagers(), null, new SecureRandom());
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final char[] PASSWORD = "test".toCharArray();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    private static final List<String> LOCALHOST = List.of("localhost", "127.0.0.1");

    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final KeyPair intermediateKeys;
    private final X509Certificate intermediate;

    /** A new CA ("Port Monitor Test CA", 10 years) and an intermediate under it. */
    public TestCertificates() {
        Instant now = Instant.now();
        caKeys = keys();
        ca = sign(new X500Name("CN=Port Monitor Test CA"), caKeys, new X500Name("CN=Port Monitor Test CA"), caKeys.getPrivate(),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), List.of(), true);
        intermediateKeys = keys();
        intermediate = sign(new X500Name("CN=Port Monitor Test Intermediate CA"), intermediateKeys,
                new X500Name("CN=Port Monitor Test CA"), caKeys.getPrivate(), now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(3650)), List.of(), true);
    }

    public X509Certificate ca() {
        return ca;
    }

    /** Valid for 90 days, issued by the CA. */
    public Issued valid() {
        return leaf(Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(90)), LOCALHOST);
    }

    /** Expired yesterday. */
    public Issued expired() {
        return leaf(Instant.now().minus(Duration.ofDays(60)), Instant.now().minus(Duration.ofDays(1)), LOCALHOST);
    }

    /** Expires {@code days} days from now (to the second). */
    public Issued expiringIn(int days) {
        return leaf(Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(days)), LOCALHOST);
    }

    /** Valid, issued by the CA, for other.example only. */
    public Issued wrongHost() {
        return leaf(Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(90)), List.of("other.example"));
    }

    /** Signed by its own key: no CA. */
    public Issued selfSigned() {
        KeyPair keys = keys();
        X500Name subject = new X500Name("CN=localhost");
        X509Certificate certificate = sign(subject, keys, subject, keys.getPrivate(), Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(90)), LOCALHOST, false);
        return new Issued(keys.getPrivate(), List.of(certificate));
    }

    /** Issued by the intermediate; the server sends only the leaf, so the chain cannot be built from the CA. */
    public Issued incompleteChain() {
        KeyPair keys = keys();
        X509Certificate certificate = sign(new X500Name("CN=localhost"), keys, new X500Name("CN=Port Monitor Test Intermediate CA"),
                intermediateKeys.getPrivate(), Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(90)),
                LOCALHOST, false);
        return new Issued(keys.getPrivate(), List.of(certificate));
    }

    /** Issued by the intermediate; the server sends leaf and intermediate: a complete chain. */
    public Issued throughIntermediate() {
        Issued leaf = incompleteChain();
        return new Issued(leaf.key(), List.of(leaf.leaf(), intermediate));
    }

    private Issued leaf(Instant notBefore, Instant notAfter, List<String> names) {
        KeyPair keys = keys();
        X509Certificate certificate = sign(new X500Name("CN=" + names.get(0)), keys, new X500Name("CN=Port Monitor Test CA"),
                caKeys.getPrivate(), notBefore, notAfter, names, false);
        return new Issued(keys.getPrivate(), List.of(certificate));
    }

    /** Writes the CA certificate as PEM into {@code directory}; returns the file. */
    public Path writeCaPem(Path directory) throws IOException {
        return writePem(directory.resolve("ca.pem"), ca);
    }

    public static Path writePem(Path file, X509Certificate... certificates) throws IOException {
        Files.writeString(file, pem(certificates), StandardCharsets.US_ASCII);
        return file;
    }

    public static String pem(X509Certificate... certificates) {
        StringBuilder out = new StringBuilder();
        Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (X509Certificate certificate : certificates) {
            try {
                out.append("-----BEGIN CERTIFICATE-----\n").append(encoder.encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, PrivateKey issuerKey,
                                        Instant notBefore, Instant notAfter, List<String> names, boolean isCa) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKeys.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            if (isCa) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            }
            if (!names.isEmpty()) {
                List<GeneralName> alternatives = new ArrayList<>();
                for (String name : names) {
                    alternatives.add(name.matches("[0-9.]+") ? new GeneralName(GeneralName.iPAddress, name)
                            : new GeneralName(GeneralName.dNSName, name));
                }
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(alternatives.toArray(new GeneralName[0])));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
