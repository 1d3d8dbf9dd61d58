#!/usr/bin/env python3
"""Run a `wasi:cli/run` component under the wasmtime Python package.

Usage: run-component.py [--env NAME=VALUE]... app.wasm [args...]

stdin/stdout/stderr are inherited, argv[0] is the component's file name, and
the process exits with the component's exit code: the `wasi:cli/exit` code,
0 when `run` returns ok, 1 when it returns an error or traps.
"""
import os
import sys

from wasmtime import Config, Engine, ExitTrap, Store, WasiConfig, WasmtimeError
from wasmtime.component import Component, Linker


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

    config = Config()
    try:
        config.cache = True  # on-disk compilation cache: repeated runs skip Cranelift
    except WasmtimeError as e:
        print(f"run-component: compilation cache unavailable: {e}", file=sys.stderr)
    engine = Engine(config)
    component = Component.from_file(engine, path)

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
