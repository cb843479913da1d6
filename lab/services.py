"""The lab's name servers: a fake root (NSD), the three selfdns hosts, and one resolver at a time."""
import os
import signal
import sys
import subprocess
import time

import dns.message
import dns.rcode

from topology import HOSTS, RESOLVER_IP, ROOT_IP, in_ns, netns_etc, wait_until

ZONE = "www.example.com"
NAME_SERVERS = {"h1": "ns1-www.example.com", "h2": "ns2-www.example.com", "h3": "ns3-www.example.com"}

ROOT_ZONE = """$TTL 86400
. IN SOA a.root-servers.net. hostmaster.root. 1 3600 600 86400 60
. IN NS a.root-servers.net.
a.root-servers.net. IN A {root}
com. IN NS a.gtld-servers.net.
a.gtld-servers.net. IN A {root}
"""

COM_ZONE = """$TTL 86400
com. IN SOA a.gtld-servers.net. hostmaster.com. 1 3600 600 86400 60
com. IN NS a.gtld-servers.net.
example.com. IN NS a.gtld-servers.net.
"""

EXAMPLE_ZONE = """$TTL 3600
example.com. IN SOA a.gtld-servers.net. hostmaster.example.com. 1 3600 600 86400 60
example.com. IN NS a.gtld-servers.net.
{delegation}
"""


def sign_zone(lab, origin, text):
    """A zone signed by dnssec-signzone (NSEC) with a key of its own, made on first use and kept
    for the run, so that re-signing after a change keeps the DS its parent holds. Returns the
    signed zone text and its DS record (digest type 2)."""
    keys = lab.path("nsd", "keys", "x")[:-2]
    prefix = "K" + origin.rstrip(".") + "."
    existing = sorted(f[:-4] for f in os.listdir(keys) if f.startswith(prefix) and f.endswith(".key")
                      and f[len(prefix):len(prefix) + 1] == "+")
    base = existing[0] if existing else subprocess.run(
        ["dnssec-keygen", "-q", "-K", keys, "-a", "13", "-f", "KSK", "-n", "ZONE", origin],
        check=True, capture_output=True, text=True).stdout.strip()
    file = origin.rstrip(".") or "root"
    unsigned = lab.path("nsd", file + ".unsigned")
    with open(unsigned, "w") as f:
        f.write(text)
    signed = lab.path("nsd", file + ".signed")
    # Run in the key directory: dnssec-signzone writes its dsset file where it runs.
    subprocess.run(["dnssec-signzone", "-q", "-z", "-K", keys, "-S", "-o", origin, "-f", signed, unsigned],
                   check=True, capture_output=True, text=True, cwd=keys)
    ds = subprocess.run(["dnssec-dsfromkey", "-2", os.path.join(keys, base + ".key")], check=True,
                        capture_output=True, text=True).stdout.strip()
    with open(signed) as f:
        return f.read(), ds


def sign_example(lab, text, www_ds):
    """example.com signed, the DS of www.example.com in it: the signed parent. Returns the zone
    text and example.com's DS record."""
    return sign_zone(lab, "example.com", text + www_ds + "\n")


def example_zone():
    delegation = "\n".join("www IN NS %s." % NAME_SERVERS[h] for h in HOSTS) + "\n" + "\n".join(
        "%s. IN A %s" % (NAME_SERVERS[h], HOSTS[h]) for h in HOSTS)
    return EXAMPLE_ZONE.format(delegation=delegation)


def change_parent_ds(lab, www_ds, count):
    """example.com signed anew with other DS records for www, loaded by NSD on SIGHUP (as a
    registrar's change reaches a live parent: no restart), waited for until it serves `count` DS."""
    text, _ = sign_example(lab, example_zone(), www_ds)
    with open(lab.path("nsd", "example.com.zone"), "w") as f:
        f.write(text)
    os.kill(lab.processes["nsd"].pid, signal.SIGHUP)
    probe = ("import dns.message,dns.query;"
             "r=dns.query.udp(dns.message.make_query('www.example.com.','DS'),%r,timeout=1);"
             "print(sum(len(s) for s in r.answer))") % ROOT_IP
    wait_until(lambda: subprocess.run(in_ns("root", sys.executable, "-c", probe), capture_output=True,
                                      text=True).stdout.strip() == str(count), 20, "NSD to serve the new DS set")


