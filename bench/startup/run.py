#!/usr/bin/env python3
"""Start-up of a large WASI 0.2 component: `mosaic run` against `jco run` and node on the transpiled copy.

    python3 bench/startup/run.py [--mosaic PATH] [--build-dir DIR] [--component FILE | --with-http]
                                 [--runs N] [--runtimes mosaic,jco,node] [--phases [--stub PREFIX]...]
                                 [--profile] [-v]

The component is the componentize-js command of research/fixtures-src/js/cli (hello-cli.js, which prints one line
from wasi:cli/run; StarlingMonkey, about 12.5 MB), built here with `jco componentize hello-cli.js --wit wit -n
hello-cli --disable http fetch-event`, its wit/deps made from the project's pinned WASI WIT (wit/wasi-0.2.12); it
is rebuilt only when an input or jco's version changes. The two features are left out as in tests/wasi_p2/js.cmake:
with them the component also imports wasi:http/types and wasi:http/outgoing-handler (@0.2.10, for fetch()), which
mosaic does not provide. --with-http builds that variant (its own folder), which `mosaic run` refuses ("missing
import") and --phases --stub wasi:http/ can time. --component FILE times another command component instead.

The runtimes, each a fresh process per run:
  mosaic   mosaic run FILE
  jco      node jco.js run FILE           (transpiles the component to JavaScript on every run, then runs it)
  node     node DIR/_run.js               (the copy `jco run --jco-dir DIR` transpiled once: JS and core wasm
                                           start-up alone, V8's lazy compilation included)
Runs are interleaved round by round, with the order rotated, so that a change in machine load hits all alike,
and timed by bench/spawn.c (built into the build folder): wall time around fork/exec/wait, CPU time (user+sys)
and peak RSS from wait4. Every run's stdout must be what `jco run` printed first; a run that differs or fails
is reported and not counted. Prints, per runtime, the median and minimum wall time, the median CPU time and the
peak RSS, and the ratios of each runtime to mosaic.

--phases builds bench/startup/phases.cpp against the static libraries next to --mosaic (the public API, the calls
of `mosaic run` in order) and reports the median time of each phase: read, compile (decode, validate, and every
core module's validation and translation), wasi, instantiate (core instances, data segments, start functions), run
(wasi:cli/run#run in the interpreter); `--stub wasi:http/` defines that interface's functions as trapping stubs
there, to time a component whose imports mosaic lacks but whose run does not call them. --profile runs `perf stat`
and `perf record --call-graph dwarf` on one `mosaic run` and prints mosaic's functions by inclusive time, the
hottest functions by self time, and the hottest instructions of the hottest function (needs perf; symbols come
from the binary's symbol table). Results are also saved as DIR/results.json.


Uses only the Python 3 standard library, plus node and jco (node_modules of the project, scripts/setup.sh), a C
compiler for spawn.c, g++ for --phases and perf for --profile."""

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
BENCH = PROJECT_ROOT / "bench"
FIXTURE = PROJECT_ROOT.parent / "shared" / "research" / "fixtures-src" / "js" / "cli"
WASI_WIT = PROJECT_ROOT / "wit" / "wasi-0.2.12"
JCO_PACKAGE = PROJECT_ROOT / "node_modules" / "@bytecodealliance" / "jco"
JCO = JCO_PACKAGE / "dist" / "jco.js"
LIBRARIES = ["mosaic_wasi_p2", "mosaic_component", "mosaic_api", "mosaic_wasi", "mosaic_exec", "mosaic_valid",
             "mosaic_binary", "mosaic_support"]   # the `mosaic` executable's link line, in order
PHASES = ["read", "compile", "wasi", "instantiate", "run", "total"]


def log(text):
    print(text, file=sys.stderr, flush=True)


def run_checked(cmd, verbose, **kwargs):
    if verbose:
        log("$ " + " ".join(str(c) for c in cmd))
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(str(c) for c in cmd)}\n{proc.stdout}{proc.stderr}")
    return proc


# --- building -----------------------------------------------------------------------------------------------


