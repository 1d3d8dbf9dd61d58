"""Counts the standard library modules a program can import at run time."""
import importlib
import sys

ok, failed = [], []
for name in sorted(sys.stdlib_module_names):
    try:
        importlib.import_module(name)
        ok.append(name)
    except BaseException as e:
        failed.append(f"{name} ({type(e).__name__}: {e})")
print(f"stdlib: {len(ok)} of {len(sys.stdlib_module_names)} modules of sys.stdlib_module_names import")
print(f"sys.modules: {len(sys.modules)}")
print(f"version: {sys.version}")
if "-v" in sys.argv:
    print("failed:", *failed, sep="\n  ")
    loader = sys.modules.get("loader")
    print("build sys.path:", getattr(loader, "BUILD_SYS_PATH", None))
if "-vv" in sys.argv:
    loader = sys.modules.get("loader")
    import collections
    print(collections.Counter(n.split(".")[0] for n in sys.modules).most_common(15))
    print("preimport failed:", *sorted(getattr(loader, "PREIMPORT_FAILED", {}).items()), sep="\n  ")
