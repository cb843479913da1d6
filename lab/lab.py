#!/usr/bin/env python3
"""The selfdns resolver lab: real resolvers, the real sample app, measured.

Run as root (network namespaces): `lab/run` installs what it needs and calls this.
  lab.py smoke                 BIND, its preferred host drained and resumed; fails if clients wait or h1 stays empty
  lab.py run [EXPERIMENT ...]  the experiments (default: all), results into lab/results/
"""
import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time

import services
from topology import HOSTS, RESOLVER_IP, Lab, in_ns

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.environ.get("SELFDNS_LAB_RESULTS", os.path.join(HERE, "results"))
# SELFDNS_LAB_JAR measures another build of the sample, e.g. an older one to compare with.
JAR = os.environ.get("SELFDNS_LAB_JAR", os.path.join(HERE, "..", "sample-app", "target", "selfdns-sample-app.jar"))
RESOLVERS = ["bind", "unbound", "pdns", "knot"]
ADDRESS_TO_HOST = {address: host for host, address in HOSTS.items()}


class Run:
    """One measurement: a client asking for `duration` seconds while actions happen on a timeline."""

    def __init__(self, lab, name, duration, rate=100, single=False, timeout=5, servers=(RESOLVER_IP,), ad=False):
        self.ad = ad
        self.lab = lab
        self.name = name
        self.duration = duration
        self.rate = rate
        self.single = single
        self.timeout = timeout
        self.servers = servers
        self.events = {}

    def __enter__(self):
        self.out = self.lab.path("runs", self.name + ".json")
        command = [sys.executable, os.path.join(HERE, "client.py"), "--server", ",".join(self.servers),
                   "--rate", str(self.rate),
                   "--duration", str(self.duration), "--timeout", str(self.timeout), "--out", self.out]
        if self.single:
            command.append("--single")
        if self.ad:
            command.append("--ad")
        self.client = subprocess.Popen(in_ns("res", *command))
        self.start = time.time()
        return self

    def at(self, second, label, action):
        delay = self.start + second - time.time()
        if delay > 0:
            time.sleep(delay)
        self.events[label] = time.time()
        action()

    def __exit__(self, *exc):
        self.client.wait(self.duration + self.timeout + 30)
        with open(self.out) as f:
            self.results = json.load(f)
        for r in self.results:
            r["host"] = ADDRESS_TO_HOST.get(r["address"])
        return False


def share(results, host, start, end):
    window = [r for r in results if start <= r["t"] < end and r["host"] is not None]
    return (sum(1 for r in window if r["host"] == host) / len(window)) if window else None


def shares_by_second(results, start, end):
    bins = []
    t = start
    while t < end:
        bins.append({h: share(results, h, t, min(t + 1, end)) for h in HOSTS})
        t += 1
    return bins


def time_until_share_stays_low(results, host, start, end, limit=0.05):
    """Seconds from `start` until the host's share in every following 1 s bin is at most `limit`."""
    bins = shares_by_second(results, start, end)
    for i in range(len(bins)):
        if all(b[host] is None or b[host] <= limit for b in bins[i:]):
            return i
    return None


def time_until_back(results, host, start):
    for r in results:
        if r["t"] >= start and r["host"] == host:
            return r["t"] - start
    return None


def latency(results, start, end):
    rtts = sorted(r["rtt"] for r in results if start <= r["t"] < end and r["rtt"] is not None)
    failures = sum(1 for r in results if start <= r["t"] < end and r["rcode"] != "NOERROR")
    if not rtts:
        return {"p50": None, "p95": None, "max": None, "failures": failures}
    return {"p50": round(statistics.median(rtts), 1), "p95": round(rtts[int(0.95 * (len(rtts) - 1))], 1),
            "max": round(rtts[-1], 1), "failures": failures}


def save(name, data):
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, name + ".json"), "w") as f:
        json.dump(data, f, indent=1)


def start_hosts(lab, extra=None):
    """Starts h1, h2 and h3 with the lab's settings and `extra[host]` on top, and waits for them."""
    extra = extra or {}
    services.peer_names(resolvable=True)
    for host in HOSTS:
        services.start_host(lab, host, JAR, extra.get(host, ()))
    services.wait_for_hosts(lab)


def restart_hosts(lab, extra=None, hosts=("h1",)):
    """Restarts some hosts (h1 by default) with `extra[host]` arguments; the others keep running."""
    extra = extra or {}
    for host in hosts:
        lab.stop("host-" + host)
        services.start_host(lab, host, JAR, extra.get(host, ()))
    services.wait_for_hosts(lab, list(hosts))


def rolling_restart(lab, extra=None, hosts=tuple(HOSTS)):
    """Restarts hosts one at a time, as an operator rolls a change out: the next host stops only
    once the one before answers again, so the fleet never has all of its hosts down."""
    extra = extra or {}
    for host in hosts:
        restart_hosts(lab, {host: extra.get(host, ())}, hosts=(host,))


def restart_h1(lab, extra=()):
    restart_hosts(lab, {"h1": extra})


def seconds_to_share(results, host, start, end, target):
    """Seconds from `start` to the end of the first 1 s bin in which the host's share is at least `target`."""
    for i, b in enumerate(shares_by_second(results, start, end)):
        if b[host] is not None and b[host] >= target:
            return i + 1
    return None