def build_component(build_dir: Path, disable, verbose):
    """hello-cli.wasm from the fixture, rebuilt when its inputs or jco change (a stamp of their hashes);
    `disable`: componentize-js features left out (jco componentize -d), each variant in its own folder."""
    if not FIXTURE.is_dir():
        raise SystemExit(f"the fixture {FIXTURE} is missing (or pass --component FILE)")
    if not JCO.is_file():
        raise SystemExit(f"jco is not installed in {PROJECT_ROOT / 'node_modules'} (scripts/setup.sh)")
    src = build_dir / ("js-cli" + "".join(f"-no-{f}" for f in disable))
    wasm = src / "hello-cli.wasm"
    inputs = [FIXTURE / "hello-cli.js", FIXTURE / "wit" / "world.wit", JCO_PACKAGE / "package.json"] + \
        sorted(WASI_WIT.glob("*/package.wit"))
    digest = hashlib.sha256(" ".join(disable).encode() + b"\0")
    for path in inputs:
        digest.update(str(path.relative_to(PROJECT_ROOT.parent)).encode() + b"\0" + path.read_bytes())
    stamp = src / "hello-cli.stamp"
    if wasm.exists() and stamp.exists() and stamp.read_text() == digest.hexdigest():
        return wasm
    shutil.rmtree(src, ignore_errors=True)
    (src / "wit").mkdir(parents=True)
    shutil.copyfile(FIXTURE / "hello-cli.js", src / "hello-cli.js")
    shutil.copyfile(FIXTURE / "wit" / "world.wit", src / "wit" / "world.wit")
    for package in sorted(WASI_WIT.glob("*/package.wit")):
        (src / "wit" / "deps" / package.parent.name).mkdir(parents=True)
        shutil.copyfile(package, src / "wit" / "deps" / package.parent.name / "package.wit")
    log("building the JavaScript component (jco componentize) ...")
    t0 = time.monotonic()
    run_checked(["node", JCO, "componentize", "hello-cli.js", "--wit", "wit", "-n", "hello-cli", "-o", wasm.name] +
                (["-d", *disable] if disable else []), verbose, cwd=src)
    log(f"  {wasm} ({wasm.stat().st_size / 2**20:.1f} MiB) in {time.monotonic() - t0:.1f} s")
    stamp.write_text(digest.hexdigest())
    return wasm


def build_spawn(build_dir: Path, verbose):
    exe = build_dir / "spawn"
    source = BENCH / "spawn.c"
    if not exe.exists() or exe.stat().st_mtime < source.stat().st_mtime:
        compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang-19")
        if not compiler:
            raise SystemExit("no C compiler for bench/spawn.c")
        run_checked([compiler, "-O2", source, "-o", exe], verbose)
    return exe


def build_phases(build_dir: Path, mosaic_build: Path, verbose):
    """bench/startup/phases.cpp linked with the static libraries of the build that made --mosaic."""
    libs = [mosaic_build / f"lib{name}.a" for name in LIBRARIES]
    missing = [str(lib) for lib in libs if not lib.exists()]
    if missing:
        raise SystemExit(f"--phases needs the static libraries next to --mosaic; missing: {', '.join(missing)}")
    exe = build_dir / "phases"
    source = Path(__file__).resolve().parent / "phases.cpp"
    newest = max(p.stat().st_mtime for p in libs + [source])
    if not exe.exists() or exe.stat().st_mtime < newest:
        run_checked(["g++", "-std=c++20", "-O2", "-I", PROJECT_ROOT / "include", source, "-o", exe,
                     "-Wl,--start-group", *libs, "-Wl,--end-group", "-static-libstdc++", "-static-libgcc",
                     "-lpthread"], verbose)
    return exe


def transpile(wasm: Path, build_dir: Path, verbose):
    """`jco run --jco-dir` leaves the transpiled component and its runner, _run.js, in a folder."""
    digest = hashlib.sha256(wasm.read_bytes() + JCO_PACKAGE.joinpath("package.json").read_bytes()).hexdigest()
    out = build_dir / f"jco-run-{digest[:12]}"      # one folder per component (and jco version)
    stamp = out / "source.sha256"
    if (out / "_run.js").exists() and stamp.exists() and stamp.read_text() == digest:
        return out / "_run.js"
    shutil.rmtree(out, ignore_errors=True)
    run_checked(["node", JCO, "run", "--jco-dir", out, wasm], verbose)
    stamp.write_text(digest)
    return out / "_run.js"


