#!/usr/bin/env python3
"""Benchmark runner: mosaic against native code, node (V8) and peer interpreters (wasm3, WAMR iwasm).

Builds every workload in bench/workloads/ (and CoreMark, given --coremark DIR) with clang-19, once for
wasm32-wasi and once natively, runs each under every runtime found, several times and interleaved, checks
that each runtime prints what the native build prints, and reports median wall times, ratios, peak memory
and start-up time, as a table on stdout, as JSON and as an SVG chart. See bench/README.md.

Python 3 standard library only. Not part of ctest.
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORKLOADS = BENCH / 'workloads'
NODE_RUNNER = BENCH / 'node-wasi.mjs'

BAR_WORKLOADS = ['coremark', 'hash', 'float', 'calls']  # issue 4's bar: geomean of mosaic/wasm3 over these
STARTUP_WORKLOAD = 'hello'
PEERS = ['wasm3', 'iwasm']
RUNTIME_ORDER = ['native', 'mosaic', 'node'] + PEERS
COREMARK_SOURCES = ['core_list_join.c', 'core_main.c', 'core_matrix.c', 'core_state.c', 'core_util.c',
                    'posix/core_portme.c']


def log(msg=''):
    print(msg, flush=True)


# ---------------------------------------------------------------------------------------------- workloads

class Workload:
    def __init__(self, name, sources, wasm_flags=(), native_flags=(), libs=(), cflags=(), opt='-O2',
                 normalize=None, description=''):
        self.name = name
        self.sources = [Path(s) for s in sources]
        self.wasm_flags = list(wasm_flags)    # wasm build only (target features such as -msimd128)
        self.native_flags = list(native_flags)  # native build only
        self.libs = list(libs)                # both builds, at the end of the link line
        self.cflags = list(cflags)            # both builds (defines, include paths)
        self.opt = opt
        self.normalize = normalize or (lambda text: text)
        self.description = description
        self.wasm = None
        self.native = None


DIRECTIVE = re.compile(r'^\s*//\s*bench-(flags|native-flags|libs):\s*(.*?)\s*$')


def c_workload(path):
    """A workload from one C file. Directives in its leading comment lines:
       // bench-flags: ...         extra flags for the wasm build (e.g. -msimd128, -mbulk-memory)
       // bench-native-flags: ...  extra flags for the native build
       // bench-libs: ...          extra libraries for both builds
    -lm is added when the file includes <math.h>."""
    text = path.read_text()
    opts = {'flags': [], 'native-flags': [], 'libs': []}
    for line in text.splitlines()[:20]:
        m = DIRECTIVE.match(line)
        if m:
            opts[m.group(1)] += m.group(2).split()
    libs = opts['libs'] + (['-lm'] if '<math.h>' in text and '-lm' not in opts['libs'] else [])
    m = re.search(r'/\*(.*?)\*/', text, re.S)
    desc = ' '.join(m.group(1).replace('*', ' ').split()) if m else ''
    return Workload(path.stem, [path], opts['flags'], opts['native-flags'], libs, description=desc)


def coremark_normalize(text):
    # CoreMark prints its own timings; only the CRC lines are deterministic.
    return '\n'.join(line.strip() for line in text.splitlines() if 'crc' in line.lower())


def coremark_workload(tree, iterations):
    tree = Path(tree).resolve()
    missing = [s for s in COREMARK_SOURCES if not (tree / s).is_file()]
    if missing:
        sys.exit(f'run.py: --coremark {tree}: not a CoreMark source tree (missing {", ".join(missing)})')
    # As in perf-anchors.md: the posix port, a performance run with the iteration count fixed at compile time
    # (SEED_VOLATILE: seeds 0,0,0x66 and ITERATIONS, so no argv and no self-calibration), clang -O3.
    flags = ['-I', str(tree), '-I', str(tree / 'posix'), '-DPERFORMANCE_RUN=1', '-DSEED_METHOD=SEED_VOLATILE',
             f'-DITERATIONS={iterations}', '-DFLAGS_STR="-O3"']
    return Workload('coremark', [tree / s for s in COREMARK_SOURCES], cflags=flags, opt='-O3',
                    normalize=coremark_normalize,
                    description=f'EEMBC CoreMark (posix port, {iterations} iterations, SEED_VOLATILE)')


def compile_one(cmd, out, sources, build_dir, verbose):
    """Runs cmd unless out exists and was made by the same command from sources no newer than it."""
    stamp = out.with_name(out.name + '.cmd')
    line = ' '.join(cmd)
    if (out.exists() and stamp.exists() and stamp.read_text() == line and
            all(s.stat().st_mtime <= out.stat().st_mtime for s in sources)):
        return True
    if verbose:
        log('  ' + line)
    r = subprocess.run(cmd, cwd=build_dir, capture_output=True, text=True)
    if r.returncode != 0:
        log(f'  build failed: {line}\n{r.stderr.strip()}')
        return False
    stamp.write_text(line)
    return True


def build(workloads, args):
    build_dir = Path(args.build_dir)
    (build_dir / 'wasm').mkdir(parents=True, exist_ok=True)
    (build_dir / 'native').mkdir(parents=True, exist_ok=True)
    cc = args.cc
    ok = []
    for w in workloads:
        srcs = [str(s) for s in w.sources]
        wasm = build_dir / 'wasm' / f'{w.name}.wasm'
        native = build_dir / 'native' / w.name
        wasm_cmd = [cc, '--target=wasm32-wasi', '--sysroot=/usr', w.opt, *w.cflags, *w.wasm_flags, *srcs,
                    '-o', str(wasm), '-Wl,--strip-debug', *w.libs]
        native_cmd = [cc, w.opt, *w.cflags, *w.native_flags, *srcs, '-o', str(native), *w.libs]
        good = compile_one(wasm_cmd, wasm, w.sources, build_dir, args.verbose)
        good = compile_one(native_cmd, native, w.sources, build_dir, args.verbose) and good
        if good:
            w.wasm, w.native = wasm, native
            ok.append(w)
        else:
            log(f'  skipping {w.name}: build failed')
    return ok


# ---------------------------------------------------------------------------------------------- runtimes

def first_line(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
        text = (r.stdout.strip() or r.stderr.strip())
        return text.splitlines()[0] if text else ''
    except (OSError, subprocess.SubprocessError):
        return ''


def find_runtimes(args):
    """Returns {name: {'path': ..., 'version': ..., 'cmd': f(workload) -> argv}}."""
    rts = {'native': {'path': '(clang native build)', 'version': first_line([args.cc, '--version']),
                      'cmd': lambda w: [str(w.native)]}}
    mosaic = Path(args.mosaic) if args.mosaic else REPO / 'build' / 'mosaic'
    if mosaic.is_file() and os.access(mosaic, os.X_OK):
        mosaic = str(mosaic.resolve())
        rts['mosaic'] = {'path': mosaic, 'version': first_line([mosaic, '--version']),
                         'cmd': lambda w, m=mosaic: [m, 'run', str(w.wasm)]}
    else:
        log(f'note: no mosaic binary at {mosaic} (build it, or pass --mosaic PATH)')
    node = shutil.which('node')
    if node:
        rts['node'] = {'path': node, 'version': 'node ' + first_line([node, '--version']),
                       'cmd': lambda w, n=node: [n, '--no-wasm-lazy-compilation', str(NODE_RUNNER), str(w.wasm)]}
    peer_dirs = [d for d in (args.peers, os.environ.get('MOSAIC_PEERS')) if d]
    for name in PEERS:
        path = None
        for d in peer_dirs:
            p = Path(d) / name
            if p.is_file() and os.access(p, os.X_OK):
                path = str(p.resolve())
                break
        path = path or shutil.which(name)
        if path:
            rts[name] = {'path': path, 'version': first_line([path, '--version']),
                         'cmd': lambda w, p=path: [p, str(w.wasm)]}
        else:
            log(f'note: peer {name} not found (put it on PATH or in $MOSAIC_PEERS)')
    if args.runtimes:
        wanted = set(args.runtimes.split(',')) | {'native'}
        rts = {k: v for k, v in rts.items() if k in wanted}
    return {k: rts[k] for k in RUNTIME_ORDER if k in rts}


# ---------------------------------------------------------------------------------------------- measuring

SPAWN = None  # the launcher built from bench/spawn.c (see there for why), or None to measure from Python


def run_once(argv, timeout):
    """One fresh process: wall time, CPU time and peak RSS (wait4's rusage), exit code, output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile('r', prefix='bench-', suffix='.txt') as rep:
        if SPAWN:
            argv = [SPAWN, rep.name, str(int(math.ceil(timeout))), *argv]
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try:
                os.kill(p.pid, 9)
            except OSError:
                pass
        timer = threading.Timer(timeout + (30 if SPAWN else 0), kill)
        timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        t1 = time.perf_counter()
        timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)  # reaped here; keep Popen from waiting again
        out.seek(0)
        err.seek(0)
        r = {'wall': t1 - t0, 'cpu': ru.ru_utime + ru.ru_stime, 'rss_kb': ru.ru_maxrss,
             'rc': p.returncode, 'timed_out': timed_out.is_set(),
             'stdout': out.read().decode(errors='replace'), 'stderr': err.read().decode(errors='replace')}
        fields = rep.read().split() if SPAWN else []
        if len(fields) == 7:
            r.update(wall=float(fields[0]), cpu=float(fields[1]) + float(fields[2]), rss_kb=int(fields[3]),
                     rc=int(fields[4]), timed_out=r['timed_out'] or fields[6] == '1')
        elif SPAWN and not r['timed_out']:
            r['rc'] = r['rc'] or 126
            r['stderr'] = 'spawn helper wrote no report. ' + r['stderr']
        return r


