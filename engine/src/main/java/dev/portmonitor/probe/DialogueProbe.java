package dev.portmonitor.probe;

import dev.portmonitor.target.Target;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A protocol kind's probe: the shared connect, then a {@link Conversation} with a new
 * {@link Dialogue} for the check, over TLS from the start for the implicit-TLS kinds.
 *
 * @param <S> the kind's settings
 */
final class DialogueProbe<S extends ProbeSettings> implements Probe {

    /** What a kind's settings say about TLS: null for a kind or a check without it. */
    interface TlsAware {
        TlsSettings tlsSettings();
    }

    private final Connector connector;
    private final TlsClient tlsClient;
    private final Class<S> settingsType;
    private final BiFunction<Target, S, Dialogue> dialogues;
    private final Predicate<S> implicitTls;

    /** A plain-text kind with no settings of its own: a new dialogue for each check. */
    static ProbeKind withoutSettings(String name, int defaultPort, java.util.function.Supplier<Dialogue> dialogue) {
        return new ProbeKind(name, defaultPort, java.util.List.of(), reader -> ProbeSettings.NONE,
                connector -> new DialogueProbe<>(connector, ProbeSettings.class, settings -> dialogue.get(), false));
    }

    DialogueProbe(Connector connector, Class<S> settingsType, Function<S, Dialogue> dialogues, boolean implicitTls) {
        this(connector, settingsType, (target, settings) -> dialogues.apply(settings), settings -> implicitTls);
    }

    /**
     * A kind whose dialogue needs the target (an HTTP Host header), or whose settings say whether TLS
     * starts at once ({@code expect} with {@code tls: true}).
     */
    DialogueProbe(Connector connector, Class<S> settingsType, BiFunction<Target, S, Dialogue> dialogues,
                  Predicate<S> implicitTls) {
        this.connector = connector;
        this.tlsClient = connector.tlsClient();
        this.settingsType = settingsType;
        this.dialogues = dialogues;
        this.implicitTls = implicitTls;
    }

    @Override
    public CompletableFuture<ProbeResult> probe(Target target, ProbeOptions options, ProbeSettings settings) {
        S own = settingsType.cast(settings);
        return connector.connect(target, options).thenCompose(connection -> {
            if (!connection.isOpen()) {
                return CompletableFuture.completedFuture(connection.failure());
            }
            TlsSettings tls = own instanceof TlsAware aware && aware.tlsSettings() != null ? aware.tlsSettings() : TlsSettings.DEFAULTS;
            return Conversation.run(connection, options, dialogues.apply(target, own), tlsClient, tls, implicitTls.test(own));
        });
    }
}