# --- measuring ----------------------------------------------------------------------------------------------


def spawn(spawn_exe: Path, cmd, timeout):
    """One run: (stdout, stderr, wall, cpu, rss_kib, exit status), timed by spawn.c."""
    with tempfile.NamedTemporaryFile("r", suffix=".spawn") as report:
        proc = subprocess.run([str(spawn_exe), report.name, str(int(timeout))] + [str(c) for c in cmd],
                              capture_output=True, stdin=subprocess.DEVNULL)
        fields = report.read().split()
    if len(fields) < 7:
        return proc.stdout, proc.stderr, None, None, None, proc.returncode
    wall, user, sys_, rss = float(fields[0]), float(fields[1]), float(fields[2]), int(fields[3])
    status = int(fields[4]) if fields[6] == "0" else -1
    return proc.stdout, proc.stderr, wall, user + sys_, rss, status


def ms(seconds):
    return f"{seconds * 1000:9.1f}"


def measure(commands, spawn_exe, expected, runs, timeout, verbose):
    samples = {name: {"wall": [], "cpu": [], "rss": []} for name in commands}
    failures = {name: [] for name in commands}
    names = list(commands)
    for round_ in range(runs):
        order = names[round_ % len(names):] + names[:round_ % len(names)]
        for name in order:
            out, err, wall, cpu, rss, status = spawn(spawn_exe, commands[name], timeout)
            if wall is None or status != 0 or out != expected:
                reason = "timed out" if status == -1 else f"exit status {status}" if status != 0 else \
                    f"printed {out[:200]!r}, expected {expected[:200]!r}"
                message = err.decode(errors="replace").strip().splitlines()
                failures[name].append(reason + (": " + message[0][:300] if message else ""))
                continue
            samples[name]["wall"].append(wall)
            samples[name]["cpu"].append(cpu)
            samples[name]["rss"].append(rss)
            if verbose:
                log(f"  round {round_ + 1} {name:6} wall {ms(wall)} ms  cpu {ms(cpu)} ms  rss {rss / 1024:.0f} MiB")
    return samples, failures


def print_table(samples, failures, runs):
    print(f"\nstart-up of the component, {runs} runs each (ms; peak RSS in MiB)")
    print(f"{'runtime':8} {'median':>9} {'min':>9} {'cpu med':>9} {'rss':>6}  ok")
    summary = {}
    for name, s in samples.items():
        if not s["wall"]:
            print(f"{name:8} {'-':>9} {'-':>9} {'-':>9} {'-':>6}  0/{runs}")
            continue
        summary[name] = {"median": statistics.median(s["wall"]), "min": min(s["wall"]),
                         "cpu": statistics.median(s["cpu"]), "rss": max(s["rss"])}
        v = summary[name]
        print(f"{name:8} {ms(v['median'])} {ms(v['min'])} {ms(v['cpu'])} {v['rss'] / 1024:6.0f}  "
              f"{len(s['wall'])}/{runs}")
    for name, reasons in failures.items():
        for reason in sorted(set(reasons)):
            print(f"  {name}: {reasons.count(reason)} failed run(s): {reason}")
    if "mosaic" in summary:
        base = summary["mosaic"]
        for name, v in summary.items():
            if name != "mosaic":
                print(f"{name}/mosaic: median {v['median'] / base['median']:.2f}x, min {v['min'] / base['min']:.2f}x, "
                      f"cpu {v['cpu'] / base['cpu']:.2f}x")
    return summary


