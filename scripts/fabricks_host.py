"""The fabricks-host command line for test drivers: $FABRICKS_HOST when set, else the
executable that fabricks-host/build builds (a no-op build when it is up to date)."""
import os
import subprocess

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def executable():
    if os.environ.get("FABRICKS_HOST"):
        return os.environ["FABRICKS_HOST"]
    build = os.path.join(REPO, "fabricks-host", "build")
    return subprocess.run([build], check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True).stdout.strip().splitlines()[-1]


def run_command(target, *args):
    """`fabricks-host run TARGET [-- ARGS]`: TARGET is an image layout or a .wasm component."""
    return [executable(), "run", target, *(["--", *args] if args else [])]
