#!/usr/bin/env python3
"""Writes the WIT of a runtime's WASI adapter from the runtime component's own imports.

    adapter_wit.py RUNTIME.wasm OUT_DIR
    adapter_wit.py WIT_DIR:WORLD OUT_DIR     the imports of a world of a WIT package instead

The adapter sits between a runtime and the host: it exports the WASI interfaces it wraps, at the
runtime's own patch version, and imports the same from the host plus `fabricks:app/source`.
Which interfaces it wraps follows from the resources they share: `wasi:filesystem` must be
wrapped to add the `/app` preopen, its streams are `wasi:io` resources, so `wasi:io` is wrapped,
and so is every interface that uses a wrapped interface's types (stdio, monotonic clock,
sockets, HTTP types). The rest (environment, exit, random, wall clock, terminals) goes to the
host untouched.

The adapter imports the host's side of each wrapped interface under a name of its own
(`wasi:io/streams@V` as `fabricks:host-io/streams@V`: a copy of the runtime's WIT package with the
package renamed), so that one WIT world can hold both sides of an interface without any exported
interface depending on an imported one that is also exported; `compose` gives the composed
image's imports their WASI names back (rename_imports.py).

A runtime that *exports* `wasi:http/incoming-handler` is served through a second, tiny component
(http_shim.py): the export takes the host's `wasi:http/types` resources, the runtime's handler the
adapter's. The adapter exports `fabricks:wasi-adapter/http-bridge`, which turns a host request
and response outparam into the adapter's wrappers; the shim calls it. Any other export that uses
wrapped types is refused.

OUT_DIR gets `adapter.wit` (package fabricks:wasi-adapter, world `adapter`), the runtime's WIT
packages under `deps/` (from `wasm-tools component wit --out-dir`, plus the renamed copies),
`wrapped.json`: the wrapped interfaces, in dependency order, for the forwarder generator, and
`shim.json`: the exports the shim serves and the host names of renamed interfaces, for
http_shim.py and compose.
The adapter also exports `fabricks:wasi-adapter/app-files`, which tells a host (fabricks-host
looks for it) that the component serves `/app` itself.
"""
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SEEDS = ("wasi:io/", "wasi:filesystem/")
# The adapter imports the host's side of every wrapped interface under this namespace (see above).
HOST_NAMESPACE = "fabricks"
SHIMMED_EXPORTS = ("wasi:http/incoming-handler",)
BRIDGE = "fabricks:wasi-adapter/http-bridge@0.1.0"
MARKER = "fabricks:wasi-adapter/app-files@0.1.0"
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


def wrapped_exports(doc, world, wrapped):
    """The runtime's exports that use wrapped types: the ones the shim serves, or a refusal."""
    wrapped = set(wrapped)
    shimmed = []
    for key, iid in world_items(doc, world, "exports"):
        if used_interfaces(doc, iid) & wrapped:
            name = interface_name(doc, iid) or key
            if not name.startswith(SHIMMED_EXPORTS):
                sys.exit(f"adapter_wit: the runtime exports {name}, which uses wrapped WASI types; an adapter on "
                         f"the imports cannot serve it (build the runtime without that export)")
            shimmed.append(name)
    return shimmed


def host_name(name):
    """The name the adapter imports the host's side of a wrapped interface under:
    `wasi:io/streams@0.2.9` -> `fabricks:host-io/streams@0.2.9`."""
    namespace, _, rest = name.partition(":")
    if namespace != "wasi" or not rest:
        raise ValueError(f"not a WASI interface: {name}")
    return f"{HOST_NAMESPACE}:host-{rest}"


def host_renames(names):
    """Prefixes for rename_imports.py: each renamed package back to its WASI name."""
    packages = sorted({n.split("/")[0].split(":")[1] for n in names})
    return [f"{HOST_NAMESPACE}:host-{p}/=wasi:{p}/" for p in packages]


USE = re.compile(r"\buse\s+([a-z0-9-]+(?::[a-z0-9-]+/[a-z0-9-]+@[0-9A-Za-z.+-]+)?)\.\{")


