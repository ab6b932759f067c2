#!/usr/bin/env python3
"""Differential execution of binaryen-generated modules under mosaic and node (V8) (fuzz/diff/README.md).

  run.py [--count N | --seconds S] [--jobs J] [--seed K] [--build-dir build]
  run.py --replay DIR [--build-dir build]       every .wasm in DIR under both sides (the regressions)

Generates modules with `wasm-opt -ttf` from seeded random bytes, runs them in batches under
diff_runner (mosaic) and run_node.mjs (node), compares the canonical logs, saves every mismatch (module and
both logs) and minimizes it with wasm-reduce into fuzz/diff/regressions/. Exits 1 on an unexplained
mismatch.
"""

import argparse
import concurrent.futures
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REGRESSIONS = os.path.join(HERE, "regressions")

# The features both sides implement and binaryen 108's -ttf emits in a form V8 accepts. Not
# reference-types: binaryen 108 generates anyref and typed function references under it (a pre-standard
# subtyping), which neither V8 (without flags) nor mosaic accepts.
FEATURES = [
    "--enable-sign-ext",
    "--enable-nontrapping-float-to-int",
    "--enable-bulk-memory",
    "--enable-multivalue",
    "--enable-simd",
]

BATCH_TIMEOUT = 120  # seconds for one side's batch; then each module of it runs alone
MODULE_TIMEOUT = 20  # seconds for one module alone


RUNNER = None  # a private copy of diff_runner, once main() made it


def runner_path(build_dir):
    return RUNNER or os.path.join(build_dir, "fuzz", "diff", "diff_runner")


def run_side(cmd, files, timeout):
    """Runs one side over files; returns {file: [lines]} for the modules whose log ended."""
    try:
        p = subprocess.run(cmd + ["-"], input="\n".join(files) + "\n", capture_output=True, text=True,
                           timeout=timeout)
        out = p.stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
    logs, cur, name = {}, None, None
    for line in out.splitlines():
        if line.startswith("module "):
            name, cur = line[len("module "):], []
        elif line == "end" and cur is not None:
            logs[name] = cur
            cur = None
        elif cur is not None:
            cur.append(line)
    return logs


def run_both(build_dir, files, fuel=None):
    """{file: (mosaic_lines, node_lines)}; a module that crashes or hangs one side gets "crash-or-timeout".
    fuel: run mosaic with fuel metering on and this much fuel per module."""
    mosaic = [runner_path(build_dir)] + (["--fuel", str(fuel)] if fuel is not None else [])
    sides = [mosaic, ["node", os.path.join(HERE, "run_node.mjs")]]
    results = []
    for cmd in sides:
        logs = run_side(cmd, files, BATCH_TIMEOUT)
        for f in files:
            if f not in logs:  # the batch died or hung at or before f: run it alone
                alone = run_side(cmd, [f], MODULE_TIMEOUT)
                logs[f] = alone.get(f, ["crash-or-timeout"])
        results.append(logs)
    return {f: (results[0][f], results[1][f]) for f in files}


def normalize(line):
    # Traps are equal whatever their message; a stack overflow (V8's RangeError, mosaic's "call stack
    # exhausted") is a trap too. Compile errors are equal whatever their message.
    if line.startswith("trap"):
        return "trap"
    if line.startswith("compile-error"):
        return "compile-error"
    return line


