// Checks a fixture's cases file against jco's JavaScript host, the reference for the expected outputs: the
// fixture is transpiled with jco, every CALL of the cases file is made from JavaScript, and the result is printed
// in WAVE and compared with the expected text (traps: the call must throw). This tests the fixtures and their
// expected outputs themselves, not mosaic.
//
//   node reference.mjs --jco NODE_MODULES/@bytecodealliance/jco --wat F.wat --wasm F.wasm --cases F.cases
//                      --scratch DIR
//
// A cases file that starts with "# reference: none (WHY)" is skipped (77) with that reason.
// Function types come from the fixture's text: the `func` definitions (with `param`/`result`) that the exports
// name, and the `type` definitions they use. Exit status: 0 all agree, 1 some differ, 77 skipped, 2 usage.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const options = {};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) options[argv[i].replace(/^--/, '')] = argv[i + 1];
for (const key of ['jco', 'wat', 'wasm', 'cases', 'scratch']) {
  if (!options[key]) {
    process.stderr.write('usage: node reference.mjs --jco DIR --wat F.wat --wasm F.wasm --cases F.cases --scratch DIR\n');
    process.exit(2);
  }
}
const api = join(resolve(options.jco), 'dist', 'api.js');
for (const needed of [options.wasm, api]) {
  if (!existsSync(needed)) {
    console.log(`skipped: ${needed} is missing (needs node and jco: run scripts/setup.sh)`);
    process.exit(77);
  }
}

// A cases file whose first line is "# reference: none (WHY)" has no reference run.
const firstLine = readFileSync(options.cases, 'utf8').split('\n')[0];
if (firstLine.startsWith('# reference: none')) {
  console.log(`skipped: ${firstLine.slice(2)}`);
  process.exit(77);
}

