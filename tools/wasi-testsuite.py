#!/usr/bin/env python3
"""Runs the official WASI test suite (github.com/WebAssembly/wasi-testsuite) against `mosaic run`.

    tools/wasi-testsuite.py [--mosaic CMD [--components [--component-cache DIR]] | --node]
                            [--expected-failures FILE] [--timeout S] [--env NAME=VALUE] [-k PATTERN]... [-v] DIR...

Each DIR is a test-suite folder such as wasi-testsuite/tests/rust/testsuite/wasm32-wasip1 (or the suite's top
folder, for all its tests/*/testsuite/wasm32-wasip1 folders): every NAME.wasm in it is a test, configured by
NAME.json when there is one (doc/specification.md of the suite: the legacy {args, env, root, exit_code,
stdout, stderr} form or the operation-based {proposals, operations} form). Like the suite's own runner with
its wasmtime adapter, a test runs as

    mosaic run [--env NAME=VALUE]... [--dir ROOT::/] DIR/NAME.wasm ARGS...

with `root` (relative to DIR) preopened as the guest's "/", stdin a pipe that is closed when the test is
waited for, and the runner's environment (mosaic itself gives the guest only the --env variables). Every
`*.cleanup` file or folder under `root` is deleted before and after each test. A `read` checks that the next
len(payload) bytes of stdout/stderr are the payload (so the legacy "stdout" is a prefix check, as upstream);
`wait` checks the exit status; `connect`/`send`/`recv` talk TCP to an address the guest prints on stdout.
Tests that need the http or sockets proposals, the http world or `request` operations, and components
(wasm32-wasip2/3), are skipped with the reason.

Prints one line per test (PASS, FAIL, XFAIL = listed failure that failed, XPASS = listed failure that passed,
SKIP) and a summary; exits 1 when a test fails unexpectedly or a listed test passes, 2 on a bad command line.

--mosaic is a command, split like a shell would (e.g. 'valgrind build/mosaic'); `run` and the options follow
it. --node runs the suite on node:wasi (tests/wasi/run-node.mjs) instead, for comparison. The expected-failures
file (default: tests/wasi/testsuite-expected-failures.txt) has one `LANG/NAME  reason` a line, LANG being the
folder two levels above DIR (c, rust, assemblyscript); `#` starts a comment.

--components runs the same preview1 tests as WASI 0.2 command components: each NAME.wasm is first wrapped with
jco's bundled preview1 adapter (what `jco new NAME.wasm --wasi-command` does; all of them in one node process
through jco's JavaScript API), and `mosaic run` is given the component, with the same flags and the same checks.
Wrapped files are cached in --component-cache (default: wasi-testsuite-components/ next to the mosaic binary,
the last word of --mosaic that names a file),
named by the SHA-256 of the module and of the adapter, so a rerun wraps nothing and a new jco rewraps. The
expected-failures file is then tests/wasi_p2/testsuite-expected-failures.txt. One difference is legitimate and
handled here, not listed: the adapter's proc_exit calls wasi:cli/exit.exit(result<_, _>), which carries no
status code, so any non-zero status a test expects becomes 1 (the line says "exit N as a module"). Since
`mosaic run` also exits 1 when it fails itself, such a status counts only when mosaic printed no diagnostic of
its own (an "error: " line or a wasm backtrace) on stderr.
"""

import argparse
import fnmatch
import hashlib
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MOSAIC = PROJECT_ROOT / "build" / "mosaic"
DEFAULT_EXPECTED = PROJECT_ROOT / "tests" / "wasi" / "testsuite-expected-failures.txt"
DEFAULT_EXPECTED_COMPONENTS = PROJECT_ROOT / "tests" / "wasi_p2" / "testsuite-expected-failures.txt"
JCO_PACKAGE = PROJECT_ROOT / "node_modules" / "@bytecodealliance" / "jco"
ADAPTER = JCO_PACKAGE / "lib" / "wasi_snapshot_preview1.command.wasm"

LEGACY_KEYS = {"args", "root", "env", "exit_code", "stderr", "stdout"}
OPERATION_KEYS = {"proposals", "operations", "debug", "world", "servers"}
OPERATION_TYPES = {"run", "wait", "read", "write", "connect", "send", "recv", "request", "kill"}
SUPPORTED_WORLD = "wasi:cli/command"


