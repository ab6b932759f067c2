#!/usr/bin/env python3
"""Adds an exported `cabi_realloc` to a WASI preview1 module that has `malloc` and `free` (found by the name
section), so that jco's preview1 adapter, once the module is wrapped as a component, takes its state from the
module's heap instead of pages it grows itself, which an old wasi-libc's malloc would claim and overwrite
(README.md, "Flite as a component").

    add-cabi-realloc.py IN.wasm OUT.wasm

cabi_realloc(ptr, old_size, align, new_size) = malloc(new_size), then, for a reallocation, the old bytes copied
(at most new_size of them) and the old block freed. malloc's alignment (16) covers what the adapter asks for.
"""
import sys


def uleb(data, pos):
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, pos


def enc(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def name(data, pos):
    n, pos = uleb(data, pos)
    return data[pos:pos + n].decode(), pos + n


def sections(data):
    if data[:8] != b"\0asm\x01\0\0\0":
        sys.exit("add-cabi-realloc: not a core WebAssembly module")
    pos, out = 8, []
    while pos < len(data):
        sid = data[pos]
        size, body = uleb(data, pos + 1)
        out.append([sid, data[body:body + size]])
        pos = body + size
    return out


def function_names(secs):
    for sid, body in secs:
        if sid != 0:
            continue
        sec_name, pos = name(body, 0)
        if sec_name != "name":
            continue
        names = {}
        while pos < len(body):
            sub, pos = body[pos], pos + 1
            size, pos = uleb(body, pos)
            if sub == 1:
                p = pos
                count, p = uleb(body, p)
                for _ in range(count):
                    idx, p = uleb(body, p)
                    fname, p = name(body, p)
                    names[fname] = idx
            pos += size
        return names
    sys.exit("add-cabi-realloc: the module has no name section to find malloc and free by")


def imported_functions(secs):
    for sid, body in secs:
        if sid != 2:
            continue
        count, pos = uleb(body, 0)
        funcs = 0
        for _ in range(count):
            _, pos = name(body, pos)
            _, pos = name(body, pos)
            kind, pos = body[pos], pos + 1
            if kind == 0:
                _, pos = uleb(body, pos)
                funcs += 1
            elif kind == 1:  # table: reftype + limits
                pos += 1
                flags, pos = uleb(body, pos)
                _, pos = uleb(body, pos)
                if flags & 1:
                    _, pos = uleb(body, pos)
            elif kind == 2:  # memory: limits
                flags, pos = uleb(body, pos)
                _, pos = uleb(body, pos)
                if flags & 1:
                    _, pos = uleb(body, pos)
            elif kind == 3:  # global: valtype + mut
                pos += 2
            else:
                sys.exit(f"add-cabi-realloc: unknown import kind {kind}")
        return funcs
    return 0


def append_vec(body, item):
    count, pos = uleb(body, 0)
    return enc(count + 1) + body[pos:] + item, count


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    data = open(sys.argv[1], "rb").read()
    secs = sections(data)
    names = function_names(secs)
    if "malloc" not in names or "free" not in names:
        sys.exit("add-cabi-realloc: no function named malloc and free in the name section")
    if "cabi_realloc" in names:
        sys.exit("add-cabi-realloc: the module has a cabi_realloc already")
    malloc, free = names["malloc"], names["free"]
    ids = [sid for sid, _ in secs]
    for needed in (1, 3, 7, 10):
        if needed not in ids:
            sys.exit(f"add-cabi-realloc: the module has no section {needed}")
    imports = imported_functions(secs)
    new_type = new_func = None
    for sec in secs:
        sid, body = sec
        if sid == 1:  # type: (i32 i32 i32 i32) -> i32
            sec[1], new_type = append_vec(body, b"\x60\x04\x7f\x7f\x7f\x7f\x01\x7f")
        elif sid == 3:
            sec[1], defined = append_vec(body, enc(new_type))
            new_func = imports + defined
        elif sid == 7:
            sec[1], _ = append_vec(body, enc(len("cabi_realloc")) + b"cabi_realloc" + b"\x00" + enc(new_func))
        elif sid == 10:
            # local 4: the new block. memory.copy(new, ptr, min(old_size, new_size)) and free(ptr) when ptr != 0.
            code = (b"\x20\x03\x10" + enc(malloc) + b"\x21\x04"
                    b"\x20\x00\x04\x40"
                    b"\x20\x04\x20\x00\x20\x01\x20\x03\x20\x01\x20\x03\x49\x1b\xfc\x0a\x00\x00"
                    b"\x20\x00\x10" + enc(free) +
                    b"\x0b\x20\x04\x0b")
            func = b"\x01\x01\x7f" + code
            sec[1], _ = append_vec(body, enc(len(func)) + func)
    out = bytearray(data[:8])
    for sid, body in secs:
        out += bytes([sid]) + enc(len(body)) + body
    open(sys.argv[2], "wb").write(out)


if __name__ == "__main__":
    main()
