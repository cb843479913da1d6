#!/usr/bin/env python3
"""What the starter costs the app: the sample app started with selfdns on and off, in
alternating runs. Start-up time is the JVM's own "process running for" of the started line; heap
is what is left after a full GC; threads and classes come from /proc and jcmd.

`bench/run footprint` calls it; see docs/performance.md.
"""
import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.path.join(HERE, "..", "sample-app", "target", "selfdns-sample-app.jar")
STARTED = re.compile(r"Started SampleApplication in ([\d.]+) seconds \(process running for ([\d.]+)\)")


def jcmd(pid, *command):
    return subprocess.run(["jcmd", str(pid), *command], capture_output=True, text=True, timeout=60,
                          check=True).stdout


def start(enabled, log_path, http_port, dns_port):
    log = open(log_path, "w")
    process = subprocess.Popen(["java", "-jar", JAR, "--selfdns.enabled=%s" % str(enabled).lower(),
                                "--server.port=%d" % http_port, "--selfdns.listen.port=%d" % dns_port,
                                "--selfdns.shutdown.drain=0s", "--logging.level.root=WARN",
                                "--logging.level.dev.selfdns.sample=INFO"], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 90
    while time.time() < deadline:
        with open(log_path) as f:
            match = STARTED.search(f.read())
        if match:
            return process, float(match.group(2))
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    with open(log_path) as f:
        raise RuntimeError("the sample app did not start:\n" + f.read()[-3000:])


def measure(enabled, work, number):
    process, seconds = start(enabled, os.path.join(work, "run-%s-%d.log" % (enabled, number)), 18181, 5381)
    try:
        time.sleep(3)  # past the first health polls and load samples
        jcmd(process.pid, "GC.run")
        jcmd(process.pid, "GC.run")
        info = jcmd(process.pid, "GC.heap_info")
        heap = int(re.search(r"heap\s+total \d+K, used (\d+)K", info).group(1))
        metaspace = int(re.search(r"Metaspace\s+used (\d+)K", info).group(1))
        classes = int(re.search(r"java.cls.loadedClasses=(\d+)", jcmd(process.pid, "PerfCounter.print")).group(1))
        threads = []
        for tid in os.listdir("/proc/%d/task" % process.pid):
            with open("/proc/%d/task/%s/comm" % (process.pid, tid)) as f:
                threads.append(f.read().strip())
        return {"startup_s": seconds, "heap_kib": heap, "metaspace_kib": metaspace, "classes": classes,
                "threads": sorted(threads)}
    finally:
        process.terminate()
        process.wait(30)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10, help="runs with selfdns on, and as many with it off")
    parser.add_argument("--out", default=os.path.join(HERE, "results", "footprint.json"))
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="selfdns-footprint-")
    runs = {True: [], False: []}
    for number in range(args.runs):
        for enabled in (False, True):
            r = measure(enabled, work, number)
            runs[enabled].append(r)
            print("selfdns %-3s started in %.3f s, heap %d KiB, %d classes, %d threads" % (
                "on" if enabled else "off", r["startup_s"], r["heap_kib"], r["classes"], len(r["threads"])),
                  flush=True)

    def median(key, enabled):
        return statistics.median(r[key] for r in runs[enabled])

    on_threads, off_threads = runs[True][-1]["threads"], runs[False][-1]["threads"]
    added = list(on_threads)
    for name in off_threads:
        if name in added:
            added.remove(name)
    summary = {key: {"off": median(key, False), "on": median(key, True),
                     "added": median(key, True) - median(key, False)}
               for key in ("startup_s", "heap_kib", "metaspace_kib", "classes")}
    summary["startup_s"]["spread_on"] = [min(r["startup_s"] for r in runs[True]),
                                         max(r["startup_s"] for r in runs[True])]
    summary["startup_s"]["spread_off"] = [min(r["startup_s"] for r in runs[False]),
                                          max(r["startup_s"] for r in runs[False])]
    summary["threads"] = {"off": len(off_threads), "on": len(on_threads), "added": added}
    result = {"date": datetime.date.today().isoformat(), "runs": args.runs, "summary": summary,
              "samples": {"on": runs[True], "off": runs[False]}}
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    s = summary
    print("start-up %.0f ms added (median %.3f s on, %.3f s off); heap %.0f KiB added after a full GC;"
          " metaspace %.0f KiB; %d classes; threads added: %s" % (
              1000 * s["startup_s"]["added"], s["startup_s"]["on"], s["startup_s"]["off"], s["heap_kib"]["added"],
              s["metaspace_kib"]["added"], s["classes"]["added"], ", ".join(added)))
    print("results in %s" % args.out)


if __name__ == "__main__":
    main()
