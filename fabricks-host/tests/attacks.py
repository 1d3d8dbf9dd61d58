#!/usr/bin/env python3
"""The host's attack suite: real apps on both runtimes (tests/apps/attack-*, built by
`mvn package`) run under the real fabricks-host, each case an attempt that must be denied or
stopped with the host's message, or a grant that must work. Around every case: an echo server on
the granted port, a tripwire on an ungranted one (any connection to it fails the suite), and a
secret in the host's environment that must never show up.

Usage: attacks.py [FABRICKS_HOST]   (default: $FABRICKS_HOST, else fabricks-host/build's output)
"""
import os
import pathlib
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
SECRET = "s3cr3t-value-of-the-host"
PASSWD_LINE = "root:x:0:0"


def host_binary():
    if len(sys.argv) > 1:
        return sys.argv[1]
    if os.environ.get("FABRICKS_HOST"):
        return os.environ["FABRICKS_HOST"]
    return subprocess.run([str(REPO / "fabricks-host/build")], check=True, capture_output=True, text=True).stdout.strip()


class Servers:
    """An echo server on 127.0.0.1:39171 (granted) and a tripwire on 127.0.0.1:39172 (not)."""

    def __init__(self):
        self.tripped = []
        self.echo = self._listen(39171, self._echo)
        self.trip = self._listen(39172, self._trip)
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 39172))
        self.udp.settimeout(0.1)

    def _listen(self, port, handle):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        s.listen(8)
        threading.Thread(target=self._accept, args=(s, handle), daemon=True).start()
        return s

    def _accept(self, s, handle):
        while True:
            try:
                conn, _ = s.accept()
            except OSError:
                return
            handle(conn)

    def _echo(self, conn):
        with conn:
            data = conn.recv(100)
            conn.sendall(b"echo " + data)

    def _trip(self, conn):
        self.tripped.append("tcp")
        conn.close()

    def udp_tripped(self):
        try:
            self.udp.recvfrom(10)
            return True
        except OSError:
            return False


def case(app, action, expect, denial=None, exit_code=0, host_args=(), check=None, title=None):
    return dict(app=app, action=action, expect=expect, denial=denial, exit_code=exit_code,
                host_args=list(host_args), check=check, title=title or f"{app}: {action}")


def cases(rw):
    py, js = "attack-python", "attack-node"
    connect_key = "[capabilities.network] connect"
    return [
        # Files of the host
        case(py, "read-etc-passwd", "DENIED"),
        case(py, "read-host-root", "DENIED", check=lambda out: "etc" not in out),
        case(js, "read-etc-passwd", "DENIED"),
        # Environment
        case(py, "env-ungranted", "DENIED KeyError"),
        case(py, "env-granted", "OK granted-value"),
        case(py, "env-all", "OK FABRICKS_GRANTED", check=lambda out: "PATH" not in out and "HOME" not in out),
        case(js, "env-ungranted", "DENIED"),
        case(js, "env-granted", "OK granted-value"),
        case(js, "env-all", "OK FABRICKS_GRANTED", check=lambda out: "PATH" not in out),
        # Mounts: modes, escapes, undeclared
        case(py, "read-ro", "OK hello from the host"),
        case(py, "write-ro", "DENIED", denial="denied: write to `new.txt` in a read-only folder", check=lambda out: not (rw.parent / "ro/new.txt").exists()),
        case(py, "remove-ro", "DENIED", check=lambda out: (rw.parent / "ro/hello.txt").exists()),
        case(py, "mkdir-ro", "DENIED", check=lambda out: not (rw.parent / "ro/newdir").exists()),
        case(py, "write-rw", "OK /rw/out.txt", check=lambda out: (rw / "out.txt").read_text() == "written by the app"),
        case(py, "escape-dotdot", "DENIED", denial="denied: open `../../../etc/passwd`, which leads out of its folder"),
        case(py, "escape-dotdot-list", "DENIED", denial="denied: open `../..`, which leads out of its folder"),
        case(py, "escape-symlink", "DENIED", denial="denied: open `link-to-etc/passwd`, which leads out of its folder"),
        case(py, "escape-symlink-file", "DENIED", denial="denied: open `passwd-link`, which leads out of its folder"),
        case(py, "read-ro", None, exit_code=2, host_args=["--mount", "/etc=/etc"],
             denial="the app does not declare /etc", title="attack-python: an undeclared mount is refused"),
        # The app's own files and a private /tmp
        case(py, "app-c-level", "OK shipped with the app"),
        case(py, "app-write", "DENIED"),
        case(py, "tmp-roundtrip", "OK temp data"),
        case(py, "tmp-fill", None, exit_code=125, host_args=["--tmp-size", "8M"], denial="wrote more than 8 MiB to /tmp"),
        case(js, "app-read", "OK shipped with the app"),
        case(js, "write-app", "DENIED"),
        # Network
        case(py, "connect-ungranted-port", "DENIED", denial="denied: connect to 127.0.0.1:39172; grant it with " + connect_key),
        case(py, "connect-ungranted-host", "DENIED", denial="denied: connect to 127.0.0.2:39171"),
        case(py, "http-ungranted", "DENIED", denial="denied: connect to 127.0.0.1:39172"),
        case(py, "udp-ungranted", "DENIED"),
        case(py, "connect-granted", "OK echo ping"),
        case(py, "connect-granted-name", "OK echo ping"),
        case(py, "listen-ungranted", "DENIED", denial="denied: listen on port 39173; grant it with [capabilities.network] listen = [39173]"),
        case(py, "listen-granted", "OK listening on 127.0.0.1:39170"),
        case(py, "dns-ungranted", "DENIED", denial="denied: look up the name `example.com`"),
        case(js, "net", "DENIED"),
        case(js, "fetch-ungranted", "DENIED", denial="denied: HTTP request to http://127.0.0.1:39172; grant it with " + connect_key),
        # Limits
        case(py, "memory", None, exit_code=125, host_args=["--memory", "256M"], denial="more than its memory limit of 256 MiB"),
        case(js, "memory", None, exit_code=125, host_args=["--memory", "256M"], denial="more than its memory limit of 256 MiB"),
        case(py, "spin", None, exit_code=124, host_args=["--timeout", "2"], denial="ran past its deadline of 2 s"),
        case(js, "spin", None, exit_code=124, host_args=["--timeout", "2"], denial="ran past its deadline of 2 s"),
        # Threads and processes
        case(py, "thread", "DENIED"),
        case(py, "process", "DENIED"),
        case(js, "process", "DENIED"),
        case(js, "thread", "DENIED"),
    ]


