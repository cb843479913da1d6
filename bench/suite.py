#!/usr/bin/env python3
"""selfdns side by side with NSD and Knot DNS under dnsperf.

Every server serves the sample's zone on loopback, pinned to one core; dnsperf runs on the other.
The servers take turns (A B C A B C ...) for several rounds of full-rate runs, then each gets a
run at a fixed rate in which every query's latency is recorded. The server's CPU time comes from
/proc, so CPU per query is not capped by what the load generator can send.

`bench/run` installs what this needs and calls it; see docs/performance.md.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile

import dnsperf
import servers

HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.path.join(HERE, "..", "sample-app", "target", "selfdns-sample-app.jar")
KINDS = {"echo": servers.Echo, "nsd": servers.Nsd, "knot": servers.Knot, "pdns-lua": servers.PowerDnsLua}


def build_servers(args, work):
    built, port = [], 5300
    keys = private = None
    if args.dnssec:
        keys, private = servers.make_signing_key(work)
    for name in args.servers.split(","):
        if name in KINDS:
            server = KINDS[name](name, port, work, args.server_core)
            if args.dnssec and name == "nsd":
                server.keys = keys
            elif args.dnssec and name != "echo":
                sys.exit("--dnssec compares NSD and selfdns only, not %s" % name)
            built.append(server)
        elif name.startswith("selfdns"):
            extra = args.selfdns_args.get(name, "").split()
            server = servers.SelfDns(name, port, work, args.server_core, JAR, 18000 + port,
                                     extra + (["--selfdns.dnssec.enabled=true",
                                               "--selfdns.dnssec.keys[0].private-key=file:" + private]
                                              if args.dnssec else []))
            if extra:
                server.label = "selfdns " + " ".join(a.lstrip("-").replace("selfdns.", "") for a in extra)
            if args.dnssec:
                server.label = "selfdns (signed ahead at start-up)"
            built.append(server)
        else:
            sys.exit("unknown server %r; known: %s, selfdns[-VARIANT]" % (name, ", ".join(KINDS)))
        port += 1
    return built


def measure(server, queries, args, seconds, rate=None, verbose_to=None):
    before = server.cpu_seconds()
    result = dnsperf.run(server.port, queries, seconds, args.load_core, rate, verbose_to, dnssec=args.dnssec)
    result["cpu_s"] = server.cpu_seconds() - before
    result["cpu_us_per_query"] = 1e6 * result["cpu_s"] / max(1, result["completed"])
    return result


def summarize(result):
    for name, entry in result["servers"].items():
        rounds = entry["rounds"]
        entry["summary"] = {"qps": statistics.median(r["qps"] for r in rounds),
                            "cpu_us_per_query": statistics.median(r["cpu_us_per_query"] for r in rounds),
                            "mean_ms": statistics.median(r["mean_ms"] for r in rounds),
                            "lost": sum(r["lost"] for r in rounds),
                            "sent": sum(r["sent"] for r in rounds)}
    if "nsd" in result["servers"]:
        nsd = result["servers"]["nsd"]["rounds"]
        for entry in result["servers"].values():
            # Ratios within each round, so slow drift of the machine cancels out.
            entry["summary"]["qps_vs_nsd"] = statistics.median(
                r["qps"] / n["qps"] for r, n in zip(entry["rounds"], nsd))
            ratios = [r["cpu_us_per_query"] / n["cpu_us_per_query"] for r, n in zip(entry["rounds"], nsd)
                      if n["cpu_us_per_query"] > 0]
            if ratios:
                entry["summary"]["cpu_vs_nsd"] = statistics.median(ratios)


def check_answers(result):
    """Every real name server must give the same answers to the mix, or the race is not fair."""
    reference = None
    for name, entry in result["servers"].items():
        rcodes = entry.get("latency", {}).get("rcodes")
        if not rcodes or name == "echo":
            continue
        total = sum(rcodes.values())
        shares = {code: round(count / total, 2) for code, count in rcodes.items()}
        entry["rcode_shares"] = shares
        if reference is None:
            reference = (name, shares)
        elif shares != reference[1]:
            print("warning: %s answered %s, %s answered %s" % (name, shares, reference[0], reference[1]))


def table(result):
    lines = ["| server | queries/s | vs NSD | CPU per query | vs NSD | mean latency | lost | "
             "fixed rate | mean / p99 / p99.9 latency | lost |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for name, entry in result["servers"].items():
        s, lat = entry["summary"], entry.get("latency", {})
        lines.append("| %s | %s | %s | %.2f µs | %s | %.3f ms | %d of %s | %s | %s | %s |" % (
            entry["label"], format(round(s["qps"]), ","),
            "%.2f×" % s["qps_vs_nsd"] if "qps_vs_nsd" in s else "–",
            s["cpu_us_per_query"], "%.2f×" % s["cpu_vs_nsd"] if "cpu_vs_nsd" in s else "–",
            s["mean_ms"], s["lost"], format(s["sent"], ","),
            format(lat["rate"], ",") + "/s" if lat else "–",
            "%.3f / %.3f / %.3f ms" % (lat["mean_ms"], lat["p99_ms"], lat["p999_ms"]) if lat else "–",
            "%d of %s" % (lat["lost"], format(lat["sent"], ",")) if lat else "–"))
    return "\n".join(lines)


def versions():
    def first_line(command, containing=""):
        try:
            out = subprocess.run(command, capture_output=True, text=True, timeout=10)
            return [line for line in (out.stdout + out.stderr).splitlines() if containing in line][0].strip()
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return None

    cpu = None
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
            "java": first_line(["java", "-version"]), "nsd": first_line(["nsd", "-v"]),
            "knot": first_line(["knotd", "-V"]), "dnsperf": "dnsperf " + (first_line(["dnsperf", "-h"], "Version") or "?").split()[-1]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--servers", default="echo,nsd,knot,selfdns")
    parser.add_argument("--selfdns-args", action="append", default=[], metavar="NAME=ARGS",
                        help="arguments for a selfdns variant, e.g. selfdns-2='--selfdns.listen.udp-threads=2'")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=10, help="seconds of load before measuring (JIT)")
    parser.add_argument("--latency-rate", type=int, default=50000)
    parser.add_argument("--server-core", default="1", help="CPU list for the servers (taskset -c)")
    parser.add_argument("--load-core", default="0", help="CPU list for dnsperf")
    parser.add_argument("--dnssec", action="store_true",
                        help="sign the zone (NSD: dnssec-signzone; selfdns: selfdns.dnssec) and set DO on every query")
    parser.add_argument("--out", default=os.path.join(HERE, "results", "dnsperf.json"))
    args = parser.parse_args()
    args.selfdns_args = dict(v.split("=", 1) for v in args.selfdns_args)

    work = tempfile.mkdtemp(prefix="selfdns-bench-")
    queries = os.path.join(work, "queries.txt")
    dnsperf.write_queries(queries)
    running = build_servers(args, work)
    result = {"date": datetime.date.today().isoformat(), "machine": versions(),
              "config": {"rounds": args.rounds, "seconds": args.seconds, "latency_rate": args.latency_rate,
                         "dnssec": args.dnssec,
                         "mix": dnsperf.MIX, "selfdns_args": args.selfdns_args},
              "servers": {s.name: {"label": s.label, "rounds": []} for s in running}}
    try:
        for server in running:
            server.start()
        for server in running:
            server.wait_ready()
            print("warming up %s" % server.name, flush=True)
            dnsperf.run(server.port, queries, args.warmup, args.load_core, dnssec=args.dnssec)
        for round_number in range(1, args.rounds + 1):
            for server in running:
                r = measure(server, queries, args, args.seconds)
                result["servers"][server.name]["rounds"].append(r)
                print("round %d %-10s %9.0f q/s  %.2f µs CPU/query  mean %.3f ms  lost %d" % (
                    round_number, server.name, r["qps"], r["cpu_us_per_query"], r["mean_ms"], r["lost"]),
                      flush=True)
        for server in running:
            rate = min(args.latency_rate, server.max_latency_rate or args.latency_rate)
            r = measure(server, queries, args, args.seconds, rate, os.path.join(work, server.name + "-latency.txt"))
            r.pop("max_ms", None)
            r["rate"] = rate
            entry = result["servers"][server.name]
            entry["latency"] = r
            entry["rss_kib"] = server.rss_kib()
            entry["threads"] = server.threads()
            print("%d/s %-10s mean %.3f ms  p99 %.3f ms  p99.9 %.3f ms  lost %d  %.2f µs CPU/query" % (
                rate, server.name, r["mean_ms"], r["p99_ms"], r["p999_ms"], r["lost"],
                r["cpu_us_per_query"]), flush=True)
    finally:
        for server in running:
            server.stop()
    summarize(result)
    check_answers(result)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    print()
    print(table(result))
    print("\nresults in %s; server logs in %s" % (args.out, work))


if __name__ == "__main__":
    main()
