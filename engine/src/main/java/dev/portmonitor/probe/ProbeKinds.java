package dev.portmonitor.probe;

import java.util.List;
import java.util.Optional;

/**
 * Every probe kind, the only place that names them: adding a kind is one class with its
 * {@link ProbeKind} constant and one line here (docs/probe-kinds.md). An architecture test keeps the
 * kinds' classes from being used anywhere else.
 */
public final class ProbeKinds implements dev.portmonitor.target.Schemes {

    /** The kinds as the {@code KIND://} prefixes of targets. */
    public static final ProbeKinds SCHEMES = new ProbeKinds();

    /** The default kind: a TCP connect, closed at once. */
    public static final ProbeKind TCP = ConnectProbe.KIND;

    private static final List<ProbeKind> ALL = List.of(
            ConnectProbe.KIND,
            PostgresProbe.KIND,
            RedisProbe.KIND,
            MysqlProbe.KIND,
            AmqpProbe.KIND,
            MemcachedProbe.KIND,
            SshProbe.KIND,
            MqttProbe.KIND,
            NatsProbe.KIND,
            SmtpProbe.KIND,
            SmtpProbe.SUBMISSION,
            MailboxProbe.IMAP,
            MailboxProbe.IMAPS,
            MailboxProbe.POP3,
            MailboxProbe.POP3S,
            TlsProbe.KIND,
            DnsProbe.KIND,
            MongoProbe.KIND,
            HttpProbe.HTTP,
            HttpProbe.HTTPS,
            HttpProbe.ELASTICSEARCH,
            ExpectProbe.KIND);

    private ProbeKinds() {
    }

    /** Every kind, in the order the documentation lists them. */
    public static List<ProbeKind> all() {
        return ALL;
    }

    public static Optional<ProbeKind> named(String name) {
        return ALL.stream().filter(kind -> kind.name().equals(name)).findFirst();
    }

    /** The kinds' names, for messages: "tcp, redis, ...". */
    public static String kindNames() {
        return String.join(", ", ALL.stream().map(ProbeKind::name).toList());
    }

    @Override
    public int defaultPort(String scheme) {
        return named(scheme).map(ProbeKind::defaultPort).orElse(-1);
    }

    @Override
    public boolean takesPath(String scheme) {
        return named(scheme).map(kind -> kind.settingKeys().contains("path")).orElse(false);
    }

    @Override
    public String names() {
        return kindNames();
    }
}