def gate_run(lab, resolver, mode, close, single, phase=15, prefix="gate", goal=None):
    """Baseline, h1 closed (health DOWN or drained), reopened: shares, times and client cost;
    with `goal`, also whether the run met it (goal(data) is stored as "goal")."""
    lab.stop("resolver")
    services.start_resolver(lab, resolver)
    name = "%s-%s-%s-%s-%s" % (prefix, resolver, mode, close, "single" if single else "unique")
    with Run(lab, name, 3 * phase, single=single) as run:
        if close == "health":
            run.at(phase, "close", lambda: services.control("h1", "/demo/health?status=DOWN"))
            run.at(2 * phase, "open", lambda: services.control("h1", "/demo/health?status=UP"))
        else:
            run.at(phase, "close", lambda: services.control("h1", "/actuator/selfdns?action=drain"))
            run.at(2 * phase, "open", lambda: services.control("h1", "/actuator/selfdns?action=resume"))
    r, t0, closed, opened = run.results, run.start, run.events["close"], run.events["open"]
    baseline_share = share(r, "h1", t0 + 3, closed)
    data = {"resolver": resolver, "when_closed": mode, "close": close, "names": "single" if single else "unique",
            "baseline_share_h1": baseline_share,
            "closed_share_h1": share(r, "h1", closed + 3, opened),
            "reopened_share_h1": share(r, "h1", opened + 3, opened + phase),
            "seconds_to_leave": time_until_share_stays_low(r, "h1", closed, opened),
            "seconds_to_return": time_until_back(r, "h1", opened),
            "seconds_to_half_share": (seconds_to_share(r, "h1", opened, opened + phase, baseline_share / 2)
                                      if baseline_share else None),
            "closed_max_share_h1": max((b["h1"] or 0 for b in shares_by_second(r, closed + 3, opened)), default=None),
            "switch": latency(r, closed, closed + 5), "baseline": latency(r, t0 + 3, closed),
            "failures": latency(r, t0, t0 + 3 * phase)["failures"],
            "bins": shares_by_second(r, t0, t0 + 3 * phase), "close_at": closed - t0, "open_at": opened - t0}
    if goal is not None:
        data["goal"] = goal(data)
    save(name, data)
    return data


# The preferred host: h2 and h3 answer 5 ms later than h1 through their own ramp shaping, so
# BIND, PowerDNS and Knot send h1 nearly all their queries, the case where closing h1 matters most.
SLOWER = ["--selfdns.shaping.mode=ramp", "--selfdns.shaping.max-delay=5ms"]


def make_h1_preferred(lab, h1_extra=()):
    """(Re)starts all three hosts, h2 and h3 slower, h1 with `h1_extra`."""
    restart_hosts(lab, {"h1": h1_extra, "h2": SLOWER, "h3": SLOWER}, hosts=("h1", "h2", "h3"))
    for host in ("h2", "h3"):
        services.control(host, "/demo/load?value=1")


def preferred_goal(data):
    """The goal per resolver: p95 within 10 ms of baseline in the 5 s after closing, no failed
    lookups, h1 back to half its baseline share within 2 s of reopening, and no second while
    closed with more than 5% of the queries on h1 (it never answers while closed)."""
    p95, base = data["switch"]["p95"], data["baseline"]["p95"]
    half = data["seconds_to_half_share"]
    closed = data.get("closed_max_share_h1")
    return {"p95_ok": p95 is not None and base is not None and p95 - base <= 10,
            "no_failures": data["failures"] == 0,
            "back_ok": half is not None and half <= 2,
            "stays_closed": closed is None or closed <= 0.05}


def preferred_run(lab, resolver, close, phase=12, prefix="preferred"):
    # Health DOWN for 30 s, twice selfdns.gate.fail-open.after (15 s): a host that failed open on
    # its peers' silence would show here.
    return gate_run(lab, resolver, "refused", close, single=False,
                    phase=30 if close == "health" else phase, prefix=prefix, goal=preferred_goal)


def delay_run(lab, resolver, delay_ms, max_delay_ms=800, phase=15, repeat=1):
    """h1 slower by a fixed delay (ramp shaping, load = delay / max-delay): its share and the client cost."""
    lab.stop("resolver")
    services.start_resolver(lab, resolver)
    name = "delay-%s-%d" % (resolver, delay_ms) + ("-r%d" % repeat if repeat > 1 else "")
    with Run(lab, name, 2 * phase) as run:
        run.at(phase, "shape", lambda: services.control("h1", "/demo/load?value=%f" % (delay_ms / max_delay_ms)))
    services.control("h1", "/demo/load?value=0")
    r, t0, shaped = run.results, run.start, run.events["shape"]
    data = {"resolver": resolver, "delay_ms": delay_ms, "baseline_share_h1": share(r, "h1", t0 + 3, shaped),
            "shaped_share_h1": share(r, "h1", shaped + 5, t0 + 2 * phase),
            "shaped": latency(r, shaped + 5, t0 + 2 * phase), "bins": shares_by_second(r, t0, t0 + 2 * phase)}
    save(name, data)
    return data