def build_spawn(args):
    global SPAWN
    exe = Path(args.build_dir) / 'spawn'
    cmd = [args.cc, '-O2', str(BENCH / 'spawn.c'), '-o', str(exe)]
    if compile_one(cmd, exe, [BENCH / 'spawn.c'], args.build_dir, args.verbose):
        SPAWN = str(exe)
    else:
        log('note: could not build bench/spawn.c: measuring from Python (peak RSS then includes Python\'s)')


def describe_failure(r, expected, normalize):
    if r['timed_out']:
        return 'timeout'
    same = normalize(r['stdout']).strip() == expected
    if r['rc'] != 0:
        why = f'exit {r["rc"]}' + (' (output correct)' if same else '')
        msg = (r['stderr'].strip().splitlines() or r['stdout'].strip().splitlines()[-1:] or [''])[0][:160]
        return why + (f': {msg}' if msg else '')
    if not same:
        return 'output mismatch'
    return None


def measure(workloads, rts, args):
    """Runs every (workload, runtime) args.runs times, interleaved: round by round, and within a round
    workload by workload with the runtime order rotated, so that drift in machine load hits all alike."""
    results = {w.name: {rt: {'runs': [], 'failures': []} for rt in rts} for w in workloads}
    expected = {}
    names = list(rts)
    for rnd in range(args.runs):
        for w in workloads:
            order = names[rnd % len(names):] + names[:rnd % len(names)]
            if 'native' in order:  # native first, so its output is known before the others are checked
                order.remove('native')
                order.insert(0, 'native')
            for rt in order:
                r = run_once(rts[rt]['cmd'](w), args.timeout)
                cell = results[w.name][rt]
                if rt == 'native' and w.name not in expected and r['rc'] == 0:
                    expected[w.name] = w.normalize(r['stdout']).strip()
                    cell['stdout'] = r['stdout'].strip()
                if w.name not in expected:
                    fail = 'native run failed'
                else:
                    fail = describe_failure(r, expected[w.name], w.normalize)
                if fail:
                    cell['failures'].append(fail)
                    if fail == 'output mismatch':
                        cell['mismatch_stdout'] = r['stdout'].strip()[:2000]
                    status = 'FAIL ' + fail
                else:
                    cell['runs'].append({k: r[k] for k in ('wall', 'cpu', 'rss_kb')})
                    if w.name == 'coremark':
                        m = re.search(r'Iterations/Sec\s*:\s*([0-9.]+)', r['stdout'])
                        if m:
                            cell['runs'][-1]['iter_per_sec'] = float(m.group(1))
                    status = f'{r["wall"]:.3f}s wall, {r["cpu"]:.3f}s cpu'
                if args.verbose or fail:
                    log(f'  [{rnd + 1}/{args.runs}] {w.name:<9} {rt:<7} {status}')
        log(f'  round {rnd + 1}/{args.runs} done (load {loadavg()})')
    for w in workloads:
        for rt, cell in results[w.name].items():
            summarize(cell)
    return results