def nan_lanes(value, lane_bits):
    """The lanes of a 128-bit value read as f32x4 (32) or f64x2 (64), and which of them are NaNs."""
    exp_bits = 8 if lane_bits == 32 else 11
    frac = (1 << (lane_bits - 1 - exp_bits)) - 1
    exp = ((1 << exp_bits) - 1) << (lane_bits - 1 - exp_bits)
    lanes = [(value >> (i * lane_bits)) & ((1 << lane_bits) - 1) for i in range(128 // lane_bits)]
    return [(v & exp) == exp and (v & frac) != 0 for v in lanes], lanes


def v128_value(token):
    """The integer of a "v128:0xLANE0:0xLANE1" token (lane 0 is the low half)."""
    lo, hi = token[len("v128:"):].split(":")
    return int(hi, 16) << 64 | int(lo, 16)


def v128_nan_equal(x, y):
    """Two v128 values equal but for NaN lanes, read as f32x4 or as f64x2: a v128 prints raw (its shape is
    not known), so a float SIMD operator's NaN (sign and payload chosen by each side, as for scalars)
    reaches the log unchanged."""
    vx, vy = v128_value(x), v128_value(y)
    for bits in (32, 64):
        nx, lx = nan_lanes(vx, bits)
        ny, ly = nan_lanes(vy, bits)
        if all((p and q) or (not p and not q and u == v) for p, q, u, v in zip(nx, ny, lx, ly)):
            return True
    return False


def nan_equal_lines(x, y):
    tx, ty = x.split(" "), y.split(" ")
    if len(tx) != len(ty):
        return False
    return all(u == v or (u.startswith("v128:") and v.startswith("v128:") and v128_nan_equal(u, v))
               for u, v in zip(tx, ty))


def compare(a, b):
    """None when equal, else the reason a difference is explained ("nan-v128", "stack", "fuel") or
    "unexplained"."""
    na, nb = [normalize(x) for x in a], [normalize(x) for x in b]
    if na == nb:
        return None
    if len(na) == len(nb) and all(nan_equal_lines(x, y) for x, y in zip(na, nb)):
        return "nan-v128"
    # A difference that starts where one side ran out of stack: V8's stack limit is not mosaic's call
    # depth (Config::max_call_depth), so a deep recursion may trap on one side only.
    for x, y in zip(a + [""] * len(b), b + [""] * len(a)):
        if normalize(x) != normalize(y):
            if x == "trap stack" or y == "trap stack":
                return "stack"
            if x == "trap fuel":  # --fuel too small for the module
                return "fuel"
            break
    return "unexplained"


def generate(seed, index, out_dir):
    """One module from seeded random bytes; returns its path, or None when wasm-opt fails."""
    rng = random.Random(f"{seed}:{index}")
    data = bytes(rng.getrandbits(8) for _ in range(rng.randint(100, 24000)))
    src = os.path.join(out_dir, f"m{index}.bin")
    dst = os.path.join(out_dir, f"m{index}.wasm")
    with open(src, "wb") as f:
        f.write(data)
    p = subprocess.run(["wasm-opt", "-ttf", src, "-o", dst] + FEATURES, capture_output=True)
    os.unlink(src)
    return dst if p.returncode == 0 else None


def nan_bytes_only(x, y):
    """Whether two memories differ only in bytes that lie, on both sides, inside an f32 or f64 holding a
    NaN (read at any address: a NaN may be stored unaligned)."""
    if len(x) != len(y):
        return False
    windows = ((4, 0x7F800000, 0x007FFFFF), (8, 0x7FF0000000000000, 0x000FFFFFFFFFFFFF))

    def nan_at(mem, start, size, exp, frac):
        if start < 0 or start + size > len(mem):
            return False
        v = int.from_bytes(mem[start:start + size], "little")
        return (v & exp) == exp and (v & frac) != 0

    for i in (i for i in range(len(x)) if x[i] != y[i]):
        if not any(nan_at(x, i - k, size, exp, frac) and nan_at(y, i - k, size, exp, frac)
                   for size, exp, frac in windows for k in range(size)):
            return False
    return True


def memory_nan_equal(build_dir, path, a, b, fuel=None):
    """A difference only in memory lines and in the results of binaryen's hashMemory export (a hash the
    guest computes of its memory), where the memories differ only inside NaNs: a NaN's bits that an
    operator chose (the spec lets it) and the guest stored."""
    for x, y in zip(a, b):
        if normalize(x) == normalize(y) or x.startswith("memory ") and y.startswith("memory "):
            continue
        if x.startswith("ret i32:") and y.startswith("ret i32:"):
            continue  # checked below: must be a hashMemory call
        return False
    if len(a) != len(b):
        return False
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y and x.startswith("ret i32:") and not a[i - 1].startswith("call hashMemory"):
            return False
    dirs = [tempfile.mkdtemp(prefix="diff-mem-") for _ in range(2)]
    mosaic = [runner_path(build_dir), "--dump", dirs[0]] + (["--fuel", str(fuel)] if fuel is not None else [])
    node = ["node", os.path.join(HERE, "run_node.mjs"), "--dump", dirs[1]]
    try:
        for cmd in (mosaic, node):
            subprocess.run(cmd + [path], capture_output=True, timeout=MODULE_TIMEOUT)
        names = sorted(os.listdir(dirs[0]))
        if not names or names != sorted(os.listdir(dirs[1])):
            return False
        for n in names:
            with open(os.path.join(dirs[0], n), "rb") as f0, open(os.path.join(dirs[1], n), "rb") as f1:
                if not nan_bytes_only(f0.read(), f1.read()):
                    return False
        return True
    except subprocess.TimeoutExpired:
        return False
    finally:
        for d in dirs:
            shutil.rmtree(d, ignore_errors=True)


def simd_minmax_equal(build_dir, path, fuel=None):
    """Whether the module runs equal on both sides once f32x4/f64x2 min and max are replaced by pmin and
    pmax and then every scalar NaN removed (--denan, which does not reach SIMD): then a difference came
    from the NaN a SIMD min/max chose (V8: the canonical NaN; mosaic: the input NaN quieted; the spec
    allows both). pmin/pmax return one of their operands unchanged, so both sides compute the same bits;
    they differ from min/max elsewhere only in signed zeros, the same on both sides."""
    text = subprocess.run(["wasm-dis", path] + FEATURES, capture_output=True, text=True)
    if text.returncode != 0:
        return False
    rewritten, n = re.subn(r"\((f32x4|f64x2)\.(min|max)(?=[\s)])", r"(\1.p\2", text.stdout)
    if n == 0:
        return False
    wat, dst = path + ".pminmax.wat", path + ".pminmax.wasm"
    with open(wat, "w") as f:
        f.write(rewritten)
    p = subprocess.run(["wasm-opt", wat, "--denan", "-o", dst] + FEATURES, capture_output=True)
    if p.returncode != 0:
        return False
    a, b = run_both(build_dir, [dst], fuel)[dst]
    if any(x.startswith(("compile-error", "instantiate-error")) for x in a + b):
        return False
    return compare(a, b) is None


def denan_equal(build_dir, path, fuel=None):
    """Whether the module, with every NaN removed (binaryen's --denan), runs equal on both sides: then a
    difference was in NaN bits that reached memory or a v128 (the spec lets each side choose them)."""
    dst = path + ".denan.wasm"
    p = subprocess.run(["wasm-opt", path, "--denan", "-o", dst] + FEATURES, capture_output=True)
    if p.returncode != 0:
        return False
    a, b = run_both(build_dir, [dst], fuel)[dst]
    return compare(a, b) is None


def reduce(build_dir, path, name, fuel=None):
    """Minimizes a mismatching module with wasm-reduce into regressions/NAME.wasm (and .wat)."""
    os.makedirs(REGRESSIONS, exist_ok=True)
    work = tempfile.mkdtemp(prefix="diff-reduce-")
    test, best = os.path.join(work, "t.wasm"), os.path.join(work, "w.wasm")
    check = [sys.executable, os.path.join(HERE, "reduce_check.py"), "--build-dir", build_dir, test]
    if fuel is not None:
        check[-1:-1] = ["--fuel", str(fuel)]
    # -b: wasm-reduce runs wasm-opt from this directory (none given: it finds none).
    bindir = os.path.dirname(shutil.which("wasm-opt"))
    subprocess.run(["wasm-reduce", path, "-b", bindir, "--command", " ".join(check), "-t", test, "-w", best, "-to", "10",
                    "-ef", " ".join(FEATURES)] + FEATURES, capture_output=True, timeout=1800)
    result = best if os.path.exists(best) else path
    dst = os.path.join(REGRESSIONS, name + ".wasm")
    shutil.copy(result, dst)
    subprocess.run(["wasm-dis", dst, "-o", dst[:-5] + ".wat"] + FEATURES, capture_output=True)
    shutil.rmtree(work, ignore_errors=True)
    return dst


def replay_files(directory, out):
    """The modules of DIR: each .wasm (reduced mismatches), and each .wat that has no .wasm beside it
    (hand-written cases), assembled with wabt's wat2wasm (binaryen 108 reads little of the folded text)."""
    files = []
    for f in sorted(os.listdir(directory)):
        path = os.path.join(directory, f)
        if f.endswith(".wasm"):
            files.append(path)
        elif f.endswith(".wat") and not os.path.exists(path[:-4] + ".wasm"):
            dst = os.path.join(out, f[:-4] + ".wasm")
            p = subprocess.run(["wat2wasm", path, "-o", dst], capture_output=True, text=True)
            if p.returncode != 0:
                sys.exit(f"run.py: wat2wasm {path}: {p.stderr}")
            files.append(dst)
    return files


class Totals:
    def __init__(self):
        self.lock = threading.Lock()
        self.modules = self.exports = self.equal = self.gen_failed = 0
        self.reported = 0  # thousands of modules already reported
        self.explained = {}
        self.unexplained = []

    def line(self, elapsed):
        ex = sum(self.explained.values())
        detail = ", ".join(f"{k} {v}" for k, v in sorted(self.explained.items()))
        return (f"modules {self.modules}, exports called {self.exports}, equal {self.equal}, "
                f"mismatches {ex + len(self.unexplained)} (explained {ex}{': ' + detail if detail else ''}; "
                f"unexplained {len(self.unexplained)}), wasm-opt failures {self.gen_failed}, "
                f"time {elapsed:.1f} s")


def check_modules(args, files, totals, mismatch_dir):
    logs = run_both(args.build_dir, files, args.fuel)
    for f in files:
        a, b = logs[f]
        verdict = compare(a, b)
        if verdict == "unexplained" and memory_nan_equal(args.build_dir, f, a, b, args.fuel):
            verdict = "nan-memory"
        elif verdict == "unexplained" and denan_equal(args.build_dir, f, args.fuel):
            verdict = "nan-denan"
        elif verdict == "unexplained" and simd_minmax_equal(args.build_dir, f, args.fuel):
            verdict = "nan-simd-minmax"

        with totals.lock:
            totals.modules += 1
            totals.exports += sum(1 for x in b if x.startswith("call "))
            if verdict is None:
                totals.equal += 1
                continue
            if verdict != "unexplained":
                totals.explained[verdict] = totals.explained.get(verdict, 0) + 1
                # Kept for review: an explanation should stay one a reader can check.
                keep = os.path.join(os.path.dirname(mismatch_dir), "explained")
                os.makedirs(keep, exist_ok=True)
                shutil.copy(f, os.path.join(keep, f"{verdict}-{os.path.basename(f)}"))
                continue
            totals.unexplained.append(f)
        # Keep the module and both logs.
        keep = os.path.join(mismatch_dir, os.path.basename(f)[:-5])
        os.makedirs(keep, exist_ok=True)
        shutil.copy(f, os.path.join(keep, "module.wasm"))
        for side, lines in (("mosaic", a), ("node", b)):
            with open(os.path.join(keep, side + ".log"), "w") as out:
                out.write("\n".join(lines) + "\n")
        print(f"MISMATCH {f}: kept in {keep}", flush=True)
        if not args.no_save:
            name = f"seed{args.seed}-{os.path.basename(f)[:-5]}"
            print(f"  reduced: {reduce(args.build_dir, f, name, args.fuel)}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, help="number of modules to generate")
    ap.add_argument("--seconds", type=float, help="generate modules for this long")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--start", type=int, default=0, help="index of the first module (resumes a run)")
    ap.add_argument("--batch", type=int, default=50, help="modules per runner process")
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--out", help="work directory (default: a temporary one); mismatches are kept there")
    ap.add_argument("--no-save", action="store_true", help="do not reduce mismatches into regressions/")
    ap.add_argument("--replay", metavar="DIR", help="run every .wasm in DIR instead of generating")
    ap.add_argument("--fuel", type=int, help="run mosaic with fuel metering on, this much fuel per module")
    args = ap.parse_args()
    args.build_dir = os.path.abspath(args.build_dir)
    for tool in (runner_path(args.build_dir), shutil.which("node"), shutil.which("wasm-opt")):
        if not tool or not os.path.exists(tool):
            sys.exit(f"run.py: missing {tool or 'node/wasm-opt'} (build diff_runner; scripts/setup.sh)")
    out = os.path.abspath(args.out) if args.out else tempfile.mkdtemp(prefix="diff-")
    os.makedirs(out, exist_ok=True)
    mismatch_dir = os.path.join(out, "mismatches")
    # A long run uses a copy of diff_runner, so that rebuilding the tree meanwhile does not disturb it.
    global RUNNER
    RUNNER = shutil.copy(runner_path(args.build_dir), os.path.join(out, "diff_runner"))
    totals = Totals()
    start = time.time()

    if args.replay:
        files = replay_files(os.path.abspath(args.replay), out)
        args.no_save = True
        check_modules(args, files, totals, mismatch_dir)
        print(totals.line(time.time() - start))
        sys.exit(1 if totals.unexplained or totals.explained else 0)

    if args.count is None and args.seconds is None:
        args.count = 100
    next_index = [0]
    index_lock = threading.Lock()

    def take():
        with index_lock:
            if args.count is not None and next_index[0] >= args.count:
                return None
            if args.seconds is not None and time.time() - start >= args.seconds:
                return None
            n = args.batch if args.count is None else min(args.batch, args.count - next_index[0])
            first = next_index[0]
            next_index[0] += n
            return range(args.start + first, args.start + first + n)

    def worker():
        while (indices := take()) is not None:
            batch_dir = os.path.join(out, f"batch{indices[0]}")
            os.makedirs(batch_dir, exist_ok=True)
            files = []
            for i in indices:
                f = generate(args.seed, i, batch_dir)
                if f is None:
                    with totals.lock:
                        totals.gen_failed += 1
                else:
                    files.append(f)
            check_modules(args, files, totals, mismatch_dir)
            shutil.rmtree(batch_dir, ignore_errors=True)
            with totals.lock:
                if totals.modules // 1000 > totals.reported:
                    totals.reported = totals.modules // 1000
                    print(totals.line(time.time() - start), flush=True)

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for fut in [pool.submit(worker) for _ in range(args.jobs)]:
            fut.result()
    print(totals.line(time.time() - start))
    if not args.out and not totals.unexplained:
        shutil.rmtree(out, ignore_errors=True)
    elif totals.unexplained:
        print(f"mismatching modules and their logs: {mismatch_dir}")
    sys.exit(1 if totals.unexplained else 0)


if __name__ == "__main__":
    main()