def drop_run(lab, resolver, drop, phase=15):
    """h1 drops a share of queries (ramp shaping past saturation, max-drop 1, no delay)."""
    lab.stop("resolver")
    services.start_resolver(lab, resolver)
    name = "drop-%s-%d" % (resolver, round(drop * 100))
    with Run(lab, name, 2 * phase) as run:
        run.at(phase, "shape", lambda: services.control("h1", "/demo/load?value=%f" % (1 + drop)))
    services.control("h1", "/demo/load?value=0")
    r, t0, shaped = run.results, run.start, run.events["shape"]
    data = {"resolver": resolver, "drop": drop, "baseline_share_h1": share(r, "h1", t0 + 3, shaped),
            "shaped_share_h1": share(r, "h1", shaped + 5, t0 + 2 * phase),
            "shaped": latency(r, shaped + 5, t0 + 2 * phase)}
    save(name, data)
    return data


def shutdown_run(lab, resolver, phase=15):
    """h1 stops with SIGTERM (gate closes, drain for the TTL, exit) while the resolver uses it."""
    lab.stop("resolver")
    services.start_resolver(lab, resolver)
    name = "shutdown-%s" % resolver
    with Run(lab, name, 2 * phase) as run:
        run.at(phase, "sigterm", lambda: lab.stop("host-h1"))
    r, t0, stopped = run.results, run.start, run.events["sigterm"]
    data = {"resolver": resolver, "baseline_share_h1": share(r, "h1", t0 + 3, stopped),
            "after_share_h1": share(r, "h1", stopped + 3, t0 + 2 * phase),
            "seconds_to_leave": time_until_share_stays_low(r, "h1", stopped, t0 + 2 * phase),
            "switch": latency(r, stopped, stopped + 5)}
    save(name, data)
    restart_h1(lab)
    return data


MIXED = [kind for kind in RESOLVERS for _ in range(5)]


def share_run(lab, action="delay", hosts="preferred", kinds=MIXED, levels=(0, 0.25, 0.5, 0.75, 1.0), step=15,
              rate=400):
    """Share mode across a mixed population: five resolvers of each kind, each on a /24 of its
    own, h1's load stepped up. Per level and kind, h1's share of that kind's answers against
    (1 - score) times its share at score 0, and how many resolvers h1 sheds (under 5% from it).
    `hosts` says how the hosts were started: "preferred" (h2 and h3 slower) or "equal"."""
    lab.stop("resolver")
    servers = services.start_fleet(lab, kinds)
    name = "share-%s" % hosts + ("" if action == "delay" else "-" + action)
    with Run(lab, name, step * len(levels), rate=rate, servers=servers) as run:
        for i, level in enumerate(levels):
            run.at(i * step, "level-%d" % i, lambda l=level: services.control("h1", "/demo/load?value=%f" % l))
    services.control("h1", "/demo/load?value=0")
    for i in range(len(kinds)):
        lab.stop("fleet-%d" % i)
    rows = []
    unshaped = {}
    for i, level in enumerate(levels):
        start, end = run.events["level-%d" % i] + 5, run.events["level-%d" % i] + step
        per_resolver = [share([r for r in run.results if r.get("server") == s], "h1", start, end)
                        for s in range(len(kinds))]
        by_kind = {}
        for kind in RESOLVERS:
            members = [s for s, k in enumerate(kinds) if k == kind]
            value = share([r for r in run.results if r.get("server") in members], "h1", start, end)
            if i == 0:
                unshaped[kind] = value
            expected = None if unshaped.get(kind) is None else (1 - level) * unshaped[kind]
            by_kind[kind] = {"share": value, "expected": expected,
                             "shed": sum(1 for s in members if per_resolver[s] is not None and per_resolver[s] < 0.05),
                             "resolvers": len(members),
                             "miss": None if value is None or expected is None else abs(value - expected) > 0.10}
        shed = [s for s, value in enumerate(per_resolver) if value is not None and value < 0.05]
        rows.append({"load": level, "shed_resolvers": len(shed), "shed": shed, "resolvers": len(kinds),
                     "h1_share": share(run.results, "h1", start, end), "by_kind": by_kind,
                     "latency": latency(run.results, start, end)})
    data = {"resolvers": len(kinds), "kinds": kinds, "shed_action": action, "hosts": hosts, "rate": rate,
            "levels": rows}
    save(name, data)
    return data


# The fleet experiment: hosts register themselves with a BIND parent (docs/fleet.md). Changed
# from the defaults so that it takes minutes, not an hour: the parent records' TTL (30 s, default
# 300 s: resolvers follow a moved host within it), the reconcile interval (10 s, default 5 min:
# the janitor's pace), the janitor (on, grace 30 s; default off, 10 min) and h3's discovery
# interval (5 s, default 30 s).
FLEET_SETTINGS = ["--selfdns.registration.ttl=30s", "--selfdns.registration.reconcile-interval=10s",
                  "--selfdns.registration.janitor.enabled=true", "--selfdns.registration.janitor.grace=30s"]
MOVED = "10.53.0.23"
METADATA_PORT = 8169


