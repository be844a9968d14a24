#!/usr/bin/env python3
"""Loopback listeners for benchmarks: N open ports that accept and close at once, M closed ports.

Writes the targets, one per line, to --out, prints "ready" on standard output, then serves until
it receives SIGTERM or SIGINT, or --seconds pass. Every socket is closed on the way out.
"""
import argparse
import random
import selectors
import signal
import socket
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--open", type=int, default=1000)
    parser.add_argument("--closed", type=int, default=0)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seconds", type=float, default=1800)
    args = parser.parse_args()

    selector = selectors.EpollSelector() if hasattr(selectors, "EpollSelector") else selectors.DefaultSelector()
    servers = []
    for _ in range(args.open):
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.bind(("127.0.0.1", 0))
        server.listen(1024)
        server.setblocking(False)
        selector.register(server, selectors.EVENT_READ)
        servers.append(server)
    ports = [s.getsockname()[1] for s in servers]
    closed = []
    while len(closed) < args.closed:
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        if port not in ports:
            closed.append(port)
    targets = [f"127.0.0.1:{p}" for p in ports] + [f"127.0.0.1:{p}" for p in closed]
    random.Random(42).shuffle(targets)
    with open(args.out, "w") as out:
        out.write("\n".join(targets) + "\n")

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    print("ready", flush=True)
    deadline = time.monotonic() + args.seconds
    while not stop and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=0.5):
            while True:
                try:
                    conn, _ = key.fileobj.accept()
                except (BlockingIOError, InterruptedError):
                    break
                except OSError:
                    break
                conn.close()
    for server in servers:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
