#!/usr/bin/env python3
"""End-to-end tests of `mosaic serve` (README.md): one case per run.

    serve_test.py --mosaic BIN --node NODE --jco JCO_JS --js HELLO_HTTP_WASM --guests GUEST_DIR CASE

CASE is js, js_reference, echo_50mb, faults, outgoing or shutdown. Each case starts its server(s) on a free
loopback port, waits for the ready line, runs its checks with a small HTTP/1.1 client of its own (full duplex:
a request body is sent from one thread while the response is read in another, as a streaming echo needs), and
stops the server with SIGTERM, expecting exit status 0. Servers die with this process whatever happens
(PR_SET_PDEATHSIG, and a kill on every exit path). Exit status: 0 pass, 1 fail, 77 skipped.
"""

import argparse
import contextlib
import ctypes
import hashlib
import http.server
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time

HOST = "127.0.0.1"
READY_TIMEOUT = 120.0  # a 14 MB component on a busy machine; jco serve transpiles first
IO_TIMEOUT = 60.0


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def log(message):
    print(message, flush=True)


# --- servers -----------------------------------------------------------------------------------------------------


def _die_with_parent():
    # PR_SET_PDEATHSIG: the server gets SIGKILL if this process dies first (a ctest timeout kills only us).
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)


class Server:
    """A server process whose output lines are collected; ready once a line matches ready_re (group 1: port)."""

    mosaic_path = None  # the binary under test: only its exit status is checked

    def __init__(self, name, argv, ready_re):
        self.name = name
        self.argv = argv
        self.lines = []
        self.cond = threading.Condition()
        self.port = None
        log(f"[{name}] $ {' '.join(argv)}")
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, preexec_fn=_die_with_parent)
        self.readers = [threading.Thread(target=self._read, args=(stream,), daemon=True)
                        for stream in (self.proc.stdout, self.proc.stderr)]
        for reader in self.readers:
            reader.start()
        try:
            self._wait_ready(re.compile(ready_re))
        except BaseException:
            self.kill()
            raise

    def _read(self, stream):
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\n")
            with self.cond:
                self.lines.append(line)
                self.cond.notify_all()

    def _wait_ready(self, ready_re):
        deadline = time.monotonic() + READY_TIMEOUT
        with self.cond:
            while True:
                for line in self.lines:
                    match = ready_re.search(line)
                    if match:
                        self.port = int(match.group(1))
                        self.ready_index = self.lines.index(line)
                        log(f"[{self.name}] ready on port {self.port}")
                        return
                if self.proc.poll() is not None:
                    raise Failure(f"{self.name} exited with status {self.proc.returncode} before it was ready:\n"
                                  + self.output())
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Failure(f"{self.name} was not ready after {READY_TIMEOUT:.0f} s:\n" + self.output())
                self.cond.wait(min(left, 0.2))

    def output(self):
        with self.cond:
            return "\n".join(f"  | {line}" for line in self.lines)

    def lines_after_ready(self):
        with self.cond:
            return list(self.lines[self.ready_index + 1:])

    def stop(self, expect_status=0, timeout=30.0):
        """SIGTERM, then the exit status must be expect_status (None: any; always for jco serve)."""
        if self.argv[0] != self.mosaic_path:
            expect_status = None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            status = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise Failure(f"{self.name} did not exit within {timeout:.0f} s of SIGTERM:\n" + self.output())
        for reader in self.readers:
            reader.join(5)
        if expect_status is not None and status != expect_status:
            raise Failure(f"{self.name} exited with status {status} after SIGTERM, expected {expect_status}:\n"
                          + self.output())
        log(f"[{self.name}] exited with status {status}")

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@contextlib.contextmanager
def servers():
    """Yields a list to append Servers to; every one still running at the end is killed."""
    started = []
    try:
        yield started
    except BaseException:
        for server in started:
            log(f"[{server.name}] output:\n{server.output()}")
        raise
    finally:
        for server in started:
            server.kill()


def mosaic_server(args, name, component, flags=()):
    if args.server == "jco":  # checking the harness and the guests against the reference (flags ignored)
        return jco_server(args, name.replace("mosaic", "jco serve"), component)
    return Server(name, [args.mosaic, "serve", "--addr", f"{HOST}:0", *flags, component],
                  r"Serving HTTP on http://127\.0\.0\.1:(\d+)/")


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def jco_server(args, name, component):
    return Server(name, [args.node, args.jco, "serve", "--host", HOST, "--port", str(free_port()),
                         "--isolate-requests=instance", component], r"Server listening @ [^:]+:(\d+)")