def summarize(cell):
    runs = cell['runs']
    cell['median_wall'] = statistics.median(r['wall'] for r in runs) if runs else None
    cell['median_cpu'] = statistics.median(r['cpu'] for r in runs) if runs else None
    cell['peak_rss_kb'] = max(r['rss_kb'] for r in runs) if runs else None
    ips = [r['iter_per_sec'] for r in runs if 'iter_per_sec' in r]
    if ips:
        cell['median_iter_per_sec'] = statistics.median(ips)


def measure_startup(w, rts, args):
    times = {rt: [] for rt in rts}
    rss = {rt: [] for rt in rts}
    fails = {rt: [] for rt in rts}
    expected = None
    names = list(rts)
    for i in range(args.startup_runs):
        for rt in names[i % len(names):] + names[:i % len(names)]:
            r = run_once(rts[rt]['cmd'](w), args.timeout)
            if r['rc'] == 0 and r['stdout'].strip() == 'hello':
                times[rt].append(r['wall'])
                rss[rt].append(r['rss_kb'])
            else:
                fails[rt].append(describe_failure(r, 'hello', lambda t: t) or 'unexpected output')
    out = {}
    for rt in rts:
        out[rt] = {'median_ms': statistics.median(times[rt]) * 1e3 if times[rt] else None,
                   'min_ms': min(times[rt]) * 1e3 if times[rt] else None,
                   'peak_rss_kb': max(rss[rt]) if rss[rt] else None,
                   'runs': len(times[rt]), 'failures': fails[rt]}
    return out