def fleet_identity(host, settings=FLEET_SETTINGS):
    """h1 and h2 with their addresses configured; h3 reads its address from an IMDSv2 stub."""
    identity = ["--selfdns.name-servers=", "--selfdns.own-name-server=", "--selfdns.peers.source=parent",
                "--selfdns.registration.enabled=true", "--selfdns.registration.server=" + services.PARENT_IP,
                "--selfdns.registration.name-server=" + services.FLEET_NAMES[host], *settings]
    if host == "h3":
        # Listening on every address of its namespace: it must answer on the address it moves to.
        return identity + ["--selfdns.addresses=", "--selfdns.listen.address=0.0.0.0",
                           "--selfdns.address-discovery.mode=aws",
                           "--selfdns.address-discovery.metadata-url=http://127.0.0.1:%d" % METADATA_PORT,
                           "--selfdns.address-discovery.interval=5s"]
    return identity + ["--selfdns.addresses=" + HOSTS[host], "--selfdns.listen.address=" + HOSTS[host]]


def start_metadata(lab):
    """h3's IMDSv2 stub, serving its address from a file; returns the file."""
    address_file = lab.path("metadata", "h3-address")
    with open(address_file, "w") as f:
        f.write(HOSTS["h3"])
    lab.start("metadata-h3", "h3", [sys.executable, os.path.join(HERE, "metadata.py"), "--port", str(METADATA_PORT),
                                    "--address-file", address_file])
    return address_file


def move_h3(address_file):
    """h3's address moves: a new one on the interface and in the metadata, the old one gone, as a
    cloud's released address is."""
    ADDRESS_TO_HOST[MOVED] = "h3"
    # Without promote_secondaries, removing the old (primary) address would take the new one too.
    subprocess.run(in_ns("h3", "sysctl", "-qw", "net.ipv4.conf.eth0.promote_secondaries=1"), check=True)
    subprocess.run(in_ns("h3", "ip", "addr", "add", MOVED + "/16", "dev", "eth0"), check=True)
    with open(address_file, "w") as f:
        f.write(MOVED)
    subprocess.run(in_ns("h3", "ip", "addr", "del", HOSTS["h3"] + "/16", "dev", "eth0"), check=True)


def start_fleet_host(lab, host, keys):
    env = dict(os.environ, SELFDNS_REGISTRATION_KEY_SECRET=keys[host])
    services.start_host(lab, host, JAR, identity=fleet_identity(host), env=env)


def parent_ns():
    return sorted(line.rstrip(".") for line in services.parent_records("www.example.com.", "NS"))


def wait_for(condition, timeout):
    """Seconds until the condition holds, polled every 100 ms; None if it did not within `timeout`."""
    start = time.time()
    while time.time() - start < timeout:
        if condition():
            return round(time.time() - start, 1)
        time.sleep(0.1)
    return None


def fleet_run(lab):
    """Three hosts register with a BIND parent and serve its NS set; every resolver reaches all
    three; h3's address moves (IMDSv2 stub and `ip addr`) and the glue and the resolvers follow;
    SIGKILL on h2 and the janitor removes it; h2 comes back; SIGTERM on h3 deregisters it."""
    services.start_root(lab, parent=services.PARENT_IP)
    keys = services.start_parent(lab)
    address_file = start_metadata(lab)
    names = sorted(services.FLEET_NAMES.values())
    started = time.time()
    for host in HOSTS:
        start_fleet_host(lab, host, keys)
    services.wait_for_hosts(lab)
    registered = wait_for(lambda: parent_ns() == names, 120)
    data = {"registered_after": None if registered is None else round(time.time() - started, 1),
            "parent_ns": parent_ns()}
    servers = services.start_fleet(lab, RESOLVERS)

    with Run(lab, "fleet-reach", 20, rate=200, servers=servers) as run:
        pass
    data["reach"] = {kind: {h: share([r for r in run.results if r["server"] == i], h, run.start + 2, run.start + 20)
                            for h in HOSTS} for i, kind in enumerate(RESOLVERS)}
    data["reach_failures"] = latency(run.results, run.start, run.start + 20)["failures"]

    with Run(lab, "fleet-move", 100, rate=100, servers=servers) as run:
        run.at(10, "move", lambda: move_h3(address_file))
        glue = wait_for(lambda: services.parent_records(services.FLEET_NAMES["h3"] + ".", "A") == [MOVED], 60)
    moved_at = run.events["move"]
    data["glue_replaced_after"] = glue
    data["moved"] = {}
    for i, kind in enumerate(RESOLVERS):
        mine = [r for r in run.results if r["server"] == i]
        back = next((r["t"] - moved_at for r in mine if r["t"] >= moved_at and r["address"] == MOVED), None)
        data["moved"][kind] = {"h3_share_before": share(mine, "h3", run.start + 2, moved_at),
                               "h3_back_after": None if back is None else round(back, 1),
                               "failures": sum(1 for r in mine if r["t"] >= moved_at and r["rcode"] != "NOERROR"),
                               "p95_after_move": latency(mine, moved_at, moved_at + 40)["p95"],
                               "max_after_move": latency(mine, moved_at, moved_at + 40)["max"]}
    for i in range(len(RESOLVERS)):
        lab.stop("fleet-%d" % i)

    killed = time.time()
    lab.stop("host-h2", signal.SIGKILL)
    janitor = wait_for(lambda: services.FLEET_NAMES["h2"] not in parent_ns(), 180)
    data["janitor_removed_after"] = None if janitor is None else round(time.time() - killed, 1)
    restarted = time.time()
    start_fleet_host(lab, "h2", keys)
    back = wait_for(lambda: services.FLEET_NAMES["h2"] in parent_ns(), 120)
    data["reregistered_after"] = None if back is None else round(time.time() - restarted, 1)
    stopped = time.time()
    process = lab.processes["host-h3"]
    os.killpg(process.pid, signal.SIGTERM)
    gone = wait_for(lambda: services.FLEET_NAMES["h3"] not in parent_ns(), 30)
    data["deregistered_after"] = None if gone is None else round(time.time() - stopped, 1)
    process.wait(60)
    data["sigterm_exit_after"] = round(time.time() - stopped, 1)
    lab.stop("host-h3")
    data["final_parent_ns"] = parent_ns()
    save("fleet", data)
    return data


