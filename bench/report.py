#!/usr/bin/env python3
"""Writes the measured section of docs/benchmarks.md from bench/run.sh's results.

  report.py RESULTS_DIR docs/benchmarks.md RUNS TRIALS ELAPSED_SECONDS [ARGS]

The section between the BEGIN and END markers is replaced (or put after the title the first
time); everything else in the file, the notes of earlier measurements, is kept as it is.
"""
import datetime
import os
import platform
import re
import subprocess
import sys

BEGIN = "<!-- bench/run.sh: begin (generated; edit bench/report.py, not this section) -->"
END = "<!-- bench/run.sh: end -->"


def first_line(command):
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=20)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "not found"


def machine():
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    return [
        f"{os.cpu_count()} CPUs ({cpu}), {mem_kb / 1024 / 1024:.0f} GiB, Linux {platform.release()}",
        first_line(["java", "-version"]),
        first_line(["nmap", "--version"]),
        first_line(["prometheus-blackbox-exporter", "--version"]),
        first_line(["/usr/lib/nagios/plugins/check_tcp", "-V"]),
        "netcat-openbsd " + first_line(["dpkg-query", "-W", "-f=${Version}", "netcat-openbsd"]),
        "Python " + platform.python_version() + " (listeners, webhook receiver, blackbox client)",
    ]


def number(text):
    match = re.search(r"([0-9][0-9,.]*)", text)
    return float(match.group(1).replace(",", "")) if match else None


def rows(table):
    return [[c.strip() for c in line.strip().strip("|").split("|")] for line in table.splitlines()
            if line.startswith("|") and not line.startswith("|---") and not line.startswith("|--")][1:]


def aims(results):
    lines = []
    burst = rows(results["burst"])
    ten = [r for r in burst if r[0] == "10000" and r[1] == "0"]
    if ten:
        ratio = number(ten[0][-1])
        lines.append(f"| 10,000-port burst within 1.5x of `nmap -sT`, whole process | {ratio:.1f}x "
                     f"({ten[0][2].split(' (')[0]} against {ten[0][4].split(' (')[0]}) | {'met' if ratio <= 1.5 else 'not met'} |")
    close = rows(results["close"])
    normal = [r for r in close if r[0] == "normal"]
    if normal:
        rate = number(normal[0][2])
        lines.append(f"| at least 10,000 probes a second on two cores | {rate:,.0f} a second in a 10,000-port verify | "
                     f"{'met' if rate >= 10000 else 'not met'} |")
    steady = rows(results["steady"])
    tenk = [r for r in steady if r[0] == "10000"]
    if tenk:
        cpu, heap = number(tenk[0][3]), number(tenk[0][4])
        lines.append(f"| 10,000 monitors at 10 s under 15% of one core and 300 MB of heap | {cpu}% and {heap:.0f} MB | "
                     f"{'met' if cpu < 15 and heap < 300 else ('heap met, CPU not' if heap < 300 else 'not met')} |")
    detect = rows(results["detect"])
    down = [r for r in detect if r[0].startswith("DOWN")]
    if down:
        p99 = number(down[0][3])
        lines.append(f"| detection p99 no more than N x interval + 0.5 s (2.5 s with N = 2 at 1 s) | {p99:.2f} s | "
                     f"{'met' if p99 <= 2.5 else 'not met'} |")
    return "\n".join(["| aim | measured | |", "|---|---|---|"] + lines)


def main():
    directory, doc, runs, trials, elapsed = sys.argv[1:6]
    args = sys.argv[6] if len(sys.argv) > 6 else ""
    results = {}
    for part in ("burst", "close", "step", "detect", "steady"):
        with open(os.path.join(directory, part + ".md")) as f:
            results[part] = f.read().strip()
    today = datetime.date.today().isoformat()
    section = f"""{BEGIN}
## Measured by `bench/run.sh{(' ' + args) if args else ''}` on {today}

The whole run took {int(elapsed) // 60} min {int(elapsed) % 60} s. Each figure is the median of {runs} runs, with the fastest and
the slowest in brackets; the steady-state rows are the median of 5 consecutive parts of one run's window.

Machine:
{chr(10).join('- ' + line for line in machine())}

### Aims

{aims(results)}

### Burst verify

`bench/listeners.py` opens the open ports (they accept and close at once) and releases the closed
ones; each tool then checks the same list, one run after another:
- `java -jar cli/target/port-monitor.jar verify -f targets.txt --json --timeout 5s --deadline 5m --concurrency 256`:
  "process" is its wall time, JVM start included; "verify call" its report's `elapsedMs`, the
  in-process call;
- `nmap -sT -Pn -n -p PORTS 127.0.0.1 -oG -`;
- `while IFS=: read -r h p; do nc -z -w 5 "$h" "$p"; done < targets.txt`;
- the same loop with `/usr/lib/nagios/plugins/check_tcp -H "$h" -p "$p" -t 5`;
- blackbox_exporter's `/probe?module=tcp_connect&target=HOST:PORT` for each target, 64 requests
  in flight from a Python client.

A ⚠ marks a tool that did not find the expected number of open ports.

{results['burst']}

### Steady monitoring

`bench/monitor-steady.sh MONITORS INTERVAL SECONDS 100 5`: `port-monitor run` with MONITORS
monitors spread over 100 loopback listeners. CPU is the process's share of one core over the
window, after a warm-up of one interval plus 15 s. Heap is what is used after `jcmd GC.run`.
Lateness is how long after its due time each check started.

{results['steady']}

### Detection latency

`python3 bench/compare.py detect`: one monitor at a 1 s interval with `failuresBeforeAlert: 2`
and `successesBeforeRecovery: 1`, and a webhook to a local receiver. The listener is closed at a
different point of the interval in each of {trials} trials, then reopened. The figure is the time
from the close (or the reopen) until the webhook arrives.

{results['detect']}

### Close mode

`python3 bench/compare.py close`: a 10,000-port verify with `--reset` (SO_LINGER 0) and with a
normal close. The last column is the number of sockets in TIME_WAIT that each run adds on
connections to its listeners, on either side (`ss -tanH state time-wait`). The listeners close
each connection as soon as they accept it, so with a normal close the TIME_WAIT is theirs; in
front of a real service the client's own close leaves it on the probing machine instead.

{results['close']}

### verifyPorts-sized work

`python3 bench/compare.py step`: 20 open loopback ports. "Verify call" is what the `verifyPorts`
step waits for (the JVM is already running inside Jenkins).

{results['step']}
{END}
"""
    with open(doc) as f:
        text = f.read()
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + section.rstrip("\n") + text[text.index(END) + len(END):]
    else:
        title, rest = text.split("\n", 1)
        text = title + "\n\n" + section + "\n## Notes from earlier measurements\n" + rest
    with open(doc, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
