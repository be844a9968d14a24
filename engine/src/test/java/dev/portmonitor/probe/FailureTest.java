package dev.portmonitor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelException;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The exceptions Netty's epoll and NIO transports and the JDK resolver raise, as their sources show. */
class FailureTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new ConnectTimeoutException("connection timed out after 2000 ms: /127.0.0.1:9"),
                        Outcome.TIMEOUT, "no answer within 2s"),
                Arguments.of(new ConnectException("finishConnect(..) failed with error(-111): Connection refused"),
                        Outcome.REFUSED, "connection refused"),
                Arguments.of(new ConnectException("Connection refused: /127.0.0.1:9"), Outcome.REFUSED, "connection refused"),
                Arguments.of(new ConnectException("connect(..) failed with error(-110): Connection timed out"),
                        Outcome.TIMEOUT, "no answer within 2s"),
                Arguments.of(new NoRouteToHostException(), Outcome.UNREACHABLE, "no route to host (host or network unreachable)"),
                Arguments.of(new NoRouteToHostException("No route to host: /127.0.0.1:9"), Outcome.UNREACHABLE, "no route to host"),
                Arguments.of(new SocketException("Network is unreachable"), Outcome.UNREACHABLE, "network is unreachable"),
                Arguments.of(new ConnectException("connect(..) failed with error(-113): Host is unreachable"),
                        Outcome.UNREACHABLE, "no route to host"),
                Arguments.of(new CompletionException(new UnknownHostException("nowhere.test: Name or service not known")),
                        Outcome.UNRESOLVED, "name does not resolve"),
                Arguments.of(new ChannelException("Failed to open a socket.", new SocketException("Too many open files")),
                        Outcome.ERROR, "too many open files"),
                Arguments.of(new ChannelException("Unable to create Channel from class EpollSocketChannel",
                        new IOException("newSocketStream(..) failed: Too many open files")), Outcome.ERROR, "too many open files"),
                Arguments.of(new IllegalStateException("broken"), Outcome.ERROR, "IllegalStateException: broken"),
                Arguments.of(new SocketException("Permission denied"), Outcome.ERROR, "permission denied"),
                Arguments.of(new ConnectException("connect(..) failed with error(-22): Invalid argument"),
                        Outcome.ERROR, "invalid argument"),
                Arguments.of(new IOException(), Outcome.ERROR, "IOException"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("failures")
    void shouldClassify(Throwable thrown, Outcome outcome, String reason) {
        Failure failure = Failure.classify(thrown, Duration.ofSeconds(2));

        assertThat(failure.outcome()).isEqualTo(outcome);
        assertThat(failure.reason()).isEqualTo(reason);
    }
}
