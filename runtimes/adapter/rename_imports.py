#!/usr/bin/env python3
"""Renames a component's top-level imports by prefix.

    rename_imports.py IN.wasm OUT.wasm OLD_PREFIX=NEW_PREFIX...

The adapter imports the host's `wasi:http` interfaces as `fabricks:host-http/...` so that its WIT
can name them beside the `wasi:http` interfaces it exports (adapter_wit.py); once the image is
composed, its imports get their real names back. Only the names in the component's own import
sections change (types refer to imports by index, not by name); everything else is copied byte
for byte. A rename onto a name the component already imports is refused.

Binary format (component model): a section is an id byte, a u32 LEB128 size and its contents; an
import section (id 10) is a vector of `importname' externdesc`, where importname' is 0x00 followed
by a length-prefixed name.
"""
import sys
from pathlib import Path

IMPORT_SECTION = 10
PREAMBLE = b"\x00asm\x0d\x00\x01\x00"


def leb(data, pos):
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def sleb_end(data, pos):
    while data[pos] & 0x80:
        pos += 1
    return pos + 1


def encode_leb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def externdesc_end(data, pos):
    kind = data[pos]
    pos += 1
    if kind == 0x00:  # core module: 0x11 typeidx
        return leb(data, pos + 1)[1]
    if kind in (0x01, 0x04, 0x05):  # func, component, instance: typeidx
        return leb(data, pos)[1]
    if kind == 0x02:  # value: eq valueidx | valtype
        return leb(data, pos + 1)[1] if data[pos] == 0x00 else sleb_end(data, pos + 1)
    if kind == 0x03:  # type: eq typeidx | sub resource
        return leb(data, pos + 1)[1] if data[pos] == 0x00 else pos + 1
    raise ValueError(f"unknown externdesc kind 0x{kind:02x} at byte {pos - 1}")


def rename_section(body, renames, names):
    count, pos = leb(body, 0)
    out = bytearray(encode_leb(count))
    for _ in range(count):
        if body[pos] != 0x00:
            raise ValueError(f"import name form 0x{body[pos]:02x} is not supported")
        length, start = leb(body, pos + 1)
        name = body[start:start + length].decode()
        end = externdesc_end(body, start + length)
        for old, new in renames:
            if name.startswith(old):
                name = new + name[len(old):]
                break
        if name in names:
            raise ValueError(f"two imports named {name}")
        names.add(name)
        encoded = name.encode()
        out += b"\x00" + encode_leb(len(encoded)) + encoded + body[start + length:end]
        pos = end
    if pos != len(body):
        raise ValueError("trailing bytes in an import section")
    return bytes(out)


def rename(data, renames):
    if not data.startswith(PREAMBLE):
        raise ValueError("not a component (wrong preamble)")
    out, pos, names = bytearray(PREAMBLE), len(PREAMBLE), set()
    while pos < len(data):
        section = data[pos]
        size, start = leb(data, pos + 1)
        body = data[start:start + size]
        if section == IMPORT_SECTION:
            body = rename_section(body, renames, names)
        out += bytes([section]) + encode_leb(len(body)) + body
        pos = start + size
    return bytes(out)


def main(src, dst, *pairs):
    renames = [tuple(p.split("=", 1)) for p in pairs]
    if not renames or any(len(r) != 2 for r in renames):
        sys.exit("usage: rename_imports.py IN.wasm OUT.wasm OLD_PREFIX=NEW_PREFIX...")
    try:
        Path(dst).write_bytes(rename(Path(src).read_bytes(), renames))
    except (ValueError, IndexError, UnicodeDecodeError) as e:
        sys.exit(f"rename_imports: {src}: {e}")


if __name__ == "__main__":
    main(*sys.argv[1:])
