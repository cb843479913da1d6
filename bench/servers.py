"""The name servers measured side by side: each serves the sample's zone on its own loopback port,
pinned to the server core."""
import os
import socket
import subprocess
import time

# Rate limits set out of reach: the servers pay for accounting every answer, and limit none.
UNREACHED_RATE = 1000000

ZONE = "www.example.com"
ADDRESS = "127.0.0.1"

ZONE_FILE = """$TTL 10
www.example.com. IN SOA ns1-www.example.com. hostmaster.www.example.com. 1 3600 600 86400 10
www.example.com. IN NS ns1-www.example.com.
www.example.com. IN NS ns2-www.example.com.
www.example.com. IN A 127.0.0.1
www.example.com. IN AAAA ::1
"""


class Server:
    """One server process (and the processes it forks), started in a work directory of its own."""

    label = None
    # Whether it gives real DNS answers (the echo floor does not).
    answers = True
    # The fixed rate of the latency run, when the server cannot keep up with the suite's.
    max_latency_rate = None

    def __init__(self, name, port, work, core):
        self.name = name
        self.port = port
        self.work = os.path.join(work, name)
        self.core = core
        self.process = None
        os.makedirs(self.work, exist_ok=True)

    def command(self):
        raise NotImplementedError

    def start(self):
        # A stray server from an earlier run on this port would answer in this one's place, and
        # its figures would be taken for this server's: refuse to start instead.
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                probe.bind((ADDRESS, self.port))
            except OSError:
                raise RuntimeError("%s: UDP port %d is already in use, by a server left from an earlier run? "
                                   "(ss -lunp sport = :%d)" % (self.name, self.port, self.port))
        self.log = open(os.path.join(self.work, "server.log"), "w")
        self.process = subprocess.Popen(["taskset", "-c", str(self.core), *self.command()],
                                        stdout=self.log, stderr=subprocess.STDOUT, cwd=self.work)

    def wait_ready(self, seconds=90):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.process.poll() is not None:
                break
            if self.responds():
                return
            time.sleep(0.2)
        raise RuntimeError("%s did not answer on port %d:\n%s" % (self.name, self.port, self.log_tail()))

    def responds(self):
        result = subprocess.run(["dig", "+tries=1", "+time=1", "-p", str(self.port), "@" + ADDRESS, ZONE, "A"],
                                capture_output=True, text=True)
        return result.returncode == 0 and ("status: NOERROR" in result.stdout or not self.answers)

    def log_tail(self):
        with open(os.path.join(self.work, "server.log")) as f:
            return f.read()[-3000:]

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def pids(self):
        """The server and every process below it (NSD forks its workers)."""
        children = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open("/proc/%s/stat" % entry) as f:
                        fields = f.read().rsplit(")", 1)[1].split()
                    children.setdefault(int(fields[1]), []).append(int(entry))
                except OSError:
                    pass
        found, todo = [], [self.process.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def cpu_seconds(self):
        """User plus system CPU time of the server's processes, all threads included."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.pids():
            try:
                with open("/proc/%d/stat" % pid) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
            except OSError:
                pass
        return total / ticks

    def rss_kib(self):
        total = 0
        for pid in self.pids():
            try:
                with open("/proc/%d/status" % pid) as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
            except OSError:
                pass
        return total

    def threads(self):
        try:
            return len(os.listdir("/proc/%d/task" % self.process.pid))
        except OSError:
            return 0

    def write(self, name, text):
        path = os.path.join(self.work, name)
        with open(path, "w") as f:
            f.write(text)
        return path


class Echo(Server):
    label = "C echo (loopback floor)"
    answers = False

    def command(self):
        return [os.environ.get("SELFDNS_BENCH_ECHO", "echo-server"), str(self.port)]


def make_signing_key(work):
    """A DNSSEC key for the zone (algorithm 13), as BIND's dnssec-keygen makes it: the K*.private
    file selfdns reads, and the key dnssec-signzone signs NSD's zone with."""
    keys = os.path.join(work, "keys")
    os.makedirs(keys, exist_ok=True)
    base = subprocess.run(["dnssec-keygen", "-q", "-K", keys, "-a", "13", "-f", "KSK", "-n", "ZONE", ZONE],
                          check=True, capture_output=True, text=True).stdout.strip()
    return keys, os.path.join(keys, base + ".private")


class Nsd(Server):
    label = "NSD"
    # With a key directory: the zone pre-signed by dnssec-signzone (NSEC), as NSD serves signed zones.
    keys = None

    def command(self):
        self.write("zone", ZONE_FILE)
        if self.keys:
            self.label = "NSD (zone pre-signed by dnssec-signzone)"
            # -z: the one key signs everything, as selfdns signs with its one key (a CSK).
            subprocess.run(["dnssec-signzone", "-q", "-z", "-K", self.keys, "-S", "-o", ZONE, "-f",
                            os.path.join(self.work, "zone.signed"), os.path.join(self.work, "zone")],
                           check=True, capture_output=True, text=True, cwd=self.work)
            os.replace(os.path.join(self.work, "zone.signed"), os.path.join(self.work, "zone"))
        conf = self.write("nsd.conf", "\n".join([
            "server:", "  ip-address: %s@%d" % (ADDRESS, self.port), "  username: \"\"", "  chroot: \"\"",
            "  zonesdir: \"%s\"" % self.work, "  pidfile: \"%s/nsd.pid\"" % self.work,
            "  xfrdfile: \"%s/xfrd.state\"" % self.work, "  zonelistfile: \"%s/zone.list\"" % self.work,
            "  database: \"\"", "  verbosity: 0",
            # One core, one worker. Debian builds NSD with RRL at 200 answers/s per client: on here,
            # as selfdns's is, at a limit the one loopback client never reaches, so both pay for
            # their rate limiting and neither limits.
            "  server-count: 1", "  rrl-ratelimit: %d" % UNREACHED_RATE, "  rrl-whitelist-ratelimit: %d" % UNREACHED_RATE,
            "remote-control:", "  control-enable: no",
            "zone:", "  name: \"%s\"" % ZONE, "  zonefile: \"zone\""]) + "\n")
        return ["nsd", "-d", "-c", conf]


class Knot(Server):
    label = "Knot DNS"

    def command(self):
        zone = self.write("zone", ZONE_FILE)
        conf = self.write("knot.conf", "\n".join([
            "server:", "  listen: %s@%d" % (ADDRESS, self.port), "  rundir: %s" % self.work, "  user: root",
            # Knot's default workers (one UDP worker per CPU it sees): with one worker it answers
            # fewer queries on this benchmark, not more.
            "database:", "  storage: %s" % self.work,
            "log:", "  - target: stderr", "    any: warning",
            "zone:", "  - domain: %s" % ZONE, "    file: %s" % zone, "    journal-content: none",
            "    zonefile-sync: -1"]) + "\n")
        return ["knotd", "-c", conf]


class SelfDns(Server):
    label = "selfdns"

    def __init__(self, name, port, work, core, jar, http_port, extra=()):
        super().__init__(name, port, work, core)
        self.jar = jar
        self.http_port = http_port
        self.extra = list(extra)

    def command(self):
        # The sample app as a user runs it: default JVM flags, its zone, the port moved; no
        # drain at the end, as no resolver is to be sent elsewhere; rate limiting and cookies on
        # as by default, the limits (answers, NXDOMAIN, errors: the mix has all three) raised out
        # of reach, as NSD's is: every query comes from one loopback network, which the defaults
        # would cut to 200 answers/s.
        rate_limit = [] if any(a.startswith("--selfdns.rate-limit.") for a in self.extra) \
            else ["--selfdns.rate-limit.%s-per-second=%d" % (kind, UNREACHED_RATE)
                  for kind in ("responses", "nxdomains", "errors")]
        return ["java", "-jar", self.jar, "--selfdns.listen.port=%d" % self.port,
                "--server.port=%d" % self.http_port, "--selfdns.shutdown.drain=0s",
                *rate_limit, "--logging.level.root=WARN", *self.extra]


class PowerDnsLua(Server):
    label = "PowerDNS Auth with a LUA record"
    max_latency_rate = 1000

    def command(self):
        zone = self.write("zone", ZONE_FILE.replace(
            "www.example.com. IN A 127.0.0.1",
            # The closest functional peer: an answer that depends on a health check (here of
            # PowerDNS' own TCP port, which is up).
            "www.example.com. IN LUA A \"ifportup(%d, {'127.0.0.1'})\"" % self.port))
        self.write("pdns.conf", "")
        self.write("named.conf", 'zone "%s" { type master; file "%s"; };\n' % (ZONE, zone))
        return ["pdns_server", "--config-dir=" + self.work, "--socket-dir=" + self.work, "--guardian=no",
                "--daemon=no", "--disable-syslog", "--write-pid=no", "--local-address=%s" % ADDRESS,
                "--local-port=%d" % self.port, "--launch=bind", "--bind-config=%s/named.conf" % self.work,
                "--enable-lua-records=yes", "--receiver-threads=1", "--distributor-threads=1",
                "--loglevel=3", "--setuid=", "--setgid="]
