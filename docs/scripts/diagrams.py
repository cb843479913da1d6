#!/usr/bin/env python3
"""Draws the explanatory pictures of the docs: docs/images/delegation.png (how a client finds a
host), gate-states.png (when a host answers), shutdown.png (what happens when it stops) and
lab-summary.png (how fast each resolver leaves and returns, from lab/results) and fleet.png
(how hosts keep the parent's delegation right and learn their peers).

Needs Debian's python3-matplotlib. Run from the repository root:
    python3 docs/scripts/diagrams.py
The gate states and their order follow GateReason and ServingGate; the shutdown phases follow
ShutdownDrain (phase DnsServer.PHASE + 256), the web server's graceful shutdown and DnsServer.
"""
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "images")
BLUE, GREEN, GREY, RED, AMBER = "#dbe8f7", "#d8f0d8", "#eeeeee", "#f6d6d6", "#fbebc8"


def box(ax, x, y, w, h, text, color, size=9):
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.08",
                                facecolor=color, edgecolor="#555555"))
    ax.text(x, y, text, ha="center", va="center", fontsize=size)


def arrow(ax, start, end, text="", offset=(0, 0.12), style="-|>", color="#333333", size=8):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=12, color=color,
                                 shrinkA=4, shrinkB=4))
    if text:
        ax.text((start[0] + end[0]) / 2 + offset[0], (start[1] + end[1]) / 2 + offset[1], text,
                ha="center", va="center", fontsize=size, color=color)


def canvas(width, height, xlim, ylim):
    fig, ax = plt.subplots(figsize=(width, height))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.axis("off")
    return fig, ax


def delegation():
    fig, ax = canvas(9, 4.6, (0, 10), (0, 5.2))
    box(ax, 1.3, 4.3, 2.2, 1.0, "parent zone\nexample.com\nwww NS ns1-www, ns2-www\nns1-www A 192.0.2.10 (glue)",
        GREY, 7.5)
    box(ax, 1.3, 1.2, 2.0, 0.8, "client\n(browser, app)", BLUE)
    box(ax, 4.6, 2.7, 2.2, 1.0, "recursive resolver\n(ISP, 8.8.8.8, ...)", BLUE)
    box(ax, 8.3, 4.1, 2.6, 0.9, "host 3: app + selfdns\nclosed (drained, health)", RED, 8)
    box(ax, 8.3, 2.7, 2.6, 0.9, "host 2: app + selfdns\nns2-www = 192.0.2.20", GREEN, 8)
    box(ax, 8.3, 1.3, 2.6, 0.9, "host 1: app + selfdns\nns1-www = 192.0.2.10", GREEN, 8)
    arrow(ax, (1.3, 1.6), (3.6, 2.5), "1  www.example.com?", (-0.55, 0.25))
    arrow(ax, (4.1, 3.2), (2.3, 4.1), "2  who serves www?", (0.3, 0.25))
    arrow(ax, (5.7, 2.9), (7.0, 3.9), "", color="#b03030")
    ax.text(6.05, 3.75, "3  A? REFUSED:\n    ask another", fontsize=8, color="#b03030")
    arrow(ax, (5.7, 2.5), (7.0, 1.4), "", color="#2a7a2a")
    ax.text(6.35, 2.05, "A? its own\naddress", fontsize=8, color="#2a7a2a")
    arrow(ax, (3.6, 2.3), (2.3, 1.3), "4  192.0.2.10", (0.35, -0.3))
    arrow(ax, (2.3, 1.0), (7.0, 1.15), "5  HTTP to the host that answered", (0.0, -0.25), color="#2a7a2a")
    ax.set_title("Every host is a name server of the zone and answers with its own address", fontsize=10)
    save(fig, "delegation.png")