def start_root(lab, parent=None, www_ds=None):
    """The fake root, com and example.com (NSD); with `parent`, example.com is delegated to a
    primary at that address instead (the fleet experiment's BIND); with `www_ds`, example.com is
    signed and holds that DS for www.example.com, and com and the root are signed above it.
    Returns the root's DS data (the trust anchor) when signed."""
    delegation = "\n".join("www IN NS %s." % NAME_SERVERS[h] for h in HOSTS) + "\n" + "\n".join(
        "%s. IN A %s" % (NAME_SERVERS[h], HOSTS[h]) for h in HOSTS)
    zones = {".": ROOT_ZONE.format(root=ROOT_IP), "com": COM_ZONE,
             "example.com": EXAMPLE_ZONE.format(delegation=delegation)}
    anchor = None
    if www_ds is not None:
        # A signed chain from the root down, as on the Internet: each resolver's one trust anchor
        # is the fake root's key. (With an unsigned root and an anchor at example.com instead,
        # PowerDNS Recursor 4.8 marks www.example.com insecure whenever its query minimisation
        # walks through the unsigned com again: one DNSKEY TTL without AD every minute.)
        zones["example.com"], example_ds = sign_example(lab, zones["example.com"], www_ds)
        zones["com"], com_ds = sign_zone(lab, "com", zones["com"] + example_ds + "\n")
        zones["."], root_ds = sign_zone(lab, ".", zones["."] + com_ds + "\n")
        anchor = " ".join(root_ds.split()[3:])
    if parent is not None:
        del zones["example.com"]
        zones["com"] = COM_ZONE.replace("example.com. IN NS a.gtld-servers.net.\n",
                                        "example.com. IN NS ns.example.com.\nns.example.com. IN A %s\n" % parent)
    config = ["server:", "  ip-address: %s" % ROOT_IP, "  port: 53", "  username: \"\"", "  chroot: \"\"",
              "  zonesdir: \"%s\"" % lab.path("nsd"), "  pidfile: \"%s\"" % lab.path("nsd", "nsd.pid"),
              "  xfrdfile: \"%s\"" % lab.path("nsd", "xfrd.state"),
              "  zonelistfile: \"%s\"" % lab.path("nsd", "zone.list"), "  database: \"\"",
              "  verbosity: 1", "  server-count: 1", "remote-control:", "  control-enable: no"]
    for name, text in zones.items():
        file = "root.zone" if name == "." else name + ".zone"
        with open(lab.path("nsd", file), "w") as f:
            f.write(text)
        config += ["zone:", "  name: \"%s\"" % name, "  zonefile: \"%s\"" % file]
    conf = lab.path("nsd", "nsd.conf")
    with open(conf, "w") as f:
        f.write("\n".join(config) + "\n")
    lab.start("nsd", "root", ["nsd", "-d", "-c", conf])
    wait_until(lambda: answers("root", ROOT_IP, "com.", "NS"), 20, "the fake root")
    return anchor


def peer_names(resolvable=True):
    """Whether the hosts can resolve each other's name server names (an /etc/hosts of their own,
    as split DNS or a names file would give them). Unresolvable, a host hears no peer: the case
    where a host closed by health must not take that silence for a shared outage. Takes effect
    for the hosts started afterwards."""
    for host in HOSTS:
        os.makedirs(netns_etc(host), exist_ok=True)
        lines = ["127.0.0.1 localhost", "::1 localhost"]
        if resolvable:
            lines += ["%s %s" % (HOSTS[h], NAME_SERVERS[h]) for h in HOSTS]
        with open(os.path.join(netns_etc(host), "hosts"), "w") as f:
            f.write("\n".join(lines) + "\n")


OPERATOR_PASSWORD = "lab-operator"