# --- an HTTP/1.1 client --------------------------------------------------------------------------------------------


class Response:
    def __init__(self, status, reason, headers):
        self.status = status
        self.reason = reason
        self.headers = headers  # [(lower-case name, value)]
        self.body = b""
        self.length = 0
        self.sha256 = None

    def header(self, name):
        values = [value for key, value in self.headers if key == name.lower()]
        return values[0] if len(values) == 1 else (None if not values else values)


class Connection:
    """One keep-alive connection. request() sends a request (body: bytes, or an iterable of bytes, sent from
    another thread while the response is read) and reads the whole response."""

    def __init__(self, port, timeout=IO_TIMEOUT):
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.reader = self.sock.makefile("rb")

    def close(self):
        with contextlib.suppress(OSError):
            self.reader.close()
            self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()

    def send_head(self, method, path, headers):
        head = f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in headers)
        self.sock.sendall((head + "\r\n").encode())

    def request(self, method, path, headers=(), body=None, chunked=False, keep_body=True):
        headers = list(headers)
        sender = None
        sent = {"error": None}
        if body is None:
            self.send_head(method, path, headers)
        elif isinstance(body, (bytes, bytearray)) and not chunked:
            self.send_head(method, path, headers + [("Content-Length", str(len(body)))])
            self.sock.sendall(body)
        else:
            if chunked:
                headers.append(("Transfer-Encoding", "chunked"))
            self.send_head(method, path, headers)
            pieces = [body] if isinstance(body, (bytes, bytearray)) else body

            def send():
                try:
                    for piece in pieces:
                        if chunked and piece:
                            self.sock.sendall(b"%x\r\n" % len(piece) + piece + b"\r\n")
                        elif not chunked:
                            self.sock.sendall(piece)
                    if chunked:
                        self.sock.sendall(b"0\r\n\r\n")
                except OSError as error:
                    sent["error"] = error

            sender = threading.Thread(target=send, daemon=True)
            sender.start()
        response = self.read_response(keep_body, head_request=(method == "HEAD"))
        if sender:
            sender.join(IO_TIMEOUT)
            check(not sender.is_alive(), "the request body was still being sent after the response ended")
            check(sent["error"] is None, f"sending the request body failed: {sent['error']}")
        return response

    def _line(self):
        line = self.reader.readline(65537)
        if not line:
            raise Failure("the connection closed before a complete response")
        return line.rstrip(b"\r\n").decode("latin-1")

    def read_response(self, keep_body=True, head_request=False):
        status_line = self._line()
        match = re.match(r"HTTP/1\.[01] (\d{3}) ?(.*)", status_line)
        check(match, f"bad status line {status_line!r}")
        headers = []
        while True:
            line = self._line()
            if not line:
                break
            name, _, value = line.partition(":")
            headers.append((name.strip().lower(), value.strip()))
        response = Response(int(match.group(1)), match.group(2), headers)
        digest = hashlib.sha256()
        kept = []

        def take(data):
            digest.update(data)
            response.length += len(data)
            if keep_body:
                kept.append(data)

        encoding = response.header("transfer-encoding")
        length = response.header("content-length")
        if head_request or response.status in (204, 304) or 100 <= response.status < 200:
            pass
        elif encoding and "chunked" in encoding.lower():
            while True:
                size = int(self._line().split(";")[0], 16)
                if size == 0:
                    while self._line():  # trailers
                        pass
                    break
                while size > 0:
                    data = self.reader.read(min(size, 1 << 20))
                    check(data, "the connection closed inside a chunk")
                    take(data)
                    size -= len(data)
                check(self._line() == "", "a chunk does not end with CRLF")
        elif length is not None:
            left = int(length)
            while left > 0:
                data = self.reader.read(min(left, 1 << 20))
                check(data, f"the connection closed with {left} body bytes missing")
                take(data)
                left -= len(data)
        else:
            while True:
                data = self.reader.read(1 << 20)
                if not data:
                    break
                take(data)
        response.body = b"".join(kept)
        response.sha256 = digest.hexdigest()
        return response


def get(port, path, **kwargs):
    with Connection(port) as connection:
        return connection.request("GET", path, **kwargs)