def measure_phases(phases_exe, wasm, runs, stubs, verbose):
    wall = {p: [] for p in PHASES}
    cpu = {p: [] for p in PHASES}
    stub_args = [a for prefix in stubs for a in ("--stub", prefix)]
    for _ in range(runs):
        proc = subprocess.run([str(phases_exe), *stub_args, str(wasm)], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL)
        if proc.returncode != 0:
            print(f"phases failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
            return None
        for line in proc.stderr.splitlines():
            parts = line.split()
            if len(parts) == 4 and parts[0] == "phase" and parts[1] in wall:
                wall[parts[1]].append(float(parts[2]))
                cpu[parts[1]].append(float(parts[3]))
        if verbose:
            log("  phases (wall/cpu ms): " + " ".join(f"{p} {wall[p][-1]:.1f}/{cpu[p][-1]:.1f}"
                                                     for p in PHASES if wall[p]))
    medians = {p: {"wall": statistics.median(wall[p]), "cpu": statistics.median(cpu[p]),
                   "cpu_min": min(cpu[p])} for p in PHASES if wall[p]}
    total = medians.get("total", {}).get("cpu") or 1.0
    print(f"\nmosaic's start-up by phase, {runs} runs (bench/startup/phases.cpp; median ms; share of the total "
          f"CPU time)" + (f"; trapping stubs for {', '.join(stubs)}" if stubs else ""))
    print(f"  {'phase':12} {'wall':>9} {'cpu':>9} {'cpu min':>9}  share")
    for p in PHASES:
        if p in medians:
            m = medians[p]
            print(f"  {p:12} {m['wall']:9.1f} {m['cpu']:9.1f} {m['cpu_min']:9.1f}  {100 * m['cpu'] / total:5.1f}%")
    return medians


def perf_rows(data: Path, children: bool, limit: float):
    """(percent, symbol) rows of `perf report`: self time, or with children the inclusive time."""
    cmd = ["perf", "report", "-i", str(data), "--stdio", "--percent-limit", str(limit)]
    if children:
        cmd += ["--children", "-g", "none", "-F", "overhead_children,sym"]
    else:
        cmd += ["--no-children", "-F", "overhead,sym"]
    rep = subprocess.run(cmd, capture_output=True, text=True)
    rows = []
    for line in rep.stdout.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "%" not in line:
            continue
        percent, _, symbol = line.partition("%")
        symbol = symbol.strip()
        if symbol[:3] in ("[.]", "[k]"):
            symbol = symbol[3:].strip()
        try:
            rows.append((float(percent), symbol))
        except ValueError:
            continue
    return rows


def profile(mosaic, wasm, build_dir: Path, top):
    if not shutil.which("perf"):
        print("\n--profile: perf is not installed")
        return None
    stat = subprocess.run(["perf", "stat", "-e", "task-clock,page-faults,instructions,cycles", str(mosaic), "run",
                           str(wasm)], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    print("\nperf stat, one `mosaic run`:")
    for line in stat.stderr.splitlines():
        if any(k in line for k in ("task-clock", "page-faults", "instructions", "cycles", "elapsed")):
            print("  " + " ".join(line.split()))
    # One sampled run with call stacks (unwound from .eh_frame: the release build has no frame pointers).
    data = build_dir / "perf.data"
    rec = subprocess.run(["perf", "record", "-F", "1999", "--call-graph", "dwarf,16384", "-o", str(data),
                          str(mosaic), "run", str(wasm)], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if rec.returncode != 0:
        print(f"perf record failed: {rec.stderr.strip()[-300:]}")
        return None
    inclusive = [r for r in perf_rows(data, True, 2.0) if "mosaic::" in r[1] or r[1] == "asm_exc_page_fault"]
    print(f"\nperf record, one `mosaic run`: inclusive time of mosaic's functions (children; perf report -i {data})")
    for percent, symbol in inclusive[:top]:
        print(f"  {percent:5.1f}%  {symbol[:150]}")
    hottest = perf_rows(data, False, 0.5)
    print("\nthe hottest functions, self time:")
    for percent, symbol in hottest[:top]:
        print(f"  {percent:5.1f}%  {symbol[:150]}")
    hot_instructions = []
    if hottest:
        # Where inside the hottest function its time goes: its hottest instructions.
        name = hottest[0][1]
        ann = subprocess.run(["perf", "annotate", "-i", str(data), "--stdio", "-s", name], capture_output=True,
                             text=True)
        for line in ann.stdout.splitlines():
            percent, sep, rest = line.partition(":")
            try:
                value = float(percent)
            except ValueError:
                continue
            if sep and value >= 3.0:
                hot_instructions.append((value, " ".join(rest.split())))
        hot_instructions.sort(reverse=True)
        print(f"\nthe hottest instructions of {name} (share of its own samples):")
        for value, text in hot_instructions[:8]:
            print(f"  {value:5.1f}%  {text[:120]}")
    return {"inclusive": inclusive[:top], "self": hottest[:top], "hot_instructions": hot_instructions[:8]}


# --- main ---------------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    parser.add_argument("--mosaic", type=Path, default=PROJECT_ROOT / "build" / "mosaic",
                        help="the mosaic binary (default: %(default)s)")
    parser.add_argument("--build-dir", type=Path, default=None,
                        help="where the component, spawn and phases are built (default: bench/startup next to "
                             "--mosaic)")
    parser.add_argument("--component", type=Path, help="time this command component instead of the JS one")
    parser.add_argument("--with-http", action="store_true",
                        help="build the JS component with componentize-js's default features, whose fetch() "
                             "imports wasi:http (default: --disable http fetch-event, as tests/wasi_p2/js.cmake)")
    parser.add_argument("--stub", action="append", default=[], metavar="PREFIX",
                        help="--phases: define the imported instances whose names start with PREFIX (e.g. "
                             "wasi:http/) as trapping stubs (repeatable)")
    parser.add_argument("--runs", type=int, default=10, help="runs per runtime (default: 10)")
    parser.add_argument("--runtimes", default="mosaic,jco,node", help="a subset of mosaic,jco,node")
    parser.add_argument("--phases", action="store_true", help="time mosaic's phases (builds phases.cpp)")
    parser.add_argument("--profile", action="store_true", help="perf stat and perf record one mosaic run")
    parser.add_argument("--top", type=int, default=25, help="functions --profile prints (default: 25)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per run (default: 120)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()

    mosaic = args.mosaic.resolve()
    runtimes = [r for r in args.runtimes.split(",") if r]
    if any(r not in ("mosaic", "jco", "node") for r in runtimes) or not runtimes:
        parser.error("--runtimes: a subset of mosaic,jco,node")
    if ("mosaic" in runtimes or args.phases or args.profile) and not mosaic.is_file():
        parser.error(f"{mosaic} does not exist (build it: ninja -C {mosaic.parent} mosaic, or pass --mosaic)")
    build_dir = (args.build_dir or mosaic.parent / "bench" / "startup").resolve()
    build_dir.mkdir(parents=True, exist_ok=True)

    disable = [] if args.with_http else ["http", "fetch-event"]
    wasm = args.component.resolve() if args.component else build_component(build_dir, disable, args.verbose)
    spawn_exe = build_spawn(build_dir, args.verbose)
    # The reference output: what jco run prints (this also transpiles the node runtime's copy once).
    runner = transpile(wasm, build_dir, args.verbose)
    expected = run_checked(["node", runner], args.verbose, stdin=subprocess.DEVNULL).stdout.encode()
    print(f"component: {wasm} ({wasm.stat().st_size / 2**20:.1f} MiB); it prints {expected.decode()[:100]!r}")
    print(f"mosaic: {mosaic}; node {run_checked(['node', '--version'], False).stdout.strip()}; "
          f"jco {json.loads((JCO_PACKAGE / 'package.json').read_text())['version']}; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    commands = {"mosaic": [mosaic, "run", wasm], "jco": ["node", JCO, "run", wasm], "node": ["node", runner]}
    commands = {name: commands[name] for name in runtimes}
    samples, failures = measure(commands, spawn_exe, expected, args.runs, args.timeout, args.verbose)
    summary = print_table(samples, failures, args.runs)
    results = {"component": str(wasm), "size": wasm.stat().st_size, "runs": args.runs, "samples": samples,
               "failures": failures, "summary": summary, "loadavg_after": os.getloadavg()}

    if args.phases:
        phases_exe = build_phases(build_dir, mosaic.parent, args.verbose)
        results["phases"] = measure_phases(phases_exe, wasm, args.runs, args.stub, args.verbose)
    if args.profile:
        results["profile"] = profile(mosaic, wasm, build_dir, args.top)
    (build_dir / "results.json").write_text(json.dumps(results, indent=1, default=str))
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; saved {build_dir / 'results.json'}")
    return 1 if any(failures.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
