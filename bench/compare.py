#!/usr/bin/env python3
"""Port Monitor beside the tools people use today, on loopback. Called by bench/run.sh, which
builds the jar, installs the peers and writes docs/benchmarks.md; each part prints a Markdown
section to standard output.

  compare.py burst  --jar JAR [--runs 5] [--sizes 100,1000,10000]
  compare.py close  --jar JAR [--runs 5]
  compare.py step   --jar JAR [--runs 5]
  compare.py detect --jar JAR [--trials 30]

burst: N open loopback ports, and N with 10% closed; `port-monitor verify` (whole process, and its
in-process verify call), `nmap -sT`, a sequential `nc -z` loop, `check_tcp` per port, and
blackbox_exporter's /probe per target (64 requests in flight). close: TIME_WAIT left behind and
throughput of a 10,000-port verify with a normal close against a reset close. step: a 20-target
verify as the verifyPorts step makes it. detect: a monitored port closes; time until the DOWN
webhook arrives (1 s interval, 2 failures before an alert), and the same for recovery.
"""
import argparse
import concurrent.futures
import http.server
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
CHECK_TCP = "/usr/lib/nagios/plugins/check_tcp"


def median_spread(values, unit="ms", digits=0):
    f = f"{{:.{digits}f}}"
    return f"{f.format(statistics.median(values))} {unit} ({f.format(min(values))}-{f.format(max(values))})"


class Listeners:
    """bench/listeners.py: OPEN ports that accept and close, CLOSED ports bound and released."""

    def __init__(self, open_count, closed_count):
        self.dir = tempfile.mkdtemp(prefix="pm-bench-")
        self.file = os.path.join(self.dir, "targets.txt")
        self.process = subprocess.Popen([sys.executable, os.path.join(HERE, "listeners.py"), "--open", str(open_count),
                                         "--closed", str(closed_count), "--out", self.file],
                                        stdout=subprocess.PIPE, text=True)
        if self.process.stdout.readline().strip() != "ready":
            raise SystemExit("listeners did not start")
        self.targets = [line.strip() for line in open(self.file) if line.strip()]

    def close(self):
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def timed(command, **kwargs):
    start = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    return (time.monotonic() - start) * 1000, result


def run_port_monitor(jar, targets_file, extra=()):
    wall, result = timed(["java", "-jar", jar, "verify", "-f", targets_file, "--json", "--timeout", "5s",
                          "--deadline", "5m", "--concurrency", "256", *extra])
    report = json.loads(result.stdout)
    return wall, report["elapsedMs"], report["summary"]["counts"].get("OPEN", 0)


def run_nmap(listeners):
    ports = ",".join(t.rsplit(":", 1)[1] for t in listeners.targets)
    wall, result = timed(["nmap", "-sT", "-Pn", "-n", "-p", ports, "127.0.0.1", "-oG", "-"])
    return wall, result.stdout.count("/open/")


def run_loop(listeners, command):
    script = f'o=0; while IFS=: read -r h p; do {command} > /dev/null 2>&1 && o=$((o+1)); done < "$1"; echo $o'
    wall, result = timed(["bash", "-c", script, "loop", listeners.file])
    return wall, int(result.stdout.strip() or 0)