# ---------------------------------------------------------------------------------------------- reporting

def loadavg():
    try:
        return ' '.join(Path('/proc/loadavg').read_text().split()[:3])
    except OSError:
        return '?'


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def ratio(a, b):
    return a / b if a is not None and b else None


def fmt_ratio(x):
    if x is None:
        return '-'
    return f'{x:.2f}x' if x < 10 else f'{x:.1f}x' if x < 100 else f'{x:.0f}x'


def table(headers, rows):
    widths = [max(len(str(r[i])) for r in [headers] + rows) for i in range(len(headers))]
    lines = ['  '.join(str(c).ljust(widths[i]) if i == 0 else str(c).rjust(widths[i]) for i, c in enumerate(r))
             for r in [headers] + rows]
    lines.insert(1, '  '.join('-' * w for w in widths))
    return '\n'.join(lines)


def cell_text(cell, native, key):
    t = cell.get(key)
    if t is None:
        why = cell['failures'][0] if cell['failures'] else 'not run'
        return 'FAIL: ' + (why if len(why) < 28 else why[:25] + '...')
    return f'{t:.3f}s ({fmt_ratio(ratio(t, native))})'


def bar_geomean(results, key, peer='wasm3'):
    used, ratios = [], []
    for name in BAR_WORKLOADS:
        cells = results.get(name)
        if not cells or 'mosaic' not in cells or peer not in cells:
            continue
        r = ratio(cells['mosaic'].get(key), cells[peer].get(key))
        if r:
            used.append(name)
            ratios.append(r)
    return geomean(ratios), used