# Every lab host runs the product's defaults but for the settings below (docs/resolvers.md, "The
# lab", says why): wildcard answers for unique names, and a load the lab sets, unsmoothed.
def start_host(lab, host, jar, extra=(), identity=None, env=None):
    """`identity` replaces the addresses, NS set and listen address (the fleet experiment)."""
    address = HOSTS[host]
    if identity is None:
        identity = ["--selfdns.addresses=" + address,
                    "--selfdns.name-servers=" + ",".join(NAME_SERVERS[h] for h in HOSTS),
                    "--selfdns.own-name-server=" + NAME_SERVERS[host], "--selfdns.listen.address=" + address]
    args = ["java", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar,
            "--server.address=" + address, "--server.port=8080",
            "--selfdns.zone=" + ZONE, *identity, "--selfdns.listen.port=53",
            "--selfdns.wildcard=true", "--sample.demo.enabled=true",
            "--selfdns.shaping.signals[0].meter=demo.load", "--selfdns.shaping.signals[0].low=0",
            "--selfdns.shaping.signals[0].high=1", "--selfdns.shaping.smoothing=0",
            "--selfdns.shaping.hysteresis=0", "--selfdns.shaping.sample-interval=100ms",
            "--logging.level.root=WARN", "--logging.level.dev.selfdns=INFO",
            # The operator who may drain and resume, as in the sample's Spring Security setup.
            "--spring.security.user.password=" + OPERATOR_PASSWORD, *extra,
            # Extra arguments for every host, e.g. to check that the smoke fails on a broken gate.
            *os.environ.get("SELFDNS_LAB_HOST_ARGS", "").split()]
    lab.start("host-" + host, host, args, env=env)


def wait_for_hosts(lab, hosts=HOSTS):
    for host in hosts:
        wait_until(lambda h=host: answers(h, HOSTS[h], "probe." + ZONE + ".", "A"), 90,
                   "selfdns on " + host + ":\n" + lab.log("host-" + host)[-2000:])


def control(host, path):
    """PUT to a host's demo controls or POST to its selfdns endpoint, from inside its namespace."""
    url = "http://%s:8080%s" % (HOSTS[host], path)
    if path.startswith("/actuator/"):
        action = path.split("=", 1)[1]
        command = ["curl", "-sf", "-X", "POST", "-u", "operator:" + OPERATOR_PASSWORD,
                   "-H", "Content-Type: application/json",
                   "-d", '{"action":"%s"}' % action, url.split("?")[0]]
    else:
        command = ["curl", "-sf", "-X", "PUT", url]
    subprocess.run(in_ns(host, *command), check=True, capture_output=True, timeout=10)


def answers(node, server, name, rdtype):
    """Whether a server in a namespace answers NOERROR (checked from inside the namespace)."""
    probe = ("import socket,dns.message,dns.query;"
             "r=dns.query.udp(dns.message.make_query(%r,%r),%r,timeout=1);"
             "print(r.rcode())") % (name, rdtype, server)
    result = subprocess.run(in_ns(node, sys.executable, "-c", probe), capture_output=True, text=True)
    return result.returncode == 0 and result.stdout.strip() == "0"


ROOT_HINTS = ". 3600000 NS a.root-servers.net.\na.root-servers.net. 3600000 A %s\n" % ROOT_IP


