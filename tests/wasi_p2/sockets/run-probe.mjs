// Runs the sockets probe's cases through `mosaic run [-S FLAG]... --invoke CALL probe.wasm`, with a TCP listener
// of its own on 127.0.0.1 (an ephemeral port, $PORT in a case) that counts the connections it accepts.
//
//   node run-probe.mjs --mosaic MOSAIC --wasm probe.wasm --cases NAME.cases
//
// A case is one line ('#' starts a comment line):
//   [FLAG ...] | CALL => EXPECTED [| connections=N]
// FLAGs are -S options (inherit-network, allow-ip-name-lookup, tcp=n ...); EXPECTED is the WAVE value mosaic
// prints, or /REGEX/ to match it; connections=N checks how many connections the listener accepted during the
// call (0 proves a call reached no one).
//
// Exit status: 0 all cases passed, 1 some failed (each is listed), 77 skipped (probe not built), 2 bad usage.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

function usage(message) {
  process.stderr.write(`run-probe.mjs: ${message}\n` +
                       'usage: node run-probe.mjs --mosaic MOSAIC --wasm probe.wasm --cases NAME.cases\n');
  process.exit(2);
}

const options = {};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  if (!['--mosaic', '--wasm', '--cases'].includes(argv[i]) || i + 1 >= argv.length) usage(`bad argument ${argv[i]}`);
  options[argv[i].slice(2)] = argv[i + 1];
}
if (!options.mosaic || !options.wasm || !options.cases) usage('--mosaic, --wasm and --cases are required');
if (!existsSync(options.wasm)) {
  console.log(`skipped: ${options.wasm} was not built (needs node and jco: run scripts/setup.sh)`);
  process.exit(77);
}

function parseCases(text, file) {
  const cases = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(.*?)\|\s*(.*?)\s+=>\s+(.*?)(?:\s+\|\s*connections=(\d+))?$/.exec(line);
    if (!m) throw new Error(`${file}:${index + 1}: expected "[FLAGS] | CALL => EXPECTED [| connections=N]": ${line}`);
    const flags = m[1].trim() === '' ? [] : m[1].trim().split(/\s+/);
    cases.push({ line: index + 1, flags, call: m[2], expected: m[3],
                 connections: m[4] === undefined ? null : Number(m[4]) });
  });
  return cases;
}

// Runs mosaic without blocking the event loop (the listener must accept while the guest connects).
function run(args) {
  return new Promise((resolve) => {
    const child = spawn(options.mosaic, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', (error) => { clearTimeout(timer); resolve({ error, stdout, stderr, status: null }); });
    child.on('close', (status, signal) => { clearTimeout(timer); resolve({ status, signal, stdout, stderr }); });
  });
}

let accepted = 0;
const server = createServer((socket) => { accepted++; socket.on('error', () => {}); socket.end(); });
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;

const cases = parseCases(readFileSync(options.cases, 'utf8'), options.cases);
const failures = [];
for (const c of cases) {
  const call = c.call.replaceAll('$PORT', String(port));
  const args = ['run', ...c.flags.flatMap((f) => ['-S', f]), '--invoke', call, options.wasm];
  const before = accepted;
  const r = await run(args);
  // Let the listener see a connection the guest made just before it exited.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const where = `${options.cases}:${c.line}: mosaic ${args.join(' ')}`;
  const out = r.stdout.trim();
  const expected = c.expected;
  const matches = expected.startsWith('/') && expected.endsWith('/') && expected.length > 1
    ? new RegExp(`^(?:${expected.slice(1, -1)})$`).test(out) : out === expected;
  if (r.error || r.status !== 0) {
    failures.push(`${where}\n    exit ${r.status ?? r.signal ?? r.error}; stderr: ${r.stderr.trim()}`);
  } else if (!matches) {
    failures.push(`${where}\n    expected ${expected}\n    got      ${out}`);
  } else if (c.connections !== null && accepted - before !== c.connections) {
    failures.push(`${where}\n    expected ${c.connections} connection(s) to the listener, saw ${accepted - before}`);
  }
}
server.close();
if (failures.length) {
  console.log(`${failures.length} of ${cases.length} case(s) failed:\n${failures.join('\n')}`);
  process.exit(1);
}
console.log(`${cases.length} case(s) passed`);
