#!/usr/bin/env python3
"""No byte lost: every runtime moves large single writes, long lines and streams of a GiB through
stdin, stdout and stderr exactly as `python3` / `node` do with the same program.

Each case runs the program of stdio/<runtime>/ natively and under `fabricks-host run`, feeds both
the same stdin, and compares exit status, and length and sha256 of stdout and of stderr, streamed
(nothing is held in memory). Build the apps first: ./mvnw -f examples/pom.xml package.

Usage: stdio_bytes.py [--quick]   (--quick: 64 MiB instead of 1 GiB streams)
"""
import hashlib
import os
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "scripts"))
import fabricks_host  # noqa: E402

MiB = 1 << 20


def pattern(total):
    """Deterministic stdin: lines of varying length, `total` bytes in all."""
    block = b"".join(b"%d " % i + b"abcdefghij" * (i % 13) + b"\n" for i in range(4000))
    sent = 0
    while sent < total:
        piece = block[: total - sent]
        sent += len(piece)
        yield piece


def long_line(size):
    yield b"L" * (size - 1) + b"\n"


def run(cmd, stdin_chunks):
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    results = {}

    def drain(name, stream):
        h, n = hashlib.sha256(), 0
        while chunk := stream.read(MiB):
            h.update(chunk)
            n += len(chunk)
        results[name] = (n, h.hexdigest()[:16])

    readers = [threading.Thread(target=drain, args=(n, s)) for n, s in (("stdout", proc.stdout), ("stderr", proc.stderr))]
    for r in readers:
        r.start()
    try:
        for chunk in stdin_chunks:
            proc.stdin.write(chunk)
        proc.stdin.close()
    except BrokenPipeError:
        pass
    for r in readers:
        r.join()
    return proc.wait(), results["stdout"], results["stderr"]


def host_flags(app, case):
    """componentize-js 0.23 keeps the copy of every byte passed to a WASI call (its lowered
    arguments are never freed: an upstream leak), so a GiB written by a JavaScript app needs more
    than the host's default 1 GiB of memory. The bytes all arrive; the memory is the cost."""
    return ["--memory", "3G"] if app == "node" and case == "stream-out" else []


def main():
    stream = 64 * MiB if "--quick" in sys.argv else 1 << 30
    host = fabricks_host.executable()
    py_cases = [("print-line", 16 * MiB, None), ("buffer-write", 16 * MiB, None), ("os-write", 16 * MiB, None),
                ("stderr-write", 16 * MiB, None), ("stream-out", stream, None),
                ("stdin-line", 16 * MiB, long_line), ("stream-in", stream, pattern)]
    js_cases = [c for c in py_cases if c[0] != "os-write"]
    apps = [("python", "python3", "stdio.py", py_cases), ("python-3.12", "python3", "stdio.py", py_cases),
            ("node", "node", "stdio.js", js_cases)]
    passed = failed = 0
    for app, native, program, cases in apps:
        base = os.path.join(HERE, "stdio", app)
        layout = os.path.join(base, "target", "fabricks", "oci")
        if not os.path.exists(layout):
            print(f"FAIL {app}: {layout} is missing: build it with ./mvnw -f examples/pom.xml package")
            failed += 1
            continue
        for case, size, feed in cases:
            args = [case, str(size)]
            start = time.monotonic()
            # The 3.12 app packs the 3.14 app's folder: one program for both.
            source = os.path.join(HERE, "stdio", "node" if app == "node" else "python", program)
            want = run([native, source, *args], feed(size) if feed else [])
            mid = time.monotonic()
            got = run([host, "run", *host_flags(app, case), layout, "--", *args], feed(size) if feed else [])
            end = time.monotonic()
            ok = want == got
            passed, failed = (passed + 1, failed) if ok else (passed, failed + 1)
            print(f"{'ok  ' if ok else 'FAIL'} {app}: {case} {size // MiB} MiB (stdout {got[1][0]} B, stderr {got[2][0]} B; "
                  f"native {mid - start:.1f} s, fabricks-host {end - mid:.1f} s)")
            if not ok:
                print(f"       native: exit {want[0]}, stdout {want[1]}, stderr {want[2]}")
                print(f"       wasm:   exit {got[0]}, stdout {got[1]}, stderr {got[2]}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