def dnssec_key(lab):
    """The zone's key, made by BIND's dnssec-keygen; every host reads the same K*.private."""
    keys = lab.path("dnssec", "x")[:-2]
    base = subprocess.run(["dnssec-keygen", "-q", "-K", keys, "-a", "13", "-f", "KSK", "-n", "ZONE",
                           services.ZONE], check=True, capture_output=True, text=True).stdout.strip()
    ds = subprocess.run(["dnssec-dsfromkey", "-2", os.path.join(keys, base + ".key")], check=True,
                        capture_output=True, text=True).stdout.strip()
    return os.path.join(keys, base + ".private"), ds


def dnssec_run(lab, resolvers=RESOLVERS, phase=15):
    """A signed parent (example.com signed by dnssec-signzone, with the DS of www, under a signed
    com and root), three hosts signing www.example.com with one shared key, and each resolver
    validating with the fake root's key as its trust anchor: the share of validated (AD) answers and failures while all hosts
    run, then after SIGKILL on the host the resolver used most, whose DNSKEY set it has cached."""
    private, www_ds = dnssec_key(lab)
    anchor = services.start_root(lab, www_ds=www_ds)
    signing = ["--selfdns.dnssec.enabled=true", "--selfdns.dnssec.keys[0].private-key=file:" + private]
    start_hosts(lab, {h: signing for h in HOSTS})

    def validated(results):
        answered = [r for r in results if r["rcode"] == "NOERROR"]
        return (sum(1 for r in answered if r.get("ad")) / len(answered)) if answered else None

    rows = {}
    for resolver in resolvers:
        lab.stop("resolver")
        services.start_resolver(lab, resolver, anchor=anchor)
        with Run(lab, "dnssec-%s-before" % resolver, phase, rate=50, ad=True) as before:
            pass
        shares = {h: share(before.results, h, before.start + 2, before.start + phase) or 0 for h in HOSTS}
        used = max(shares, key=shares.get)
        killed = time.time()
        lab.stop("host-" + used, signal.SIGKILL)
        with Run(lab, "dnssec-%s-after" % resolver, phase, rate=50, ad=True) as after:
            pass
        rows[resolver] = {"shares_before": shares, "killed": used,
                          "validated_before": validated(before.results), "validated_after": validated(after.results),
                          "servfail": sum(1 for r in before.results + after.results if r["rcode"] == "SERVFAIL"),
                          "failures_after": sum(1 for r in after.results if r["rcode"] != "NOERROR"),
                          "after_kill": latency(after.results, killed, killed + 5)}
        restart_hosts(lab, {used: signing}, hosts=(used,))
    data = {"www_ds": www_ds, "resolvers": rows}
    save("dnssec", data)
    return data


# The rollover runs with a DNSKEY TTL and a DS TTL of 10 s (defaults: 1 h, the parent's), so
# that waiting two TTLs between steps takes seconds, and a shutdown drain of 2 s (default: the
# TTL, 10 s), so that a rolling restart of three hosts takes under a minute.
ROLLOVER_STEP = 75
ROLLOVER_SETTINGS = ["--selfdns.dnssec.dnskey-ttl=10s", "--selfdns.shutdown.drain=2s"]


