#!/usr/bin/env python3
"""The app is not disturbed: the sample app's HTTP throughput (wrk) with and without dnsperf
flooding its DNS port at full rate, in alternating rounds.

The app is pinned to one core, wrk and dnsperf to the other. The app's CPU time is split by
thread from /proc: what its UDP thread took, and what was left for everything else.
`bench/run isolation` installs what this needs and calls it; see docs/performance.md.
"""
import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.request

import dnsperf
import servers

HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.path.join(HERE, "..", "sample-app", "target", "selfdns-sample-app.jar")
# Without shaping, the DNS thread takes what the flood asks of it. With it, DNS steps back while
# the app is busy: the default signal (process.cpu.usage from 0.65 to 0.9) scaled to the one core
# of two the app is pinned to, since process.cpu.usage counts every core of the machine.
# With rate limiting on at its defaults, the whole flood comes from one /24, as a spoofed flood
# aimed at one victim does.
CONFIGS = {"no-shaping": ["--selfdns.shaping.enabled=false"],
           "shaping": ["--selfdns.shaping.signals[0].meter=process.cpu.usage",
                       "--selfdns.shaping.signals[0].low=0.325", "--selfdns.shaping.signals[0].high=0.45"],
           "rate-limit": ["--selfdns.shaping.enabled=false", "--selfdns.rate-limit.enabled=true"]}
# A limited flood is mostly dropped: dnsperf needs many slots and a short timeout to keep sending.
FLOOD = {"rate-limit": {"outstanding": 65535, "timeout": 0.1}}