class ConfigError(Exception):
    pass


class TestFailure(Exception):
    """An expectation of an operation that does not hold."""


# --- configuration -----------------------------------------------------------------------------------------


def load_config(wasm: Path):
    """Returns (operations, proposals, world, debug, servers) for the test NAME.wasm: operations as dicts with
    every field filled in (root resolved against the test's folder)."""
    json_path = wasm.with_suffix(".json")
    if not json_path.exists():
        return [{"type": "run", "args": [], "env": {}, "root": None}, {"type": "wait", "exit_code": 0}], [], \
            SUPPORTED_WORLD, False, []
    try:
        config = json.loads(json_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ConfigError(f"{json_path.name}: {e}") from e
    if not isinstance(config, dict):
        raise ConfigError(f"{json_path.name}: not a JSON object")
    keys = set(config)
    if keys & OPERATION_KEYS:
        if keys & LEGACY_KEYS:
            raise ConfigError(f"{json_path.name}: mixes the legacy and the operation-based forms")
        ops = [normalize_op(op, wasm.parent, json_path) for op in config.get("operations") or []]
        validate_ops(ops, json_path)
        return ops, list(config.get("proposals") or []), config.get("world", SUPPORTED_WORLD), \
            bool(config.get("debug")), list(config.get("servers") or [])
    unknown = keys - LEGACY_KEYS
    if unknown:
        raise ConfigError(f"{json_path.name}: unknown keys {sorted(unknown)}")
    ops = [normalize_op({"type": "run", "args": config.get("args", []), "env": config.get("env", {}),
                         "root": config.get("root")}, wasm.parent, json_path)]
    for stream in ("stdout", "stderr"):
        if config.get(stream) is not None:
            ops.append(normalize_op({"type": "read", "id": stream, "payload": config[stream]}, wasm.parent,
                                    json_path))
    ops.append({"type": "wait", "exit_code": config.get("exit_code", 0)})
    return ops, [], SUPPORTED_WORLD, False, []


def normalize_op(op, test_dir: Path, json_path: Path):
    if not isinstance(op, dict) or op.get("type") not in OPERATION_TYPES:
        raise ConfigError(f"{json_path.name}: unsupported operation {op!r}")
    kind = op["type"]
    out = dict(op)
    if kind == "run":
        out["args"] = [str(a) for a in op.get("args") or []]
        out["env"] = {str(k): str(v) for k, v in (op.get("env") or {}).items()}
        root = op.get("root")
        out["root"] = (test_dir / root) if root else None
    elif kind == "wait":
        out["exit_code"] = int(op.get("exit_code", 0))
    elif kind in ("read", "write"):
        out["id"] = op.get("id", "stdout" if kind == "read" else "stdin")
        out["payload"] = op.get("payload", "")
    elif kind == "connect":
        out["id"] = op.get("id", "server")
        out["protocol_type"] = op.get("protocol_type", "tcp")
    elif kind in ("send", "recv"):
        if "id" not in op:
            raise ConfigError(f"{json_path.name}: {kind} without an id")
        out["payload"] = op.get("payload", "")
    elif kind == "kill":
        out["signal"] = op.get("signal", "SIGTERM")
    return out


def validate_ops(ops, json_path: Path):
    """The specification's rules: run/wait pairs; read, write, connect, send, recv after a run; connection
    ids unique and defined before use."""
    running = False
    connections = set()
    for op in ops:
        kind = op["type"]
        if kind == "run":
            if running:
                raise ConfigError(f"{json_path.name}: run before the previous run's wait")
            running = True
        elif kind == "wait":
            if not running:
                raise ConfigError(f"{json_path.name}: wait without a run")
            running = False
        elif kind in ("read", "write", "connect", "send", "recv", "request", "kill") and not running:
            raise ConfigError(f"{json_path.name}: {kind} outside a run")
        if kind == "connect":
            if op["id"] in connections:
                raise ConfigError(f"{json_path.name}: connection {op['id']!r} defined twice")
            connections.add(op["id"])
        if kind in ("send", "recv") and op["id"] not in connections:
            raise ConfigError(f"{json_path.name}: connection {op['id']!r} used before its connect")
    if running:
        raise ConfigError(f"{json_path.name}: run without a wait")


def skip_reason(wasm: Path, ops, proposals, world, servers):
    with open(wasm, "rb") as f:
        header = f.read(8)
    if header[:4] != b"\0asm":
        return "not a WebAssembly binary"
    if header[4:8] != b"\x01\0\0\0":
        return "a component, not a core module (this runner takes the preview1 tests; --components wraps them)"
    if world != SUPPORTED_WORLD:
        return f"needs the {world} world"
    if proposals:
        return f"needs the WASI proposal(s) {', '.join(proposals)}"
    if servers:
        return "needs HTTP servers"
    if any(op["type"] == "request" for op in ops):
        return "needs HTTP requests"
    return None


# --- cleanup -----------------------------------------------------------------------------------------------


def remove_cleanup_files(root: Path):
    """Deletes every *.cleanup file, symlink or folder under root (never following symlinks)."""
    if root is None or not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        for name in list(dirnames):
            path = Path(dirpath) / name
            if name.endswith(".cleanup"):
                dirnames.remove(name)
                if path.is_symlink():
                    path.unlink()
                else:
                    shutil.rmtree(path, ignore_errors=True)
        for name in filenames:
            if name.endswith(".cleanup"):
                try:
                    (Path(dirpath) / name).unlink()
                except OSError:
                    pass


# --- components --------------------------------------------------------------------------------------------

# Reads {"api": URL, "adapter": PATH, "jobs": [[MODULE, OUTPUT], ...]} on stdin and wraps each module with jco's
# componentNew (jco-transpile's wasm-tools), printing one JSON line per job: {"module": MODULE, "error": null or
# a message}. The output is written to OUTPUT.tmp and renamed, so an interrupted run leaves no partial file.
WRAP_SCRIPT = r"""
import { readFileSync, writeFileSync, renameSync } from "node:fs";
const request = JSON.parse(readFileSync(0, "utf8"));
const { componentNew } = await import(request.api);
const adapter = readFileSync(request.adapter);
for (const [module, output] of request.jobs) {
  let error = null;
  try {
    const bytes = await componentNew(readFileSync(module), [["wasi_snapshot_preview1", adapter]]);
    writeFileSync(output + ".tmp", bytes);
    renameSync(output + ".tmp", output);
  } catch (e) {
    error = String(e && e.message ? e.message : e);
  }
  process.stdout.write(JSON.stringify({ module, error }) + "\n");
}
"""


def file_digest(path: Path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


class ComponentCache:
    """The wrapped components of the tests' modules, in a folder keyed by content (module and adapter hashes)."""

    def __init__(self, folder: Path):
        if not ADAPTER.is_file():
            raise ConfigError(f"{ADAPTER} is missing (npm install in {PROJECT_ROOT} installs jco)")
        if not shutil.which("node"):
            raise ConfigError("node is not on PATH (jco's componentNew runs on it)")
        self.folder = folder
        self.adapter_digest = file_digest(ADAPTER)[:16]
        self.paths = {}       # module path -> component path
        self.errors = {}      # module path -> why it could not be wrapped

    def path_for(self, wasm: Path):
        return self.folder / f"{file_digest(wasm)[:32]}-{self.adapter_digest}.component.wasm"

    def prepare(self, wasms):
        """Wraps every module that has no cached component yet, in one node process."""
        jobs = []
        for wasm in wasms:
            target = self.path_for(wasm)
            self.paths[wasm] = target
            if not target.exists():
                jobs.append([str(wasm), str(target)])
        if not jobs:
            return 0
        self.folder.mkdir(parents=True, exist_ok=True)
        request = {"api": (JCO_PACKAGE / "dist" / "api.js").as_uri(), "adapter": str(ADAPTER), "jobs": jobs}
        proc = subprocess.run(["node", "--input-type=module", "-e", WRAP_SCRIPT], input=json.dumps(request),
                              capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=60 + 10 * len(jobs))
        reported = set()
        for line in proc.stdout.splitlines():
            try:
                result = json.loads(line)
            except ValueError:
                continue
            reported.add(result["module"])
            if result["error"]:
                self.errors[Path(result["module"])] = f"jco componentNew: {result['error']}"
        for module, _ in jobs:
            if module not in reported:
                stderr = proc.stderr.strip().splitlines()
                self.errors[Path(module)] = "jco componentNew did not finish (exit status " \
                    f"{proc.returncode}): {stderr[-1] if stderr else 'no message'}"
        return len(jobs)


def adapter_exit_status(status: int):
    """The status a preview1 proc_exit(status) ends with through the adapter: wasi:cli/exit.exit takes
    result<_, _>, so 0 stays 0 and every other status is reported as a failure, which `mosaic run` (like
    wasmtime) turns into 1."""
    return 0 if status == 0 else 1


# --- running -----------------------------------------------------------------------------------------------


class Stream:
    """Collects a pipe's bytes on a thread; readers take them in order."""

    def __init__(self, pipe):
        self.data = bytearray()
        self.pos = 0
        self.eof = False
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._pump, args=(pipe,), daemon=True)
        self.thread.start()

    def _pump(self, pipe):
        while True:
            try:
                chunk = pipe.read1(65536)
            except (OSError, ValueError):
                chunk = b""
            with self.cond:
                if not chunk:
                    self.eof = True
                    self.cond.notify_all()
                    return
                self.data += chunk
                self.cond.notify_all()

    def read(self, n, deadline):
        """The next n bytes, or fewer at end of stream or deadline."""
        with self.cond:
            while len(self.data) - self.pos < n and not self.eof:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.cond.wait(left)
            out = bytes(self.data[self.pos:self.pos + n])
            self.pos += len(out)
            return out

    def readline(self, deadline):
        with self.cond:
            while b"\n" not in self.data[self.pos:] and not self.eof:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.cond.wait(left)
            end = self.data.find(b"\n", self.pos)
            end = len(self.data) if end < 0 else end + 1
            out = bytes(self.data[self.pos:end])
            self.pos = end
            return out

    def all(self):
        with self.cond:
            return bytes(self.data)


def show(data: bytes, limit=200):
    text = data.decode("utf-8", errors="backslashreplace")
    return repr(text if len(text) <= limit else text[:limit] + "...")


def head(data: bytes, lines=8):
    """The first lines of an output (where a Rust panic or a C assertion puts its message)."""
    text = data.decode("utf-8", errors="backslashreplace").strip("\n")
    if not text:
        return []
    parts = text.split("\n")
    more = len(parts) - lines
    return parts[:lines] + ([f"... ({more} more lines; -v shows them)"] if more > 0 else [])


class TestRun:
    def __init__(self, mosaic_cmd, wasm: Path, timeout: float, debug: bool, extra_env, exit_status=None):
        self.mosaic_cmd = mosaic_cmd      # everything before the options, e.g. [".../mosaic", "run"]
        self.wasm = wasm                  # the module, or with --components its wrapped component
        self.exit_status = exit_status or (lambda status: status)   # the suite's status -> the expected one
        self.notes = []                   # legitimate differences that the run allowed for
        self.timeout = timeout
        self.debug = debug
        self.extra_env = extra_env      # --env of this runner: added to every test's environment
        self.proc = None
        self.streams = {}
        self.sockets = {}
        self.roots = []
        self.argv = []
        self.deadline = 0.0

    def argv_for(self, op):
        argv = list(self.mosaic_cmd)
        for name, value in {**self.extra_env, **op["env"]}.items():
            argv += ["--env", f"{name}={value}"]
        if op["root"] is not None:
            argv += ["--dir", f"{op['root']}::/"]
        return argv + [str(self.wasm)] + op["args"]

    def run(self, ops):
        try:
            for op in ops:
                getattr(self, "do_" + op["type"])(op)
            if self.proc is not None:
                raise TestFailure("the process is still running after the last operation")
        finally:
            self.cleanup()

    def do_run(self, op):
        if op["root"] is not None:
            remove_cleanup_files(op["root"])
            self.roots.append(op["root"])
        self.argv = self.argv_for(op)
        env = dict(os.environ)
        if self.debug:
            env["DEBUG"] = "true"
        try:
            self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, env=env, start_new_session=True)
        except OSError as e:
            raise TestFailure(f"cannot start {self.argv[0]}: {e}") from e
        self.deadline = time.monotonic() + self.timeout
        self.streams = {"stdout": Stream(self.proc.stdout), "stderr": Stream(self.proc.stderr)}

    def do_read(self, op):
        expected = op["payload"].encode("utf-8")
        actual = self.streams[op["id"]].read(len(expected), self.deadline)
        if actual != expected:
            raise TestFailure(f"{op['id']}: expected {show(expected)}, got {show(actual)}")

    def do_write(self, op):
        try:
            self.proc.stdin.write(op["payload"].encode("utf-8"))
            self.proc.stdin.flush()
        except OSError as e:
            raise TestFailure(f"write to stdin: {e}") from e

    def do_wait(self, op):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            code = self.proc.wait(timeout=max(0.0, self.deadline - time.monotonic()))
        except subprocess.TimeoutExpired as e:
            raise TestFailure(f"timed out after {self.timeout:g} s") from e
        self.proc = None
        for stream in self.streams.values():
            stream.thread.join(timeout=5)
        if code < 0:
            code = 128 - code      # as a shell reports a signal
        expected = self.exit_status(op["exit_code"])
        if code != expected:
            raise TestFailure(f"exit status {code}, expected {expected}" +
                              (f" (exit {op['exit_code']} as a module)" if expected != op["exit_code"] else ""))
        if expected != op["exit_code"]:
            # `mosaic run` also exits 1 when it fails itself (a missing import, a bad component), so a mapped
            # status counts only when mosaic printed no diagnostic of its own ("error: ...", a backtrace).
            own = [line for line in self.output("stderr").decode("utf-8", errors="replace").splitlines()
                   if line.startswith("error: ") or line == "wasm backtrace:"]
            if own:
                raise TestFailure(f"exit status {code} as expected (exit {op['exit_code']} as a module), but from "
                                  f"mosaic, not the guest: {own[0][:300]}")
            self.notes.append(f"exit {op['exit_code']} as a module, {expected} through the adapter")

    def do_connect(self, op):
        if op["protocol_type"] != "tcp":
            raise TestFailure(f"connect over {op['protocol_type']} is not supported by this runner")
        line = self.streams["stdout"].readline(self.deadline).decode("utf-8", errors="replace").strip()
        host, sep, port = line.rpartition(":")
        if not sep or not port.isdigit():
            raise TestFailure(f"connect: expected HOST:PORT on stdout, got {line!r}")
        try:
            sock = socket.create_connection((host, int(port)),
                                            timeout=max(0.1, self.deadline - time.monotonic()))
        except OSError as e:
            raise TestFailure(f"connect to {host}:{port}: {e}") from e
        self.sockets[op["id"]] = sock

    def do_send(self, op):
        try:
            self.sockets[op["id"]].sendall(op["payload"].encode("utf-8"))
        except OSError as e:
            raise TestFailure(f"send on {op['id']}: {e}") from e

    def do_recv(self, op):
        expected = op["payload"].encode("utf-8")
        sock = self.sockets[op["id"]]
        got = b""
        try:
            while len(got) < len(expected):
                sock.settimeout(max(0.1, self.deadline - time.monotonic()))
                chunk = sock.recv(len(expected) - len(got))
                if not chunk:
                    break
                got += chunk
        except OSError as e:
            raise TestFailure(f"recv on {op['id']}: {e} (got {show(got)})") from e
        if got != expected:
            raise TestFailure(f"recv on {op['id']}: expected {show(expected)}, got {show(got)}")

    def do_kill(self, op):
        sig = op["signal"]
        number = getattr(signal, sig) if isinstance(sig, str) else int(sig)
        self.proc.send_signal(number)

    def cleanup(self):
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                self.proc.kill()
            self.proc.wait()
            self.proc = None
        for sock in self.sockets.values():
            sock.close()
        for stream in self.streams.values():
            stream.thread.join(timeout=5)
        for root in self.roots:
            remove_cleanup_files(root)

    def output(self, name):
        stream = self.streams.get(name)
        return stream.all() if stream else b""