// ---- The fixture's text as s-expressions -------------------------------------------------------------------
function parseSexprs(text) {
  let i = 0;
  const stack = [[]];
  while (i < text.length) {
    const c = text[i];
    if (c === ';' && text[i + 1] === ';') { while (i < text.length && text[i] !== '\n') i++; continue; }
    if (c === '(' && text[i + 1] === ';') { i = text.indexOf(';)', i) + 2; continue; }
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(') { stack.push([]); i++; continue; }
    if (c === ')') { const list = stack.pop(); stack[stack.length - 1].push(list); i++; continue; }
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      stack[stack.length - 1].push({ str: text.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !/[\s()";]/.test(text[j])) j++;
    stack[stack.length - 1].push(text.slice(i, j));
    i = j;
  }
  return stack[0];
}

const typeDefs = new Map();   // $id -> type s-expression
const funcsById = new Map();  // $id -> func s-expression
const funcsByName = new Map();  // export name -> func s-expression or $id
function collect(node) {
  if (!Array.isArray(node) || node[0] === 'core') return;  // core modules, instances and functions
  if (node[0] === 'type' && typeof node[1] === 'string' && node[1].startsWith('$') && !typeDefs.has(node[1]))
    typeDefs.set(node[1], node[2]);
  if (node[0] === 'func' && node.some((x) => Array.isArray(x) && (x[0] === 'param' || x[0] === 'result' ||
                                                                  x[0] === 'canon'))) {
    if (typeof node[1] === 'string' && node[1].startsWith('$') && !funcsById.has(node[1])) funcsById.set(node[1], node);
    for (const x of node) if (Array.isArray(x) && x[0] === 'export' && !funcsByName.has(x[1].str)) funcsByName.set(x[1].str, node);
  }
  if (node[0] === 'import' && Array.isArray(node[2]) && node[2][0] === 'func' && !funcsById.has(node[2][1]))
    funcsById.set(node[2][1], node[2]);
  // (export "name" (func $f)) names a definition; (export "name" (func $instance "inner")) an instance's export.
  if (node[0] === 'export' && node[1]?.str && Array.isArray(node[2]) && node[2][0] === 'func' &&
      !funcsByName.has(node[1].str))
    funcsByName.set(node[1].str, node[2].length === 2 ? node[2][1] : { inner: node[2][2].str });
  node.forEach(collect);
}
parseSexprs(readFileSync(options.wat, 'utf8')).forEach(collect);

function resolveType(t) {
  if (typeof t === 'string') {
    if (t.startsWith('$')) {
      if (!typeDefs.has(t)) throw new Error(`unknown type ${t}`);
      return resolveType(typeDefs.get(t));
    }
    return { kind: t };
  }
  const [head, ...rest] = t;
  switch (head) {
    case 'list': return rest.length > 1 ? { kind: 'fixed', elem: resolveType(rest[0]), length: Number(rest[1]) }
                                        : { kind: 'list', elem: resolveType(rest[0]) };
    case 'tuple': return { kind: 'tuple', elems: rest.map(resolveType) };
    case 'option': return { kind: 'option', elem: resolveType(rest[0]) };
    case 'result': {
      const r = { kind: 'result', ok: null, err: null };
      for (const x of rest) {
        if (Array.isArray(x) && x[0] === 'error') r.err = resolveType(x[1]);
        else r.ok = resolveType(x);
      }
      return r;
    }
    case 'record': return { kind: 'record', fields: rest.map((f) => ({ name: f[1].str, type: resolveType(f[2]) })) };
    case 'variant':
      return { kind: 'variant', cases: rest.map((c) => ({ name: c[1].str, type: c[2] ? resolveType(c[2]) : null })) };
    case 'enum': return { kind: 'enum', names: rest.map((x) => x.str) };
    case 'flags': return { kind: 'flags', names: rest.map((x) => x.str) };
    case 'own': case 'borrow': return { kind: 'handle' };
    default: throw new Error(`unsupported type ${JSON.stringify(t)}`);
  }
}
function funcType(name) {
  let f = funcsByName.get(name);
  while (f?.inner && f.inner !== name) f = funcsByName.get(f.inner);
  if (typeof f === 'string') f = funcsById.get(f);
  if (!f) throw new Error(`no func definition for export "${name}" in ${options.wat}`);
  const params = f.filter((x) => Array.isArray(x) && x[0] === 'param').map((x) => resolveType(x[2]));
  const result = f.find((x) => Array.isArray(x) && x[0] === 'result');
  return { params, result: result ? resolveType(result[1]) : null };
}

// ---- WAVE ---------------------------------------------------------------------------------------------------
function tokenize(text) {
  const tokens = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    if ('()[]{},:'.includes(c)) { tokens.push({ p: c }); i++; continue; }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (text[j] !== c) {
        if (text[j] === '\\') {
          const e = text[j + 1];
          if (e === 'u') {
            const close = text.indexOf('}', j);
            value += String.fromCodePoint(parseInt(text.slice(j + 3, close), 16));
            j = close + 1;
            continue;
          }
          value += { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" }[e];
          j += 2;
        } else {
          const cp = text.codePointAt(j);
          value += String.fromCodePoint(cp);
          j += cp > 0xffff ? 2 : 1;
        }
      }
      tokens.push(c === '"' ? { s: value } : { c: value });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !/[\s()[\]{},:]/.test(text[j])) j++;
    tokens.push({ w: text.slice(i, j) });
    i = j;
  }
  return tokens;
}

// Parses one value of type t from tokens (position in state.i) into jco's JavaScript representation.
function camel(name) { return name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase()); }
const kTypedArrays = { u8: Uint8Array, s8: Int8Array, u16: Uint16Array, s16: Int16Array, u32: Uint32Array,
                       s32: Int32Array, u64: BigUint64Array, s64: BigInt64Array, f32: Float32Array,
                       f64: Float64Array };
function parseValue(ts, st, t) {
  const tok = ts[st.i++];
  const expect = (p) => { if (ts[st.i++]?.p !== p) throw new Error(`expected ${p}`); };
  const word = () => tok.w.replace(/^%/, '');
  switch (t.kind) {
    case 'bool': return tok.w === 'true';
    case 's8': case 'u8': case 's16': case 'u16': case 's32': case 'u32': return Number(tok.w);
    case 's64': case 'u64': return BigInt(tok.w);
    case 'f32': case 'f64': {
      const v = { nan: NaN, inf: Infinity, '-inf': -Infinity }[tok.w] ?? Number(tok.w);
      return t.kind === 'f32' ? Math.fround(v) : v;
    }
    case 'char': return tok.c;
    case 'string': return tok.s;
    case 'list': case 'fixed': {
      const items = [];
      while (ts[st.i].p !== ']') {
        items.push(parseValue(ts, st, t.elem));
        if (ts[st.i].p === ',') st.i++;
      }
      st.i++;
      const typed = t.kind === 'list' ? kTypedArrays[t.elem.kind] : undefined;
      return typed ? typed.from(items) : items;
    }
    case 'tuple': {
      const items = t.elems.map((e, k) => { if (k) expect(','); return parseValue(ts, st, e); });
      if (ts[st.i].p === ',') st.i++;
      expect(')');
      return items;
    }
    case 'record': {
      const out = {};
      for (const f of t.fields) if (f.type.kind === 'option') out[camel(f.name)] = undefined;
      while (ts[st.i].p !== '}') {
        const name = ts[st.i++].w.replace(/^%/, '');
        expect(':');
        out[camel(name)] = parseValue(ts, st, t.fields.find((f) => f.name === name).type);
        if (ts[st.i].p === ',') st.i++;
      }
      st.i++;
      return out;
    }
    case 'variant': {
      const c = t.cases.find((x) => x.name === word());
      if (!c.type) return { tag: c.name };
      expect('(');
      const val = parseValue(ts, st, c.type);
      expect(')');
      return { tag: c.name, val };
    }
    case 'enum': return word();
    case 'flags': {
      const out = Object.fromEntries(t.names.map((n) => [camel(n), false]));
      while (ts[st.i].p !== '}') {
        out[camel(ts[st.i++].w)] = true;
        if (ts[st.i].p === ',') st.i++;
      }
      st.i++;
      return out;
    }
    case 'option': {
      if (tok.w === 'none') return undefined;
      expect('(');
      const val = parseValue(ts, st, t.elem);
      expect(')');
      return t.elem.kind === 'option' ? { tag: 'some', val } : val;
    }
    case 'result': {
      const payload = tok.w === 'ok' ? t.ok : t.err;
      if (!payload) return { tag: tok.w };
      expect('(');
      const val = parseValue(ts, st, payload);
      expect(')');
      return { tag: tok.w, val };
    }
    default: throw new Error(`cannot parse a ${t.kind}`);
  }
}

// Floats as Rust's Display prints them (what WAVE uses): the shortest digits that read back to the same value,
// written out without an exponent.
function formatFloat(x, single) {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  let exp = x.toExponential();
  if (single) {
    for (let p = 1; p <= 9; p++) {
      if (Math.fround(Number(x.toPrecision(p))) === x) { exp = x.toExponential(p - 1); break; }
    }
  }
  const [mantissa, e] = exp.split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const power = Number(e);
  let text;
  if (power >= digits.length - 1) text = digits + '0'.repeat(power - digits.length + 1);
  else if (power >= 0) text = `${digits.slice(0, power + 1)}.${digits.slice(power + 1)}`;
  else text = `0.${'0'.repeat(-power - 1)}${digits}`;
  return (negative ? '-' : '') + text;
}
function quote(text, q) {
  let out = q;
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    if (ch === '\\' || ch === '"' || ch === "'") out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) out += `\\u{${cp.toString(16)}}`;
    else out += ch;
  }
  return out + q;
}
function formatValue(v, t) {
  switch (t.kind) {
    case 'bool': return v ? 'true' : 'false';
    case 's8': case 'u8': case 's16': case 'u16': case 's32': case 'u32': case 's64': case 'u64': return String(v);
    case 'f32': return formatFloat(v, true);
    case 'f64': return formatFloat(v, false);
    case 'char': return quote(v, "'");
    case 'string': return quote(v, '"');
    case 'list': case 'fixed': return `[${Array.from(v, (x) => formatValue(x, t.elem)).join(', ')}]`;
    case 'tuple': return `(${t.elems.map((e, k) => formatValue(v[k], e)).join(', ')})`;
    case 'record': {
      const fields = t.fields.filter((f) => !(f.type.kind === 'option' && v[camel(f.name)] === undefined))
        .map((f) => `${f.name}: ${formatValue(v[camel(f.name)], f.type)}`);
      return fields.length ? `{${fields.join(', ')}}` : '{:}';
    }
    case 'variant': {
      const c = t.cases.find((x) => x.name === v.tag);
      return c.type ? `${c.name}(${formatValue(v.val, c.type)})` : c.name;
    }
    case 'enum': return v;
    case 'flags': return `{${t.names.filter((n) => v[camel(n)]).join(', ')}}`;
    case 'option':
      if (t.elem.kind === 'option') return v.tag === 'none' ? 'none' : `some(${formatValue(v.val, t.elem)})`;
      return v === undefined || v === null ? 'none' : `some(${formatValue(v, t.elem)})`;
    case 'result': {
      const payload = v.tag === 'ok' ? t.ok : t.err;
      return payload ? `${v.tag}(${formatValue(v.val, payload)})` : v.tag;
    }
    default: throw new Error(`cannot print a ${t.kind}`);
  }
}

