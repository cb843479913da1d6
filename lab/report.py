#!/usr/bin/env python3
"""Writes the lab's tables into docs/resolvers.md (between <!-- lab:NAME --> markers) and its
plots into docs/images/, from the results in lab/results/. Needs python3-matplotlib."""
import glob
import json
import os
import statistics
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "docs", "scripts"))
import doc_sections  # noqa: E402
from services import fleet_address  # noqa: E402
from topology import HOSTS  # noqa: E402

H1 = HOSTS["h1"]

DOCS = os.path.join(HERE, "..", "docs")
RESOLVERS = [("bind", "BIND 9.18"), ("unbound", "Unbound 1.17"), ("pdns", "PowerDNS Recursor 4.8"),
             ("knot", "Knot Resolver 5.6")]
MODES = ["refused", "servfail", "drop"]


def load(pattern):
    results = {}
    for path in sorted(glob.glob(os.path.join(HERE, "results", pattern))):
        with open(path) as f:
            results[os.path.basename(path)[:-5]] = json.load(f)
    return results


def pct(value):
    return "–" if value is None else "%d%%" % round(100 * value)


def secs(value, limit):
    return "not within %d s" % limit if value is None else "%.1f s" % value


def ms(value):
    return "–" if value is None else "%g" % value


def gate_table(results, close, names, modes):
    rows = ["| resolver | when closed | h1 share before | h1 share closed | closed host left after | "
            "client p95 / max during switch | failed lookups | traffic back after reopen |",
            "|---|---|---|---|---|---|---|---|"]
    for kind, label in RESOLVERS:
        for mode in modes:
            r = results.get("gate-%s-%s-%s-%s" % (kind, mode, close, names))
            if r is None:
                continue
            rows.append("| %s | %s | %s | %s | %s | %s / %s ms | %d | %s |" % (
                label, mode, pct(r["baseline_share_h1"]), pct(r["closed_share_h1"]),
                secs(r["seconds_to_leave"], 15), ms(r["switch"]["p95"]), ms(r["switch"]["max"]),
                r["switch"]["failures"], secs(r["seconds_to_return"], 15)))
    return "\n".join(rows)


def delays(results):
    return sorted({r["delay_ms"] for r in results.values()})


def delay_table(results):
    DELAYS = delays(results)
    rows = ["| resolver | " + " | ".join("+%d ms" % d for d in DELAYS) + " |",
            "|---|" + "---|" * len(DELAYS)]
    for kind, label in RESOLVERS:
        cells = []
        for d in DELAYS:
            runs = [r for r in results.values() if r["resolver"] == kind and r["delay_ms"] == d]
            cells.append("–" if not runs else "<br>".join("%s → %s, p95 %s ms" % (
                pct(r["baseline_share_h1"]), pct(r["shaped_share_h1"]), ms(r["shaped"]["p95"])) for r in runs))
        rows.append("| %s | %s |" % (label, " | ".join(cells)))
    return "\n".join(rows)


def gate_plot(results, close, names, modes, file, prefix="gate", title="h1 closed: %s"):
    """One panel per resolver and column; a column is a when-closed mode, or with `close` None a
    way of closing (drain, health)."""
    fig, axes = plt.subplots(len(RESOLVERS), len(modes), figsize=(4.2 * len(modes), 2.2 * len(RESOLVERS)),
                             sharex=True, sharey=True, squeeze=False)
    for i, (kind, label) in enumerate(RESOLVERS):
        for j, mode in enumerate(modes):
            ax = axes[i][j]
            key = ("%s-%s-refused-%s-%s" % (prefix, kind, mode, names) if close is None
                   else "%s-%s-%s-%s-%s" % (prefix, kind, mode, close, names))
            r = results.get(key)
            if r is not None:
                for host, colour in (("h1", "tab:red"), ("h2", "tab:blue"), ("h3", "tab:green")):
                    values = [(b[host] if b[host] is not None else float("nan")) * 100 for b in r["bins"]]
                    ax.step(range(len(values)), values, where="post", color=colour, label=host,
                            linewidth=2 if host == "h1" else 1)
                ax.axvspan(r["close_at"], r["open_at"], color="tab:red", alpha=0.08)
            if i == 0:
                ax.set_title(title % mode)
            if j == 0:
                ax.set_ylabel("%s\nshare (%%)" % label.split(" ")[0])
            if i == len(RESOLVERS) - 1:
                ax.set_xlabel("seconds")
            ax.grid(alpha=0.3)
    axes[0][0].legend(fontsize=7, loc="upper right")
    fig.tight_layout()
    fig.savefig(os.path.join(DOCS, "images", file), dpi=90)
    plt.close(fig)


