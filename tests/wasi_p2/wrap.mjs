// Wraps WASI preview1 command modules into WASI 0.2 command components with jco's bundled preview1 adapter
// (lib/wasi_snapshot_preview1.command.wasm), all in one node process: what `jco new X.wasm --wasi-command -o Y`
// does per file, without paying node's and jco's start-up once per program.
//
//   node wrap.mjs --jco NODE_MODULES/@bytecodealliance/jco --out DIR MODULE.wasm...
//
// writes the component of every input under the same file name in DIR, which must not be the input's directory
// (a runtime passes the file name as argv[0], so the component's argv[0] is the module's). Exits 1 naming every
// module that failed, 2 on bad usage.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

function usage(message) {
  process.stderr.write(`wrap.mjs: ${message}\n` +
                       'usage: node wrap.mjs --jco JCO_PACKAGE_DIR --out DIR MODULE.wasm...\n');
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
const adapterPath = join(resolve(jcoDir), 'lib', 'wasi_snapshot_preview1.command.wasm');
if (!existsSync(api)) usage(`no jco at ${jcoDir} (expected ${api}); run scripts/setup.sh`);
if (!existsSync(adapterPath)) usage(`no preview1 command adapter at ${adapterPath}`);

// componentNew(module bytes, [[import module name, adapter bytes]]) is the function behind `jco new`.
const { componentNew } = await import(pathToFileURL(api).href);
const adapter = readFileSync(adapterPath);

mkdirSync(outDir, { recursive: true });
let failed = 0;
for (const file of inputs) {
  const target = join(resolve(outDir), basename(file));
  if (target === resolve(file)) usage(`${file}: the output directory is the input's`);
  try {
    const bytes = Buffer.from(await componentNew(readFileSync(file), [['wasi_snapshot_preview1', adapter]]));
    writeFileSync(target, bytes);
  } catch (error) {
    process.stderr.write(`wrap.mjs: ${file}: ${error?.message ?? error}\n`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
