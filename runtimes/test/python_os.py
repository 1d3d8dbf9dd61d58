#!/usr/bin/env python3
"""OS behaviours of the Python runtimes against CPython: runtimes/test/os/<runtime>/behaviours.py
runs under `python3` and under `fabricks-host run`, with the same stdin (a pipe), in an
environment without COLUMNS/LINES; every output line must be equal. Build first:
./mvnw -f examples/pom.xml package. Prints `N passed, M failed` (one per line compared).
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "scripts"))
import fabricks_host  # noqa: E402

STDIN = b"the first line\n" + b"and 64 KiB more " * 4096 + b"the end\n"


def main():
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    host = fabricks_host.executable()
    passed = failed = 0
    for app in ("python", "python-3.12"):
        base = os.path.join(HERE, "os", app)
        # One program for both runtimes: the 3.12 app packs the 3.14 app's folder.
        native = subprocess.run([sys.executable, os.path.join(HERE, "os", "python", "behaviours.py")], input=STDIN, capture_output=True, env=env)
        wasm = subprocess.run([host, "run", os.path.join(base, "target", "fabricks", "oci")], input=STDIN, capture_output=True, env=env)
        want, got = native.stdout.decode().splitlines(), wasm.stdout.decode().splitlines()
        for i, expected in enumerate(want):
            actual = got[i] if i < len(got) else "(missing)"
            ok = actual == expected
            passed, failed = (passed + 1, failed) if ok else (passed, failed + 1)
            print(f"{'ok  ' if ok else 'FAIL'} {app}: {expected}" + ("" if ok else f"\n       got: {actual}"))
        if wasm.returncode != native.returncode or len(got) != len(want):
            failed += 1
            print(f"FAIL {app}: exit {wasm.returncode} (native {native.returncode}), {len(got)} lines (native {len(want)})\n"
                  f"       stderr: {wasm.stderr.decode()[-1500:]}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
