#!/usr/bin/env python3
"""OS and file behaviours of the Python runtimes against CPython. Build first:
./mvnw -f examples/pom.xml package. Each program prints one line per case; the line under
`fabricks-host run` must equal the line under `python3`:

- runtimes/test/os/python/behaviours.py (asyncio, clocks, terminal), with the same stdin (a
  pipe), in an environment without COLUMNS/LINES;
- runtimes/test/files/python/files.py over its own files (listing, metadata, C-level reads,
  runpy, zipimport, sqlite3, package data, temporary files, the standard library's sources, the
  modules present merely to exist), run natively in its folder and in /app;
- the same program writing into a folder: natively a temporary folder, under the host a declared
  read-write mount of another one (--mount /data=DIR); the two folders must end up equal;
- writes into /app, against what a read-only file system gives (EROFS; python3 as root could
  write there, so these are checked against fixed expectations, not against python3).

Lines that the CPython 3.12 runtime is known to get wrong (its componentize-py build has no
sqlite3 and no zlib) are printed as `known` and counted apart, not as passes.
Prints `N passed, M failed, K known differences`.
"""
import os
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "scripts"))
import fabricks_host  # noqa: E402

STDIN = b"the first line\n" + b"and 64 KiB more " * 4096 + b"the end\n"
FILES = os.path.join(HERE, "files", "python")

# The 3.12 runtime's known gaps: no sqlite3 module, no zlib (so no standard library sources),
# os calls that shutil.copytree needs (ENOSYS), and os.access(W_OK) says True in a read-only folder.
KNOWN_3_12 = ("sqlite3 ", "inspect.getsource of a standard library function", "a standard library module",
              "tempfile.TemporaryDirectory, shutil.copy, copytree, rename", "writing into a read-write folder",
              "os.access W_OK")

# Writing under /app, as a read-only file system answers.
READ_ONLY = {
    "open for writing": "OSError EROFS",
    "open for appending": "OSError EROFS",
    "os.mkdir": "OSError EROFS",
    "os.remove": "OSError EROFS",
    "os.rename": "OSError EROFS",
    "os.access W_OK": "False",
    # SQLite's WASI build locks with a lock file, which a read-only folder cannot hold: open
    # shipped databases with ?immutable=1 (README).
    "sqlite3 without immutable=1": "OperationalError",
}


class Tally:
    def __init__(self):
        self.passed = self.failed = self.known = 0

    def compare(self, label, want, got, known=()):
        for i, expected in enumerate(want):
            actual = got[i] if i < len(got) else "(missing)"
            if actual == expected:
                self.passed += 1
                print(f"ok    {label}: {expected}")
            elif known and expected.startswith(known):
                self.known += 1
                print(f"known {label}: {expected}\n        got: {actual}")
            else:
                self.failed += 1
                print(f"FAIL  {label}: {expected}\n        got: {actual}")
        if len(got) != len(want):
            self.failed += 1
            print(f"FAIL  {label}: {len(got)} lines (expected {len(want)})")

    def check(self, label, ok, detail):
        if ok:
            self.passed += 1
            print(f"ok    {label}")
        else:
            self.failed += 1
            print(f"FAIL  {label}: {detail}")


def lines(completed, label, tally):
    if completed.returncode != 0:
        tally.failed += 1
        print(f"FAIL  {label}: exit {completed.returncode}\n        stderr: {completed.stderr.decode()[-1500:]}")
    return completed.stdout.decode().splitlines()


def tree(folder):
    """A folder's files and contents (a SQLite file by its rows), to compare two of them."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames:
            found[os.path.relpath(os.path.join(dirpath, name), folder) + "/"] = None
        for name in filenames:
            path = os.path.join(dirpath, name)
            if name.endswith(".db"):
                with sqlite3.connect(path) as db:
                    found[os.path.relpath(path, folder)] = db.execute("select * from t").fetchall()
            else:
                with open(path, "rb") as f:
                    found[os.path.relpath(path, folder)] = f.read()
    return found


def main():
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    host = fabricks_host.executable()
    tally = Tally()
    for app in ("python", "python-3.12"):
        known = KNOWN_3_12 if app == "python-3.12" else ()

        # One program for both runtimes: the 3.12 app packs the 3.14 app's folder.
        native = subprocess.run([sys.executable, os.path.join(HERE, "os", "python", "behaviours.py")], input=STDIN,
                                capture_output=True, env=env)
        wasm = subprocess.run([host, "run", os.path.join(HERE, "os", app, "target", "fabricks", "oci")], input=STDIN,
                              capture_output=True, env=env)
        tally.compare(f"{app} behaviours", lines(native, "native behaviours", tally), lines(wasm, app, tally), known)

        files_oci = os.path.join(HERE, "files", app, "target", "fabricks", "oci")
        native = subprocess.run([sys.executable, "files.py"], cwd=FILES, stdin=subprocess.DEVNULL, capture_output=True)
        wasm = subprocess.run([host, "run", files_oci], stdin=subprocess.DEVNULL, capture_output=True)
        tally.compare(f"{app} files", lines(native, "native files", tally), lines(wasm, f"{app} files", tally), known)

        with tempfile.TemporaryDirectory() as native_dir, tempfile.TemporaryDirectory() as mounted:
            native = subprocess.run([sys.executable, "files.py", native_dir], cwd=FILES, stdin=subprocess.DEVNULL,
                                    capture_output=True)
            wasm = subprocess.run([host, "run", files_oci, "--mount", f"/data={mounted}", "--", "/data"],
                                  stdin=subprocess.DEVNULL, capture_output=True)
            want, got = lines(native, "native writing", tally)[-1:], lines(wasm, f"{app} writing", tally)[-1:]
            tally.compare(f"{app} read-write mount", want, got, known)
            if want and not (known and want[0].startswith(known)):
                native_tree, wasm_tree = tree(native_dir), tree(mounted)
                tally.check(f"{app} read-write mount: the folder holds what python3 left ({len(native_tree)} entries)",
                            native_tree == wasm_tree, f"{wasm_tree!r}\n        python3 left: {native_tree!r}")

        wasm = subprocess.run([host, "run", files_oci, "--", "--read-only-checks"], stdin=subprocess.DEVNULL,
                              capture_output=True)
        checks = dict(line.split(": ", 1) for line in lines(wasm, f"{app} read-only", tally) if ": " in line)
        for name, expected in READ_ONLY.items():
            got = checks.get(name, "(missing)")
            if app == "python-3.12" and name.startswith(known):
                tally.known += 1
                print(f"known {app} /app is read-only: {name}: {got}")
                continue
            tally.check(f"{app} /app is read-only: {name}: {expected}", got == expected, f"got {got}")
        tally.check(f"{app} /app writes are reported as denials", b"denied: write to `/app/data/new.txt`" in wasm.stderr,
                    wasm.stderr.decode()[-500:])

    print(f"{tally.passed} passed, {tally.failed} failed, {tally.known} known differences")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