def run_case(host, c, env, rw):
    layout = HERE / "apps" / c["app"] / "target/fabricks/oci"
    mounts = [] if any(a == "--mount" for a in c["host_args"]) else \
        ["--mount", f"/ro={rw.parent / 'ro'}", "--mount", f"/rw={rw}"]
    cmd = [host, "run", str(layout), *mounts, *c["host_args"], "--", c["action"]]
    start = time.monotonic()
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    elapsed = time.monotonic() - start
    out, err = p.stdout, p.stderr
    problems = []
    lines = [l for l in (out + "\n" + err).splitlines() if l.startswith(("OK", "DENIED"))]
    if c["expect"] is not None and not any(l.startswith(c["expect"]) for l in lines):
        problems.append(f"expected a line starting {c['expect']!r}, got {lines or 'none'}")
    if c["expect"] is None and lines:
        problems.append(f"expected the host to stop the app, but it printed {lines}")
    if p.returncode != c["exit_code"]:
        problems.append(f"exit {p.returncode}, expected {c['exit_code']}")
    if c["denial"] and c["denial"] not in err:
        problems.append(f"stderr lacks {c['denial']!r}")
    if c["check"] and not c["check"](out + err):
        problems.append("its check failed")
    for leak in (SECRET, PASSWD_LINE):
        if leak in out or leak in err:
            problems.append(f"the host's {leak!r} leaked")
    return problems, elapsed, err


def stdout_case(host, env, rw):
    """1 GiB through stdout: every byte arrives, and the host's memory stays bounded."""
    layout = HERE / "apps/attack-python/target/fabricks/oci"
    probe = ("import resource, subprocess, sys\n"
             "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)\n"
             "n = 0\n"
             "while True:\n"
             "    b = p.stdout.read(1 << 20)\n"
             "    if not b: break\n"
             "    n += len(b) - b.count(b'\\n') if b.startswith(b'OK') else len(b)\n"
             "p.wait()\n"
             "print(n, p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    r = subprocess.run([sys.executable, "-c", probe, host, "run", str(layout), "--", "stdout-1g"],
                       env=env, capture_output=True, text=True, timeout=600)
    n, code, rss_kib = (int(x) for x in r.stdout.split())
    problems = []
    # The program prints 1 GiB of x, then its "OK None" line.
    if n < (1 << 30):
        problems.append(f"{n} bytes arrived, expected at least {1 << 30}")
    if code != 0:
        problems.append(f"exit {code}")
    if rss_kib > 600 * 1024:
        problems.append(f"the host's peak memory was {rss_kib // 1024} MiB")
    return problems, f"{n} bytes, host peak RSS {rss_kib // 1024} MiB"


def main():
    host = host_binary()
    servers = Servers()
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", ""),
           "FABRICKS_GRANTED": "granted-value", "FABRICKS_SECRET": SECRET}
    if os.environ.get("XDG_CACHE_HOME"):
        env["XDG_CACHE_HOME"] = os.environ["XDG_CACHE_HOME"]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / "ro").mkdir()
        (root / "ro/hello.txt").write_text("hello from the host\n")
        rw = root / "rw"
        rw.mkdir()
        (rw / "link-to-etc").symlink_to("/etc")
        (rw / "passwd-link").symlink_to("/etc/passwd")
        before = set(pathlib.Path(tempfile.gettempdir()).glob("fabricks-tmp-*"))
        for c in cases(rw):
            problems, elapsed, err = run_case(host, c, env, rw)
            status = "ok  " if not problems else "FAIL"
            print(f"{status} {c['title']} ({elapsed:.2f} s)")
            for line in err.splitlines():
                if line.startswith("fabricks-host:"):
                    print(f"       {line}")
            for problem in problems:
                print(f"       {problem}")
            passed, failed = (passed + 1, failed) if not problems else (passed, failed + 1)
        problems, detail = stdout_case(host, env, rw)
        print(f"{'ok  ' if not problems else 'FAIL'} attack-python: stdout-1g ({detail})")
        for problem in problems:
            print(f"       {problem}")
        passed, failed = (passed + 1, failed) if not problems else (passed, failed + 1)
        left = set(pathlib.Path(tempfile.gettempdir()).glob("fabricks-tmp-*")) - before
        tripped = servers.tripped + (["udp"] if servers.udp_tripped() else [])
        for name, bad in (("every private /tmp was removed", sorted(map(str, left))),
                          ("no connection reached the ungranted port", tripped)):
            print(f"{'ok  ' if not bad else 'FAIL'} {name}{'' if not bad else f': {bad}'}")
            passed, failed = (passed + 1, failed) if not bad else (passed, failed + 1)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
