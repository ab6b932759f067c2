// `mosaic inspect FIXTURE.wasm` must print the component's type as WIT exactly as jco's WIT printer (wasm-tools'
// wit-component) prints it; the reference text is computed here, with the project's jco.
//
//   node inspect.mjs --mosaic MOSAIC --jco NODE_MODULES/@bytecodealliance/jco --wasm FIXTURE.wasm
//
// A component that jco rejects must be rejected by mosaic inspect too (status 1, a message on stderr).
// Exit status: 0 same text, 1 different (a line diff is shown), 77 skipped (fixture or jco missing), 2 usage.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const options = {};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) options[argv[i].replace(/^--/, '')] = argv[i + 1];
if (!options.mosaic || !options.jco || !options.wasm) {
  process.stderr.write('usage: node inspect.mjs --mosaic MOSAIC --jco JCO_PACKAGE_DIR --wasm FIXTURE.wasm\n');
  process.exit(2);
}
const api = join(resolve(options.jco), 'dist', 'api.js');
for (const needed of [options.wasm, api]) {
  if (!existsSync(needed)) {
    console.log(`skipped: ${needed} is missing (needs node and jco: run scripts/setup.sh)`);
    process.exit(77);
  }
}

const { componentWit } = await import(pathToFileURL(api).href);
let expected;
let rejection = null;
try {
  expected = (await componentWit(readFileSync(options.wasm))).replace(/\n+$/, '');
} catch (error) {
  rejection = String(error?.message ?? error).split('\n').filter((l) => l.trim()).slice(-1)[0];
}
const run = spawnSync(options.mosaic, ['inspect', options.wasm], { encoding: 'utf8', timeout: 30000 });
if (run.error) {
  console.log(`FAIL could not run ${options.mosaic}: ${run.error.message}`);
  process.exit(1);
}
// An invalid component: jco rejects it, so mosaic must too, with an error on stderr and status 1.
if (rejection !== null) {
  const ok = run.status === 1 && run.stderr.trim() !== '';
  console.log(`${ok ? '' : 'FAIL '}jco rejects ${options.wasm} (${rejection}); mosaic inspect: status ${run.status}, ` +
              `stderr: ${run.stderr.trim()}`);
  process.exit(ok ? 0 : 1);
}
const got = run.stdout.replace(/\n+$/, '');
if (run.status === 0 && got === expected) {
  console.log(`mosaic inspect ${options.wasm}: same WIT as jco`);
  process.exit(0);
}
console.log(`FAIL mosaic inspect ${options.wasm}: status ${run.status}${run.stderr ? `, stderr: ${run.stderr.trim()}` : ''}`);
// A plain line diff: the first differing line with context, then both texts.
const want = expected.split('\n');
const have = got.split('\n');
const first = want.findIndex((line, i) => line !== have[i]);
const at = first === -1 ? Math.min(want.length, have.length) : first;
console.log(`first difference at line ${at + 1}:\n  expected: ${JSON.stringify(want[at])}\n  got:      ${JSON.stringify(have[at])}`);
console.log(`--- expected (jco)\n${expected}\n--- got (mosaic inspect)\n${got}`);
process.exit(1);