def generated(total, seed, piece=64 * 1024):
    """total bytes of pseudo-random data in pieces, and their SHA-256 when fully iterated (gen.sha256)."""

    class Generated:
        def __init__(self):
            self.digest = hashlib.sha256()

        def __iter__(self):
            rng = random.Random(seed)
            left = total
            while left > 0:
                n = min(piece, left)
                data = rng.randbytes(n)
                self.digest.update(data)
                left -= n
                yield data

        def sha256(self):
            return self.digest.hexdigest()

    return Generated()


def expected_sha256(total, seed, piece=64 * 1024):
    gen = generated(total, seed, piece)
    for _ in gen:
        pass
    return gen.sha256()


# --- cases -----------------------------------------------------------------------------------------------------------


def check_hello(response, path):
    check(response.status == 200, f"GET {path}: status {response.status}, expected 200")
    pathname = path.split("?")[0]
    expected = f"hello from {pathname}\n".encode()
    check(response.body == expected, f"GET {path}: body {response.body!r}, expected {expected!r}")
    check(response.header("content-type") == "text/plain",
          f"GET {path}: content-type {response.header('content-type')!r}, expected 'text/plain'")
    check(response.header("x-served-by") == "componentize-js",
          f"GET {path}: x-served-by {response.header('x-served-by')!r}, expected 'componentize-js'")


def js_cases(server, access_log):
    port = server.port
    check_hello(get(port, "/abc"), "/abc")
    log("GET /abc -> 200 'hello from /abc' with content-type and x-served-by")
    paths = ["/one", "/two/three", "/four?q=1", "/"]
    with Connection(port) as connection:
        for path in paths:
            response = connection.request("GET", path)
            check_hello(response, path)
            check((response.header("connection") or "").lower() != "close",
                  f"GET {path}: the server closed a keep-alive connection")
    log(f"{len(paths)} requests on one keep-alive connection -> 200")
    start = time.monotonic()
    count = 10
    with Connection(port) as connection:
        for i in range(count):
            check_hello(connection.request("GET", f"/seq/{i}"), f"/seq/{i}")
    elapsed = time.monotonic() - start
    log(f"{count} sequential requests: {elapsed:.2f} s ({count / elapsed:.1f} requests/s)")
    if access_log:
        time.sleep(0.2)
        lines = server.lines_after_ready()
        for path in ["/abc", *paths, "/seq/9"]:
            check(any(path in line for line in lines), f"no access-log line names {path}:\n" + server.output())
        check(len(lines) >= 1 + len(paths) + count,
              f"{len(lines)} lines after the ready line, expected one per request ({1 + len(paths) + count})")
        log(f"access log: {len(lines)} lines, e.g. {lines[0]!r}")


def case_js(args):
    with servers() as started:
        started.append(server := mosaic_server(args, "mosaic", args.js))
        js_cases(server, access_log=True)
        server.stop()


def case_js_reference(args):
    with servers() as started:
        started.append(server := jco_server(args, "jco serve", args.js))
        js_cases(server, access_log=False)
        server.stop(expect_status=None)


def echo_check(port, path, total, seed, chunked=False, content_type="application/octet-stream"):
    body = generated(total, seed)
    start = time.monotonic()
    with Connection(port) as connection:
        response = connection.request("POST", path, [("Content-Type", content_type)] +
                                      ([] if chunked else [("Content-Length", str(total))]),
                                      body=body, chunked=chunked, keep_body=False)
    elapsed = time.monotonic() - start
    check(response.status == 200, f"POST {path} ({total} bytes): status {response.status}")
    check(response.length == total, f"POST {path}: {response.length} bytes back, sent {total}")
    check(response.sha256 == body.sha256(), f"POST {path}: the body came back different (SHA-256)")
    check(response.header("content-type") == content_type,
          f"POST {path}: content-type {response.header('content-type')!r}, expected {content_type!r}")
    return elapsed