def rollover_run(lab, phase=20):
    """A key rollover step by step (RFC 7583, double-DS with pre-publication), all four resolvers
    validating throughout: publish the new key on every host, add its DS to the parent, make it
    active and the old one retired, take the old DS out, remove the old key. Each host change is
    a rolling restart; each step waits two TTLs before the next."""
    k1, ds1 = dnssec_key(lab)
    k2, ds2 = dnssec_key(lab)

    def ds(*lines):
        return "\n".join(line.replace(" IN DS ", " 10 IN DS ") for line in lines)

    def keys(*pairs):
        args = list(ROLLOVER_SETTINGS) + ["--selfdns.dnssec.enabled=true"]
        for i, (private, state) in enumerate(pairs):
            args += ["--selfdns.dnssec.keys[%d].private-key=file:%s" % (i, private),
                     "--selfdns.dnssec.keys[%d].state=%s" % (i, state)]
        return args

    def hosts(*pairs):
        return lambda: rolling_restart(lab, {h: keys(*pairs) for h in HOSTS})

    def parent(*lines):
        return lambda: services.change_parent_ds(lab, ds(*lines), len(lines))

    anchor = services.start_root(lab, www_ds=ds(ds1))
    start_hosts(lab, {h: keys((k1, "active")) for h in HOSTS})
    servers = services.start_fleet(lab, RESOLVERS, anchor=anchor)
    steps = [("new key published on every host", hosts((k1, "active"), (k2, "published"))),
             ("its DS added to the parent", parent(ds1, ds2)),
             ("new key active, old one retired", hosts((k1, "retired"), (k2, "active"))),
             ("old DS out of the parent", parent(ds2)),
             ("old key removed", hosts((k2, "active")))]
    labels = ["start"] + [label for label, _ in steps]
    with Run(lab, "rollover", phase + len(steps) * ROLLOVER_STEP, rate=40, servers=servers, ad=True) as run:
        run.events["start"] = run.start
        for i, (label, action) in enumerate(steps):
            run.at(phase + i * ROLLOVER_STEP, label, action)
    for i in range(len(RESOLVERS)):
        lab.stop("fleet-%d" % i)
    rows = []
    for i, label in enumerate(labels):
        start = run.events[label]
        end = run.events[labels[i + 1]] if i + 1 < len(labels) else run.start + phase + len(steps) * ROLLOVER_STEP
        per_kind = {}
        for s, kind in enumerate(RESOLVERS):
            window = [r for r in run.results if r["server"] == s and start <= r["t"] < end]
            answered = [r for r in window if r["rcode"] == "NOERROR"]
            per_kind[kind] = {"answers": len(window),
                              "validated": (sum(1 for r in answered if r.get("ad")) / len(answered)) if answered else None,
                              "servfail": sum(1 for r in window if r["rcode"] == "SERVFAIL"),
                              "failed": sum(1 for r in window if r["rcode"] != "NOERROR"),
                              "rcodes": {code: sum(1 for r in window if r["rcode"] == code)
                                         for code in sorted({r["rcode"] for r in window})}}
        rows.append({"step": label, "resolvers": per_kind})
    data = {"steps": rows, "old_ds": ds1, "new_ds": ds2}
    save("rollover", data)
    return data


SMOKE_MARGIN_MS = 50


def failing_for(results, start, end):
    """Seconds from `start` to the last failed lookup before `end` (0 if none failed)."""
    failed = [r["t"] for r in results if start <= r["t"] < end and r["rcode"] != "NOERROR"]
    return round(max(failed) - start, 1) if failed else 0


def ttl_run(lab, ttl):
    """What the parent's TTL (selfdns.registration.ttl) costs and saves, with all four resolvers:
    a cold start, where resolvers first ask while only h1 is registered and h1 then closes once
    h2 and h3 have registered (lookups fail for as long as a resolver holds the delegation
    without them), and a move, where h3's address changes while h1 and h2 are drained (lookups
    fail for as long as a resolver holds h3's old glue). The parent's query log counts what the
    resolvers ask it."""
    services.start_root(lab, parent=services.PARENT_IP)
    keys = services.start_parent(lab)
    address_file = start_metadata(lab)

    def start(host):
        # The TTL under test, every other setting as shipped.
        env = dict(os.environ, SELFDNS_REGISTRATION_KEY_SECRET=keys[host])
        services.start_host(lab, host, JAR, identity=fleet_identity(host, ["--selfdns.registration.ttl=%ds" % ttl]),
                            env=env)

    start("h1")
    services.wait_for_hosts(lab, ["h1"])
    wait_for(lambda: parent_ns() == [services.FLEET_NAMES["h1"]], 60)
    servers = services.start_fleet(lab, RESOLVERS)
    data = {"ttl": ttl, "cold_start": {}, "move": {}}
    names = sorted(services.FLEET_NAMES.values())
    queries_before = len(services.parent_queries(lab))
    window = ttl + 40
    with Run(lab, "ttl-%d-cold" % ttl, window + 30, rate=50, servers=servers) as run:
        # The resolvers have cached the delegation to h1 alone; the others join.
        run.at(5, "join", lambda: (start("h2"), start("h3")))
        services.wait_for_hosts(lab, ["h2", "h3"])
        wait_for(lambda: parent_ns() == names, 60)
        run.at(time.time() - run.start + 2, "close", lambda: services.control("h1", "/actuator/selfdns?action=drain"))
    closed = run.events["close"]
    data["cold_start"]["registered_after_join"] = round(closed - 2 - run.events["join"], 1)
    for i, kind in enumerate(RESOLVERS):
        mine = [r for r in run.results if r["server"] == i]
        data["cold_start"][kind] = {"h1_share_before_close": share(mine, "h1", run.start + 2, closed),
                                    "failing_for": failing_for(mine, closed, closed + window),
                                    "failures": sum(1 for r in mine if r["t"] >= closed and r["rcode"] != "NOERROR")}
    services.control("h1", "/actuator/selfdns?action=resume")

    with Run(lab, "ttl-%d-move" % ttl, window + 40, rate=50, servers=servers) as run:
        # Only h3 answers, as when a fleet shrinks to the one host that moves.
        run.at(5, "drain", lambda: (services.control("h1", "/actuator/selfdns?action=drain"),
                                    services.control("h2", "/actuator/selfdns?action=drain")))
        run.at(25, "move", lambda: move_h3(address_file))
        glue = wait_for(lambda: services.parent_records(services.FLEET_NAMES["h3"] + ".", "A") == [MOVED], 60)
    moved = run.events["move"]
    data["move"]["glue_replaced_after"] = glue
    for i, kind in enumerate(RESOLVERS):
        mine = [r for r in run.results if r["server"] == i]
        data["move"][kind] = {"failing_for": failing_for(mine, moved, moved + window),
                              "failures": sum(1 for r in mine if r["t"] >= moved and r["rcode"] != "NOERROR")}
    asked = services.parent_queries(lab)[queries_before:]
    minutes = (time.time() - run.start + (window + 30) + 10) / 60
    data["parent_queries_per_resolver_minute"] = {
        kind: round(sum(1 for q in asked if q[0] == servers[i]) / minutes, 1) for i, kind in enumerate(RESOLVERS)}
    for i in range(len(RESOLVERS)):
        lab.stop("fleet-%d" % i)
    save("ttl-%d" % ttl, data)
    return data