def resolver_command(lab, kind, address, name, outgoing=False, anchor=None):
    """The command line of one resolver of a kind listening on `address`; with `outgoing`, it
    also sends its queries from `address`, so hosts see it as a resolver of its own; with
    `anchor` (a DS record's data for the fake root's key), it validates from the root down."""
    hints = lab.path(name, "root.hints")
    with open(hints, "w") as f:
        f.write(ROOT_HINTS)
    directory = lab.path(name, "x")[:-2]
    if kind == "bind":
        conf = lab.path(name, "named.conf")
        with open(conf, "w") as f:
            f.write("""options {
  directory "%(dir)s";
  pid-file "%(dir)s/named.pid";
  lock-file "%(dir)s/named.lock";
  session-keyfile "%(dir)s/session.key";
  listen-on port 53 { %(address)s; };
  listen-on-v6 { none; };
%(outgoing)s  recursion yes;
  allow-recursion { any; };
  allow-query { any; };
  dnssec-validation %(validation)s;
  querylog no;
};
controls { };
zone "." { type hint; file "%(hints)s"; };
%(anchors)s""" % {"dir": directory, "address": address, "hints": hints,
       "outgoing": ("  query-source address %s;\n" % address) if outgoing else "",
       "validation": "yes" if anchor else "no",
       "anchors": ('trust-anchors { . static-ds %s "%s"; };\n' % (
           " ".join(anchor.split()[:3]), anchor.split()[3])) if anchor else ""})
        return ["named", "-g", "-c", conf, "-n", "1"]
    if kind == "unbound":
        conf = lab.path(name, "unbound.conf")
        with open(conf, "w") as f:
            f.write("""server:
  interface: %s
%s  port: 53
  access-control: 10.53.0.0/16 allow
  username: ""
  chroot: ""
  directory: "%s"
  pidfile: "%s/unbound.pid"
  root-hints: "%s"
  module-config: "%s"
%s  do-not-query-localhost: no
  use-syslog: no
  num-threads: 1
  verbosity: 0
remote-control:
  control-enable: no
""" % (address, ("  outgoing-interface: %s\n" % address) if outgoing else "", directory, directory, hints,
       "validator iterator" if anchor else "iterator",
       ('  trust-anchor: ". DS %s"\n' % anchor) if anchor else ""))
        return ["unbound", "-d", "-c", conf]
    if kind == "pdns":
        lua = []
        if anchor:
            # The fake root's key in place of the real root's.
            with open(lab.path(name, "anchors.lua"), "w") as f:
                f.write("clearTA('.')\naddTA('.', '%s')\n" % anchor)
            lua = ["lua-config-file=" + lab.path(name, "anchors.lua")]
        with open(lab.path(name, "recursor.conf"), "w") as f:
            f.write("\n".join(["local-address=" + address, "local-port=53", "hint-file=" + hints,
                               "dnssec=" + ("validate" if anchor else "off"), *lua,
                               "dont-query=", "allow-from=10.53.0.0/16", "daemon=no",
                               "socket-dir=" + directory, "threads=1", "disable-syslog=yes",
                               "setuid=", "setgid=", "quiet=yes"]
                              + (["query-local-address=" + address] if outgoing else [])) + "\n")
        return ["pdns_recursor", "--config-dir=" + directory]
    if kind == "knot":
        conf = lab.path(name, "kresd.conf")
        with open(conf, "w") as f:
            f.write("""net.listen('%s', 53, { kind = 'dns' })
%smodules = { 'hints > iterate' }
hints.root({['a.root-servers.net.'] = '%s'})
trust_anchors.remove('.')
%scache.size = 20 * MB
""" % (address, ("net.outgoing_v4('%s')\n" % address) if outgoing else "", ROOT_IP,
       ("trust_anchors.add('. 3600 IN DS %s')\n" % anchor) if anchor else ""))
        return ["kresd", "-n", "-c", conf, directory]
    raise ValueError("unknown resolver " + kind)


def start_resolver(lab, kind, anchor=None):
    lab.start("resolver", "res", resolver_command(lab, kind, RESOLVER_IP, kind, anchor=anchor))
    wait_until(lambda: answers("res", RESOLVER_IP, "probe-%d.%s." % (time.time_ns(), ZONE), "A"), 30,
               "the %s resolver:\n%s" % (kind, lab.log("resolver")[-2000:]))


def fleet_address(index):
    """Each resolver of a population on a /24 of its own, as real resolvers are: rate limiting
    and share shaping group clients by /24, and see each as a network of its own."""
    return "10.53.%d.53" % (10 + index)


def start_fleet(lab, kinds, anchor=None):
    """A population of resolvers, one per entry of `kinds`, each on its own address and sending
    from it (validating from the root down with `anchor`). Returns their addresses, in the order
    of `kinds`."""
    addresses = []
    for i, kind in enumerate(kinds):
        address = fleet_address(i)
        subprocess.run(in_ns("res", "ip", "addr", "add", address + "/16", "dev", "eth0"), check=False,
                       capture_output=True)
        lab.start("fleet-%d" % i, "res", resolver_command(lab, kind, address, "fleet-%d" % i, outgoing=True,
                                                           anchor=anchor))
        addresses.append(address)
    for i, address in enumerate(addresses):
        wait_until(lambda a=address: answers("res", a, "probe-%d.%s." % (time.time_ns(), ZONE), "A"), 60,
                   "fleet resolver %s (%s):\n%s" % (address, kinds[i], lab.log("fleet-%d" % i)[-2000:]))
    return addresses