def report(results, startup, rts, workloads, args):
    names = list(rts)
    out = []
    out.append(f'Median wall time over {args.runs} runs (ratio to native); a failed or mismatched run is not counted')
    rows = []
    for w in workloads:
        cells = results[w.name]
        native = cells['native'].get('median_wall') if 'native' in cells else None
        rows.append([w.name] + [cell_text(cells[rt], native, 'median_wall') for rt in names])
    out.append(table(['workload'] + names, rows))
    out.append('')
    out.append(f'Median CPU time (user+sys) over the same runs (ratio to native): steadier than wall time on a '
               'loaded machine')
    rows = []
    for w in workloads:
        cells = results[w.name]
        native = cells['native'].get('median_cpu') if 'native' in cells else None
        rows.append([w.name] + [cell_text(cells[rt], native, 'median_cpu') for rt in names])
    out.append(table(['workload'] + names, rows))

    if 'mosaic' in rts:
        peers = [rt for rt in names if rt not in ('native', 'mosaic')]
        out.append('')
        out.append('mosaic / runtime, per workload: wall time (CPU time); below 1 means mosaic is faster')
        rows = []
        for w in workloads:
            cells = results[w.name]
            row = [w.name]
            for rt in ['native'] + peers:
                rw = ratio(cells['mosaic'].get('median_wall'), cells[rt].get('median_wall'))
                rc = ratio(cells['mosaic'].get('median_cpu'), cells[rt].get('median_cpu'))
                row.append(f'{fmt_ratio(rw)} ({fmt_ratio(rc)})' if rw else '-')
            rows.append(row)
        gm_row = ['geomean (all)']
        for rt in ['native'] + peers:
            gw = geomean([ratio(results[w.name]['mosaic'].get('median_wall'), results[w.name][rt].get('median_wall'))
                          for w in workloads])
            gc = geomean([ratio(results[w.name]['mosaic'].get('median_cpu'), results[w.name][rt].get('median_cpu'))
                          for w in workloads])
            gm_row.append(f'{fmt_ratio(gw)} ({fmt_ratio(gc)})' if gw else '-')
        rows.append(gm_row)
        out.append(table(['workload'] + [f'vs {rt}' for rt in ['native'] + peers], rows))

        if 'wasm3' in rts:
            gw, used = bar_geomean(results, 'median_wall')
            gc, _ = bar_geomean(results, 'median_cpu')
            out.append('')
            if gw:
                note = '' if 'coremark' in used else '  [CoreMark missing: pass --coremark DIR]'
                out.append(f'BAR (issue 4): geomean of time(mosaic)/time(wasm3) over {", ".join(used)}: '
                           f'{gw:.3f} wall, {gc:.3f} CPU (bar <= 1.0, goal 0.5){note}')
            else:
                out.append('BAR (issue 4): no workload of the bar set ran under both mosaic and wasm3')

    cm = results.get('coremark')
    if cm:
        parts = [f'{rt} {cm[rt]["median_iter_per_sec"]:.0f}' for rt in names if cm[rt].get('median_iter_per_sec')]
        out.append('')
        out.append('CoreMark Iterations/Sec (median; the program times itself, start-up excluded): ' + ', '.join(parts))

    out.append('')
    out.append('Peak RSS (MiB, max over counted runs; from wait4 rusage)')
    rows = []
    for w in workloads:
        rows.append([w.name] + [f'{results[w.name][rt]["peak_rss_kb"] / 1024:.1f}'
                                if results[w.name][rt].get('peak_rss_kb') else '-' for rt in names])
    if startup:
        rows.append([f'{STARTUP_WORKLOAD} (start-up)'] +
                    [f'{startup[rt]["peak_rss_kb"] / 1024:.1f}' if startup[rt]['peak_rss_kb'] else '-'
                     for rt in names])
    out.append(table(['workload'] + names, rows))

    if startup:
        out.append('')
        out.append(f'Start-up: {STARTUP_WORKLOAD}.c (puts("hello")), median wall ms of {args.startup_runs} runs '
                   '(each a fresh process, timed around fork/exec/wait by bench/spawn.c)')
        out.append(table(['start-up'] + names, [['median ms'] + [f'{startup[rt]["median_ms"]:.2f}'
                                                                 if startup[rt]['median_ms'] else 'FAIL'
                                                                 for rt in names],
                                               ['min ms'] + [f'{startup[rt]["min_ms"]:.2f}'
                                                             if startup[rt]['min_ms'] else '-' for rt in names]]))
        if 'mosaic' in startup and 'wasm3' in startup:
            r = ratio(startup['mosaic']['median_ms'], startup['wasm3']['median_ms'])
            if r:
                out.append(f'start-up mosaic / wasm3: {r:.2f} (bar <= 1.5)')

    mism = [(w.name, rt) for w in workloads for rt in names if results[w.name][rt]['failures']]
    if mism:
        out.append('')
        out.append('Failures (these runs were not counted):')
        for name, rt in mism:
            fl = results[name][rt]['failures']
            out.append(f'  {name} under {rt}: {len(fl)} of {args.runs}: {fl[0]}')
    return '\n'.join(out)


