#!/usr/bin/env python3
"""Throughput of `mosaic serve` against `jco serve --isolate-requests=instance`, with wrk, in one run.

    python3 bench/serve/run.py [--build-dir DIR] [--mosaic PATH] [--component FILE] [--duration SECONDS]
                               [--threads N] [--connections N] [--path PATH] [--only mosaic|jco] [--json FILE]

The component is the componentize-js HTTP handler of tests/wasi_http (js-http/hello-http.js, StarlingMonkey,
about 14 MB; it answers "hello from PATH"), which the tests' CMake builds into
DIR/tests/wasi_http/js-http/hello-http.wasm (`ninja -C DIR wasi_http_js_component`). Both servers give every
request a fresh instance of it. Each server in turn is started on a free loopback port, warmed up with one
request, loaded with `wrk -tT -cC -dDs --latency http://127.0.0.1:PORT/PATH` (defaults -t2 -c16 -d30s, the
issue's bar), and stopped with SIGTERM. Printed per server: requests/s, p50 and p99 latency, the request count,
non-2xx/3xx responses and socket errors (connect, read, write, timeout), and the ratio mosaic/jco of
requests/s; for mosaic also the mean and median instantiation time per request, from its access log
("(instantiate X.XXms)" on each line), and the exit status after SIGTERM.

Needs wrk (Debian: `apt-get install wrk`), node and jco (scripts/setup.sh). Uses only Python's standard library.
The machine is shared: use --duration 5 for a quick look, the full 30 s for figures to quote.
"""

import argparse
import contextlib
import ctypes
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HOST = "127.0.0.1"


def die_with_parent():
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class Server:
    """A server process; its output lines are kept (the access log) and the port read from its ready line."""

    def __init__(self, name, argv, ready_re, timeout=180.0):
        self.name = name
        self.lines = []
        self.lock = threading.Lock()
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, preexec_fn=die_with_parent)
        self.readers = [threading.Thread(target=self._read, args=(s,), daemon=True)
                        for s in (self.proc.stdout, self.proc.stderr)]
        for reader in self.readers:
            reader.start()
        pattern = re.compile(ready_re)
        deadline = time.monotonic() + timeout
        self.port = None
        while self.port is None:
            with self.lock:
                for line in self.lines:
                    match = pattern.search(line)
                    if match:
                        self.port = int(match.group(1))
                        break
            if self.port is None:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.kill()
                    raise RuntimeError(f"{name} did not start:\n" + "\n".join(self.lines[-20:]))
                time.sleep(0.1)

    def _read(self, stream):
        for raw in iter(stream.readline, b""):
            with self.lock:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def stop(self, timeout=60.0):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            status = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            status = "killed (no exit after SIGTERM)"
        for reader in self.readers:
            reader.join(5)
        return status

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(text):
    """requests/s, p50/p99 (ms), requests, non-2xx/3xx and socket errors from wrk --latency's report."""
    result = {"requests_per_s": None, "p50_ms": None, "p99_ms": None, "requests": None, "non_2xx": 0,
              "socket_errors": 0}
    match = re.search(r"Requests/sec:\s+([0-9.]+)", text)
    if match:
        result["requests_per_s"] = float(match.group(1))
    for pct, key in (("50", "p50_ms"), ("99", "p99_ms")):
        match = re.search(rf"^\s*{pct}(?:\.000)?%\s+([0-9.]+)(us|ms|s|m)\s*$", text, re.M)
        if match:
            result[key] = to_ms(match.group(1), match.group(2))
    match = re.search(r"(\d+) requests in", text)
    if match:
        result["requests"] = int(match.group(1))
    match = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    if match:
        result["non_2xx"] = int(match.group(1))
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if match:
        result["socket_errors"] = sum(int(g) for g in match.groups())
    return result


def run_one(name, argv, ready_re, args):
    print(f"== {name}: {' '.join(argv)}", flush=True)
    server = Server(name, argv, ready_re)
    try:
        url = f"http://{HOST}:{server.port}{args.path}"
        with urllib.request.urlopen(url, timeout=60) as response:  # warm-up, and a check of the answer
            body = response.read()
        print(f"   warm-up: {response.status} {body[:60]!r}", flush=True)
        wrk = [args.wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--latency",
               "--timeout", "10s", url]
        print(f"   $ {' '.join(wrk)}", flush=True)
        completed = subprocess.run(wrk, capture_output=True, text=True, timeout=args.duration + 120)
        if args.verbose:
            print(completed.stdout)
        result = parse_wrk(completed.stdout)
        if result["requests_per_s"] is None:
            raise RuntimeError(f"cannot read wrk's report:\n{completed.stdout}\n{completed.stderr}")
    finally:
        status = server.stop()
    result["exit_status"] = status
    times = []
    for line in server.lines:
        match = re.search(r"\(instantiate ([0-9.]+)ms\)", line)
        if match:
            times.append(float(match.group(1)))
    if times:
        result["instantiations"] = len(times)
        result["instantiate_mean_ms"] = statistics.fmean(times)
        result["instantiate_median_ms"] = statistics.median(times)
    return result


