#!/usr/bin/env python3
"""Writes the WIT of a runtime's WASI adapter from the runtime component's own imports.

    adapter_wit.py RUNTIME.wasm OUT_DIR

The adapter sits between a runtime and the host: it exports the WASI interfaces it wraps, at the
runtime's own patch version, and imports the same from the host plus `fabricks:app/source`.
Which interfaces it wraps follows from the resources they share: `wasi:filesystem` must be
wrapped to add the `/app` preopen, its streams are `wasi:io` resources, so `wasi:io` is wrapped,
and so is every interface that uses a wrapped interface's types (stdio, monotonic clock,
sockets, HTTP types). The rest (environment, exit, random, wall clock, terminals) goes to the
host untouched.

A runtime that *exports* an interface using wrapped types (wasi:http/incoming-handler uses
wasi:http/types, which uses wasi:io streams) cannot be wrapped by an adapter on its imports: the
host would hand the export the host's resources while the runtime expects the adapter's, and
an adapter on both sides is a cycle in the composition. The script refuses such a runtime.

OUT_DIR gets `adapter.wit` (package fabricks:wasi-adapter, world `adapter`), the runtime's WIT
packages under `deps/` (from `wasm-tools component wit --out-dir`) and `wrapped.json`: the
wrapped interfaces, in dependency order, for the forwarder generator.
"""
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SEEDS = ("wasi:io/", "wasi:filesystem/")
SOURCE = "fabricks:app/source"
SOURCE_WIT = Path(__file__).resolve().parent.parent.parent / "wit" / "source.wit"


def resolve(runtime):
    out = subprocess.run(["wasm-tools", "component", "wit", "--json", str(runtime)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def interface_name(doc, iid):
    iface = doc["interfaces"][iid]
    if iface.get("name") is None or iface.get("package") is None:
        return None
    package = doc["packages"][iface["package"]]["name"]
    namespace_name, _, version = package.partition("@")
    return f"{namespace_name}/{iface['name']}" + (f"@{version}" if version else "")


def used_interfaces(doc, iid):
    """The interfaces whose types this interface's types refer to (WIT `use`)."""
    used = set()
    for tid in doc["interfaces"][iid]["types"].values():
        kind = doc["types"][tid]["kind"]
        if isinstance(kind, dict) and "type" in kind and isinstance(kind["type"], int):
            owner = doc["types"][kind["type"]]["owner"]
            if owner and "interface" in owner and owner["interface"] != iid:
                used.add(owner["interface"])
    return used


def world_items(doc, world, side):
    for key, item in doc["worlds"][world][side].items():
        if "interface" in item:
            yield key, item["interface"]["id"]


def wrapped_interfaces(doc, world):
    imports = [iid for _, iid in world_items(doc, world, "imports")]
    names = {iid: interface_name(doc, iid) for iid in imports}
    wrapped = {iid for iid in imports if names[iid] and names[iid].startswith(SEEDS)}
    changed = True
    while changed:
        changed = False
        for iid in imports:
            if iid not in wrapped and names[iid] and not names[iid].startswith(SOURCE) \
                    and used_interfaces(doc, iid) & wrapped:
                wrapped.add(iid)
                changed = True
    return [iid for iid in imports if iid in wrapped], names  # the runtime's import order is dependency order


def refuse_wrapped_exports(doc, world, wrapped):
    wrapped = set(wrapped)
    for key, iid in world_items(doc, world, "exports"):
        if used_interfaces(doc, iid) & wrapped:
            sys.exit(f"adapter_wit: the runtime exports {interface_name(doc, iid) or key}, which uses wrapped "
                     f"WASI types; an adapter on the imports cannot serve it (build the runtime without that export)")


def replace_source(deps):
    """The runtime's WIT holds only the source functions it calls; the adapter calls `paths` and
    `read`: the package's whole WIT (the same version) takes the runtime's copy's place."""
    full = SOURCE_WIT.read_text()
    package = full.split("package ", 1)[1].split(";", 1)[0].strip()
    for wit in deps.glob("*.wit"):
        if f"package {package};" in wit.read_text():
            wit.write_text(full)
            return
    sys.exit(f"adapter_wit: the runtime does not import {package} (the version of {SOURCE_WIT})")


def main(runtime, out_dir):
    doc = resolve(runtime)
    world = len(doc["worlds"]) - 1  # the component's own world comes last
    wrapped, names = wrapped_interfaces(doc, world)
    refuse_wrapped_exports(doc, world, wrapped)
    source = [names[iid] for _, iid in world_items(doc, world, "imports") if (names[iid] or "").startswith(SOURCE)]
    if not source:
        sys.exit(f"adapter_wit: {runtime} does not import {SOURCE}")
    out = Path(out_dir)
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["wasm-tools", "component", "wit", str(runtime), "--out-dir", tmp],
                       check=True, capture_output=True)
        shutil.copytree(Path(tmp) / "deps", out / "deps")
    replace_source(out / "deps")
    lines = ["// Generated by runtimes/adapter/adapter_wit.py from the runtime's imports.",
             "package fabricks:wasi-adapter@0.1.0;", "", "world adapter {", f"  import {source[0]};"]
    lines += [f"  import {names[iid]};" for iid in wrapped]
    lines += [f"  export {names[iid]};" for iid in wrapped]
    lines += ["}", ""]
    (out / "adapter.wit").write_text("\n".join(lines))
    (out / "wrapped.json").write_text(json.dumps([names[iid] for iid in wrapped], indent=1) + "\n")
    print(f"adapter_wit: {len(wrapped)} wrapped interfaces -> {out}/adapter.wit")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: adapter_wit.py RUNTIME.wasm OUT_DIR")
    main(sys.argv[1], sys.argv[2])