# ---------------------------------------------------------------------------------------------- chart

def ensure_gnuplot():
    gp = shutil.which('gnuplot')
    if gp:
        return gp
    if os.geteuid() == 0 and shutil.which('apt-get'):
        log('gnuplot is missing: installing Debian\'s gnuplot-nox with apt-get')
        env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
        cmd = ['apt-get', 'install', '-y', '-q', '--no-install-recommends', 'gnuplot-nox']
        if subprocess.run(cmd, env=env, capture_output=True).returncode != 0:
            subprocess.run(['apt-get', 'update', '-q'], env=env, capture_output=True)
            subprocess.run(cmd, env=env, capture_output=True)
        return shutil.which('gnuplot')
    return None


def chart(results, rts, workloads, build_dir, summary, key='median_wall', stem='results'):
    gp = ensure_gnuplot()
    if not gp:
        log('no chart: gnuplot is not installed (apt-get install gnuplot-nox, or run as root to let run.py do it)')
        return None
    cols = [rt for rt in rts if rt != 'native']
    if not cols:
        return None
    dat = build_dir / f'{stem}.dat'
    with open(dat, 'w') as f:
        f.write('# workload ' + ' '.join(cols) + '\n')
        for w in workloads:
            cells = results[w.name]
            native = cells['native'].get(key)
            vals = [ratio(cells[rt].get(key), native) for rt in cols]
            f.write(w.name + ' ' + ' '.join(f'{v:.4f}' if v else '?' for v in vals) + '\n')
    svg = build_dir / f'{stem}.svg'
    what = 'wall time' if key == 'median_wall' else 'CPU time'
    colors = {'mosaic': '#d62728', 'node': '#7f7f7f', 'wasm3': '#1f77b4', 'iwasm': '#2ca02c'}
    plots = ', '.join(f"'{dat}' using {i + 2}:xtic(1) title '{rt}' lc rgb '{colors.get(rt, '#9467bd')}'"
                      for i, rt in enumerate(cols))
    title = '\\n'.join(line.replace('\\', '').replace('"', "'") for line in summary.split('\n'))
    script = f"""
set terminal svg size 1200,620 dynamic enhanced font 'sans,12' background '#ffffff'
set output '{svg}'
set title "{title}" font 'sans,12'
set datafile missing '?'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y 10
set yrange [0.5:*]
set ytics (0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000)
set grid ytics lc rgb '#dddddd'
set ylabel '{what} / native {what} (log scale, lower is better)'
set key top left horizontal
set xtics nomirror rotate by -30
set arrow from graph 0, first 1 to graph 1, first 1 nohead lc rgb '#000000' dt 2
set xlabel 'dashed line: native. A missing bar: every run failed or the runtime lacks the feature (see the report).' font 'sans,10' tc rgb '#555555'
plot {plots}
"""
    gpf = build_dir / f'{stem}.gnuplot'
    gpf.write_text(script)
    r = subprocess.run([gp, str(gpf)], capture_output=True, text=True)
    if r.returncode != 0:
        log(f'gnuplot failed: {r.stderr.strip()}')
        return None
    return svg