def rename_host_packages(deps, names):
    """Writes, for every package holding a wrapped interface, a copy under its host name: the
    same interfaces, whose uses of wrapped interfaces point at the host copies and whose uses of
    the others (wasi:sockets/network, wasi:clocks/wall-clock, ...) at the real ones, so that the
    host side and the exported side share nothing but unwrapped interfaces."""
    wrapped = set(names)
    packages = sorted({(n.split("/")[0], n.split("@")[1]) for n in names})
    for package, version in packages:
        line = f"package {package}@{version};"
        sources = [w for w in deps.rglob("*.wit") if line in w.read_text()]
        if len(sources) != 1:
            sys.exit(f"adapter_wit: expected one WIT file declaring {line} under {deps}, found {len(sources)}")

        def target(m):
            ref = m.group(1)
            full = ref if ":" in ref else f"{package}/{ref}@{version}"
            if full in wrapped:
                return f"use {host_name(full)}.{{" if ":" in ref else m.group(0)
            return f"use {full}.{{"
        text = USE.sub(target, sources[0].read_text())
        text = text.replace(line, f"package {host_name(package + '/x@' + version).split('/')[0]}@{version};")
        (deps / f"host-{package.split(':')[1]}-{version}.wit").write_text(text)


def bridge_wit(types_name):
    """The interface the shim calls to turn host HTTP resources into the adapter's."""
    host = host_name(types_name)
    return [
        "/// Turns the host's incoming request and response outparam into the adapter's wrappers of",
        "/// them (http_shim.py calls it before handing them to the runtime's handler).",
        "interface http-bridge {",
        f"  use {host}.{{incoming-request as host-incoming-request, response-outparam as host-response-outparam}};",
        f"  use {types_name}.{{incoming-request, response-outparam}};",
        "  adopt-incoming-request: func(request: host-incoming-request) -> incoming-request;",
        "  adopt-response-outparam: func(response-out: host-response-outparam) -> response-outparam;",
        "}",
        "",
    ]


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
    wit_dir, _, world_name = str(runtime).partition(":") if Path(str(runtime).partition(":")[0]).is_dir() else (None, "", "")
    doc = resolve(wit_dir or runtime)
    if wit_dir:  # a WIT package standing in for a runtime: the named world's imports
        worlds = [i for i, w in enumerate(doc["worlds"]) if w["name"] == world_name]
        if len(worlds) != 1:
            sys.exit(f"adapter_wit: {wit_dir} has no world {world_name!r}")
        world = worlds[0]
    else:
        world = len(doc["worlds"]) - 1  # the component's own world comes last
    wrapped, names = wrapped_interfaces(doc, world)
    shimmed = wrapped_exports(doc, world, wrapped)
    source = [names[iid] for _, iid in world_items(doc, world, "imports") if (names[iid] or "").startswith(SOURCE)]
    if not source:
        sys.exit(f"adapter_wit: {runtime} does not import {SOURCE}")
    wrapped_names = [names[iid] for iid in wrapped]
    http_types = [n for n in wrapped_names if n.startswith("wasi:http/types@")]
    if shimmed and not http_types:
        sys.exit(f"adapter_wit: the runtime exports {shimmed[0]} but imports no wasi:http/types")
    out = Path(out_dir)
    shutil.rmtree(out, ignore_errors=True)
    if wit_dir:
        shutil.copytree(Path(wit_dir) / "deps", out / "deps")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["wasm-tools", "component", "wit", str(runtime), "--out-dir", tmp],
                           check=True, capture_output=True)
            shutil.copytree(Path(tmp) / "deps", out / "deps")
    replace_source(out / "deps")
    rename_host_packages(out / "deps", wrapped_names)
    lines = ["// Generated by runtimes/adapter/adapter_wit.py from the runtime's imports.",
             "package fabricks:wasi-adapter@0.1.0;", "",
             "/// Says that this component serves the app's files at /app itself: a host must not preopen /app.",
             "interface app-files {", "  /// The guest path of the app's files.", "  preopen: func() -> string;", "}", ""]
    if shimmed:
        lines += bridge_wit(http_types[0])
    lines += ["world adapter {", f"  import {source[0]};"]
    lines += [f"  import {host_name(n)};" for n in wrapped_names]
    lines += [f"  export {n};" for n in wrapped_names]
    lines += ["  export app-files;"]
    if shimmed:
        lines += ["  export http-bridge;"]
    lines += ["}", ""]
    (out / "adapter.wit").write_text("\n".join(lines))
    (out / "wrapped.json").write_text(json.dumps(wrapped_names, indent=1) + "\n")
    (out / "shim.json").write_text(json.dumps({"exports": shimmed, "types": http_types[:1], "bridge": BRIDGE,
                                               "host": {n: host_name(n) for n in wrapped_names},
                                               "renames": host_renames(wrapped_names)}, indent=1) + "\n")
    print(f"adapter_wit: {len(wrapped)} wrapped interfaces"
          + (f", {', '.join(shimmed)} through the shim" if shimmed else "") + f" -> {out}/adapter.wit")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: adapter_wit.py RUNTIME.wasm|WIT_DIR:WORLD OUT_DIR")
    main(sys.argv[1], sys.argv[2])
