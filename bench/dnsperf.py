"""Runs dnsperf pinned to the load core and reads what it prints."""
import re
import subprocess

# The mix of the benchmark: 80% A, 10% AAAA, 5% NS/SOA, 3% outside the zone, 2% NXDOMAIN.
MIX = [("www.example.com", "A", 80), ("www.example.com", "AAAA", 10), ("www.example.com", "NS", 3),
       ("www.example.com", "SOA", 2), ("example.org", "A", 3), ("nope.www.example.com", "A", 2)]


def write_queries(path):
    """One hundred queries in the mix, each kind spread evenly through the file."""
    spread = sorted(((k + 0.5) / n, "%s %s" % (name, qtype)) for name, qtype, n in MIX for k in range(n))
    with open(path, "w") as f:
        f.write("".join(line + "\n" for _, line in spread))


def run(port, queries, seconds, core, rate=None, verbose_to=None, address="127.0.0.1", outstanding=200,
        timeout=2, dnssec=False):
    """One dnsperf run: full rate, or a fixed rate with every query's latency written to a file.

    A server that drops queries (rate limiting) holds each of dnsperf's slots for the timeout;
    many slots and a short timeout keep dnsperf sending at full rate regardless, as a flood does.
    """
    command = ["taskset", "-c", str(core), "dnsperf", "-s", address, "-p", str(port), "-d", queries,
               "-l", str(seconds), "-c", "10", "-q", str(outstanding), "-t", str(timeout)]
    if rate:
        command += ["-Q", str(rate)]
    if dnssec:
        # The DO bit (EDNS): the answers carry their RRSIGs and NSEC proofs.
        command.append("-D")
    if verbose_to:
        command.append("-v")
        with open(verbose_to, "w") as out:
            result = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, text=True,
                                    timeout=seconds + 30)
        with open(verbose_to) as f:
            text = f.read()
    else:
        result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30)
        text = result.stdout
    if result.returncode != 0:
        raise RuntimeError("dnsperf failed: " + result.stderr)
    return parse(text)


def parse(text):
    def number(pattern):
        match = re.search(pattern, text)
        if not match:
            raise RuntimeError("dnsperf printed no %r:\n%s" % (pattern, text[-2000:]))
        return float(match.group(1))

    summary = {"sent": int(number(r"Queries sent:\s+(\d+)")),
               "completed": int(number(r"Queries completed:\s+(\d+)")),
               "lost": int(number(r"Queries lost:\s+(\d+)")),
               "qps": number(r"Queries per second:\s+([\d.]+)"),
               "mean_ms": 1000 * number(r"Average Latency \(s\):\s+([\d.]+)"),
               "max_ms": 1000 * number(r"Average Latency \(s\):.*max ([\d.]+)"),
               "request_bytes": number(r"Average packet size:\s+request (\d+)"),
               "response_bytes": number(r"Average packet size:.*response (\d+)")}
    latencies, rcodes = [], {}
    for line in text.splitlines():
        if line.startswith("> "):
            parts = line.split()
            try:
                latency = float(parts[-1])
            except ValueError:
                # A line of another form (a timed-out query names its type last): not an answer.
                continue
            rcodes[parts[1]] = rcodes.get(parts[1], 0) + 1
            latencies.append(latency)
    if latencies:
        latencies.sort()
        summary["p50_ms"] = 1000 * latencies[len(latencies) // 2]
        summary["p99_ms"] = 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        summary["p999_ms"] = 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.999))]
        summary["rcodes"] = rcodes
    return summary
