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
SECURITY_DOC = os.path.join(HERE, "..", "docs", "security.md")


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
    rows = ["| selfdns | HTTP alone | HTTP under the flood | share kept | HTTP p99 alone → flood | "
            "DNS answered during the flood | app core taken by DNS | heap used (max) | RSS |",
            "|---|---|---|---|---|---|---|---|---|"]
    labels = {"no-shaping": "shaping off", "shaping": "shaping on (the app's CPU)",
              "rate-limit": "rate limiting on, shaping off"}
    for name, entry in result["configs"].items():
        s = entry["summary"]
        rows.append("| %s | %s/s | %s/s | %d%% | %.1f → %.1f ms | %s/s | %d%% | %.0f MiB | %.0f → %.0f MiB |" % (
            labels.get(name, name), format(round(s["rps_alone"]), ","), format(round(s["rps_flood"]), ","),
            round(100 * s["ratio"]), s["p99_alone_ms"], s["p99_flood_ms"], format(round(s["dns_qps"]), ","),
            round(100 * s["dns_cores"]), s["heap_max_mib"], s["rss_start_mib"], s["rss_end_mib"]))
    dates = sorted({entry.get("date", result["date"]) for entry in result["configs"].values()})
    text = ("Measured on %s: %d rounds of %d s alone and %d s under the flood, taken in turn; wrk with "
            "%d connections.\n\n" % (" and ".join(dates), result["config"]["rounds"], result["config"]["seconds"],
                                      result["config"]["seconds"], result["config"]["connections"])
            + "\n".join(rows))
    limited = result["configs"].get("rate-limit")
    if limited:
        s = limited["summary"]
        text += ("\n\nWith rate limiting on, of the %s queries a second dnsperf sent from one /24: %s answered, "
                 "%s slipped (sent back truncated), %s dropped; bytes sent back for bytes received: %.3f."
                 % (format(round(s["dns_sent_qps"]), ","), format(round(s["dns_answered_per_s"]), ","),
                    format(round(s["dns_slipped_per_s"]), ","), format(round(s["dns_rate_limited_per_s"]), ","),
                    s["dns_bytes_ratio"]))
    return text


def flood_section(result):
    """The flood with rate limiting off and on, for docs/security.md."""
    configs = result["configs"]
    rows = ["| rate limiting | queries sent | answered | slipped (truncated) | dropped | bytes out / bytes in "
            "| app core taken by DNS | HTTP kept | HTTP p99 alone → flood | heap used (max) |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for name, label in (("no-shaping", "off"), ("rate-limit", "on (defaults)")):
        s = configs.get(name, {}).get("summary")
        if not s or "dns_sent_qps" not in s:
            continue
        rows.append("| %s | %s/s | %s/s | %s/s | %s/s | %.2f | %d%% | %d%% | %.1f → %.1f ms | %.0f MiB |" % (
            label, format(round(s["dns_sent_qps"]), ","), format(round(s["dns_answered_per_s"]), ","),
            format(round(s["dns_slipped_per_s"]), ","), format(round(s["dns_rate_limited_per_s"]), ","),
            s["dns_bytes_ratio"], round(100 * s["dns_cores"]), round(100 * s["ratio"]), s["p99_alone_ms"],
            s["p99_flood_ms"], s["heap_max_mib"]))
    return ("Measured on %s with `bench/run isolation`: dnsperf floods from 127.0.0.1 (one /24) while wrk "
            "loads the app's HTTP, both on one core, the app on the other; %d rounds of %d s, medians."
            % (result["date"], result["config"]["rounds"], result["config"]["seconds"])) + "\n\n" + "\n".join(rows)


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


def jmh_a_query():
    """The A query from one client, one thread, from the JMH results."""
    path = os.path.join(RESULTS, "jmh-1-thread.json")
    if os.path.exists(path):
        with open(path) as f:
            for run in json.load(f):
                p = run.get("params", {})
                if (run["benchmark"].endswith("QueryPathBenchmark.handle") and p.get("answer") == "A"
                        and p.get("clients") == "one" and p.get("query") == "plain"):
                    return "%.0f ns" % run["primaryMetric"]["score"]
    return "n/a"


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
    rows.append("| JMH: 0 B per query, an A query in under 1 µs | 0 B, %s with the defaults (below) |" % jmh_a_query())
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
                "udp-buffer": ("udp-buffer", dnsperf_section), "dnssec": ("dnssec", dnsperf_section),
                "isolation": ("isolation", isolation_section), "footprint": ("footprint", footprint_section)}
    text = replace_section(text, "summary", summary_section(load("dnsperf"), load("footprint")))
    for name, (results, render) in sections.items():
        result = load(results)
        if result is not None:
            text = replace_section(text, name, render(result))
    with open(DOC, "w") as f:
        f.write(text)
    print("wrote %s" % os.path.normpath(DOC))
    isolation = load("isolation")
    if isolation is not None:
        with open(SECURITY_DOC) as f:
            text = f.read()
        text = doc_sections.replace_section(text, "bench", "flood", flood_section(isolation), "docs/security.md")
        with open(SECURITY_DOC, "w") as f:
            f.write(text)
        print("wrote %s" % os.path.normpath(SECURITY_DOC))


if __name__ == "__main__":
    main()