def delay_plot(results, file):
    DELAYS = delays(results)
    fig, ax = plt.subplots(figsize=(7, 4))
    for kind, label in RESOLVERS:
        points = [(d, statistics.mean(r["shaped_share_h1"] or 0 for r in results.values()
                                      if r["resolver"] == kind and r["delay_ms"] == d))
                  for d in DELAYS if any(r["resolver"] == kind and r["delay_ms"] == d for r in results.values())]
        if points:
            ax.plot([max(d, 1) for d, _ in points], [100 * (s or 0) for _, s in points], marker="o", label=label)
    ax.set_xscale("log")
    ax.set_xlabel("delay added to h1's answers (ms, log scale; 0 plotted at 1)")
    ax.set_ylabel("h1's share of answers (%, mean of runs)")
    ax.set_title("One resolver, three hosts: a slower host's share")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(DOCS, "images", file), dpi=90)
    plt.close(fig)


KIND_LABELS = dict(RESOLVERS)

M64 = (1 << 64) - 1


def mix(value):
    """ResolverNetworks.mix (SplitMix64's finaliser), in 64-bit arithmetic."""
    z = value & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def hash_point(host_address, client, prefix=24):
    """Where h1's share shaping places a client's network (ResolverNetworks.point, seeded by the
    host's own address): the network is shed while the score is above this point. The lab uses
    it to tell how many of a kind's resolvers the hash picks from how many the resolvers obey."""
    seed = 0x9E3779B97F4A7C15
    for b in bytes(int(x) for x in host_address.split(".")):
        seed = mix(seed ^ b)
    address = int.from_bytes(bytes(int(x) for x in client.split(".")), "big")
    network = (address & ((0xFFFFFFFF << (32 - prefix)) & 0xFFFFFFFF)) | (4 << 56)
    return (mix(network ^ seed) >> 11) * 2.0 ** -53


def hash_shed(data, kind, level):
    """How many of a kind's resolvers h1's hash sheds at a score."""
    return sum(1 for i, k in enumerate(data["kinds"])
               if k == kind and hash_point(H1, fleet_address(i)) < level)


def share_cell(cell, by_hash):
    if cell["share"] is None:
        return "–"
    text = "%s (expected %s); %d of %d shed, the hash picks %d" % (
        pct(cell["share"]), pct(cell["expected"]), cell["shed"], cell["resolvers"], by_hash)
    return "**%s: misses**" % text if cell["miss"] else text


def share_table(results, hosts):
    rows = ["| shed action | h1 load (score) | " + " | ".join(label for _, label in RESOLVERS)
            + " | all 20: shed (expected) | client p95 / max | failed lookups |",
            "|---|---|" + "---|" * len(RESOLVERS) + "---|---|---|"]
    for suffix in ("", "-refuse", "-drop"):
        data = results.get("share-%s%s" % (hosts, suffix))
        if data is None:
            continue
        for level in data["levels"]:
            rows.append("| %s | %.2f | %s | %d (%d) | %s / %s ms | %d |" % (
                data["shed_action"], level["load"],
                " | ".join(share_cell(level["by_kind"][kind], hash_shed(data, kind, level["load"]))
                           for kind, _ in RESOLVERS),
                level["shed_resolvers"], round(level["load"] * level["resolvers"]),
                ms(level["latency"]["p95"]), ms(level["latency"]["max"]), level["latency"]["failures"]))
    return "\n".join(rows)


def drop_table(results):
    rows = ["| resolver | h1 drops | h1 share before → after | client p95 / max | failed lookups |",
            "|---|---|---|---|---|"]
    for kind, label in RESOLVERS:
        for data in sorted((r for r in results.values() if r["resolver"] == kind), key=lambda r: r["drop"]):
            rows.append("| %s | %d%% | %s → %s | %s / %s ms | %d |" % (
                label, round(100 * data["drop"]), pct(data["baseline_share_h1"]), pct(data["shaped_share_h1"]),
                ms(data["shaped"]["p95"]), ms(data["shaped"]["max"]), data["shaped"]["failures"]))
    return "\n".join(rows)


def shutdown_table(results):
    rows = ["| resolver | h1 share before | h1 share after | left after | client p95 / max during switch | "
            "failed lookups |", "|---|---|---|---|---|---|"]
    for kind, label in RESOLVERS:
        data = results.get("shutdown-%s" % kind)
        if data is not None:
            rows.append("| %s | %s | %s | %s | %s / %s ms | %d |" % (
                label, pct(data["baseline_share_h1"]), pct(data["after_share_h1"]),
                secs(data["seconds_to_leave"], 15), ms(data["switch"]["p95"]), ms(data["switch"]["max"]),
                data["switch"]["failures"]))
    return "\n".join(rows)


