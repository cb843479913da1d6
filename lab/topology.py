"""The lab network: namespaces joined by a bridge, and the processes started in them.

Every namespace is named with the lab prefix and every process is tracked, so teardown
removes exactly what the lab made and ends only what it started.
"""
import os
import shutil
import signal
import subprocess
import tempfile
import time

PREFIX = "sdl-"
SUBNET = "10.53.0."
ROOT_IP = SUBNET + "2"
RESOLVER_IP = SUBNET + "53"
HOSTS = {"h1": SUBNET + "11", "h2": SUBNET + "12", "h3": SUBNET + "13"}
NODES = {"root": ROOT_IP, "res": RESOLVER_IP, **HOSTS}


def sh(*args, check=True, **kwargs):
    return subprocess.run(list(args), check=check, capture_output=True, text=True, **kwargs)


def ns(name):
    return PREFIX + name


def in_ns(name, *command):
    return ["ip", "netns", "exec", ns(name), *command]


class Lab:
    """Builds the network on enter, removes it (and every process it started) on exit."""

    def __init__(self, workdir=None):
        self.workdir = workdir or tempfile.mkdtemp(prefix="selfdns-lab-")
        self.processes = {}

    def __enter__(self):
        teardown_leftovers()
        sh("ip", "netns", "add", ns("sw"))
        sh("ip", "-n", ns("sw"), "link", "add", "br0", "type", "bridge")
        sh("ip", "-n", ns("sw"), "link", "set", "br0", "up")
        for node, address in NODES.items():
            sh("ip", "netns", "add", ns(node))
            sh("ip", "-n", ns("sw"), "link", "add", "v-" + node, "type", "veth", "peer", "name", "eth0",
               "netns", ns(node))
            sh("ip", "-n", ns("sw"), "link", "set", "v-" + node, "master", "br0", "up")
            sh("ip", "-n", ns(node), "addr", "add", address + "/16", "dev", "eth0")
            sh("ip", "-n", ns(node), "link", "set", "eth0", "up")
            sh("ip", "-n", ns(node), "link", "set", "lo", "up")
        return self

    def __exit__(self, *exc):
        for name in list(self.processes):
            self.stop(name)
        teardown_leftovers()
        # SELFDNS_LAB_KEEP=1 keeps the logs and the raw runs, to look into a result.
        if not os.environ.get("SELFDNS_LAB_KEEP"):
            shutil.rmtree(self.workdir, ignore_errors=True)
        else:
            print("lab files kept in " + self.workdir, flush=True)

    def path(self, *parts):
        path = os.path.join(self.workdir, *parts)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return path

    def start(self, name, node, command, env=None):
        log = open(self.path("logs", name + ".log"), "w")
        process = subprocess.Popen(in_ns(node, *command), stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True, env=env)
        self.processes[name] = process
        return process

    def stop(self, name, sig=signal.SIGTERM, timeout=30):
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(5)

    def log(self, name):
        try:
            with open(self.path("logs", name + ".log")) as f:
                return f.read()
        except OSError:
            return ""


def netns_etc(node):
    """`ip netns exec` mounts the files of /etc/netns/<namespace>/ over /etc/ for what it runs."""
    return os.path.join("/etc/netns", ns(node))


def teardown_leftovers():
    """Deletes lab namespaces left by an earlier run; never touches anything else."""
    if os.path.isdir("/etc/netns"):
        for name in os.listdir("/etc/netns"):
            if name.startswith(PREFIX):
                shutil.rmtree(os.path.join("/etc/netns", name), ignore_errors=True)
    listing = sh("ip", "netns", "list", check=False).stdout
    for line in listing.splitlines():
        name = line.split()[0] if line.split() else ""
        if name.startswith(PREFIX):
            for pid in sh("ip", "netns", "pids", name, check=False).stdout.split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
            sh("ip", "netns", "del", name, check=False)


def wait_until(condition, timeout, what):
    end = time.time() + timeout
    while time.time() < end:
        if condition():
            return
        time.sleep(0.1)
    raise RuntimeError("timed out waiting for " + what)
