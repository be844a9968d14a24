#!/usr/bin/env python3
"""Failover of a three-member cluster: from SIGKILL of a member until every monitor it probed has
been probed again by a survivor.

Starts loopback listeners (bench/listeners.py) and three `port-monitor run` members on loopback,
each monitor at a 1 s interval. For each trial it kills one member (round robin) with SIGKILL, polls
a survivor's /status every 50 ms until each orphaned monitor's last check is newer than the kill,
then restarts the member and waits for the cluster to settle. Prints one line per trial and a
summary (p50, p99, min, max) to standard output; figures go in docs/benchmarks.md by hand.

Usage: bench/failover.py [--monitors 300] [--trials 10] [--jar cli/target/port-monitor.jar]
"""
import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status(http_port):
    with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/status", timeout=5) as response:
        return json.load(response)


def parse_instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class Member:
    def __init__(self, name, jar, config, workdir, cluster_port):
        self.name, self.jar, self.config, self.workdir = name, jar, config, workdir
        self.cluster_port = cluster_port
        self.http_port = None
        self.process = None

    @property
    def address(self):
        return f"127.0.0.1:{self.cluster_port}"

    def start(self, others):
        self.http_port = free_port()
        command = ["java", "-Xmx384m", "-jar", self.jar, "run", "--config", self.config,
                   "--state-dir", os.path.join(self.workdir, "state-" + self.name),
                   "--http-port", str(self.http_port), "--cluster-name", "pm-bench-failover",
                   "--cluster-port", str(self.cluster_port)]
        for other in others:
            command += ["--member", other.address]
        log = open(os.path.join(self.workdir, self.name + ".log"), "ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)

    def members(self):
        try:
            return len(status(self.http_port)["cluster"]["members"])
        except Exception:
            return 0

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()


def wait_until(condition, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.1)
    raise SystemExit(f"timed out after {timeout}s waiting for {what}")


def settled(survivor_port, members):
    """Every monitor has a prober, and every member probes some."""
    try:
        s = status(survivor_port)
    except Exception:
        return False
    probers = [m.get("prober") for m in s["monitors"]]
    return None not in probers and len(set(probers)) == members


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--monitors", type=int, default=300)
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--jar", default="cli/target/port-monitor.jar")
    args = parser.parse_args()
    if not os.path.exists(args.jar):
        raise SystemExit(f"{args.jar} is missing: run mvn -B -DskipTests package first")

    workdir = tempfile.mkdtemp(prefix="pm-failover-")
    targets = os.path.join(workdir, "targets.txt")
    listeners = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(__file__), "listeners.py"),
                                  "--open", "20", "--out", targets], stdout=subprocess.PIPE, text=True)
    members = []
    try:
        if listeners.stdout.readline().strip() != "ready":
            raise SystemExit("listeners did not start")
        ports = [line.strip() for line in open(targets) if line.strip()]
        config = os.path.join(workdir, "monitors.yaml")
        with open(config, "w") as f:
            f.write("portMonitor:\n  defaults: {timeout: 500ms}\n  monitors:\n")
            for i in range(args.monitors):
                host, port = ports[i % len(ports)].rsplit(":", 1)
                f.write(f"    - {{id: m{i}, host: {host}, port: {port}, interval: 1s}}\n")

        members = [Member(n, args.jar, config, workdir, free_port()) for n in ("a", "b", "c")]
        for m in members:
            m.start([o for o in members if o is not m])
        for m in members:
            wait_until(lambda: m.members() == 3, 120, f"member {m.name} to see 3 members")
        wait_until(lambda: settled(members[0].http_port, 3), 60, "every member to probe some monitors")
        time.sleep(5)

        results = []
        for trial in range(args.trials):
            victim = members[trial % 3]
            survivor = members[(trial + 1) % 3]
            before = status(survivor.http_port)
            orphans = [m["id"] for m in before["monitors"] if m.get("prober") == victim.address]
            killed_at = time.time()
            start = time.monotonic()
            victim.kill()
            left = set(orphans)
            detected = None
            while left:
                if time.monotonic() - start > 120:
                    raise SystemExit(f"trial {trial + 1}: {len(left)} monitors not probed again within 120 s")
                try:
                    s = status(survivor.http_port)
                except Exception:
                    time.sleep(0.05)
                    continue
                if detected is None and len(s["cluster"]["members"]) == 2:
                    detected = time.monotonic() - start
                for m in s["monitors"]:
                    last = m.get("lastCheck")
                    if m["id"] in left and last and parse_instant(last["at"]) > killed_at:
                        left.discard(m["id"])
                time.sleep(0.05)
            elapsed = time.monotonic() - start
            results.append(elapsed)
            print(f"trial {trial + 1}: killed {victim.name} ({len(orphans)} monitors); member dropped after "
                  f"{detected if detected is not None else float('nan'):.2f} s; all probed again after {elapsed:.2f} s",
                  flush=True)
            victim.start([o for o in members if o is not victim])
            wait_until(lambda: victim.members() == 3, 120, f"member {victim.name} to rejoin")
            wait_until(lambda: settled(survivor.http_port, 3), 60, "the cluster to settle")
            time.sleep(5)

        ordered = sorted(results)
        p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
        print(f"failover over {len(results)} trials, {args.monitors} monitors at 1 s on 3 members "
              f"(heartbeat 1 s, member dropped after 5 s without one): p50 {statistics.median(results):.2f} s, "
              f"p99 {p99:.2f} s, min {ordered[0]:.2f} s, max {ordered[-1]:.2f} s")
    finally:
        for m in members:
            m.kill()
        listeners.terminate()
        listeners.wait()


if __name__ == "__main__":
    main()
