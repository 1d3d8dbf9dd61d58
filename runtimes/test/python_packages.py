#!/usr/bin/env python3
"""Popular PyPI packages in the Python runtime against CPython.

Installs runtimes/test/packages/python/requirements.txt (pinned, with dependencies) into that
app's vendor/ with `pip install --target vendor --no-deps`, as a user vendors packages (again
only when the file changes), builds the app with Maven, then runs packages.py under `python3`
(vendor/ on PYTHONPATH, without the site packages: -S) and under `fabricks-host run`, and compares each package's output.
The build must leave out the native speedups some wheels carry (markupsafe, pyyaml, tomli,
charset-normalizer): those packages fall back to their pure-Python code. Prints one line per
package and `N passed, M failed`.
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
APP = os.path.join(HERE, "packages", "python")
sys.path.insert(0, os.path.join(REPO, "scripts"))
import fabricks_host  # noqa: E402


def install_vendor():
    requirements = os.path.join(APP, "requirements.txt")
    vendor = os.path.join(APP, "vendor")
    stamp = os.path.join(vendor, ".requirements.sha256")
    with open(requirements, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if os.path.exists(stamp) and open(stamp).read() == digest:
        return vendor
    shutil.rmtree(vendor, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "--root-user-action=ignore", "--no-compile", "--target", vendor, "--no-deps", "-r", requirements],
                   check=True)
    with open(stamp, "w") as f:
        f.write(digest)
    return vendor


def sections(text):
    """The output cut at each `--- case` line: {case: its lines}."""
    found, name = {}, None
    for line in text.splitlines():
        if line.startswith("--- "):
            name = line[4:]
            found[name] = []
        elif name is not None:
            found[name].append(line)
    return found


def main():
    vendor = install_vendor()
    build = subprocess.run([os.path.join(REPO, "mvnw"), "-B", "-f", os.path.join(APP, "pom.xml"), "package"],
                           capture_output=True, text=True)
    if build.returncode != 0:
        print(build.stdout[-3000:], build.stderr[-3000:])
        print("0 passed, 1 failed")
        return 1
    passed = failed = 0
    left_out = re.findall(r"left out \d+ native extension files? of `([^`]+)`", build.stdout + build.stderr)
    for package in ("markupsafe", "yaml", "tomli", "charset_normalizer"):
        ok = package in left_out
        passed, failed = (passed + 1, failed) if ok else (passed, failed + 1)
        print(f"{'ok  ' if ok else 'FAIL'} the build leaves out {package}'s native speedups with a notice")

    native = subprocess.run([sys.executable, "-S", "packages.py"], cwd=APP, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": vendor, "TZ": "UTC"})
    wasm = subprocess.run([fabricks_host.executable(), "run", os.path.join(APP, "target", "fabricks", "oci")],
                          capture_output=True, text=True)
    want, got = sections(native.stdout), sections(wasm.stdout)
    for name, lines in want.items():
        actual = got.get(name)
        ok = actual == lines
        passed, failed = (passed + 1, failed) if ok else (passed, failed + 1)
        print(f"{'ok  ' if ok else 'FAIL'} {name} ({len(lines)} lines)")
        if not ok:
            for i, line in enumerate(lines):
                other = actual[i] if actual and i < len(actual) else "(missing)"
                if other != line:
                    print(f"       line {i + 1}: python3: {line}\n       line {i + 1}: wasm:    {other}")
                    break
            if actual and len(actual) > len(lines):
                print("       wasm has more:", "\n       ".join(actual[len(lines):len(lines) + 12]))
    for code, label in ((native.returncode, "python3"), (wasm.returncode, "fabricks-host")):
        if code != 0:
            failed += 1
            print(f"FAIL {label} exit {code}")
    if wasm.stderr.strip():
        print("fabricks-host stderr:", wasm.stderr[-2000:])
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
