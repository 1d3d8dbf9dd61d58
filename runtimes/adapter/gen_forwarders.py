#!/usr/bin/env python3
"""Generates the adapter's C forwarders from its WIT and the bindings `wit-bindgen c` made for it.

    gen_forwarders.py WIT_DIR BINDINGS_H OUT_DIR

WIT_DIR is what adapter_wit.py wrote (adapter.wit, deps/); BINDINGS_H is `wit-bindgen c`'s
header for world `adapter`. OUT_DIR gets forwarders.h and forwarders.c:

- every resource of a wrapped interface gets its representation: the host handle it wraps and a
  pointer to the adapter's own state (`app`, set for /app descriptors and their streams);
  its destructor drops the host handle (or hands an `app` object to the hand-written part);
- every function of every exported interface gets a definition that converts its arguments in
  place (exported handles → the host handles they wrap, through records, variants, options,
  results, tuples and lists), calls the imported host function and converts the results back
  (host handles → new exported resources wrapping them): `fwd_<name>`, the export itself calls it;
- functions taking a borrowed resource the adapter can itself back (VIRTUAL) first look at
  its representation's `app` and, when set, call the hand-written `app_<name>` (same signature).

The canonical ABI lays an exported handle (a 32-bit rep pointer or handle) out like an imported
one, so the export-side and import-side C types of one WIT type have one layout: conversion is
rewriting handles in place, never copying. Any WIT shape the generator does not know (streams,
futures, a virtual resource nested inside a compound argument, a borrow in a result) stops
generation with an error.
"""
import json
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from adapter_wit import host_name  # noqa: E402

OWN_PACKAGE = "fabricks:wasi-adapter"

# Resources the hand-written part (src/app.c) can back itself; every function borrowing one
# is routed to an `app_` hook when it does.
VIRTUAL = {
    ("wasi:filesystem/types", "descriptor"),
    ("wasi:filesystem/types", "directory-entry-stream"),
    ("wasi:io/streams", "input-stream"),
    ("wasi:io/poll", "pollable"),
}
# Functions the hand-written part always answers (it calls fwd_ for the host's part).
ALWAYS_HOOKED = {("wasi:filesystem/preopens", "get-directories")}


class GenError(Exception):
    pass


def c_ident(name):
    return name.replace("-", "_").replace(".", "_").lower()  # wit-bindgen: snake case


