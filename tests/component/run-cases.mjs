// Runs the cases of one component fixture through `mosaic run --invoke` and compares the output.
//
//   node run-cases.mjs --mosaic MOSAIC --wasm FIXTURE.wasm --cases NAME.cases
//
// A cases file has one case a line ('#' starts a comment line):
//   CALL => WAVE           the call succeeds and prints WAVE (the function's result) on standard output;
//                          nothing after "=>" means a function without result (no output)
//   CALL !! TEXT           the call traps: exit status 134 (as for core traps) and TEXT on standard error;
//                          "A || B" accepts either text (the host-boundary and the adapter wording of a trap)
//   CALL ?? TEXT           the component is rejected (decoding or validation): exit status 1, TEXT on stderr
// CALL is a WAVE function call, e.g. echo-string("héllo") or add-u8(200, 100), passed as
// `mosaic run --invoke CALL FIXTURE.wasm`, as with `wasmtime run --invoke`.
//
// Exit status: 0 all cases passed, 1 some failed (each is listed), 77 skipped (fixture not built), 2 bad usage.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const kTrapStatus = 134;
const kErrorStatus = 1;
const kKinds = { '=>': 'result', '!!': 'trap', '??': 'invalid' };

function usage(message) {
  process.stderr.write(`run-cases.mjs: ${message}\n` +
                       'usage: node run-cases.mjs --mosaic MOSAIC --wasm FIXTURE.wasm --cases NAME.cases\n');
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

// Parses a cases file into {line, call, kind: 'result' | 'trap', expected}.
function parseCases(text, file) {
  const cases = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.split(' ## ')[0].trim();  // " ## jco: ..." notes a difference of jco's host (reference.mjs)
    if (line === '' || line.startsWith('#')) return;
    const match = /^(.*?)\s+(=>|!!|\?\?)(?:\s+(.*))?$/.exec(line);
    if (!match) throw new Error(`${file}:${index + 1}: expected "CALL => RESULT", "CALL !! TRAP" or "CALL ?? ERROR": ${line}`);
    cases.push({ line: index + 1, call: match[1], kind: kKinds[match[2]], expected: match[3] ?? '' });
  });
  return cases;
}

const cases = parseCases(readFileSync(options.cases, 'utf8'), options.cases);
const failures = [];
for (const c of cases) {
  const run = spawnSync(options.mosaic, ['run', '--invoke', c.call, options.wasm],
                        { encoding: 'utf8', timeout: 30000 });
  const where = `${options.cases}:${c.line}: ${c.call}`;
  if (run.error) {
    failures.push(`${where}\n    could not run ${options.mosaic}: ${run.error.message}`);
    continue;
  }
  const status = run.status ?? `signal ${run.signal}`;
  const stdout = run.stdout.replace(/\n$/, '');
  const stderr = run.stderr.trim();
  const shorten = (text) => (text.length > 300 ? `${text.slice(0, 300)}... (${text.length} characters)` : text);
  const got = `    got: status ${status}, stdout ${JSON.stringify(shorten(stdout))}, stderr ${JSON.stringify(shorten(stderr))}`;
  if (c.kind === 'result') {
    if (status !== 0 || stdout !== c.expected) failures.push(`${where}\n    expected: ${c.expected}\n${got}`);
  } else {
    const want = c.kind === 'trap' ? kTrapStatus : kErrorStatus;
    if (status !== want || !c.expected.split(' || ').some((text) => stderr.includes(text))) {
      failures.push(`${where}\n    expected: ${c.kind === 'trap' ? 'trap' : 'rejected component'} (status ${want}) with ` +
                    `"${c.expected}" on stderr\n${got}`);
    }
  }
}
for (const failure of failures) console.log(`FAIL ${failure}`);
console.log(`${cases.length - failures.length} of ${cases.length} cases passed (${options.cases})`);
process.exit(failures.length ? 1 : 0);