# ---------------------------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--mosaic', help='the mosaic binary (default: build/mosaic)')
    ap.add_argument('--peers', help='a folder holding peer binaries (wasm3, iwasm); also $MOSAIC_PEERS, then PATH')
    ap.add_argument('--coremark', metavar='DIR', help='a CoreMark source tree (eembc/coremark) to build and run')
    ap.add_argument('--coremark-iterations', type=int, default=4000)
    ap.add_argument('--runs', type=int, default=3, help='runs of each workload under each runtime (default 3)')
    ap.add_argument('--startup-runs', type=int, default=20, help='runs of hello for the start-up row (default 20)')
    ap.add_argument('--build-dir', default=str(REPO / 'build' / 'bench'))
    ap.add_argument('--cc', default='clang-19')
    ap.add_argument('--only', help='comma-separated workload names (default: all)')
    ap.add_argument('--runtimes', help='comma-separated runtimes (native is always run), e.g. mosaic,wasm3')
    ap.add_argument('--timeout', type=float, default=600, help='seconds before one run is killed (default 600)')
    ap.add_argument('--no-chart', action='store_true')
    ap.add_argument('--build-only', action='store_true')
    ap.add_argument('-v', '--verbose', action='store_true')
    ap.add_argument('--replot', metavar='JSON', help='print the report and redraw the charts of an earlier '
                    'results.json (written next to it), without building or running anything')
    args = ap.parse_args()
    if args.replot:
        return replot(args.replot, args)
    if args.runs < 1 or args.startup_runs < 0:
        sys.exit('run.py: --runs must be >= 1')
    build_dir = Path(args.build_dir)
    build_dir.mkdir(parents=True, exist_ok=True)
    args.build_dir = str(build_dir.resolve())

    all_w = [c_workload(p) for p in sorted(WORKLOADS.glob('*.c'))]
    if args.coremark:
        all_w.insert(0, coremark_workload(args.coremark, args.coremark_iterations))
    else:
        log('note: CoreMark not included (pass --coremark DIR, a checkout of eembc/coremark)')
    order = {n: i for i, n in enumerate(BAR_WORKLOADS)}
    all_w.sort(key=lambda w: (order.get(w.name, len(order)), w.name))
    if args.only:
        wanted = set(args.only.split(',')) | {STARTUP_WORKLOAD}
        unknown = wanted - {w.name for w in all_w}
        if unknown:
            sys.exit(f'run.py: unknown workload(s): {", ".join(sorted(unknown))}')
        all_w = [w for w in all_w if w.name in wanted]

    log(f'building {len(all_w)} workloads into {build_dir} ...')
    built = build(all_w, args)
    build_spawn(args)
    if args.build_only:
        return
    hello = next((w for w in built if w.name == STARTUP_WORKLOAD), None)
    workloads = [w for w in built if w.name != STARTUP_WORKLOAD]

    rts = find_runtimes(args)
    for name, rt in rts.items():
        log(f'  {name:<7} {rt["path"]}  {rt["version"]}')
    load_before = loadavg()
    started = datetime.datetime.now().astimezone()
    log(f'measuring {len(workloads)} workloads x {len(rts)} runtimes x {args.runs} runs (load {load_before}) ...')
    results = measure(workloads, rts, args)
    startup = None
    if hello and args.startup_runs:
        log(f'start-up: {args.startup_runs} runs of {STARTUP_WORKLOAD} per runtime ...')
        startup = measure_startup(hello, rts, args)
    load_after = loadavg()
    finished = datetime.datetime.now().astimezone()

    text = report(results, startup, rts, workloads, args)
    log('')
    log(f'{platform.node()}: {os.cpu_count()} CPUs, load average {load_before} before, {load_after} after; '
        f'{started:%Y-%m-%d %H:%M} - {finished:%H:%M}')
    log(text)

    gw, used = bar_geomean(results, 'median_wall') if 'mosaic' in rts and 'wasm3' in rts else (None, [])
    gc, _ = bar_geomean(results, 'median_cpu') if 'mosaic' in rts and 'wasm3' in rts else (None, [])
    data = {
        'started': started.isoformat(timespec='seconds'), 'finished': finished.isoformat(timespec='seconds'),
        'machine': {'host': platform.node(), 'cpus': os.cpu_count(), 'kernel': platform.release(),
                    'loadavg_before': load_before, 'loadavg_after': load_after},
        'runs': args.runs, 'startup_runs': args.startup_runs,
        'runtimes': {k: {'path': v['path'], 'version': v['version']} for k, v in rts.items()},
        'workloads': {w.name: {'description': w.description, 'wasm': str(w.wasm), 'native': str(w.native),
                               'results': results[w.name]} for w in workloads},
        'bar': {'workloads': used, 'geomean_mosaic_over_wasm3_wall': gw, 'geomean_mosaic_over_wasm3_cpu': gc},
        'startup': startup,
        'report': text,
    }
    js = build_dir / 'results.json'
    js.write_text(json.dumps(data, indent=1))
    log(f'\nJSON: {js}')
    if not args.no_chart:
        charts(results, startup, rts, workloads, build_dir, args.runs, started, load_before)