class Gen:
    def __init__(self, doc, header):
        self.doc = doc
        self.protos = {}
        for m in re.finditer(r"^(?:extern )?([A-Za-z_][\w \*]*?)\s*\b(\w+)\((.*)\);$", header, re.M):
            ret, name, params = m.group(1).strip(), m.group(2), m.group(3)
            plist = [] if params in ("", "void") else [p.strip() for p in params.split(",")]
            self.protos[name] = (ret, [self.split_param(p) for p in plist])
        self.stats = {"functions": 0, "hooked": 0, "resources": 0, "handle_types": set()}
        self.world = doc["worlds"][-1]
        exported = [item["interface"]["id"] for item in self.world["exports"].values() if "interface" in item]
        # the adapter's own interfaces (app-files: hand-written; http-bridge: generated below)
        self.own = [iid for iid in exported if self.iface_name(iid).startswith(OWN_PACKAGE + "/")]
        self.exported = [iid for iid in exported if iid not in self.own]
        self.exported_set = set(self.exported)
        # the host side of an exported interface: the same interface, or its renamed copy
        by_name = {self.iface_full(iid): iid for iid in range(len(doc["interfaces"])) if self.named(iid)}
        self.host_iid = {}
        for iid in self.exported:
            host = host_name(self.iface_full(iid))
            if host not in by_name:
                raise GenError(f"the adapter does not import {host}, the host side of {self.iface_full(iid)}")
            self.host_iid[iid] = by_name[host]

    @staticmethod
    def split_param(p):
        m = re.match(r"^(.*?)(\w+)$", p)
        return m.group(1).strip(), m.group(2)

    def named(self, iid):
        iface = self.doc["interfaces"][iid]
        return iface.get("name") is not None and iface.get("package") is not None

    def iface_full(self, iid):
        iface = self.doc["interfaces"][iid]
        return f"{self.doc['packages'][iface['package']]['name'].split('@')[0]}/{iface['name']}" + (
            "@" + self.doc["packages"][iface["package"]]["name"].split("@")[1]
            if "@" in self.doc["packages"][iface["package"]]["name"] else "")

    def iface_name(self, iid):
        iface = self.doc["interfaces"][iid]
        pkg = self.doc["packages"][iface["package"]]["name"].split("@")[0]
        return f"{pkg}/{iface['name']}"

    def iface_c(self, iid):
        # wit-bindgen names a package's items with its version when the resolve holds more than
        # one version of it (a runtime importing wasi:cli@0.2.9 and exporting wasi:cli/run@0.2.12)
        iface = self.doc["interfaces"][iid]
        full = self.doc["packages"][iface["package"]]["name"]
        pkg, _, version = full.partition("@")
        ns, name = pkg.split(":")
        versions = {p["name"] for p in self.doc["packages"] if p["name"].partition("@")[0] == pkg}
        suffix = "_" + re.sub(r"[^0-9a-zA-Z]", "_", version) if len(versions) > 1 and version else ""
        return c_ident(f"{ns}_{name}{suffix}_{iface['name']}")

    # --- types -------------------------------------------------------------------------------
    def resolve(self, t):
        while isinstance(t, int) and isinstance(self.doc["types"][t]["kind"], dict) \
                and "type" in self.doc["types"][t]["kind"]:
            t = self.doc["types"][t]["kind"]["type"]
        return t

    def kind(self, t):
        t = self.resolve(t)
        if isinstance(t, str):
            return "prim", t
        k = self.doc["types"][t]["kind"]
        if k == "resource":
            return "resource", t
        if isinstance(k, dict) and len(k) == 1:
            (name, val), = k.items()
            return name, val
        raise GenError(f"unknown type kind {k!r} (type {t})")

    def resource_key(self, rid):
        ty = self.doc["types"][rid]
        return self.iface_name(ty["owner"]["interface"]), ty["name"]

    def wrapped_resource(self, rid):
        return self.doc["types"][rid]["owner"]["interface"] in self.exported_set

    def res_c(self, rid):
        ty = self.doc["types"][rid]
        return f"{self.iface_c(ty['owner']['interface'])}_{c_ident(ty['name'])}"

    def needs(self, t, seen=()):
        """Whether values of t carry handles of wrapped resources."""
        kind, val = self.kind(t)
        if kind == "prim" or kind in ("enum", "flags"):
            return False
        if kind == "handle":
            (_, rid), = val.items()
            rid = self.resolve(rid)
            return self.wrapped_resource(rid)
        if kind == "record":
            return any(self.needs(f["type"]) for f in val["fields"])
        if kind == "variant":
            return any(c["type"] is not None and self.needs(c["type"]) for c in val["cases"])
        if kind == "tuple":
            return any(self.needs(x) for x in val["types"])
        if kind in ("option", "list"):
            return self.needs(val)
        if kind == "result":
            return any(val[s] is not None and self.needs(val[s]) for s in ("ok", "err"))
        if kind == "resource":
            raise GenError("a bare resource type in a value position")
        raise GenError(f"unsupported WIT type kind {kind!r}")

    def fix(self, t, lv, direction, out, depth=0, top=False):
        """Emits statements that convert the value at C lvalue `lv` (export-side type) in place.
        direction "in": exported → host handles; "out": host → exported handles."""
        if not self.needs(t):
            return
        kind, val = self.kind(t)
        ind = "  " * (depth + 1)
        if kind not in ("handle",):
            self.stats["handle_types"].add(self.resolve(t))
        if kind == "handle":
            (mode, rid), = val.items()
            rid = self.resolve(rid)
            rc = self.res_c(rid)
            if direction == "out":
                if mode != "own":
                    raise GenError("a borrowed handle in a result")
                out.append(f"{ind}(lv_set_handle(&({lv}), exports_{rc}_new(wrap_{rc}(({lv}).__handle)).__handle));")
            elif mode == "borrow":
                if self.resource_key(rid) in VIRTUAL and not top:
                    raise GenError(f"a borrowed {self.resource_key(rid)} inside a compound argument")
                out.append(f"{ind}lv_set_handle(&({lv}), ({lv})->host);")
            else:
                if self.resource_key(rid) in VIRTUAL:
                    raise GenError(f"an owned {self.resource_key(rid)} argument")
                out.append(f"{ind}lv_set_handle(&({lv}), take_{rc}(({lv})));")
        elif kind == "record":
            for f in val["fields"]:
                self.fix(f["type"], f"({lv}).{c_ident(f['name'])}", direction, out, depth)
        elif kind == "tuple":
            for i, x in enumerate(val["types"]):
                self.fix(x, f"({lv}).f{i}", direction, out, depth)
        elif kind == "option":
            out.append(f"{ind}if (({lv}).is_some) {{")
            self.fix(val, f"({lv}).val", direction, out, depth + 1)
            out.append(f"{ind}}}")
        elif kind == "result":
            out.append(f"{ind}if (!({lv}).is_err) {{")
            if val["ok"] is not None:
                self.fix(val["ok"], f"({lv}).val.ok", direction, out, depth + 1)
            out.append(f"{ind}}} else {{")
            if val["err"] is not None:
                self.fix(val["err"], f"({lv}).val.err", direction, out, depth + 1)
            out.append(f"{ind}}}")
        elif kind == "variant":
            out.append(f"{ind}switch (({lv}).tag) {{")
            for i, c in enumerate(val["cases"]):
                if c["type"] is not None and self.needs(c["type"]):
                    out.append(f"{ind}  case {i}:")
                    self.fix(c["type"], f"({lv}).val.{c_ident(c['name'])}", direction, out, depth + 2)
                    out.append(f"{ind}    break;")
            out.append(f"{ind}  default: break;")
            out.append(f"{ind}}}")
        elif kind == "list":
            var = f"i{depth}"
            out.append(f"{ind}for (size_t {var} = 0; {var} < ({lv}).len; {var}++) {{")
            self.fix(val, f"({lv}).ptr[{var}]", direction, out, depth + 1,
                     top=top and self.kind(val)[0] == "handle")
            out.append(f"{ind}}}")
        else:
            raise GenError(f"cannot convert {kind!r}")

    # --- functions ---------------------------------------------------------------------------
    def func_c(self, iid, fname):
        base = self.iface_c(iid)
        for prefix, tag in (("[method]", "method_"), ("[static]", "static_"), ("[constructor]", "constructor_")):
            if fname.startswith(prefix):
                return f"{base}_{tag}{c_ident(fname[len(prefix):])}"
        return f"{base}_{c_ident(fname)}"

    def virtual_checks(self, func, params):
        """C conditions that are true when a borrowed argument is backed by the adapter."""
        conds = []
        for p, (_, cname) in zip(func["params"], params):
            kind, val = self.kind(p["type"])
            if kind == "handle" and "borrow" in val and self.resource_key(self.resolve(val["borrow"])) in VIRTUAL:
                conds.append(f"{cname}->app")
            elif kind == "list":
                ek, ev = self.kind(val)
                if ek == "handle" and "borrow" in ev and self.resource_key(self.resolve(ev["borrow"])) in VIRTUAL:
                    conds.append(f"any_app((void *const *){cname}->ptr, {cname}->len)")
        return conds

    def function(self, iid, func, hdr, src):
        cname = self.func_c(iid, func["name"])
        exp, imp = f"exports_{cname}", self.func_c(self.host_iid[iid], func["name"])
        if exp not in self.protos or imp not in self.protos:
            raise GenError(f"no C prototype for {exp} / {imp} in the bindings")
        eret, eparams = self.protos[exp]
        iret, iparams = self.protos[imp]
        if len(eparams) != len(iparams):
            raise GenError(f"{exp}: export and import prototypes differ in arity")
        n = len(func["params"])
        outs = eparams[n:]
        sig = ", ".join(f"{t}{'' if t.endswith('*') else ' '}{nm}" for t, nm in eparams) or "void"
        hdr.append(f"#define FWD_HAS_{cname} 1")
        hdr.append(f"{eret} fwd_{cname}({sig});")
        body = []
        # arguments
        args = []
        for p, (et, en), (it, _) in zip(func["params"], eparams[:n], iparams[:n]):
            t = p["type"]
            kind, val = self.kind(t)
            if et.endswith("*") and kind == "option" and self.kind(val)[0] == "handle" and "_option_" not in et:
                # wit-bindgen passes option<handle> as a pointer to the handle, NULL for none (an
                # option struct would be named ..._option_..._t)
                body.append(f"  if ({en}) {{")
                self.fix(val, f"(*{en})", "in", body, depth=1, top=True)
                body.append("  }")
                args.append(f"({it}){en}")
            elif et.endswith("*"):
                self.fix(t, f"(*{en})", "in", body, top=True)
                args.append(f"({it}){en}")
            elif kind == "handle" and self.needs(t):
                (mode, rid), = val.items()
                rc = self.res_c(self.resolve(rid))
                src_expr = f"{en}->host" if mode == "borrow" else f"take_{rc}({en})"
                args.append(f"as_handle_{c_ident(it)}({src_expr})")
                self.handle_ctors.add(it)
            elif self.needs(t):
                raise GenError(f"{exp}: a handle-carrying argument passed by value")
            else:
                args.append(f"CAST({it}, {en})")
        for (et, en), (it, _) in zip(outs, iparams[n:]):
            args.append(f"({it}){en}")
        call = f"{imp}({', '.join(args)})"
        # results
        rt = func.get("result")
        post = []
        if rt is not None and self.needs(rt):
            rkind, rval = self.kind(rt)
            names = [nm for _, nm in outs]
            if eret == "bool" and rkind == "result":
                okn = "ret" if rval["ok"] is not None else None
                errn = "err" if rval["err"] is not None else None
                if okn and okn in names and self.needs(rval["ok"]):
                    post.append("  if (ok) {")
                    self.fix(rval["ok"], "(*ret)", "out", post, 1)
                    post.append("  }")
                if errn and errn in names and self.needs(rval["err"]):
                    post.append("  if (!ok) {")
                    self.fix(rval["err"], "(*err)", "out", post, 1)
                    post.append("  }")
                self.stats["handle_types"].add(self.resolve(rt))
            elif eret == "bool" and rkind == "option":
                post.append("  if (ok) {")
                self.fix(rval, "(*ret)", "out", post, 1)
                post.append("  }")
                self.stats["handle_types"].add(self.resolve(rt))
            elif eret == "void" and names == ["ret"]:
                self.fix(rt, "(*ret)", "out", post)
            elif rkind == "handle" and eret != "void":
                (mode, rid), = rval.items()
                if mode != "own":
                    raise GenError(f"{exp}: returns a borrow")
                rc = self.res_c(self.resolve(rid))
                post.append(f"  return exports_{rc}_new(wrap_{rc}(r.__handle));")
            else:
                raise GenError(f"{exp}: cannot convert its result")
        lines = [f"{eret} fwd_{cname}({sig}) {{"] + body
        if eret == "void":
            lines.append(f"  {call};")
            lines += post
        elif eret == "bool" and post:
            lines.append(f"  bool ok = {call};")
            lines += post
            lines.append("  return ok;")
        elif post:
            lines.append(f"  {iret} r = {call};")
            lines += post
        else:
            lines.append(f"  return CAST({eret}, {call});")
        # arguments the callee owns (strings, lists) are freed after the call, and borrows of
        # resources the adapter does not wrap (lent to it by the caller) are dropped
        frees = []
        for p, (et, en) in zip(func["params"], eparams[:n]):
            if self.host_borrows(p["type"]):
                kind, val = self.kind(p["type"])
                if kind != "handle" or et.endswith("*"):
                    raise GenError(f"{exp}: a borrow of a host resource inside a compound argument")
                ty = self.doc["types"][self.resolve(val["borrow"])]
                owner = self.iface_c(ty["owner"]["interface"])
                frees.append(f"  {owner}_{c_ident(ty['name'])}_drop_borrow(CAST({owner}_borrow_{c_ident(ty['name'])}_t, {en}));")
                if self.virtual_checks(func, eparams[:n]) or (self.iface_name(iid), func["name"]) in ALWAYS_HOOKED:
                    raise GenError(f"{exp}: a hooked function borrowing a host resource")
        for p, (et, en) in zip(func["params"], eparams[:n]):
            if et.endswith("*") and self.owns_memory(p["type"]):
                if self.owns_handles(p["type"]):
                    # the handles now belong to the host: free the memory only
                    self.free_memory(p["type"], f"(*{en})", frees)
                else:
                    frees.append(f"  free_args_{self.free_name(et)}({en});")
                    self.free_fns[self.free_name(et)] = et
        if frees:
            if eret == "void":
                lines += frees
            else:  # keep the value, free, return
                last = lines.pop()
                expr = last.strip()[len("return "):-1]
                lines.append(f"  {eret} result_ = {expr};")
                lines += frees
                lines.append("  return result_;")
        lines.append("}")
        src += lines
        # the export itself
        conds = self.virtual_checks(func, eparams[:n])
        hooked = (self.iface_name(iid), func["name"]) in ALWAYS_HOOKED
        pass_args = ", ".join(nm for _, nm in eparams)
        src.append(f"{eret} {exp}({sig}) {{")
        if hooked or conds:
            hdr.append(f"{eret} app_{cname}({sig});")
            self.stats["hooked"] += 1
        if hooked:
            src.append(f"  return app_{cname}({pass_args});")
        else:
            if conds:
                src.append(f"  if ({' || '.join(conds)}) return app_{cname}({pass_args});")
            src.append(f"  return fwd_{cname}({pass_args});")
        src.append("}")
        src.append("")
        self.stats["functions"] += 1

    def host_stderr(self, hdr, src):
        """`fwd_host_stderr(text, len)`: one line to the host's stderr, for the adapter's own notices
        (denied writes in /app), when the runtime imports get-stderr and blocking-write-and-flush:
        FWD_HOST_STDERR says so."""
        get = [n for n in self.protos if re.fullmatch(r"fabricks_host_cli\w*_stderr_get_stderr", n)]
        write = [n for n in self.protos
                 if re.fullmatch(r"fabricks_host_io\w*_streams_method_output_stream_blocking_write_and_flush", n)]
        if len(get) != 1 or len(write) != 1:
            return
        streams = write[0][:-len("_method_output_stream_blocking_write_and_flush")]
        error_drop = [n for n in self.protos if re.fullmatch(r"fabricks_host_io\w*_error_error_drop_own", n)]
        for name in (f"{streams}_borrow_output_stream", f"{streams}_output_stream_drop_own"):
            if name not in self.protos:
                raise GenError(f"no {name} for fwd_host_stderr")
        hdr += ["#define FWD_HOST_STDERR 1", "void fwd_host_stderr(const char *text, size_t len);"]
        src += [
            "void fwd_host_stderr(const char *text, size_t len) {",
            f"  {streams}_own_output_stream_t out = {get[0]}();",
            "  adapter_list_u8_t bytes = {(uint8_t *)text, len};",
            f"  {streams}_stream_error_t err;",
            f"  if (!{write[0]}({streams}_borrow_output_stream(out), &bytes, &err) &&",
            f"      err.tag == {streams.upper()}_STREAM_ERROR_LAST_OPERATION_FAILED)",
            f"    {error_drop[0]}(err.val.last_operation_failed);" if error_drop else "    abort();",
            f"  {streams}_output_stream_drop_own(out);",
            "}",
            "",
        ]

    def adopt(self, iid, func, src):
        """A bridge function: an owned host resource in, a new exported resource wrapping it out."""
        exp = f"exports_{self.func_c(iid, func['name'])}"
        if exp not in self.protos:
            raise GenError(f"no C prototype for {exp} in the bindings")
        eret, eparams = self.protos[exp]
        rkind, rval = self.kind(func["result"])
        (pkind, pval), = [self.kind(p["type"]) for p in func["params"]]
        if rkind != "handle" or "own" not in rval or pkind != "handle" or "own" not in pval:
            raise GenError(f"{exp}: a bridge function must take an owned host resource and return an owned one")
        rc = self.res_c(self.resolve(rval["own"]))
        (ptype, pname), = eparams
        src += [f"{eret} {exp}({ptype} {pname}) {{",
                f"  return exports_{rc}_new(wrap_{rc}({pname}.__handle));", "}", ""]
        self.stats["functions"] += 1

    def host_borrows(self, t):
        """Whether values of t carry borrows of resources the adapter does not wrap."""
        kind, val = self.kind(t)
        if kind == "handle":
            (mode, rid), = val.items()
            return mode == "borrow" and not self.wrapped_resource(self.resolve(rid))
        if kind == "record":
            return any(self.host_borrows(f["type"]) for f in val["fields"])
        if kind == "tuple":
            return any(self.host_borrows(x) for x in val["types"])
        if kind in ("option", "list"):
            return self.host_borrows(val)
        if kind == "variant":
            return any(c["type"] is not None and self.host_borrows(c["type"]) for c in val["cases"])
        if kind == "result":
            return any(val[s] is not None and self.host_borrows(val[s]) for s in ("ok", "err"))
        return False

    def owns_handles(self, t):
        """Whether values of t carry owned handles (a free function would drop them)."""
        kind, val = self.kind(t)
        if kind == "handle":
            return "own" in val
        if kind == "record":
            return any(self.owns_handles(f["type"]) for f in val["fields"])
        if kind == "tuple":
            return any(self.owns_handles(x) for x in val["types"])
        if kind in ("option", "list"):
            return self.owns_handles(val)
        if kind == "variant":
            return any(c["type"] is not None and self.owns_handles(c["type"]) for c in val["cases"])
        if kind == "result":
            return any(val[s] is not None and self.owns_handles(val[s]) for s in ("ok", "err"))
        return False

    def free_memory(self, t, lv, out, depth=0):
        """Emits statements freeing the strings and lists inside the value at `lv`, leaving
        its handles alone (they were passed on)."""
        if not self.owns_memory(t):
            return
        kind, val = self.kind(t)
        ind = "  " * (depth + 1)
        if kind == "prim":  # a string
            out.append(f"{ind}free(({lv}).ptr);")
        elif kind == "list":
            if self.owns_memory(val):
                var = f"m{depth}"
                out.append(f"{ind}for (size_t {var} = 0; {var} < ({lv}).len; {var}++) {{")
                self.free_memory(val, f"({lv}).ptr[{var}]", out, depth + 1)
                out.append(f"{ind}}}")
            out.append(f"{ind}free(({lv}).ptr);")
        elif kind == "record":
            for f in val["fields"]:
                self.free_memory(f["type"], f"({lv}).{c_ident(f['name'])}", out, depth)
        elif kind == "tuple":
            for i, x in enumerate(val["types"]):
                self.free_memory(x, f"({lv}).f{i}", out, depth)
        elif kind == "option":
            out.append(f"{ind}if (({lv}).is_some) {{")
            self.free_memory(val, f"({lv}).val", out, depth + 1)
            out.append(f"{ind}}}")
        elif kind == "result":
            out.append(f"{ind}if (!({lv}).is_err) {{")
            if val["ok"] is not None:
                self.free_memory(val["ok"], f"({lv}).val.ok", out, depth + 1)
            out.append(f"{ind}}} else {{")
            if val["err"] is not None:
                self.free_memory(val["err"], f"({lv}).val.err", out, depth + 1)
            out.append(f"{ind}}}")
        elif kind == "variant":
            out.append(f"{ind}switch (({lv}).tag) {{")
            for i, c in enumerate(val["cases"]):
                if c["type"] is not None and self.owns_memory(c["type"]):
                    out.append(f"{ind}  case {i}:")
                    self.free_memory(c["type"], f"({lv}).val.{c_ident(c['name'])}", out, depth + 2)
                    out.append(f"{ind}    break;")
            out.append(f"{ind}  default: break;")
            out.append(f"{ind}}}")
        else:
            raise GenError(f"cannot free {kind!r}")

    def owns_memory(self, t):
        kind, val = self.kind(t)
        if kind == "prim":
            return val == "string"
        if kind in ("list",):
            return True
        if kind in ("enum", "flags", "handle"):
            return False
        if kind == "record":
            return any(self.owns_memory(f["type"]) for f in val["fields"])
        if kind == "tuple":
            return any(self.owns_memory(x) for x in val["types"])
        if kind == "option":
            return self.owns_memory(val)
        if kind == "variant":
            return any(c["type"] is not None and self.owns_memory(c["type"]) for c in val["cases"])
        if kind == "result":
            return any(val[s] is not None and self.owns_memory(val[s]) for s in ("ok", "err"))
        raise GenError(f"owns_memory: {kind}")

    def free_name(self, ctype):
        return c_ident(ctype.rstrip("* ").strip())

    def generate(self):
        self.handle_ctors = set()
        self.free_fns = {}
        hdr, src = [], []
        resources = []
        for iid in self.exported:
            iface = self.doc["interfaces"][iid]
            for tname, tid in iface["types"].items():
                if self.doc["types"][tid]["kind"] == "resource":
                    resources.append(tid)
        res_lines = []
        for rid in resources:
            rc = self.res_c(rid)
            key = self.resource_key(rid)
            owner = self.doc["types"][rid]["owner"]["interface"]
            iface_c, host_c = self.iface_c(owner), self.iface_c(self.host_iid[owner])
            rn = c_ident(self.doc["types"][rid]["name"])
            hdr.append(f"struct exports_{rc}_t {{ int32_t host; void *app; }};")
            hdr.append(f"exports_{iface_c}_own_{rn}_t wrap_app_{rc}(void *app);")
            res_lines += [
                f"static exports_{rc}_t *wrap_{rc}(int32_t host) {{",
                f"  exports_{rc}_t *rep = malloc(sizeof *rep);",
                "  if (!rep) abort();",
                "  rep->host = host;",
                "  rep->app = NULL;",
                "  return rep;",
                "}",
                f"exports_{iface_c}_own_{rn}_t wrap_app_{rc}(void *app) {{",
                f"  exports_{rc}_t *rep = wrap_{rc}(-1);",
                "  rep->app = app;",
                f"  return exports_{rc}_new(rep);",
                "}",
                f"static inline int32_t take_{rc}(exports_{iface_c}_own_{rn}_t own) {{",
                f"  exports_{rc}_t *rep = exports_{rc}_rep(own);",
                "  int32_t host = rep->host;",
                "  rep->host = -1;",
                f"  exports_{rc}_drop_own(own);",
                "  return host;",
                "}",
                f"void exports_{rc}_destructor(exports_{rc}_t *rep) {{",
            ]
            if key in VIRTUAL:
                hdr.append(f"void app_drop_{rc}(void *app);")
                res_lines.append(f"  if (rep->app) app_drop_{rc}(rep->app);")
            res_lines += [
                f"  if (rep->host >= 0) {host_c}_{rn}_drop_own(({host_c}_own_{rn}_t){{rep->host}});",
                "  free(rep);",
                "}",
                "",
            ]
            self.stats["resources"] += 1
        for iid in self.exported:
            iface = self.doc["interfaces"][iid]
            for fname, func in iface["functions"].items():
                if "kind" in func and not isinstance(func["kind"], (dict, str)):
                    raise GenError(f"{fname}: unknown function kind")
                if isinstance(func["kind"], dict) and not any(k in func["kind"] for k in ("method", "static", "constructor")):
                    raise GenError(f"{fname}: unsupported function kind {func['kind']}")
                if "async" in json.dumps(func["kind"]):
                    raise GenError(f"{fname}: async functions are not supported")
                self.function(iid, func, hdr, src)
        self.host_stderr(hdr, src)
        for iid in self.own:
            if self.iface_name(iid) == OWN_PACKAGE + "/http-bridge":
                for fname, func in self.doc["interfaces"][iid]["functions"].items():
                    self.adopt(iid, func, src)
        helpers = ["#define CAST(T, x) ({ __typeof__(x) cast_in_ = (x); T cast_out_; "
                   "_Static_assert(sizeof cast_in_ == sizeof cast_out_, \"layouts differ\"); "
                   "memcpy(&cast_out_, &cast_in_, sizeof cast_out_); cast_out_; })",
                   "static inline void lv_set_handle(void *slot, int32_t handle) { memcpy(slot, &handle, sizeof handle); }",
                   "struct any_rep_ { int32_t host; void *app; };",
                   "static inline int any_app(void *const *reps, size_t n) {",
                   "  for (size_t i = 0; i < n; i++) if (((const struct any_rep_ *)reps[i])->app) return 1;",
                   "  return 0;",
                   "}"]
        for it in sorted(self.handle_ctors):
            helpers.append(f"static inline {it} as_handle_{c_ident(it)}(int32_t h) {{ return ({it}){{h}}; }}")
        for fname, et in sorted(self.free_fns.items()):
            base = fname[:-2] if fname.endswith("_t") else fname
            free_fn = f"{base}_free"
            if free_fn not in self.protos:
                if et.startswith("adapter_string_t"):
                    free_fn = "adapter_string_free"
                else:
                    raise GenError(f"no free function {free_fn} for {et}")
            helpers.append(f"static inline void free_args_{fname}({et}p) {{ {free_fn}(p); }}")
        return hdr, helpers + [""] + res_lines, src