PARENT_IP = "10.53.0.3"

# Each host's name server name in the parent zone, and its TSIG key of the same name
# (docs/fleet.md): BIND's two update-policy lines cover them all.
FLEET_NAMES = {h: "%s.ns-www.example.com" % h for h in HOSTS}

PARENT_ZONE = """$TTL 300
example.com. IN SOA ns.example.com. hostmaster.example.com. 1 3600 600 86400 60
example.com. IN NS ns.example.com.
ns.example.com. IN A %s
"""


def start_parent(lab):
    """BIND as the primary of example.com on PARENT_IP (in the root's namespace), taking
    updates with one key per host. Returns the keys' secrets by host."""
    import base64
    import secrets as random_secrets
    subprocess.run(in_ns("root", "ip", "addr", "add", PARENT_IP + "/16", "dev", "eth0"), check=False,
                   capture_output=True)
    keys = {h: base64.b64encode(random_secrets.token_bytes(32)).decode() for h in HOSTS}
    directory = lab.path("parent", "x")[:-2]
    with open(lab.path("parent", "example.com.zone"), "w") as f:
        f.write(PARENT_ZONE % PARENT_IP)
    conf = lab.path("parent", "named.conf")
    with open(conf, "w") as f:
        for h, secret in keys.items():
            f.write('key "%s" { algorithm hmac-sha256; secret "%s"; };\n' % (FLEET_NAMES[h], secret))
        f.write("""options {
  directory "%(dir)s";
  pid-file "%(dir)s/named.pid";
  lock-file "%(dir)s/named.lock";
  session-keyfile "%(dir)s/session.key";
  listen-on port 53 { %(address)s; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
};
controls { };
logging {
  channel queries { file "%(dir)s/queries.log"; print-time yes; };
  category queries { queries; };
  category default { default_stderr; };
};
zone "example.com" {
  type primary;
  file "%(dir)s/example.com.zone";
  update-policy {
    grant *.ns-www.example.com. self *.ns-www.example.com. A AAAA;
    grant *.ns-www.example.com. name www.example.com. NS;
  };
};
""" % {"dir": directory, "address": PARENT_IP})
    # -g logs to stderr only: the query log needs named's own logging, so -f (foreground).
    lab.start("parent", "root", ["named", "-f", "-c", conf, "-n", "1"])
    wait_until(lambda: answers("root", PARENT_IP, "example.com.", "SOA"), 20,
               "the parent's BIND:\n" + lab.log("parent")[-2000:])
    return keys


def parent_queries(lab):
    """The queries the parent's primary has received so far, each as (client address, name, type)."""
    try:
        with open(lab.path("parent", "queries.log")) as f:
            lines = f.readlines()
    except OSError:
        return []
    queries = []
    for line in lines:
        # e.g. "03-Dec-2026 07:01:02.345 client @0x... 10.53.0.10#41234 (www.example.com): query: www.example.com IN A -E(0)DC (10.53.0.3)"
        parts = line.split()
        if "query:" not in parts:
            continue
        i = parts.index("query:")
        client = next((p.split("#")[0] for p in parts if "#" in p and p[0].isdigit()), None)
        queries.append((client, parts[i + 1], parts[i + 3]))
    return queries


def parent_records(name, rdtype):
    """The records the parent's primary holds (non-recursive, from the root's namespace), as text."""
    probe = ("import dns.message,dns.query,dns.flags;"
             "q=dns.message.make_query(%r,%r);q.flags&=~dns.flags.RD;"
             "r=dns.query.tcp(q,%r,timeout=2);"
             "print('\\n'.join(sorted(str(rr) for s in (r.answer+r.authority+r.additional) "
             "if s.name==q.question[0].name and s.rdtype==q.question[0].rdtype for rr in s)))") % (
        name, rdtype, PARENT_IP)
    result = subprocess.run(in_ns("root", sys.executable, "-c", probe), capture_output=True, text=True)
    return [line for line in result.stdout.splitlines() if line]