def case_echo_50mb(args):
    with servers() as started:
        started.append(server := mosaic_server(args, "mosaic", os.path.join(args.guests, "echo.wasm")))
        port = server.port
        total = 50 * 1000 * 1000
        elapsed = echo_check(port, "/echo", total, seed=50)
        log(f"50 MB echoed, SHA-256 equal: {elapsed:.2f} s ({total / elapsed / 1e6:.1f} MB/s each way)")
        elapsed = echo_check(port, "/echo?mode=check-write", 4 * 1000 * 1000 + 7, seed=4)
        log(f"4 MB echoed through check-write/write/blocking-flush: {elapsed:.2f} s")
        with Connection(port) as connection:
            response = connection.request("POST", "/empty", [("Content-Type", "text/plain")], body=b"")
            check(response.status == 200 and response.body == b"",
                  f"empty POST: status {response.status}, {response.length} bytes back")
            # Chunks of irregular sizes, on the same connection.
            rng = random.Random(7)
            pieces = [rng.randbytes(n) for n in (1, 100, 70000, 3, 4096, 200000, 65536, 65537, 17)]
            response = connection.request("POST", "/chunked", [("Content-Type", "application/x-chunks")],
                                          body=pieces, chunked=True)
            check(response.status == 200, f"chunked POST: status {response.status}")
            check(response.body == b"".join(pieces),
                  f"chunked POST: {response.length} bytes back, sent {sum(map(len, pieces))}, or different")
            check(response.header("content-type") == "application/x-chunks", "chunked POST: content-type lost")
        log("empty body -> empty 200; chunked request (9 chunks, 409 KB) -> echoed")
        server.stop()


def case_faults(args):
    guests = args.guests
    memory_limit = 32 * 1024 * 1024
    # The deadline also bounds the good requests, which share the cores with two guests spinning until it
    # passes: generous enough for them under AddressSanitizer.
    deadline = 5
    flags = ["-W", f"timeout={deadline}s", "-W", f"max-memory-size={memory_limit}"]
    with servers() as started:
        started.append(mixed := mosaic_server(args, "mosaic echo", os.path.join(guests, "echo.wasm"), flags))
        singles = {}
        for name in ("trap", "loop", "oom"):
            started.append(server := mosaic_server(args, f"mosaic {name}", os.path.join(guests, f"{name}.wasm"),
                                                   flags))
            singles[name] = server

        results = {}
        errors = []

        def run(key, fn):
            try:
                start = time.monotonic()
                value = fn()
                results[key] = (value, time.monotonic() - start)
            except Exception as error:  # reported below, with the key
                errors.append(f"{key}: {error!r}")

        def status_of(port, path):
            return lambda: get(port, path).status

        jobs = [("trap", status_of(mixed.port, "/trap")), ("loop", status_of(mixed.port, "/loop")),
                ("oom", status_of(mixed.port, "/oom"))]
        for name, server in singles.items():
            jobs.append((f"{name}.wasm", status_of(server.port, "/")))
        for i in range(8):
            jobs.append((f"good {i}", lambda i=i: echo_check(mixed.port, f"/good/{i}", 256 * 1024 + i, seed=i)))
        threads = [threading.Thread(target=run, args=job, daemon=True) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(IO_TIMEOUT)
        check(not errors, "requests failed:\n  " + "\n  ".join(errors))
        check(len(results) == len(jobs), f"{len(jobs) - len(results)} requests did not finish")

        for key, expected in [("trap", 500), ("oom", 500), ("loop", 503), ("trap.wasm", 500), ("oom.wasm", 500),
                              ("loop.wasm", 503)]:
            status, elapsed = results[key]
            check(status == expected, f"{key}: status {status}, expected {expected}")
            log(f"{key}: {status} in {elapsed:.2f} s")
        for key in ("loop", "loop.wasm"):
            elapsed = results[key][1]
            check(deadline - 0.1 <= elapsed <= 2 * deadline,
                  f"{key}: answered after {elapsed:.2f} s, expected the {deadline} s deadline")
        slowest_good = max(results[f"good {i}"][1] for i in range(8))
        log(f"8 concurrent good echo requests: all 200 and equal (slowest {slowest_good:.2f} s)")

        # Afterwards the server still serves, the faults again included.
        echo_check(mixed.port, "/after", 1000, seed=99)
        check(get(mixed.port, "/trap").status == 500, "a second trap is not a 500")
        echo_check(mixed.port, "/after-again", 1000, seed=98)
        log("afterwards: echo -> 200, trap -> 500, echo -> 200")
        for server in started:
            server.stop()


class Upstream(http.server.ThreadingHTTPServer):
    """A local origin server for the fetch guest: GET /x answers 203 with a known body; every path is recorded."""

    body = b"hello from the upstream server\n"

    def __init__(self):
        self.paths = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                outer.paths.append(self.path)
                status = 203 if self.path == "/x" else 404
                body = outer.body if status == 203 else b"not found\n"
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_):
                pass

        super().__init__((HOST, 0), Handler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self):
        return self.server_address[1]

    def close(self):
        self.shutdown()
        self.server_close()


