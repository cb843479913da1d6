"""The lab's name servers: a fake root (NSD), the three selfdns hosts, and one resolver at a time."""
import os
import sys
import subprocess
import time

import dns.message
import dns.rcode

from topology import HOSTS, RESOLVER_IP, ROOT_IP, in_ns, wait_until

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


def start_root(lab):
    delegation = "\n".join("www IN NS %s." % NAME_SERVERS[h] for h in HOSTS) + "\n" + "\n".join(
        "%s. IN A %s" % (NAME_SERVERS[h], HOSTS[h]) for h in HOSTS)
    zones = {".": ROOT_ZONE.format(root=ROOT_IP), "com": COM_ZONE,
             "example.com": EXAMPLE_ZONE.format(delegation=delegation)}
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


OPERATOR_PASSWORD = "lab-operator"


def start_host(lab, host, jar, ttl, extra=()):
    address = HOSTS[host]
    args = ["java", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar,
            "--server.address=" + address, "--server.port=8080",
            "--selfdns.zone=" + ZONE, "--selfdns.addresses=" + address,
            "--selfdns.name-servers=" + ",".join(NAME_SERVERS[h] for h in HOSTS),
            "--selfdns.own-name-server=" + NAME_SERVERS[host],
            "--selfdns.listen.address=" + address, "--selfdns.listen.port=53",
            "--selfdns.wildcard=true", "--selfdns.ttl=%d" % ttl,
            "--selfdns.gate.poll-interval=200ms", "--sample.demo.enabled=true",
            "--selfdns.shaping.signals[0].meter=demo.load", "--selfdns.shaping.signals[0].low=0",
            "--selfdns.shaping.signals[0].high=1", "--selfdns.shaping.smoothing=0",
            "--selfdns.shaping.hysteresis=0", "--selfdns.shaping.sample-interval=100ms",
            "--logging.level.root=WARN", "--logging.level.dev.selfdns=INFO",
            # Every resolver of the lab sends from one /24, which rate limiting would count as one.
            "--selfdns.rate-limit.enabled=false",
            # The operator who may drain and resume, as in the sample's Spring Security setup.
            "--spring.security.user.password=" + OPERATOR_PASSWORD, *extra,
            # Extra arguments for every host, e.g. to check that the smoke fails on a broken gate.
            *os.environ.get("SELFDNS_LAB_HOST_ARGS", "").split()]
    lab.start("host-" + host, host, args)


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


def start_resolver(lab, kind):
    hints = lab.path(kind, "root.hints")
    with open(hints, "w") as f:
        f.write(ROOT_HINTS)
    directory = lab.path(kind, "x")[:-2]
    if kind == "bind":
        conf = lab.path(kind, "named.conf")
        with open(conf, "w") as f:
            f.write("""options {
  directory "%s";
  pid-file "%s/named.pid";
  listen-on port 53 { %s; };
  listen-on-v6 { none; };
  recursion yes;
  allow-recursion { any; };
  allow-query { any; };
  dnssec-validation no;
  querylog no;
};
controls { };
zone "." { type hint; file "%s"; };
""" % (directory, directory, RESOLVER_IP, hints))
        command = ["named", "-g", "-c", conf, "-n", "1"]
    elif kind == "unbound":
        conf = lab.path(kind, "unbound.conf")
        with open(conf, "w") as f:
            f.write(unbound_config(RESOLVER_IP, directory, hints))
        command = ["unbound", "-d", "-c", conf]
    elif kind == "pdns":
        with open(lab.path(kind, "recursor.conf"), "w") as f:
            f.write("\n".join(["local-address=" + RESOLVER_IP, "local-port=53", "hint-file=" + hints,
                               "dnssec=off", "dont-query=", "allow-from=10.53.0.0/24", "daemon=no",
                               "socket-dir=" + directory, "threads=1", "disable-syslog=yes",
                               "setuid=", "setgid=", "quiet=yes"]) + "\n")
        command = ["pdns_recursor", "--config-dir=" + directory]
    elif kind == "knot":
        conf = lab.path(kind, "kresd.conf")
        with open(conf, "w") as f:
            f.write("""net.listen('%s', 53, { kind = 'dns' })
modules = { 'hints > iterate' }
hints.root({['a.root-servers.net.'] = '%s'})
trust_anchors.remove('.')
cache.size = 20 * MB
""" % (RESOLVER_IP, ROOT_IP))
        command = ["kresd", "-n", "-c", conf, directory]
    else:
        raise ValueError("unknown resolver " + kind)
    lab.start("resolver", "res", command)
    wait_until(lambda: answers("res", RESOLVER_IP, "probe-%d.%s." % (time.time_ns(), ZONE), "A"), 30,
               "the %s resolver:\n%s" % (kind, lab.log("resolver")[-2000:]))


FLEET_BASE = 100


def unbound_config(address, directory, hints, outgoing=False):
    """An Unbound that iterates from the fake root, without validation; with `outgoing`, it
    also sends its queries from `address`, so hosts see it as a resolver of its own."""
    return """server:
  interface: %s
%s  port: 53
  access-control: 10.53.0.0/24 allow
  username: ""
  chroot: ""
  directory: "%s"
  pidfile: "%s/unbound.pid"
  root-hints: "%s"
  module-config: "iterator"
  do-not-query-localhost: no
  use-syslog: no
  num-threads: 1
  verbosity: 0
remote-control:
  control-enable: no
""" % (address, ("  outgoing-interface: %s\n" % address) if outgoing else "", directory, directory, hints)


def start_unbound_fleet(lab, count):
    """Several Unbound resolvers, each on its own address and sending from it, so hosts see each
    as a resolver of its own. Returns their addresses."""
    addresses = []
    hints = lab.path("fleet", "root.hints")
    with open(hints, "w") as f:
        f.write(ROOT_HINTS)
    for i in range(count):
        address = "10.53.0.%d" % (FLEET_BASE + i)
        subprocess.run(in_ns("res", "ip", "addr", "add", address + "/24", "dev", "eth0"), check=False,
                       capture_output=True)
        directory = lab.path("fleet", str(i), "x")[:-2]
        conf = lab.path("fleet", str(i), "unbound.conf")
        with open(conf, "w") as f:
            f.write(unbound_config(address, directory, hints, outgoing=True))
        lab.start("fleet-%d" % i, "res", ["unbound", "-d", "-c", conf])
        addresses.append(address)
    for address in addresses:
        wait_until(lambda a=address: answers("res", a, "probe-%d.%s." % (time.time_ns(), ZONE), "A"), 30,
                   "fleet resolver " + address)
    return addresses
