#!/usr/bin/env python3
"""Run a `wasi:cli/run` component under the wasmtime Python package.

Usage: run-component.py [--env NAME=VALUE]... app.wasm [args...]

stdin/stdout/stderr are inherited, argv[0] is the component's file name, and
the process exits with the component's exit code: the `wasi:cli/exit` code,
0 when `run` returns ok, 1 when it returns an error or traps.

Compiled code is cached. By default the runner keeps wasmtime's serialized
(ahead-of-time compiled) form of each component in ~/.cache/fabricks/compiled,
named by the file's identity (device, inode, size, modification and change
times) and the engine's version; loading it maps the file instead of compiling
or decompressing, so start-up does not grow with the component's size. Set
FABRICKS_RUN_CACHE=wasmtime to use wasmtime's own compilation cache instead
(it hashes the component and decompresses the compiled code on every start),
or FABRICKS_RUN_CACHE=off to compile every time.
"""
import hashlib
import importlib.metadata
import os
import sys
import tempfile

from wasmtime import Config, Engine, ExitTrap, Store, WasiConfig, WasmtimeError
from wasmtime.component import Component, Linker


def compiled_path(path):
    """Where the compiled form of `path` is kept: named by the file's identity and the engine."""
    st = os.stat(path)
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    identity = "\0".join(str(v) for v in (
        "fabricks-run-1", importlib.metadata.version("wasmtime"), os.path.realpath(path),
        st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
    # <path hash>-<identity hash>: a new build of the same file replaces the old entry.
    name = hashlib.sha256(os.path.realpath(path).encode()).hexdigest()[:16] + "-" \
        + hashlib.sha256(identity.encode()).hexdigest()[:32] + ".cwasm"
    return os.path.join(home, "fabricks", "compiled", name)


def load_compiled(engine, path):
    """The component from its compiled form, compiling and keeping it first when there is none."""
    cached = compiled_path(path)
    if os.path.exists(cached):
        try:
            return Component.deserialize_file(engine, cached)
        except WasmtimeError:
            os.remove(cached)  # another engine's or a damaged file: compile again
    component = Component.from_file(engine, path)
    os.makedirs(os.path.dirname(cached), exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=os.path.dirname(cached), suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(component.serialize())
        os.replace(temp, cached)  # whole or not at all: a reader never sees a half-written file
        prefix = os.path.basename(cached).split("-")[0] + "-"
        for entry in os.listdir(os.path.dirname(cached)):
            if entry.startswith(prefix) and entry != os.path.basename(cached):
                os.remove(os.path.join(os.path.dirname(cached), entry))
    except OSError as e:
        print(f"run-component: could not keep the compiled component in {cached}: {e}", file=sys.stderr)
        if os.path.exists(temp):
            os.remove(temp)
    return component


def main(argv):
    env = []
    while argv and argv[0].startswith("--env"):
        opt = argv.pop(0)
        value = opt[len("--env="):] if opt.startswith("--env=") else (argv.pop(0) if argv else "")
        name, sep, val = value.partition("=")
        if not sep or not name:
            sys.exit(f"run-component: --env expects NAME=VALUE, got {value!r}")
        env.append((name, val))
    if not argv or argv[0].startswith("-"):
        sys.exit(__doc__.strip().splitlines()[2])
    path, args = argv[0], argv[1:]

    mode = os.environ.get("FABRICKS_RUN_CACHE", "compiled")
    if mode not in ("compiled", "wasmtime", "off"):
        sys.exit(f"run-component: FABRICKS_RUN_CACHE={mode!r}: expected compiled, wasmtime or off")
    config = Config()
    if mode == "wasmtime":
        try:
            config.cache = True
        except WasmtimeError as e:
            print(f"run-component: compilation cache unavailable: {e}", file=sys.stderr)
    engine = Engine(config)
    component = load_compiled(engine, path) if mode == "compiled" else Component.from_file(engine, path)

    wasi = WasiConfig()
    wasi.argv = [os.path.basename(path)] + args
    wasi.env = env
    wasi.inherit_stdin()
    wasi.inherit_stdout()
    wasi.inherit_stderr()
    store = Store(engine)
    store.set_wasi(wasi)

    linker = Linker(engine)
    linker.add_wasip2()
    try:
        instance = linker.instantiate(store, component)
        # Find `wasi:cli/run@0.2.x` whatever the patch version the guest exports.
        names = [n for n in component.type.exports(engine) if n.startswith("wasi:cli/run@0.2")]
        if not names:
            sys.exit(f"run-component: {path} does not export wasi:cli/run@0.2.x")
        run = instance.get_func(store, instance.get_export_index(
            store, "run", instance.get_export_index(store, names[0])))
        result = run(store)
    except ExitTrap as e:
        sys.stdout.flush()
        return e.code
    except WasmtimeError as e:
        sys.stdout.flush()
        print(f"run-component: {e}", file=sys.stderr)
        return 1
    # `result<_, _>` comes back as None for ok; anything else is the error case.
    return 0 if result is None or getattr(result, "tag", "ok") == "ok" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