class Blackbox:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="pm-blackbox-")
        config = os.path.join(self.dir, "blackbox.yml")
        with open(config, "w") as f:
            f.write("modules:\n  tcp_connect:\n    prober: tcp\n    timeout: 5s\n")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.process = subprocess.Popen(["prometheus-blackbox-exporter", f"--config.file={config}",
                                         f"--web.listen-address=127.0.0.1:{self.port}", "--log.level=error"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("blackbox_exporter did not start")

    def probe(self, target):
        url = f"http://127.0.0.1:{self.port}/probe?module=tcp_connect&target={target}"
        with urllib.request.urlopen(url, timeout=10) as response:
            return "\nprobe_success 1" in "\n" + response.read().decode()

    def run(self, listeners):
        start = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(64) as pool:
            opened = sum(pool.map(self.probe, listeners.targets))
        return (time.monotonic() - start) * 1000, opened

    def close(self):
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def burst(args):
    sizes = [int(s) for s in args.sizes.split(",")]
    blackbox = Blackbox()
    rows = []
    try:
        for size in sizes:
            for closed in (0, size // 10):
                listeners = Listeners(size - closed, closed)
                try:
                    times = {k: [] for k in ("pm", "call", "nmap", "nc", "check_tcp", "blackbox")}
                    opened = {k: set() for k in times}
                    for _ in range(args.runs):
                        wall, call, n = run_port_monitor(args.jar, listeners.file)
                        times["pm"].append(wall); times["call"].append(call); opened["pm"].add(n); opened["call"].add(n)
                        wall, n = run_nmap(listeners); times["nmap"].append(wall); opened["nmap"].add(n)
                        wall, n = run_loop(listeners, 'nc -z -w 5 "$h" "$p"'); times["nc"].append(wall); opened["nc"].add(n)
                        wall, n = run_loop(listeners, f'{CHECK_TCP} -H "$h" -p "$p" -t 5')
                        times["check_tcp"].append(wall); opened["check_tcp"].add(n)
                        wall, n = blackbox.run(listeners); times["blackbox"].append(wall); opened["blackbox"].add(n)
                        time.sleep(1)  # let sockets drain between tools
                    rows.append((size, closed, times, opened))
                    print(f"burst {size} ({closed} closed) done", file=sys.stderr, flush=True)
                finally:
                    listeners.close()
    finally:
        blackbox.close()

    print("| ports | closed | port-monitor process | verify call | nmap -sT | nc -z loop | check_tcp loop | blackbox /probe | process ÷ nmap |")
    print("|---:|---:|---|---|---|---|---|---|---:|")
    for size, closed, times, opened in rows:
        ratio = statistics.median(times["pm"]) / statistics.median(times["nmap"])
        cells = []
        for key in ("pm", "call", "nmap", "nc", "check_tcp", "blackbox"):
            expected = size - closed
            mark = "" if opened[key] == {expected} else f" ⚠ open {sorted(opened[key])}"
            cells.append(median_spread(times[key]) + mark)
        print(f"| {size} | {closed} | " + " | ".join(cells) + f" | {ratio:.1f}x |")


def time_wait(ports):
    """Sockets in TIME_WAIT on either side of a connection to these loopback ports (the listeners
    of this part): the side that closes first keeps one, here usually the listener's."""
    out = subprocess.run(["ss", "-tanH", "state", "time-wait"], capture_output=True, text=True).stdout
    count = 0
    for line in out.splitlines():
        fields = line.split()
        if len(fields) >= 4 and (fields[-1].rsplit(":", 1)[-1] in ports or fields[-2].rsplit(":", 1)[-1] in ports):
            count += 1
    return count


def close_mode(args):
    listeners = Listeners(10000, 0)
    ports = {t.rsplit(":", 1)[1] for t in listeners.targets}
    try:
        print("| close | verify call, median (min-max) | probes per second (median) | TIME_WAIT sockets left by a run, median (min-max) |")
        print("|---|---|---:|---|")
        for mode, extra in (("reset (SO_LINGER 0)", ("--reset",)), ("normal", ())):
            calls, left = [], []
            for _ in range(args.runs):
                # TIME_WAIT lasts 60 s on Linux: count what each run adds (the reset runs go first).
                before = time_wait(ports)
                _, call, _ = run_port_monitor(args.jar, listeners.file, extra)
                calls.append(call)
                left.append(time_wait(ports) - before)
            rate = 10000 / (statistics.median(calls) / 1000)
            print(f"| {mode} | {median_spread(calls)} | {rate:,.0f} | {median_spread(left, unit='')} |")
    finally:
        listeners.close()


def step(args):
    listeners = Listeners(20, 0)
    try:
        calls, walls = [], []
        for _ in range(args.runs):
            wall, call, _ = run_port_monitor(args.jar, listeners.file)
            walls.append(wall)
            calls.append(call)
        print("| targets | verify call (what verifyPorts waits for), median (min-max) | whole CLI process, median (min-max) |")
        print("|---:|---|---|")
        print(f"| 20 | {median_spread(calls, digits=1)} | {median_spread(walls)} |")
    finally:
        listeners.close()


class Receiver(http.server.BaseHTTPRequestHandler):
    events = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Receiver.events.append((time.monotonic(), json.loads(body)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def detect(args):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.listen(128)
    stop = threading.Event()

    def accept_loop(sock):
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
                conn.close()
            except OSError:
                return

    threading.Thread(target=accept_loop, args=(listener,), daemon=True).start()
    work = tempfile.mkdtemp(prefix="pm-detect-")
    config = os.path.join(work, "detect.yaml")
    with open(config, "w") as f:
        f.write(f"""portMonitor:
  defaults: {{timeout: 500ms, failuresBeforeAlert: 2, successesBeforeRecovery: 1}}
  storm: {{enabled: false}}
  channels:
    - {{id: hook, webhook: {{url: "http://127.0.0.1:{server.server_address[1]}/hook", timeout: 2s}}}}
  monitors:
    - {{id: probe-me, host: 127.0.0.1, port: {port}, interval: 1s, channels: [hook]}}
""")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        http_port = s.getsockname()[1]
    member = subprocess.Popen(["java", "-jar", args.jar, "run", "--config", config, "--state-dir", os.path.join(work, "state"),
                               "--http-port", str(http_port), "--cluster-name", f"pm-detect-{os.getpid()}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    downs, ups = [], []
    try:
        def wait_for(kind, since, timeout=30):
            end = time.monotonic() + timeout
            while time.monotonic() < end:
                for at, event in Receiver.events:
                    if at >= since and event["eventType"] == kind:
                        return at
                time.sleep(0.005)
            raise SystemExit(f"no {kind} within {timeout} s")

        def status():
            with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/status", timeout=2) as r:
                return json.load(r)["monitors"][0]["status"]

        end = time.monotonic() + 60
        while time.monotonic() < end:
            try:
                if status() == "UP":
                    break
            except OSError:
                pass
            time.sleep(0.2)
        for trial in range(args.trials):
            time.sleep(0.3 + (trial % 10) / 10)  # close at a different point of the interval each time
            closed_at = time.monotonic()
            # shutdown() first: a close() alone leaves the port listening while the accept thread
            # is blocked in accept() on it, until one more connection comes.
            listener.shutdown(socket.SHUT_RDWR)
            listener.close()
            downs.append(wait_for("DOWN", closed_at) - closed_at)
            time.sleep(0.3 + (trial % 7) / 10)
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", port))
            listener.listen(128)
            opened_at = time.monotonic()
            threading.Thread(target=accept_loop, args=(listener,), daemon=True).start()
            ups.append(wait_for("RECOVERED", opened_at) - opened_at)
            print(f"detect trial {trial + 1}: DOWN {downs[-1]:.3f} s, RECOVERED {ups[-1]:.3f} s", file=sys.stderr, flush=True)
    finally:
        stop.set()
        member.terminate()
        member.wait()
        listener.close()
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)

    def p99(values):
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]

    print("| event | trials | p50 | p99 | min | max | aim (N x interval + 0.5 s) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, values, aim in (("DOWN after the port closed", downs, 2.5), ("RECOVERED after it reopened", ups, 1.5)):
        print(f"| {name} | {len(values)} | {statistics.median(values):.2f} s | {p99(values):.2f} s | {min(values):.2f} s | "
              f"{max(values):.2f} s | {aim} s |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("part", choices=["burst", "close", "step", "detect"])
    parser.add_argument("--jar", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--trials", type=int, default=30)
    args = parser.parse_args()
    {"burst": burst, "close": close_mode, "step": step, "detect": detect}[args.part](args)


if __name__ == "__main__":
    main()