def gate_states():
    fig, ax = canvas(9, 4.0, (0, 10), (-0.8, 4.2))
    box(ax, 1.2, 2.1, 1.8, 0.8, "starting\n(until ready and a\nhealth reading)", AMBER, 7.5)
    box(ax, 4.6, 2.1, 1.6, 0.8, "open\nanswers", GREEN)
    box(ax, 4.6, 3.7, 1.8, 0.7, "health\nnot UP", RED, 8)
    box(ax, 1.6, 3.7, 2.2, 0.7, "fail-open: answers\n(no peer open for 15 s)", AMBER, 7.5)
    arrow(ax, (3.7, 3.8), (2.7, 3.8), "no open peer", (0, 0.15))
    arrow(ax, (2.7, 3.6), (3.7, 3.6), "a peer open", (0, -0.17))
    box(ax, 7.4, 3.7, 1.8, 0.7, "not-ready\nREFUSING_TRAFFIC", RED, 7.5)
    box(ax, 7.4, 2.1, 1.8, 0.7, "drained\n(operator)", AMBER, 8)
    box(ax, 4.6, 0.5, 2.0, 0.7, "shutting-down\n(until the end)", GREY, 8)
    arrow(ax, (2.1, 2.1), (3.8, 2.1), "ready + UP", (0, 0.15))
    arrow(ax, (4.4, 2.5), (4.4, 3.35), "DOWN", (-0.35, 0))
    arrow(ax, (4.8, 3.35), (4.8, 2.5), "UP", (0.3, 0))
    arrow(ax, (5.4, 2.35), (6.5, 3.45), "refusing", (-0.2, 0.2))
    arrow(ax, (6.6, 3.35), (5.4, 2.25), "", )
    arrow(ax, (5.4, 2.05), (6.5, 2.05), "drain", (0, 0.15))
    arrow(ax, (6.5, 1.95), (5.4, 1.95), "resume", (0, -0.17))
    arrow(ax, (4.6, 1.7), (4.6, 0.85), "stop", (0.3, 0))
    ax.text(0.2, -0.7, "Closed states answer selfdns.gate.when-closed (REFUSED by default).\n"
            "Where several hold, the first of shutting-down, drained, starting, not-ready, health is shown.\n"
            "A failing-open host tells its peers closed-by-health; drained, starting and shutting-down never fail open.",
            fontsize=7.5, va="bottom")
    ax.set_title("When a host answers: the gate", fontsize=10)
    save(fig, "gate-states.png")


def shutdown():
    fig, ax = plt.subplots(figsize=(9, 2.6))
    rows = [("DNS", [(0, 0.4, GREEN, "answers"), (0.4, 10.4, RED, "REFUSED: resolvers ask other hosts"),
                     (10.4, 12.2, GREY, "listeners closed")]),
            ("web", [(0, 10.4, GREEN, "serves clients holding a cached answer (drain = TTL)"),
                     (10.4, 11.6, AMBER, "graceful"), (11.6, 12.2, GREY, "")])]
    for i, (name, spans) in enumerate(rows):
        y = 1 - i
        for start, end, color, text in spans:
            ax.barh(y, end - start, left=start, height=0.6, color=color, edgecolor="#555555")
            if text:
                ax.text((start + end) / 2, y, text, ha="center", va="center", fontsize=8)
        ax.text(-0.3, y, name, ha="right", va="center", fontsize=9)
    for x, label in ((0.4, "SIGTERM:\ngate closes"), (10.4, "drain over"), (11.6, "web stopped"),
                     (12.2, "JVM exits\n(143)")):
        ax.axvline(x, color="#333333", lw=0.8, ls="--")
        ax.text(x, 1.55, label, ha="center", va="bottom", fontsize=7.5)
    ax.set_xlim(-1.2, 12.6)
    ax.set_ylim(-0.6, 2.2)
    ax.set_yticks([])
    ax.set_xlabel("seconds after SIGTERM (TTL 10 s; graceful shutdown as long as requests take)", fontsize=8)
    ax.spines[["left", "top", "right"]].set_visible(False)
    ax.set_title("Shutdown: DNS stops first, the app keeps serving, then everything stops", fontsize=10)
    save(fig, "shutdown.png")


