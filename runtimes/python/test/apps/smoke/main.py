# Smoke test program: imports, files, resources, argv, env, exits.
import json
import os
import sys
from pathlib import Path

import pkg
from pkg.sub import helper
import nspkg.leaf
import vlib

print("greet:", pkg.greet("smoke"))
print("helper:", helper.twice(21), helper.__name__, pkg.__package__)
print("namespace:", nspkg.leaf.VALUE, list(nspkg.__path__))
print("vendor:", vlib.NAME, vlib.__file__)
print("__file__:", __file__, "__name__:", __name__, "cwd:", os.getcwd())
here = os.path.dirname(__file__)
with open(os.path.join(here, "data", "config.json")) as f:
    print("open:", json.load(f)["name"])
print("relative open:", open("data/config.json", "rb").read()[:9])
print("pathlib:", (Path(__file__).parent / "data" / "config.json").read_text().strip())
print("exists:", os.path.exists("data/config.json"), os.path.isdir("/app/pkg"), os.path.exists("nope"))
print("listdir:", os.listdir("/app/data"))
print("walk:", [(d, sorted(f)) for d, _, f in os.walk("pkg")])
import glob  # noqa: E402
print("glob:", sorted(glob.glob("**/*.txt", recursive=True)), sorted(p.name for p in Path("data").iterdir()))
fd = os.open("data/config.json", os.O_RDONLY)  # C-level I/O: /app is a WASI folder of the image's adapter
print("os.open:", os.read(fd, 9), os.fstat(fd).st_size)
os.close(fd)
print("scandir:", sorted((e.name, e.is_dir()) for e in os.scandir("pkg")))
print("resources:", pkg.resource_text())
import pkgutil
print("pkgutil.get_data:", pkgutil.get_data("pkg", "resource.txt").decode().strip())
print("argv:", sys.argv)
print("env:", os.environ.get("GREETING"))
try:
    open("/app/new.txt", "w")
except OSError as e:
    print("write:", type(e).__name__, e.errno)
try:
    import not_there
except ImportError as e:
    print("missing:", type(e).__name__, e.name)
if "fail" in sys.argv:
    pkg.fail()
if "exit" in sys.argv:
    print("exiting", file=sys.stderr)
    sys.exit(3)
if "exit0" in sys.argv:
    sys.exit(0)
print("done")