# --- expected failures -------------------------------------------------------------------------------------


def load_expected(path):
    expected = {}
    if not path:
        return expected
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, _, reason = line.partition(" ")
        if "/" not in name or not reason.strip():
            raise ConfigError(f"{path}:{number}: expected `LANG/NAME  reason`")
        expected[name] = reason.strip()
    return expected


def suite_lang(folder: Path):
    folder = folder.resolve()
    if folder.parent.name == "testsuite":
        return folder.parent.parent.name
    return folder.name


# --- main --------------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    parser.add_argument("dirs", metavar="DIR", nargs="+", type=Path, help="a test-suite folder")
    parser.add_argument("--mosaic", default=str(DEFAULT_MOSAIC),
                        help="the runtime command (default: %(default)s)")
    parser.add_argument("--expected-failures", default=None, metavar="FILE",
                        help=f"listed failures (default: {DEFAULT_EXPECTED.relative_to(PROJECT_ROOT)}; "
                             "'' for none)")
    parser.add_argument("--node", action="store_true",
                        help="run the tests on node:wasi (tests/wasi/run-node.mjs) instead, for comparison; "
                             "no expected failures unless --expected-failures is given")
    parser.add_argument("--components", action="store_true",
                        help="wrap each test with jco's preview1 adapter and run it as a WASI 0.2 component")
    parser.add_argument("--component-cache", type=Path, default=None, metavar="DIR",
                        help="where --components keeps the wrapped tests (default: wasi-testsuite-components/ "
                             "next to the mosaic binary)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per test (default: 30)")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="add this variable to every test's environment, e.g. ERRNO_MODE_UNIX=1 (the Rust "
                             "tests then want exact errno values; the AssemblyScript environ tests, which count the "
                             "variables, fail then) (repeatable)")
    parser.add_argument("-k", dest="patterns", action="append", default=[], metavar="PATTERN",
                        help="run only tests whose LANG/NAME matches this glob (repeatable)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print the whole stdout and stderr of failing tests")
    options = parser.parse_args()

    if options.node and options.components:
        parser.error("--node runs modules on node:wasi; it has no --components mode (jco run has no --dir)")
    if options.node:
        mosaic_cmd = ["node", str(PROJECT_ROOT / "tests" / "wasi" / "run-node.mjs")]
    else:
        mosaic_cmd = shlex.split(options.mosaic)
        if not mosaic_cmd:
            parser.error("--mosaic is empty")
        if not shutil.which(mosaic_cmd[0]):
            parser.error(f"{mosaic_cmd[0]} is not an executable (build it, or pass --mosaic)")
        mosaic_cmd.append("run")
    expected_path = options.expected_failures
    if expected_path is None and options.node:
        expected_path = ""
    if expected_path is None:
        default = DEFAULT_EXPECTED_COMPONENTS if options.components else DEFAULT_EXPECTED
        expected_path = default if default.exists() else ""
    try:
        expected = load_expected(expected_path)
    except (OSError, ConfigError) as e:
        parser.error(str(e))

    extra_env = {}
    for item in options.env:
        name, sep, value = item.partition("=")
        if not name or not sep:
            parser.error(f"--env {item}: expected NAME=VALUE")
        extra_env[name] = value
    folders = []
    for folder in options.dirs:
        if not folder.is_dir():
            parser.error(f"{folder} is not a folder")
        if any(folder.glob("*.wasm")):
            folders.append(folder)
            continue
        # The suite's top (or its tests/ folder): every preview1 test-suite folder in it.
        found = sorted(folder.glob("tests/*/testsuite/wasm32-wasip1")) or \
            sorted(folder.glob("*/testsuite/wasm32-wasip1"))
        if not found:
            parser.error(f"{folder} has no tests (*.wasm) and no */testsuite/wasm32-wasip1 folders")
        folders += found

    cache = None
    if options.components:
        folder = options.component_cache
        if folder is None:
            # Next to the mosaic binary: the command's last word that names a file ('valgrind -q build/mosaic').
            files = [word for word in mosaic_cmd[:-1] if os.path.isfile(word)]
            binary = Path(files[-1]) if files else DEFAULT_MOSAIC
            folder = binary.resolve().parent / "wasi-testsuite-components"
        try:
            cache = ComponentCache(folder)
            t0 = time.monotonic()
            wasms = [w for f in folders for w in sorted(f.glob("*.wasm"))
                     if not options.patterns or any(fnmatch.fnmatch(f"{suite_lang(f)}/{w.stem}", p) or
                                                    fnmatch.fnmatch(w.stem, p) for p in options.patterns)]
            # Only core modules are wrapped; anything else is skipped below with its reason.
            wasms = [w for w in wasms if w.read_bytes()[:8] == b"\0asm\x01\0\0\0"]
            wrapped = cache.prepare(wasms)
            if wrapped:
                print(f"wrapped {wrapped} modules as components in {time.monotonic() - t0:.1f} s "
                      f"(cached in {folder})", flush=True)
        except (OSError, ConfigError, subprocess.SubprocessError) as e:
            parser.error(f"--components: {e}")
    exit_status = adapter_exit_status if options.components else None

    counts = {"PASS": 0, "FAIL": 0, "XFAIL": 0, "XPASS": 0, "SKIP": 0}
    unexpected = []
    seen = set()
    langs_run = set()
    started = time.monotonic()
    for folder in folders:
        lang = suite_lang(folder)
        langs_run.add(lang)
        for wasm in sorted(folder.glob("*.wasm")):
            name = f"{lang}/{wasm.stem}"
            if options.patterns and not any(
                    fnmatch.fnmatch(name, p) or fnmatch.fnmatch(wasm.stem, p) for p in options.patterns):
                continue
            seen.add(name)
            details = []
            try:
                ops, proposals, world, debug, servers = load_config(wasm)
                reason = skip_reason(wasm, ops, proposals, world, servers)
            except (OSError, ConfigError) as e:
                ops, reason, failure = None, None, f"bad test configuration: {e}"
            if reason:
                counts["SKIP"] += 1
                print(f"SKIP  {name}  {reason}", flush=True)
                continue
            t0 = time.monotonic()
            run = None
            if ops is not None and cache is not None and wasm in cache.errors:
                ops, failure = None, cache.errors[wasm]
            if ops is not None:
                failure = None
                target = cache.paths[wasm] if cache is not None else wasm
                run = TestRun(mosaic_cmd, target, options.timeout, debug, extra_env, exit_status)
                try:
                    run.run(ops)
                except TestFailure as e:
                    failure = str(e)
            seconds = time.monotonic() - t0
            listed = expected.get(name)
            if failure is None:
                status = "XPASS" if listed else "PASS"
                line = f"{status:5} {name}  ({seconds:.2f} s)"
                if run.notes:
                    line += "  note: " + "; ".join(run.notes)
                if listed:
                    line += f"  listed as an expected failure ({listed}): remove it from the list"
            else:
                status = "XFAIL" if listed else "FAIL"
                line = f"{status:5} {name}  {failure}  ({seconds:.2f} s)"
                if listed:
                    line += f"  [expected: {listed}]"
                if run is not None and (status == "FAIL" or options.verbose):
                    details.append("$ " + shlex.join(run.argv))
                    for stream in ("stdout", "stderr"):
                        data = run.output(stream)
                        lines = head(data, lines=10**6 if options.verbose else 8)
                        if lines:
                            details.append(f"{stream}:")
                            details += ["  | " + text for text in lines]
            counts[status] += 1
            if status in ("FAIL", "XPASS"):
                unexpected.append(name)
            print(line, flush=True)
            for text in details:
                print("      " + text, flush=True)

    if not options.patterns:
        for name in sorted(expected):
            if name.split("/", 1)[0] in langs_run and name not in seen:
                print(f"note: {name} is listed in {expected_path} but is not a test here", flush=True)
    total = sum(counts.values())
    print(f"\n{counts['PASS']} passed, {counts['FAIL']} failed, {counts['XFAIL']} expected failures, "
          f"{counts['XPASS']} unexpectedly passed, {counts['SKIP']} skipped; {total} tests in "
          f"{time.monotonic() - started:.1f} s", flush=True)
    if unexpected:
        print("unexpected: " + " ".join(unexpected), flush=True)
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