def fmt(value, spec):
    return "-" if value is None else format(value, spec)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    parser.add_argument("--mosaic", help="the mosaic binary (default: BUILD_DIR/mosaic)")
    parser.add_argument("--component", help="default: BUILD_DIR/tests/wasi_http/js-http/hello-http.wasm")
    parser.add_argument("--duration", type=int, default=30, help="seconds of load per server (default 30)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--path", default="/bench")
    parser.add_argument("--only", choices=["mosaic", "jco"])
    parser.add_argument("--node", default="node")
    parser.add_argument("--jco", default=os.path.join(ROOT, "node_modules/@bytecodealliance/jco/dist/jco.js"))
    parser.add_argument("--wrk", default="wrk")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("-v", "--verbose", action="store_true", help="print wrk's reports")
    args = parser.parse_args()
    mosaic = args.mosaic or os.path.join(args.build_dir, "mosaic")
    component = args.component or os.path.join(args.build_dir, "tests/wasi_http/js-http/hello-http.wasm")

    if not shutil.which(args.wrk):
        print("wrk is not installed; on Debian: apt-get install wrk", file=sys.stderr)
        return 2
    missing = [path for path in (component,) if not os.path.exists(path)]
    if args.only != "jco" and not os.path.exists(mosaic):
        missing.append(mosaic)
    if args.only != "mosaic" and not os.path.exists(args.jco):
        missing.append(f"{args.jco} (run scripts/setup.sh)")
    if missing:
        print("missing: " + ", ".join(missing) + f"\n(build: ninja -C {args.build_dir} mosaic "
              "wasi_http_js_component)", file=sys.stderr)
        return 2

    runs = {}
    if args.only != "jco":
        runs["mosaic"] = run_one("mosaic", [mosaic, "serve", "--addr", f"{HOST}:0", component],
                                 r"Serving HTTP on http://127\.0\.0\.1:(\d+)/", args)
    if args.only != "mosaic":
        runs["jco"] = run_one("jco", [args.node, args.jco, "serve", "--host", HOST, "--port", str(free_port()),
                                      "--isolate-requests=instance", component],
                              r"Server listening @ [^:]+:(\d+)", args)

    print()
    print(f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, {os.path.basename(component)} "
          f"({os.path.getsize(component) / 1e6:.1f} MB), a fresh instance per request")
    print(f"{'server':8} {'requests/s':>11} {'p50 ms':>9} {'p99 ms':>9} {'requests':>9} {'non-2xx':>8} "
          f"{'sock err':>8}")
    for name, r in runs.items():
        print(f"{name:8} {fmt(r['requests_per_s'], '11.1f')} {fmt(r['p50_ms'], '9.2f')} {fmt(r['p99_ms'], '9.2f')} "
              f"{fmt(r['requests'], '9d')} {r['non_2xx']:8d} {r['socket_errors']:8d}")
    if "mosaic" in runs and "jco" in runs and runs["jco"]["requests_per_s"]:
        ratio = runs["mosaic"]["requests_per_s"] / runs["jco"]["requests_per_s"]
        runs["ratio_mosaic_jco"] = ratio
        print(f"ratio mosaic/jco (requests/s): {ratio:.1f}x")
    if "mosaic" in runs:
        r = runs["mosaic"]
        if "instantiations" in r:
            print(f"mosaic instantiation per request: mean {r['instantiate_mean_ms']:.3f} ms, median "
                  f"{r['instantiate_median_ms']:.3f} ms over {r['instantiations']} requests (access log)")
        else:
            print("mosaic instantiation per request: no '(instantiate X.XXms)' in the access log")
        print(f"mosaic exit status after SIGTERM: {r['exit_status']}")
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"duration_s": args.duration, "threads": args.threads, "connections": args.connections,
                       "component": component, "results": runs}, out, indent=2)
    failed = any(r["non_2xx"] or r["socket_errors"] for r in runs.values() if isinstance(r, dict))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