def wrk(url, seconds, core, connections):
    out = subprocess.run(["taskset", "-c", core, "wrk", "-t1", "-c%d" % connections, "-d%ds" % seconds,
                          "--latency", url], capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    def millis(label):
        match = re.search(r"%s\s+([\d.]+)(us|ms|s)\b" % re.escape(label), out)
        return float(match.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[match.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50_ms": millis("50%"),
            "p99_ms": millis("99%"), "non_2xx": int(errors.group(1)) if errors else 0,
            "socket_errors": socket_errors.group(1) if socket_errors else None}


def thread_cpu(pid):
    """CPU seconds by thread name."""
    ticks = os.sysconf("SC_CLK_TCK")
    by_name = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat.rsplit(")", 1)[1].split()
        by_name[name] = by_name.get(name, 0) + (int(fields[11]) + int(fields[12])) / ticks
    return by_name


def heap_used_mib(http_port):
    url = "http://127.0.0.1:%d/actuator/metrics/jvm.memory.used?tag=area:heap" % http_port
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)["measurements"][0]["value"] / 2 ** 20


def udp_counters(http_port):
    with urllib.request.urlopen("http://127.0.0.1:%d/actuator/selfdns" % http_port, timeout=5) as response:
        return json.load(response)["counters"]["udp"]


def phase(app, args, queries, flood, flood_options):
    """One wrk run, alone or with dnsperf flooding the app's DNS port alongside."""
    counted = udp_counters(app.http_port)
    before, started = thread_cpu(app.process.pid), time.time()
    flood_result = {}
    if flood:
        def run_flood():
            flood_result.update(dnsperf.run(app.port, queries, args.seconds, args.load_core, **flood_options))
        flooder = threading.Thread(target=run_flood)
        flooder.start()
    result = wrk("http://127.0.0.1:%d/" % app.http_port, args.seconds, args.load_core, args.connections)
    if flood:
        flooder.join()
        result["dns_qps"] = flood_result["qps"]
        result["dns_lost"] = flood_result["lost"]
        result["dns_sent_qps"] = flood_result["sent"] / args.seconds
        # Bytes out for bytes in: under 1 means the server cannot amplify a spoofed flood.
        result["dns_bytes_ratio"] = (flood_result["completed"] * flood_result["response_bytes"]
                                     / (flood_result["sent"] * flood_result["request_bytes"]))
        now = udp_counters(app.http_port)
        for outcome in ("answered", "slipped", "rate-limited"):
            result["dns_%s_per_s" % outcome.replace("-", "_")] = (now[outcome] - counted[outcome]) / args.seconds
    elapsed = time.time() - started
    after = thread_cpu(app.process.pid)
    used = {name: after[name] - before.get(name, 0) for name in after}
    result["app_cores"] = sum(used.values()) / elapsed
    result["dns_cores"] = sum(v for k, v in used.items() if k.startswith("selfdns-udp")) / elapsed
    result["rss_mib"] = app.rss_kib() / 1024
    result["heap_mib"] = heap_used_mib(app.http_port)
    return result


def warm(app, args, queries, flood_options):
    """Warm the JIT on both paths until HTTP throughput settles: on one core, the compiler threads
    compete with the app, and a run measured before they are done measures the compiler."""
    dnsperf.run(app.port, queries, 5, args.load_core, **flood_options)
    previous = 0
    for _ in range(12):
        rps = wrk("http://127.0.0.1:%d/" % app.http_port, 15, args.load_core, args.connections)["rps"]
        if previous and abs(rps - previous) < 0.05 * previous:
            return
        previous = rps
    print("HTTP throughput did not settle while warming up; measuring anyway", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--server-core", default="1")
    parser.add_argument("--load-core", default="0")
    parser.add_argument("--configs", default=",".join(CONFIGS))
    parser.add_argument("--out", default=os.path.join(HERE, "results", "isolation.json"))
    args = parser.parse_args()
    # A run of some configs updates their entries and keeps the others.
    previous = {}
    if os.path.exists(args.out):
        with open(args.out) as f:
            previous = json.load(f).get("configs", {})

    work = tempfile.mkdtemp(prefix="selfdns-isolation-")
    queries = os.path.join(work, "queries.txt")
    dnsperf.write_queries(queries)
    result = {"date": datetime.date.today().isoformat(),
              "config": {"rounds": args.rounds, "seconds": args.seconds, "connections": args.connections},
              "configs": {}}
    for name in args.configs.split(","):
        app = servers.SelfDns(name, 5390, work, args.server_core, JAR, 18090, CONFIGS[name])
        app.start()
        try:
            app.wait_ready()
            warm(app, args, queries, FLOOD.get(name, {}))
            start_rss = app.rss_kib() / 1024
            rounds = []
            for number in range(1, args.rounds + 1):
                alone = phase(app, args, queries, False, {})
                flooded = phase(app, args, queries, True, FLOOD.get(name, {}))
                rounds.append({"alone": alone, "flood": flooded})
                print("%s round %d: HTTP %.0f/s (p99 %.1f ms) alone, %.0f/s (p99 %.1f ms) while DNS answered"
                      " %.0f q/s using %.2f of a core; RSS %.0f MiB" % (
                          name, number, alone["rps"], alone["p99_ms"], flooded["rps"], flooded["p99_ms"],
                          flooded["dns_qps"], flooded["dns_cores"], flooded["rss_mib"]), flush=True)
            summary = {"rps_alone": statistics.median(r["alone"]["rps"] for r in rounds),
                       "rps_flood": statistics.median(r["flood"]["rps"] for r in rounds),
                       "ratio": statistics.median(r["flood"]["rps"] / r["alone"]["rps"] for r in rounds),
                       "p99_alone_ms": statistics.median(r["alone"]["p99_ms"] for r in rounds),
                       "p99_flood_ms": statistics.median(r["flood"]["p99_ms"] for r in rounds),
                       "dns_qps": statistics.median(r["flood"]["dns_qps"] for r in rounds),
                       "dns_cores": statistics.median(r["flood"]["dns_cores"] for r in rounds),
                       "app_cores_alone": statistics.median(r["alone"]["app_cores"] for r in rounds),
                       "app_cores_flood": statistics.median(r["flood"]["app_cores"] for r in rounds),
                       "rss_start_mib": start_rss,
                       "rss_end_mib": rounds[-1]["flood"]["rss_mib"],
                       "heap_max_mib": max(max(r["alone"]["heap_mib"], r["flood"]["heap_mib"]) for r in rounds),
                       "dns_sent_qps": statistics.median(r["flood"]["dns_sent_qps"] for r in rounds),
                       "dns_bytes_ratio": statistics.median(r["flood"]["dns_bytes_ratio"] for r in rounds)}
            for outcome in ("answered", "slipped", "rate-limited"):
                key = "dns_%s_per_s" % outcome.replace("-", "_")
                summary[key] = statistics.median(r["flood"][key] for r in rounds)
            result["configs"][name] = {"date": result["date"], "args": CONFIGS[name], "rounds": rounds,
                                       "summary": summary}
        finally:
            app.stop()
    result["configs"] = {name: result["configs"].get(name, previous.get(name)) for name in CONFIGS
                         if name in result["configs"] or name in previous}
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    for name, entry in result["configs"].items():
        s = entry["summary"]
        print("%s: HTTP %.0f/s alone, %.0f/s under the flood (%.0f%%); p99 %.1f -> %.1f ms; DNS %.0f q/s on %.2f"
              " of a core" % (name, s["rps_alone"], s["rps_flood"], 100 * s["ratio"], s["p99_alone_ms"],
                              s["p99_flood_ms"], s["dns_qps"], s["dns_cores"]))
    print("results in %s" % args.out)


if __name__ == "__main__":
    main()