def lab_summary():
    """How fast each resolver leaves a closed preferred host and returns to it (lab/results)."""
    import glob
    import json
    results = os.path.join(os.path.dirname(__file__), "..", "..", "lab", "results")
    resolvers = ["bind", "unbound", "pdns", "knot"]
    cases = [("drain", "drained"), ("health", "health DOWN")]
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.2), sharey=True)
    for ax, (measure, title) in zip(axes, (("seconds_to_leave", "leaves the closed host"),
                                           ("seconds_to_half_share", "back to half its share"))):
        for offset, (close, label) in enumerate(cases):
            values = []
            for resolver in resolvers:
                files = glob.glob(os.path.join(results, "preferred-%s-refused-%s-unique.json" % (resolver, close)))
                value = json.load(open(files[0])).get(measure) if files else None
                values.append(value if value is not None else 0)
            xs = [i + (offset - 0.5) * 0.38 for i in range(len(resolvers))]
            ax.bar(xs, values, width=0.36, label=label, color=(GREEN if offset == 0 else AMBER), edgecolor="#555555")
            for x, v in zip(xs, values):
                ax.text(x, v + 0.05, "%g" % v, ha="center", va="bottom", fontsize=7.5)
        ax.set_xticks(range(len(resolvers)))
        ax.set_xticklabels(["BIND", "Unbound", "PowerDNS", "Knot Resolver"], fontsize=8)
        ax.set_title(title, fontsize=9)
        ax.spines[["top", "right"]].set_visible(False)
    axes[0].set_ylabel("seconds", fontsize=8)
    axes[0].legend(fontsize=8, frameon=False)
    fig.suptitle("Preferred host closed then reopened (lab, product defaults), in the lab's 1 s bins: "
                 "0 is within the second it closed", fontsize=9.5)
    save(fig, "lab-summary.png")


def fleet():
    fig, ax = canvas(9.5, 4.8, (0, 10), (0, 5.4))
    box(ax, 2.0, 4.3, 3.4, 1.3, "parent's primary (BIND or Knot)\nexample.com\nwww NS h1.ns-www, h2.ns-www, h3.ns-www\n"
        "h1.ns-www A 192.0.2.10  (one RRset per host)", GREY, 7.5)
    for i, (y, color, label) in enumerate([(1.0, GREEN, "open"), (2.4, GREEN, "open"), (3.8, AMBER, "joining")]):
        box(ax, 8.2, y, 3.0, 0.95, "host %d: app + selfdns\nh%d.ns-www = 192.0.2.%d0\n%s" % (i + 1, i + 1, i + 1, label),
            color, 7.5)
    arrow(ax, (6.7, 3.9), (3.7, 4.4), "UPDATE (TCP, TSIG): add own NS,\nreplace own A/AAAA; read back", (0.1, 0.35),
          color="#2a7a2a", size=7.5)
    arrow(ax, (3.7, 3.9), (6.7, 2.5), "", color="#335f9a")
    ax.text(4.35, 2.75, "NS set read every\nrefresh-interval\n(peers.source=parent)", fontsize=7.5, color="#335f9a")
    arrow(ax, (6.7, 1.1), (3.2, 3.6), "", color="#b03030")
    ax.text(2.1, 1.55, "leaving: UPDATE whose prerequisite\nis the exact NS set just read,\nnever below min-name-servers",
            fontsize=7.5, color="#b03030")
    arrow(ax, (8.7, 1.5), (8.7, 1.9), "", style="<|-|>", color="#555555")
    arrow(ax, (8.7, 2.9), (8.7, 3.3), "", style="<|-|>", color="#555555")
    ax.text(8.5, 1.7, "peers probe each other\n(_selfdns TXT)", fontsize=7, color="#555555", ha="right",
            va="center")
    ax.set_title("Each host owns its NS record and glue in the parent, and learns its peers from the parent",
                 fontsize=10)
    save(fig, "fleet.png")


def save(fig, name):
    fig.tight_layout()
    fig.savefig(os.path.join(OUT, name), dpi=110)
    plt.close(fig)
    print("wrote docs/images/" + name)


if __name__ == "__main__":
    delegation()
    gate_states()
    shutdown()
    lab_summary()
    fleet()
