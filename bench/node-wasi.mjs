// Runs a WASI preview1 command under node (V8) for bench/run.py:
//   node --no-wasm-lazy-compilation bench/node-wasi.mjs FILE.wasm [ARGS...]
// argv[0] of the guest is FILE as given; no preopens, empty environment, inherited stdio.
// Exits with the guest's exit code (0 when _start returns), 134 on a trap.
import { readFileSync } from 'node:fs';
import process from 'node:process';

process.removeAllListeners('warning');  // node:wasi's "experimental" warning would pollute stderr
process.on('warning', () => {});
const { WASI } = await import('node:wasi');

const [file, ...args] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node node-wasi.mjs FILE.wasm [ARGS...]\n');
  process.exit(2);
}
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {}, returnOnExit: true });
let code;
try {
  const module = await WebAssembly.compile(readFileSync(file));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  code = wasi.start(instance);
} catch (e) {
  process.stderr.write(`node-wasi: ${e && e.message ? e.message : e}\n`);
  code = e instanceof WebAssembly.RuntimeError ? 134 : 1;
}
process.exitCode = code ?? 0;