def smoke():
    """The preferred host drained and resumed under BIND, with the defaults, then its health DOWN
    for 20 s, longer than selfdns.gate.fail-open.after (15 s): exits 1 if clients pay more than
    50 ms (p95) in the seconds after draining, h1 answers while DOWN, or it does not get its
    traffic back."""
    global RESULTS
    with Lab() as lab:
        # The smoke's numbers are a check, not results: they stay out of lab/results.
        RESULTS = lab.path("results")
        services.start_root(lab)
        services.peer_names(resolvable=True)
        make_h1_preferred(lab)
        data = gate_run(lab, "bind", "refused", "drain", single=False, phase=8, prefix="smoke")
        down = gate_run(lab, "bind", "refused", "health", single=False, phase=20, prefix="smoke")
    base, after = data["baseline"]["p95"], data["switch"]["p95"]
    print("lab smoke (bind, preferred h1 drained then resumed): h1 share baseline %.2f, drained %.2f, resumed %.2f; "
          "client p95 %s ms before, %s ms in the 5 s after draining; h1 back to half its share after %s s"
          % (data["baseline_share_h1"] or 0, data["closed_share_h1"] or 0, data["reopened_share_h1"] or 0,
             base, after, data["seconds_to_half_share"]))
    print("lab smoke (bind, preferred h1 health DOWN for 20 s): h1 share baseline %.2f, DOWN %.2f (at most %.2f in "
          "any second), UP again %.2f" % (down["baseline_share_h1"] or 0, down["closed_share_h1"] or 0,
                                          down["closed_max_share_h1"] or 0, down["reopened_share_h1"] or 0))
    problems = []
    if (data["baseline_share_h1"] or 0) < 0.5:
        problems.append("h1 was not BIND's preferred host (share %.2f): the setup is wrong"
                        % (data["baseline_share_h1"] or 0))
    if base is None or after is None or after - base > SMOKE_MARGIN_MS:
        problems.append("clients waited: p95 %s ms after draining against %s ms before" % (after, base))
    if data["seconds_to_half_share"] is None:
        problems.append("h1 did not get its traffic back after resuming")
    if (down["closed_max_share_h1"] or 0) > 0.05:
        problems.append("h1 answered while its health was DOWN (%.2f of the queries in one second)"
                        % down["closed_max_share_h1"])
    if down["seconds_to_half_share"] is None:
        problems.append("h1 did not get its traffic back after health UP")
    print("lab smoke: " + ("; ".join("FAILED: " + p for p in problems) if problems
                           else "draining cost clients nothing, h1 stayed closed while DOWN, and came back"))
    print("lab: %d passed, %d failed" % ((0, 1) if problems else (1, 0)))
    return 1 if problems else 0