def case_outgoing(args):
    fetch = os.path.join(args.guests, "fetch.wasm")
    upstream = Upstream()
    other = Upstream()  # a second origin, on a port that is not allowed
    try:
        with servers() as started:
            allowed = f"{HOST}:{upstream.port}"
            started.append(with_flag := mosaic_server(args, "mosaic allow-http", fetch, ["-S", f"allow-http={allowed}"]))
            started.append(without := mosaic_server(args, "mosaic", fetch))

            response = get(with_flag.port, f"/?url=http://{allowed}/x")
            check(response.status == 203 and response.body == Upstream.body,
                  f"allowed fetch: {response.status} {response.body!r}, expected 203 {Upstream.body!r}")
            check(upstream.paths == ["/x"], f"the upstream server saw {upstream.paths}, expected ['/x']")
            log(f"-S allow-http={allowed}: fetch /x -> 203 and the upstream body")

            response = get(with_flag.port, f"/?url=http://{allowed}/missing")
            check(response.status == 404 and response.body == b"not found\n",
                  f"allowed fetch of /missing: {response.status} {response.body!r}")
            log("an upstream 404 comes through as 404")

            denied = b"error-code: HTTP-request-denied\n"
            response = get(with_flag.port, f"/?url=http://{HOST}:{other.port}/x")
            check(response.status == 502 and response.body == denied,
                  f"fetch of a port not allowed: {response.status} {response.body!r}, expected 502 {denied!r}")
            response = get(without.port, f"/?url=http://{allowed}/x")
            check(response.status == 502 and response.body == denied,
                  f"fetch without -S allow-http: {response.status} {response.body!r}, expected 502 {denied!r}")
            check(other.paths == [] and upstream.paths == ["/x", "/missing"],
                  f"a denied request reached a server: {upstream.paths} {other.paths}")
            log("another port, and no flag: the guest sees HTTP-request-denied; nothing reaches the network")
            for server in started:
                server.stop()
    finally:
        upstream.close()
        other.close()


def case_shutdown(args):
    with servers() as started:
        started.append(server := mosaic_server(args, "mosaic", os.path.join(args.guests, "echo.wasm")))
        pieces = [bytes([65 + i]) * 1000 for i in range(10)]
        total = sum(map(len, pieces))
        result = {}

        def slow_body():
            for i, piece in enumerate(pieces):
                yield piece
                if i == 1:
                    result["term_at"] = time.monotonic()
                    server.proc.send_signal(signal.SIGTERM)  # the request is in flight
                time.sleep(0.2)

        start = time.monotonic()
        with Connection(server.port) as connection:
            response = connection.request("POST", "/slow", [("Content-Type", "text/plain"),
                                                             ("Content-Length", str(total))], body=slow_body())
        finished = time.monotonic()
        check(response.status == 200 and response.body == b"".join(pieces),
              f"the slow request: status {response.status}, {response.length} bytes back (sent {total})")
        # Eight more pieces, 0.2 s apart, were still to be sent after SIGTERM.
        check(finished - result["term_at"] >= 1.4,
              f"the request ended {finished - result['term_at']:.2f} s after SIGTERM, expected >= 1.6 s")
        log(f"SIGTERM {result['term_at'] - start:.2f} s into a slow request; it completed "
            f"{finished - result['term_at']:.2f} s later with all {total} bytes echoed")
        server.stop(expect_status=0, timeout=30)


CASES = {"js": case_js, "js_reference": case_js_reference, "echo_50mb": case_echo_50mb,
         "faults": case_faults, "outgoing": case_outgoing, "shutdown": case_shutdown}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mosaic", required=True)
    parser.add_argument("--node", default="node")
    parser.add_argument("--jco", help="jco's dist/jco.js")
    parser.add_argument("--js", help="the componentize-js component (hello-http.wasm)")
    parser.add_argument("--guests", help="the directory of the C guests' components")
    parser.add_argument("--server", choices=["mosaic", "jco"], default="mosaic",
                        help="jco: run the case under jco serve instead (a check on the harness; flags ignored)")
    parser.add_argument("case", choices=sorted(CASES))
    args = parser.parse_args()
    needed = [args.js] if args.case.startswith("js") else []
    if args.case in ("echo_50mb", "faults", "shutdown"):
        needed.append(os.path.join(args.guests or "", "echo.wasm"))
    Server.mosaic_path = args.mosaic
    for path in needed:
        if not path or not os.path.exists(path):
            print(f"skipped: {path} was not built")
            return 77
    try:
        CASES[args.case](args)
    except Failure as failure:
        print(f"FAIL {args.case}: {failure}", flush=True)
        return 1
    print(f"PASS {args.case}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
