// A minimal WASI preview1 runner on Node's node:wasi, used as a reference runtime for the WASI tests.
//
//   node tests/wasi/run-node.mjs [--dir HOST[::GUEST]]... [--env NAME=VALUE | --env NAME]... [--] FILE [ARGS...]
//
// Same conventions as `mosaic run` (and wasmtime): argv[0] of the guest is FILE as given, the environment is
// empty except for --env, stdio is inherited. Exits with the guest's proc_exit code (0 when _start returns),
// 134 on a trap, 1 on other errors, 2 on a bad command line.
// Node 20+ has node:wasi unflagged; Node 18 (Debian 12) needs --experimental-wasi-unstable-preview1, so this
// script re-runs itself with that flag when the first import fails.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import process from 'node:process';

const FLAG = '--experimental-wasi-unstable-preview1';

function usage(message) {
  process.stderr.write(`run-node.mjs: ${message}\n` +
    'usage: node run-node.mjs [--dir HOST[::GUEST]]... [--env NAME[=VALUE]]... [--] FILE [ARGS...]\n');
  process.exit(2);
}

let WASI;
try {
  process.removeAllListeners('warning');          // the "WASI is experimental" warning would pollute stderr
  process.on('warning', () => {});
  ({ WASI } = await import('node:wasi'));
  if (typeof WASI !== 'function') throw new Error('node:wasi has no WASI');
} catch (e) {
  if (process.execArgv.includes(FLAG)) {
    process.stderr.write(`run-node.mjs: node:wasi is unavailable: ${e.message}\n`);
    process.exit(1);
  }
  const r = spawnSync(process.execPath, [...process.execArgv, FLAG, '--no-warnings', ...process.argv.slice(1)],
                      { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const preopens = {};
const env = {};
let i = 2;
const argv = process.argv;
for (; i < argv.length; i++) {
  const a = argv[i];
  const value = () => {
    if (i + 1 >= argv.length) usage(`${a} needs a value`);
    return argv[++i];
  };
  if (a === '--') { i++; break; }
  if (a === '--dir' || a.startsWith('--dir=')) {
    const spec = a === '--dir' ? value() : a.slice(6);
    const sep = spec.indexOf('::');
    const host = sep < 0 ? spec : spec.slice(0, sep);
    const guest = sep < 0 ? spec : spec.slice(sep + 2);
    preopens[guest] = host;
  } else if (a === '--env' || a.startsWith('--env=')) {
    const spec = a === '--env' ? value() : a.slice(6);
    const eq = spec.indexOf('=');
    if (eq < 0) {
      if (spec in process.env) env[spec] = process.env[spec];
    } else {
      env[spec.slice(0, eq)] = spec.slice(eq + 1);
    }
  } else if (a.startsWith('-') && a !== '-') {
    usage(`unknown option ${a}`);
  } else {
    break;
  }
}
if (i >= argv.length) usage('no module file');
const file = argv[i];
const args = argv.slice(i);   // argv[0] is FILE as given

let bytes;
try {
  bytes = readFileSync(file);
} catch (e) {
  process.stderr.write(`run-node.mjs: cannot read ${file}: ${e.message}\n`);
  process.exit(1);
}

// libuv puts stdout/stderr pipes in non-blocking mode; uvwasi then writes to them directly and a full pipe
// gives the guest EAGAIN, which wasi-libc's stdio treats as an error (output is lost past ~64 KiB). Make them
// blocking again, as they are for a native program.
for (const stream of [process.stdout, process.stderr]) {
  try { stream._handle?.setBlocking?.(true); } catch {}
}

const wasi = new WASI({ version: 'preview1', args, env, preopens, returnOnExit: true });
let instance;
try {
  const module = await WebAssembly.compile(bytes);
  instance = await WebAssembly.instantiate(module, wasi.getImportObject
    ? wasi.getImportObject() : { wasi_snapshot_preview1: wasi.wasiImport });
} catch (e) {
  process.stderr.write(`run-node.mjs: ${e.message}\n`);
  process.exit(1);
}
let code;
try {
  code = wasi.start(instance);
} catch (e) {
  process.stderr.write(`error: ${e.message}\n${e.stack ?? ''}\n`);
  process.exit(134);
}
// Let the streams drain before exiting with the guest's code.
process.exitCode = code ?? 0;