def run_all(selected, resolvers=RESOLVERS, delays=(0, 5, 20, 100, 200, 250, 300, 350, 400, 800), repeat=1,
            ttls=(60, 300)):
    experiments = selected or ["preferred", "unresolved", "gate", "drain", "single", "share", "share-equal", "drop", "shutdown",
                               "delay", "fleet", "ttl", "dnssec", "rollover"]
    if "dnssec" in experiments:
        with Lab() as lab:
            print(json.dumps(dnssec_run(lab, resolvers)), flush=True)
        experiments = [e for e in experiments if e != "dnssec"]
        if not experiments:
            return 0
    if "rollover" in experiments:
        with Lab() as lab:
            print(json.dumps(rollover_run(lab)), flush=True)
        experiments = [e for e in experiments if e != "rollover"]
        if not experiments:
            return 0
    if "ttl" in experiments:
        # The parent's TTL, as shipped (300 s) and shorter: a lab of its own for each.
        for ttl in ttls:
            with Lab() as lab:
                print(json.dumps(ttl_run(lab, ttl)), flush=True)
        experiments = [e for e in experiments if e != "ttl"]
        if not experiments:
            return 0
    if "fleet" in experiments:
        # A network of its own: example.com is the parent BIND's there, not NSD's.
        with Lab() as lab:
            print(json.dumps(fleet_run(lab)), flush=True)
        experiments = [e for e in experiments if e != "fleet"]
        if not experiments:
            return 0
    with Lab() as lab:
        services.start_root(lab)
        start_hosts(lab)
        if "preferred" in experiments:
            make_h1_preferred(lab)
            for resolver in resolvers:
                for close in ("drain", "health"):
                    print(json.dumps(summary(preferred_run(lab, resolver, close))), flush=True)
            restart_hosts(lab, hosts=("h1", "h2", "h3"))
        if "unresolved" in experiments:
            # The hosts cannot resolve each other's names, so each hears no peer: health DOWN on
            # the preferred host for twice fail-open.after must still move every resolver away.
            services.peer_names(resolvable=False)
            make_h1_preferred(lab)
            for resolver in resolvers:
                print(json.dumps(summary(preferred_run(lab, resolver, "health", prefix="unresolved"))), flush=True)
            services.peer_names(resolvable=True)
            restart_hosts(lab, hosts=("h1", "h2", "h3"))
        if "gate" in experiments:
            for mode in ["refused", "servfail", "drop"]:
                restart_h1(lab, ["--selfdns.gate.when-closed=" + mode])
                for resolver in resolvers:
                    print(json.dumps(summary(gate_run(lab, resolver, mode, "health", single=False))), flush=True)
        if "drain" in experiments:
            restart_h1(lab)
            for resolver in resolvers:
                print(json.dumps(summary(gate_run(lab, resolver, "refused", "drain", single=False))), flush=True)
        if "single" in experiments:
            # One name is asked of a host once per TTL: a 1 s TTL gives a reading every second.
            for mode in ["refused", "drop"]:
                ttl = ["--selfdns.ttl=1s"]
                restart_hosts(lab, {"h1": ttl + ["--selfdns.gate.when-closed=" + mode], "h2": ttl, "h3": ttl},
                              hosts=("h1", "h2", "h3"))
                for resolver in resolvers:
                    print(json.dumps(summary(gate_run(lab, resolver, mode, "health", single=True))), flush=True)
            restart_hosts(lab, hosts=("h1", "h2", "h3"))
        if "share" in experiments:
            # h1 preferred, so that every resolver's share at score 0 is stable: shaping is then
            # the only thing that moves them.
            for action in ["delay", "refuse", "drop"]:
                make_h1_preferred(lab, ["--selfdns.shaping.shed-action=" + action])
                print(json.dumps(summary(share_run(lab, action))), flush=True)
            restart_hosts(lab, hosts=("h1", "h2", "h3"))
        if "share-equal" in experiments:
            # Three equally fast hosts: BIND, PowerDNS and Knot resolvers each pick one at random.
            for action in ["delay", "refuse", "drop"]:
                restart_h1(lab, ["--selfdns.shaping.shed-action=" + action])
                print(json.dumps(summary(share_run(lab, action, hosts="equal"))), flush=True)
        if "drop" in experiments:
            restart_h1(lab, ["--selfdns.shaping.mode=ramp", "--selfdns.shaping.max-delay=0ms",
                             "--selfdns.shaping.max-drop=1"])
            for resolver in resolvers:
                for drop in [0.25, 0.5, 0.9]:
                    print(json.dumps(drop_run(lab, resolver, drop)), flush=True)
        if "shutdown" in experiments:
            restart_h1(lab)
            for resolver in resolvers:
                print(json.dumps(shutdown_run(lab, resolver)), flush=True)
        if "delay" in experiments:
            restart_h1(lab, ["--selfdns.shaping.mode=ramp", "--selfdns.shaping.max-delay=800ms"])
            for resolver in resolvers:
                for delay in delays:
                    for index in range(1, repeat + 1):
                        print(json.dumps(summary(delay_run(lab, resolver, delay, repeat=index))), flush=True)
    return 0


def summary(data):
    return {k: v for k, v in data.items() if k != "bins"}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["smoke", "run"])
    parser.add_argument("experiments", nargs="*", help="preferred, unresolved, gate, drain, single, share, share-equal, drop, shutdown, delay, fleet, ttl, dnssec, rollover (default: all)")
    parser.add_argument("--resolvers", default=",".join(RESOLVERS), help="comma-separated: " + ",".join(RESOLVERS))
    parser.add_argument("--delays", help="comma-separated delays in ms for the delay experiment")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each delay")
    parser.add_argument("--ttls", help="comma-separated registration TTLs in s for the ttl experiment (default 60,300)")
    args = parser.parse_args()
    if not os.path.exists(JAR):
        sys.exit("Build the sample app first: mvn -DskipTests package")
    if args.command == "smoke":
        sys.exit(smoke())
    options = {"resolvers": args.resolvers.split(","), "repeat": args.repeat}
    if args.delays:
        options["delays"] = [int(d) for d in args.delays.split(",")]
    if args.ttls:
        options["ttls"] = [int(t) for t in args.ttls.split(",")]
    sys.exit(run_all(args.experiments, **options))


if __name__ == "__main__":
    main()
