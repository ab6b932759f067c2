// Converts component-text files to component binaries in one node process, with jco's in-process parser
// (wasm-tools' text parser; strict component index syntax). Binaries are not validated here: the runtime under
// test is the validator.
//
//   node wat2wasm.mjs --jco NODE_MODULES/@bytecodealliance/jco --out DIR FILE.wat...
//
// writes DIR/FILE.wasm for every input. Exits 1 naming every file that failed to parse, 2 on bad usage.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

function usage(message) {
  process.stderr.write(`wat2wasm.mjs: ${message}\n` +
                       'usage: node wat2wasm.mjs --jco JCO_PACKAGE_DIR --out DIR FILE.wat...\n');
  process.exit(2);
}

const inputs = [];
let jcoDir = null;
let outDir = null;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--jco') jcoDir = argv[++i];
  else if (argv[i] === '--out') outDir = argv[++i];
  else if (argv[i].startsWith('--')) usage(`unknown option ${argv[i]}`);
  else inputs.push(argv[i]);
}
if (!jcoDir || !outDir) usage('--jco and --out are required');
const api = join(resolve(jcoDir), 'dist', 'api.js');
if (!existsSync(api)) usage(`no jco at ${jcoDir} (expected ${api}); run scripts/setup.sh`);

const { parse } = await import(pathToFileURL(api).href);

// wasm-tools reports errors as a Rust Debug rendering; pull out the position and the message.
function describe(file, error) {
  const text = String(error?.message ?? error);
  const line = /line: (\d+), col: (\d+)/.exec(text);
  const kind = /kind: Custom\("((?:[^"\\]|\\.)*)"\)/.exec(text) ?? /kind: \w+\("((?:[^"\\]|\\.)*)"\)/.exec(text);
  if (line && kind) return `${file}:${Number(line[1]) + 1}:${Number(line[2]) + 1}: ${kind[1]}`;
  return `${file}: ${text}`;
}

mkdirSync(outDir, { recursive: true });
let failed = 0;
for (const file of inputs) {
  const name = basename(file).replace(/\.wat$/, '');
  const target = join(outDir, `${name}.wasm`);
  try {
    const bytes = Buffer.from(await parse(readFileSync(file, 'utf8')));
    writeFileSync(target, bytes);
  } catch (error) {
    process.stderr.write(`error: ${describe(file, error)}\n`);
    failed++;
  }
}
if (failed) {
  process.stderr.write(`wat2wasm.mjs: ${failed} of ${inputs.length} file(s) failed to parse\n`);
  process.exit(1);
}
