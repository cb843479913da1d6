#!/usr/bin/env python3
"""Asks a resolver for names below the zone at a fixed rate and records what came back.

Bounded: it sends rate * duration queries, waits at most `timeout` for the last answers, and
stops. Unique names (the default) make every question reach an authoritative server; --single
asks one name, so only cache expiry sends questions on.
"""
import argparse
import json
import random
import socket
import threading
import time

import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True, help="a resolver address, or several separated by commas")
    parser.add_argument("--zone", default="www.example.com")
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--duration", type=float, required=True)
    parser.add_argument("--timeout", type=float, default=5)
    parser.add_argument("--single", action="store_true")
    parser.add_argument("--ad", action="store_true", help="set AD (RFC 6840): the resolver says whether it validated")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(0.2)
    pending = {}
    results = []
    lock = threading.Lock()
    done = threading.Event()

    def receive():
        while not done.is_set():
            try:
                data = sock.recv(4096)
            except socket.timeout:
                continue
            now = time.time()
            try:
                message = dns.message.from_wire(data)
            except Exception:
                continue
            with lock:
                sent = pending.pop(message.id, None)
            if sent is None:
                continue
            address = None
            for rrset in message.answer:
                if rrset.rdtype == dns.rdatatype.A:
                    address = rrset[0].address
            results.append({"t": sent[0], "rtt": (now - sent[0]) * 1000,
                            "rcode": dns.rcode.to_text(message.rcode()), "address": address, "server": sent[1],
                            "ad": bool(message.flags & dns.flags.AD), "name": sent[2]})

    receiver = threading.Thread(target=receive, daemon=True)
    receiver.start()
    servers = args.server.split(",")
    total = int(args.rate * args.duration)
    start = time.time()
    run = "%08x" % random.getrandbits(32)
    for i in range(total):
        target = start + i / args.rate
        delay = target - time.time()
        if delay > 0:
            time.sleep(delay)
        name = args.zone if args.single else "q%d-%s.%s" % (i, run, args.zone)
        query = dns.message.make_query(name, "A")
        if args.ad:
            query.flags |= dns.flags.AD
        with lock:
            while query.id in pending:
                query.id = random.getrandbits(16)
            # Round robin over the resolvers: each one sees an even share of the names.
            pending[query.id] = (time.time(), i % len(servers), name)
        sock.sendto(query.to_wire(), (servers[i % len(servers)], 53))
    end = time.time() + args.timeout
    while time.time() < end:
        with lock:
            if not pending:
                break
        time.sleep(0.05)
    done.set()
    receiver.join(1)
    with lock:
        for sent in pending.values():
            results.append({"t": sent[0], "rtt": None, "rcode": "TIMEOUT", "address": None, "server": sent[1],
                            "name": sent[2]})
    results.sort(key=lambda r: r["t"])
    with open(args.out, "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main()