// ---- Run the cases ------------------------------------------------------------------------------------------
const { transpile } = await import(pathToFileURL(api).href);
const name = 'fixture';
// Instantiation mode: every case gets a new instance, as every `mosaic run` does.
const caseLines = readFileSync(options.cases, 'utf8').split('\n').map((raw) => raw.split(' ## jco: ')[0].trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
let files;
try {
  ({ files } = await transpile(readFileSync(options.wasm),
                               { name, noTypescript: true, instantiation: { tag: 'async' } }));
} catch (error) {
  // A fixture that must be rejected: every case says so ("CALL ?? TEXT").
  const message = String(error?.message ?? error).split('\n').filter((l) => l.trim()).slice(-1)[0];
  const rejected = caseLines.every((line) => / \?\? /.test(line));
  console.log(`${rejected ? '' : 'FAIL '}jco rejects ${options.wasm}: ${message}`);
  process.exit(rejected ? 0 : 1);
}
if (caseLines.some((line) => / \?\? /.test(line))) {
  console.log(`FAIL jco accepts ${options.wasm}, which the cases say must be rejected`);
  process.exit(1);
}
mkdirSync(options.scratch, { recursive: true });
for (const [file, bytes] of Object.entries(files)) {
  mkdirSync(join(options.scratch, file, '..'), { recursive: true });
  writeFileSync(join(options.scratch, file), bytes);
}
writeFileSync(join(options.scratch, 'package.json'), '{"type": "module"}\n');
const generated = await import(`${pathToFileURL(join(resolve(options.scratch), `${name}.js`)).href}?${Date.now()}`);
const coreModules = new Map();
async function instantiate() {
  return generated.instantiate((path) => {
    if (!coreModules.has(path)) coreModules.set(path, new WebAssembly.Module(files[path]));
    return coreModules.get(path);
  }, {});
}
function findFunction(module, exportName) {
  const key = camel(exportName);
  if (typeof module[key] === 'function') return module[key];
  for (const value of Object.values(module)) {
    if (value && typeof value === 'object' && typeof value[key] === 'function') return value[key].bind(value);
  }
  throw new Error(`jco's module has no function ${key}`);
}

const shorten = (text) => (text.length > 200 ? `${text.slice(0, 200)}... (${text.length} characters)` : text);
const allFailures = [];
let count = 0;
const known = [];
for (const [index, raw] of readFileSync(options.cases, 'utf8').split('\n').entries()) {
  // "CASE ## jco: REASON" marks a case where jco's host is known to differ from the specification.
  const [line, note] = raw.split(' ## jco: ').map((x) => x.trim());
  if (line === '' || line.startsWith('#')) continue;
  const match = /^(.*?)\s+(=>|!!)(?:\s+(.*))?$/.exec(line);
  const where = `${options.cases}:${index + 1}: ${line}`;
  count++;
  const failures = note ? known : allFailures;
  try {
    const call = match[1];
    const open = call.indexOf('(');
    const fname = call.slice(0, open).replace(/^%/, '');
    const type = funcType(fname);
    const ts = tokenize(call.slice(open + 1, call.lastIndexOf(')')));
    const st = { i: 0 };
    const args = type.params.map((p, k) => {
      if (k && ts[st.i++]?.p !== ',') throw new Error('expected ,');
      return parseValue(ts, st, p);
    });
    let value;
    let threw = null;
    try {
      value = findFunction(await instantiate(), fname)(...args);
      if (type.result?.kind === 'result') value = { tag: 'ok', val: value };
    } catch (error) {
      if (type.result?.kind === 'result' && error?.constructor?.name === 'ComponentError') {
        value = { tag: 'err', val: error.payload };
      } else {
        threw = error;
      }
    }
    if (match[2] === '!!') {
      if (!threw) failures.push(`${where}\n    jco: no trap, returned ${type.result ? shorten(formatValue(value, type.result)) : '(nothing)'}`);
      else console.log(`trap ${where}\n    jco: ${String(threw?.message ?? threw).split('\n')[0]}`);
      continue;
    }
    if (threw) { failures.push(`${where}\n    jco: trapped: ${threw}`); continue; }
    const got = type.result ? formatValue(value, type.result) : '';
    if (got !== (match[3] ?? '')) failures.push(`${where}\n    jco: ${shorten(got)}`);
  } catch (error) {
    failures.push(`${where}\n    cannot check: ${error.stack}`);
  }
}
for (const failure of allFailures) console.log(`FAIL ${failure}`);
for (const failure of known) console.log(`known difference of jco: ${failure}`);
console.log(`${count - allFailures.length - known.length} of ${count} cases agree with jco, ${known.length} known ` +
            `differences (${options.cases})`);
process.exit(allFailures.length ? 1 : 0);