def share_plot(results, file):
    data = results.get("share-preferred")
    if data is None:
        return
    loads = [level["load"] for level in data["levels"]]
    fig, ax = plt.subplots(figsize=(7, 4))
    for (kind, label), colour in zip(RESOLVERS, ("tab:blue", "tab:orange", "tab:green", "tab:red")):
        measured = [level["by_kind"][kind]["share"] for level in data["levels"]]
        expected = [level["by_kind"][kind]["expected"] for level in data["levels"]]
        ax.plot(loads, [100 * (v or 0) for v in measured], marker="o", color=colour, label=label)
        ax.plot(loads, [100 * (v or 0) for v in expected], linestyle=":", color=colour)
    ax.set_xlabel("h1's load score")
    ax.set_ylabel("h1's share of the kind's answers (%)")
    ax.set_title("share mode, 5 resolvers of each kind: measured (solid), (1 - score) x unshaped (dotted)",
                 fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(DOCS, "images", file), dpi=90)
    plt.close(fig)


def preferred_table(results, prefix="preferred", closes=("drain", "health")):
    rows = ["| resolver | closed by | closed for | h1 share before | h1 share closed (most in any second) | "
            "client p95 before → 5 s after closing (max) | failed lookups | h1 back to half its share after | goal met |",
            "|---|---|---|---|---|---|---|---|---|"]
    for kind, label in RESOLVERS:
        for close in closes:
            r = results.get("%s-%s-refused-%s-unique" % (prefix, kind, close))
            if r is None:
                continue
            goal = r["goal"]
            missed = [text for ok, text in ((goal["p95_ok"], "p95"), (goal["no_failures"], "failures"),
                                            (goal["back_ok"], "return"), (goal.get("stays_closed", True), "answered"))
                      if not ok]
            closed_for = r["open_at"] - r["close_at"]
            rows.append("| %s | %s | %d s | %s | %s (%s) | %s → %s ms (%s) | %d | %s | %s |" % (
                label, "drain" if close == "drain" else "health DOWN", closed_for, pct(r["baseline_share_h1"]),
                pct(r["closed_share_h1"]), pct(r.get("closed_max_share_h1")), ms(r["baseline"]["p95"]),
                ms(r["switch"]["p95"]), ms(r["switch"]["max"]), r["failures"], secs(r["seconds_to_half_share"], 12),
                "yes" if not missed else "no: " + ", ".join(missed)))
    return "\n".join(rows)


def fleet_table(data):
    if data is None:
        return "(not run yet: `sudo lab/run fleet`)"

    def after(value, limit):
        return secs(value, limit)

    reach = "<br>".join("%s: %s" % (label, " / ".join(pct(data["reach"][kind][h]) for h in HOSTS))
                        for kind, label in RESOLVERS)
    moved = "<br>".join("%s: h3's share before %s, %s, p95 / max %s / %s ms, %d failed" % (
        label, pct(data["moved"][kind].get("h3_share_before")),
        "back on h3 after " + after(data["moved"][kind]["h3_back_after"], 90),
        ms(data["moved"][kind]["p95_after_move"]), ms(data["moved"][kind]["max_after_move"]),
        data["moved"][kind]["failures"]) for kind, label in RESOLVERS)
    rows = ["| step | what happened |", "|---|---|",
            "| h1, h2, h3 start with no `name-servers` and register | the parent lists all three after %s "
            "(JVM start included): %s |" % (after(data["registered_after"], 120), ", ".join(data["parent_ns"])),
            "| every resolver asks for unique names for 20 s | share of h1 / h2 / h3:<br>%s<br>failed lookups: %d |"
            % (reach, data["reach_failures"]),
            "| h3's address moves (new address on the interface and in the metadata, the old one removed) | "
            "glue replaced in the parent after %s;<br>%s |" % (after(data["glue_replaced_after"], 60), moved),
            "| SIGKILL on h2 | the janitor removed it after %s (grace 30 s) |" % after(data["janitor_removed_after"], 180),
            "| h2 starts again | listed again after %s (JVM start included) |" % after(data["reregistered_after"], 120),
            "| SIGTERM on h3 (address discovered: `deregister: auto` removes it) | deregistered after %s, "
            "exited after %s; the parent lists %s |" % (after(data["deregistered_after"], 30),
                                                       after(data["sigterm_exit_after"], 60),
                                                       ", ".join(data["final_parent_ns"]))]
    return "\n".join(rows)


