#!/usr/bin/env python3
"""Writes a source-layer component (world fabricks:app/user-layer) for tests.

Usage: make-test-layer.py DIR ENTRYPOINT OUT.wat

Every file under DIR becomes a path of the layer. The module is the same as
runtimes/node/test/layer.wat, with its data laid out from the directory: the
runtime tests do not need the Maven plugin. Turn it into a component with
`wasm-tools component embed wit/source.wit --world user-layer` and
`wasm-tools component new`.
"""
import os
import struct
import sys


def wat_bytes(data):
    return "".join(chr(b) if 0x20 <= b < 0x7F and b not in (0x22, 0x5C) else f"\\{b:02x}" for b in data)


def main(root, entry, out):
    files = []
    for d, _, names in os.walk(root):
        for n in names:
            full = os.path.join(d, n)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            with open(full, "rb") as f:
                files.append((rel.encode(), f.read()))
    files.sort()
    if entry.encode() not in [p for p, _ in files]:
        sys.exit(f"make_layer: {entry} is not under {root}")
    align = lambda n: (n + 15) & ~15
    ret = 0x100          # return area: 16 bytes
    addr = 0x200
    entry_at = addr; addr = align(addr + len(entry.encode()))
    names = []
    for p, _ in files:
        names.append(addr); addr = align(addr + len(p))
    paths_at = addr; addr = align(addr + 8 * len(files))
    files_at = addr; addr = align(addr + 16 * len(files))
    datas = []
    for _, b in files:
        datas.append(addr); addr = align(addr + len(b))
    heap = align(addr + 0x10000)
    pages = heap // 65536 + 1
    segs = [(entry_at, entry.encode())]
    segs += [(a, p) for a, (p, _) in zip(names, files)]
    segs.append((paths_at, b"".join(struct.pack("<II", a, len(p)) for a, (p, _) in zip(names, files))))
    segs.append((files_at, b"".join(struct.pack("<IIII", a, len(p), d, len(b))
                                    for a, d, (p, b) in zip(names, datas, files))))
    segs += [(d, b) for d, (_, b) in zip(datas, files)]
    n = len(files)
    with open(out, "w") as w:
        w.write(f"""(module
  (memory (export "memory") {pages})
  (global $heap (mut i32) (i32.const {heap}))
""")
        for a, b in segs:
            if b:
                w.write(f'  (data (i32.const {a}) "{wat_bytes(b)}")\n')
        w.write(f"""
  (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get $align))))
    (global.set $heap (i32.add (local.get $p) (local.get $size)))
    (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
      (then (drop (memory.grow (i32.add (i32.shr_u (i32.sub (global.get $heap) (i32.mul (memory.size) (i32.const 65536))) (i32.const 16)) (i32.const 1))))))
    (if (local.get $old_size) (then (memory.copy (local.get $p) (local.get $old) (local.get $old_size))))
    (local.get $p))

  (func (export "fabricks:app/source@0.1.0#entrypoint") (result i32)
    (i32.store (i32.const {ret}) (i32.const {entry_at}))
    (i32.store (i32.const {ret + 4}) (i32.const {len(entry.encode())}))
    (i32.const {ret}))

  (func (export "fabricks:app/source@0.1.0#paths") (result i32)
    (i32.store (i32.const {ret}) (i32.const {paths_at}))
    (i32.store (i32.const {ret + 4}) (i32.const {n}))
    (i32.const {ret}))

  (func (export "fabricks:app/source@0.1.0#files") (result i32)
    (i32.store (i32.const {ret}) (i32.const {files_at}))
    (i32.store (i32.const {ret + 4}) (i32.const {n}))
    (i32.const {ret}))

  (func (export "fabricks:app/source@0.1.0#read") (param $ptr i32) (param $len i32) (result i32)
    (local $e i32)
    (i32.store8 (i32.const {ret}) (i32.const 0))
    (local.set $e (i32.const {files_at}))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $e) (i32.const {files_at + 16 * n})))
        (if (call $eq (local.get $ptr) (local.get $len) (i32.load (local.get $e)) (i32.load offset=4 (local.get $e)))
          (then
            (i32.store8 (i32.const {ret}) (i32.const 1))
            (i32.store (i32.const {ret + 4}) (i32.load offset=8 (local.get $e)))
            (i32.store (i32.const {ret + 8}) (i32.load offset=12 (local.get $e)))
            (br $done)))
        (local.set $e (i32.add (local.get $e) (i32.const 16)))
        (br $next)))
    (i32.const {ret}))

  (func $eq (param $a i32) (param $alen i32) (param $b i32) (param $blen i32) (result i32)
    (local $i i32)
    (if (i32.ne (local.get $alen) (local.get $blen)) (then (return (i32.const 0))))
    (block $diff
      (loop $next
        (if (i32.eq (local.get $i) (local.get $alen)) (then (return (i32.const 1))))
        (br_if $diff (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $i)))
                             (i32.load8_u (i32.add (local.get $b) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 0))
)
""")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[2])
    main(*sys.argv[1:])