def main(wit_dir, header_path, out_dir):
    doc = json.loads(subprocess.run(["wasm-tools", "component", "wit", "--json", str(wit_dir)],
                                    check=True, capture_output=True, text=True).stdout)
    header = Path(header_path).read_text()
    gen = Gen(doc, header)
    try:
        hdr, helpers, src = gen.generate()
    except GenError as e:
        sys.exit(f"gen_forwarders: {e}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    bindings = Path(header_path).name
    (out / "forwarders.h").write_text("\n".join([
        "// Generated by runtimes/adapter/gen_forwarders.py from the adapter's WIT: do not edit.",
        "#ifndef FORWARDERS_H", "#define FORWARDERS_H", f'#include "{bindings}"', ""] + hdr + ["", "#endif", ""]))
    (out / "forwarders.c").write_text("\n".join([
        "// Generated by runtimes/adapter/gen_forwarders.py from the adapter's WIT: do not edit.",
        "#include <stdlib.h>", "#include <string.h>", '#include "forwarders.h"', ""] + helpers + [""] + src))
    s = gen.stats
    print(f"gen_forwarders: {s['functions']} functions ({s['hooked']} with /app hooks), {s['resources']} resources, "
          f"{len(s['handle_types'])} handle-carrying compound types -> {out}/forwarders.c")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: gen_forwarders.py WIT_DIR BINDINGS_H OUT_DIR")
    main(*sys.argv[1:])