def dnssec_table(data):
    if data is None:
        return "(not run yet: `sudo lab/run dnssec`)"
    rows = ["| resolver | validated (AD), all hosts up | host killed (its share) | validated after | "
            "failed lookups after | p95 / max in the 5 s after |", "|---|---|---|---|---|---|"]
    for kind, label in RESOLVERS:
        r = data["resolvers"].get(kind)
        if r is None:
            continue
        rows.append("| %s | %s | %s (%s) | %s | %d | %s / %s ms |" % (
            label, pct(r["validated_before"]), r["killed"], pct(r["shares_before"][r["killed"]]),
            pct(r["validated_after"]), r["failures_after"], ms(r["after_kill"]["p95"]), ms(r["after_kill"]["max"])))
    return "\n".join(rows)


def ttl_table(results):
    if not results:
        return "(not run yet: `sudo lab/run ttl`)"
    rows = ["| `registration.ttl` | resolver | cold start: lookups failing after h1 closed | move: lookups failing after h3 moved | the resolver's queries to the parent per minute |",
            "|---|---|---|---|---|"]
    for name in sorted(results, key=lambda n: results[n]["ttl"]):
        data = results[name]
        for kind, label in RESOLVERS:
            cold, move = data["cold_start"].get(kind), data["move"].get(kind)
            if cold is None or move is None:
                continue
            rows.append("| %d s | %s | %s s (%d failed) | %s s (%d failed) | %s |" % (
                data["ttl"], label, cold["failing_for"], cold["failures"], move["failing_for"], move["failures"],
                data["parent_queries_per_resolver_minute"].get(kind, "–")))
    return "\n".join(rows)


def rollover_table(data):
    if data is None:
        return "(not run yet: `sudo lab/run rollover`)"
    rows = ["| step | " + " | ".join(label for _, label in RESOLVERS) + " |",
            "|---|" + "---|" * len(RESOLVERS)]
    for step in data["steps"]:
        cells = []
        for kind, _ in RESOLVERS:
            r = step["resolvers"][kind]
            cells.append("%s validated, %d failed of %d" % (pct(r["validated"]), r["failed"], r["answers"]))
        rows.append("| %s | %s |" % (step["step"], " | ".join(cells)))
    return "\n".join(rows)


def replace_section(text, name, content):
    return doc_sections.replace_section(text, "lab", name, content, "docs/resolvers.md")


def main():
    gate = load("gate-*.json")
    preferred = load("preferred-*.json")
    delay = load("delay-*.json")
    shares = load("share-*.json")
    os.makedirs(os.path.join(DOCS, "images"), exist_ok=True)
    gate_plot(gate, "health", "unique", MODES, "lab-gate.png")
    gate_plot(gate, "health", "single", ["refused", "drop"], "lab-gate-single.png")
    gate_plot(preferred, None, "unique", ["drain", "health"], "lab-preferred.png", prefix="preferred",
              title="preferred h1 closed by %s")
    delay_plot(delay, "lab-delay.png")
    share_plot(shares, "lab-share.png")
    path = os.path.join(DOCS, "resolvers.md")
    with open(path) as f:
        text = f.read()
    text = replace_section(text, "preferred", preferred_table(preferred))
    text = replace_section(text, "unresolved", preferred_table(load("unresolved-*.json"), "unresolved", ("health",)))
    text = replace_section(text, "gate", gate_table(gate, "health", "unique", MODES))
    text = replace_section(text, "drain", gate_table(gate, "drain", "unique", ["refused"]))
    text = replace_section(text, "single", gate_table(gate, "health", "single", ["refused", "drop"]))
    text = replace_section(text, "delay", delay_table(delay))
    text = replace_section(text, "share", share_table(shares, "preferred"))
    text = replace_section(text, "share-equal", share_table(shares, "equal"))
    text = replace_section(text, "drop", drop_table(load("drop-*.json")))
    text = replace_section(text, "shutdown", shutdown_table(load("shutdown-*.json")))
    text = replace_section(text, "fleet", fleet_table(load("fleet.json").get("fleet")))
    text = replace_section(text, "ttl", ttl_table(load("ttl-*.json")))
    text = replace_section(text, "dnssec", dnssec_table(load("dnssec.json").get("dnssec")))
    text = replace_section(text, "rollover", rollover_table(load("rollover.json").get("rollover")))
    with open(path, "w") as f:
        f.write(text)
    print("wrote docs/resolvers.md and docs/images/lab-*.png")


if __name__ == "__main__":
    main()