def charts(results, startup, rts, workloads, build_dir, runs, started, load_before):
    for key, stem, what in (('median_wall', 'results', 'wall'), ('median_cpu', 'results-cpu', 'CPU')):
        g, used = bar_geomean(results, key) if 'mosaic' in rts and 'wasm3' in rts else (None, [])
        summary = (f'WebAssembly runtimes vs native: median {what} time of {runs} runs '
                   f'({started:%Y-%m-%d %H:%M}, load {load_before})')
        if g:
            summary += f'\ngeomean of mosaic/wasm3 over {"+".join(used)}: {g:.2f}'
        if startup and key == 'median_wall':
            summary += ('\nhello start-up, median ms: ' +
                        ', '.join(f'{rt} {startup[rt]["median_ms"]:.1f}' for rt in rts
                                  if startup.get(rt, {}).get('median_ms')))
        svg = chart(results, rts, workloads, build_dir, summary, key, stem)
        if svg:
            log(f'chart ({what} time): {svg}')


def replot(path, args):
    """--replot: prints the report and redraws the charts of an earlier results.json, without running."""
    path = Path(path).resolve()
    data = json.loads(path.read_text())

    class W:
        def __init__(self, name):
            self.name = name
    workloads = [W(n) for n in data['workloads']]
    results = {n: v['results'] for n, v in data['workloads'].items()}
    rts = data['runtimes']
    args.runs = data['runs']
    args.startup_runs = data['startup_runs']
    started = datetime.datetime.fromisoformat(data['started'])
    m = data['machine']
    log(f'{m["host"]}: {m["cpus"]} CPUs, load average {m["loadavg_before"]} before, {m["loadavg_after"]} after; '
        f'{started:%Y-%m-%d %H:%M} - {datetime.datetime.fromisoformat(data["finished"]):%H:%M}')
    log(report(results, data['startup'], rts, workloads, args))
    if not args.no_chart:
        charts(results, data['startup'], rts, workloads, path.parent, data['runs'], started, m['loadavg_before'])


if __name__ == '__main__':
    main()
