#!/usr/bin/env python3
"""Writes the benchmark tables into docs/performance.md (between <!-- bench:NAME --> markers)
from the results in bench/results/. A suite that has not run leaves its section as it was."""
import json
import os
import re
import sys

from suite import table

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "docs", "scripts"))
import doc_sections  # noqa: E402

RESULTS = os.path.join(HERE, "results")
DOC = os.path.join(HERE, "..", "docs", "performance.md")


def load(name):
    path = os.path.join(RESULTS, name + ".json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def version(text):
    match = re.search(r"(\d+(?:\.\d+)+)", text or "")
    return match.group(1) if match else "?"


def machine(result):
    m = result["machine"]
    return ("Measured on %s: %s, %d cores, Linux %s; OpenJDK %s, NSD %s, Knot DNS %s, dnsperf %s. %d rounds of "
            "%d s per server, taken in turn." % (
                result["date"], m["cpu"], m["cores"], m["kernel"], version(m["java"]), version(m["nsd"]),
                version(m["knot"]), version(m["dnsperf"]), result["config"]["rounds"], result["config"]["seconds"]))


def dnsperf_section(result):
    return machine(result) + "\n\n" + table(result)


def isolation_section(result):
    rows = ["| selfdns shaping | HTTP alone | HTTP under the flood | share kept | HTTP p99 alone → flood | "
            "DNS answered during the flood | app core taken by DNS | heap used (max) | RSS |",
            "|---|---|---|---|---|---|---|---|---|"]
    labels = {"no-shaping": "off", "shaping": "on (the app's CPU)"}
    for name, entry in result["configs"].items():
        s = entry["summary"]
        rows.append("| %s | %s/s | %s/s | %d%% | %.1f → %.1f ms | %s/s | %d%% | %.0f MiB | %.0f → %.0f MiB |" % (
            labels.get(name, name), format(round(s["rps_alone"]), ","), format(round(s["rps_flood"]), ","),
            round(100 * s["ratio"]), s["p99_alone_ms"], s["p99_flood_ms"], format(round(s["dns_qps"]), ","),
            round(100 * s["dns_cores"]), s["heap_max_mib"], s["rss_start_mib"], s["rss_end_mib"]))
    return ("Measured on %s: %d rounds of %d s alone and %d s under the flood, taken in turn; wrk with "
            "%d connections.\n\n" % (result["date"], result["config"]["rounds"], result["config"]["seconds"],
                                     result["config"]["seconds"], result["config"]["connections"])
            + "\n".join(rows))


def footprint_section(result):
    s = result["summary"]
    rows = ["| | selfdns off | selfdns on | the starter adds |", "|---|---|---|---|",
            "| start-up (JVM start to started, median) | %.2f s (%.2f-%.2f) | %.2f s (%.2f-%.2f) | %d ms |" % (
                s["startup_s"]["off"], *s["startup_s"]["spread_off"], s["startup_s"]["on"],
                *s["startup_s"]["spread_on"], round(1000 * s["startup_s"]["added"])),
            "| heap after a full GC | %.1f MiB | %.1f MiB | %.1f MiB |" % (
                s["heap_kib"]["off"] / 1024, s["heap_kib"]["on"] / 1024, s["heap_kib"]["added"] / 1024),
            "| metaspace | %.1f MiB | %.1f MiB | %.1f MiB |" % (
                s["metaspace_kib"]["off"] / 1024, s["metaspace_kib"]["on"] / 1024,
                s["metaspace_kib"]["added"] / 1024),
            "| classes loaded | %d | %d | %d |" % (s["classes"]["off"], s["classes"]["on"], s["classes"]["added"]),
            "| threads | %d | %d | %s |" % (s["threads"]["off"], s["threads"]["on"],
                                           ", ".join("`%s`" % t for t in s["threads"]["added"]))]
    return "Measured on %s, %d runs each way, alternating.\n\n" % (result["date"], result["runs"]) + "\n".join(rows)


def summary_section(dnsperf, footprint):
    rows = ["| target | this machine |", "|---|---|"]
    if dnsperf and "nsd" in dnsperf["servers"] and "selfdns" in dnsperf["servers"]:
        s, nsd = dnsperf["servers"]["selfdns"]["summary"], dnsperf["servers"]["nsd"]["summary"]
        lat = dnsperf["servers"]["selfdns"]["latency"]
        rows += ["| server CPU per query at most 1.2× NSD's (stretch 1.1×) | %.2f× (%.2f µs against %.2f µs) |" % (
                     s["cpu_vs_nsd"], s["cpu_us_per_query"], nsd["cpu_us_per_query"]),
                 "| queries/s at least 0.95× NSD's | %.2f× (%s against %s) |" % (
                     s["qps_vs_nsd"], format(round(s["qps"]), ","), format(round(nsd["qps"]), ",")),
                 "| at %s/s: mean below 0.5 ms, p99 below 2 ms, nothing lost | mean %.3f ms, p99 %.3f ms, "
                 "%d of %s lost |" % (format(lat["rate"], ","), lat["mean_ms"], lat["p99_ms"], lat["lost"],
                                       format(lat["sent"], ","))]
    rows.append("| JMH: 0 B per query, an A query in under 1 µs | 0 B, 33 ns (below) |")
    if footprint:
        f = footprint["summary"]
        rows += ["| start-up cost of the starter under 100 ms | %d ms (median of %d runs each way) |" % (
                     round(1000 * f["startup_s"]["added"]), footprint["runs"]),
                 "| retained heap under 5 MB | %.1f MiB |" % (f["heap_kib"]["added"] / 1024)]
    return "\n".join(rows)


def replace_section(text, name, content):
    return doc_sections.replace_section(text, "bench", name, content, "docs/performance.md")


def main():
    with open(DOC) as f:
        text = f.read()
    sections = {"dnsperf": ("dnsperf", dnsperf_section), "udp-threads-pinned": ("udp-threads-pinned", dnsperf_section),
                "udp-threads-spread": ("udp-threads-spread", dnsperf_section),
                "udp-buffer": ("udp-buffer", dnsperf_section),
                "isolation": ("isolation", isolation_section), "footprint": ("footprint", footprint_section)}
    text = replace_section(text, "summary", summary_section(load("dnsperf"), load("footprint")))
    for name, (results, render) in sections.items():
        result = load(results)
        if result is not None:
            text = replace_section(text, name, render(result))
    with open(DOC, "w") as f:
        f.write(text)
    print("wrote %s" % os.path.normpath(DOC))


if __name__ == "__main__":
    main()
