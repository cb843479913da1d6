#!/usr/bin/env python3
"""Draws docs/images/shaping.png: how load becomes shaping, with selfdns's default settings.

Needs Debian's python3-matplotlib. Run from the repository root:
    python3 docs/scripts/shaping-plots.py
The curves follow the formulas of LoadSignal, ScoreSmoother and LoadShaper; the measured
spread of shedding over real networks is checked by LoadShaperTests and
ShapingIntegrationTests.
"""
import math
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

LOW, HIGH = 0.65, 0.9          # default process.cpu.usage thresholds
MAX_DELAY_MS = 400             # default selfdns.shaping.max-delay
TIME_CONSTANT_S = 5.0          # default selfdns.shaping.smoothing
HYSTERESIS = 0.05              # default selfdns.shaping.hysteresis
SAMPLE_S = 0.5                 # default selfdns.shaping.sample-interval


def level(cpu):
    return max(0.0, (cpu - LOW) / (HIGH - LOW))


def smoothed_step(load, seconds):
    """The published score after load jumps from 0, sampled like LoadSampler."""
    smoothed, published, times, values = 0.0, 0.0, [], []
    alpha = 1 - math.exp(-SAMPLE_S / TIME_CONSTANT_S)
    t = 0.0
    while t <= seconds:
        smoothed += alpha * (min(2.0, load) - smoothed)
        target = smoothed
        for point in (0.0, 1.0, 2.0):
            if abs(smoothed - point) <= HYSTERESIS / 2:
                target = point
        if abs(target - published) >= HYSTERESIS or target in (0.0, 1.0, 2.0):
            published = target
        times.append(t)
        values.append(min(1.0, published))
        t += SAMPLE_S
    return times, values


def main():
    fig, (left, middle, right) = plt.subplots(1, 3, figsize=(15, 4.2))

    cpu = [i / 1000 for i in range(0, 1001)]
    share = [min(1.0, level(c)) for c in cpu]
    left.plot([c * 100 for c in cpu], [s * 100 for s in share], color="tab:blue", linewidth=2)
    left.axvspan(LOW * 100, HIGH * 100, color="tab:blue", alpha=0.08)
    left.set_title("share mode: resolvers shed by CPU use")
    left.set_xlabel("process.cpu.usage (%)")
    left.set_ylabel("resolver networks shed (%)")
    left.annotate("low 65%", (LOW * 100, 3), fontsize=8)
    left.annotate("high 90%", (HIGH * 100 - 9, 90), fontsize=8)
    left.grid(alpha=0.3)

    load = [i / 100 for i in range(0, 201)]
    middle.plot(load, [min(1.0, x) * MAX_DELAY_MS for x in load], color="tab:orange", linewidth=2,
                label="delay of every answer (ms)")
    ax2 = middle.twinx()
    ax2.plot(load, [max(0.0, min(1.0, x - 1)) * 0.5 * 100 for x in load], color="tab:red", linestyle="--",
             label="dropped, with max-drop 0.5 (%)")
    middle.set_title("ramp mode: delay, then drops past saturation")
    middle.set_xlabel("load level (1 at high; 2 at high + (high - low))")
    middle.set_ylabel("delay (ms)")
    ax2.set_ylabel("dropped (%)")
    lines = middle.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
    labels = middle.get_legend_handles_labels()[1] + ax2.get_legend_handles_labels()[1]
    middle.legend(lines, labels, loc="upper left", fontsize=8)
    middle.grid(alpha=0.3)

    for step, colour in ((0.5, "tab:green"), (1.0, "tab:purple"), (2.0, "tab:gray")):
        times, values = smoothed_step(step, 30)
        right.step(times, [v * 100 for v in values], where="post", color=colour,
                   label="load jumps to %.1f" % step)
    right.set_title("smoothing: score after a load step")
    right.set_xlabel("seconds after the step (5 s time constant)")
    right.set_ylabel("score = share shed (%)")
    right.legend(fontsize=8)
    right.grid(alpha=0.3)

    fig.tight_layout()
    out = os.path.join(os.path.dirname(__file__), "..", "images", "shaping.png")
    fig.savefig(out, dpi=100)
    print("wrote", os.path.normpath(out))


if __name__ == "__main__":
    main()
