#!/usr/bin/env python3
"""Run a `wasi:cli/run` component under fabricks-host, for tests that have a bare .wasm.

Usage: run-component.py [--env NAME=VALUE]... app.wasm [args...]

stdin/stdout/stderr are inherited and the exit status is the component's. A bare component
carries no policy: each --env grants that one variable with that value; nothing else is granted
(no folders but a private /tmp, no network). The host is $FABRICKS_HOST, else the executable
that fabricks-host/build builds. (The runtimes import wasi:http, which the wasmtime Python
package cannot provide, so this no longer uses it.)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fabricks_host  # noqa: E402


def main(argv):
    env, grants = dict(os.environ), []
    while argv and argv[0].startswith("--env"):
        opt = argv.pop(0)
        value = opt[len("--env="):] if opt.startswith("--env=") else (argv.pop(0) if argv else "")
        name, sep, val = value.partition("=")
        if not sep or not name:
            sys.exit(f"run-component: --env expects NAME=VALUE, got {value!r}")
        env[name] = val
        grants += ["--env", name]
    if not argv or argv[0].startswith("-"):
        sys.exit(__doc__.strip().splitlines()[2])
    path, args = argv[0], argv[1:]
    cmd = [fabricks_host.executable(), "run", *grants, path, "--", *args]
    os.execve(cmd[0], cmd, env)


if __name__ == "__main__":
    main(sys.argv[1:])
