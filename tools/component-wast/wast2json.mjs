#!/usr/bin/env node
// wast2json for component scripts: converts a .wast file in wasmtime's component dialect (the form of the
// Component Model's reference tests, test/README.md) into NAME.json plus NAME.N.wasm files, like wabt's
// wast2json does for core scripts. Component text is turned into binaries with jco's `parse` (wasm-tools'
// `wat` crate, no validation), all in this one process.
//
//   node wast2json.mjs SCRIPT.wast -o OUT_DIR [--jco PATH_TO_node_modules]
//
// JSON commands (every one has "type" and "line", the line of its opening parenthesis):
//   component            filename, name? ($X), definition (true: compile only)
//   component_instance   instance ($i), definition ($X)
//   action               action
//   assert_return        action, expected: [value]
//   assert_trap          action, text; or filename, text: a component whose instantiation traps
//   register             as, name? ($i): the instance's exports become importable as `as`
//   assert_invalid       filename, text (also assert_unlinkable)
//   assert_malformed     filename, text, module_type ("binary" | "text"); a text form that jco rejects has
//                        no filename and "jco_error" instead: the text is malformed, checked by jco only
//   skip                 command, reason: a form that could not be converted
// action: {type: "invoke", instance: "$i" | null, field, args: [value]}
// value: {type: "bool", value: true} | {type: "u8".."s64", value: "decimal"} | {type: "f32"|"f64",
//   value: "bits as decimal" | "nan"} | {type: "char", value: "x"} | {type: "string", value: "..."} |
//   {type: "list"|"tuple", items: [value]} | {type: "record", fields: [[name, value]]} |
//   {type: "variant", case, value?} | {type: "enum", case} | {type: "flags", names: [..]} |
//   {type: "option", value?} | {type: "result", ok: bool, value?}

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const MAX_DEPTH = 1000;  // nesting limit of the reader: bad input gives an error, not a stack overflow

class ConvertError extends Error {}

// ---- s-expression reader (the text format's tokens: WebAssembly spec, Text Format 6.3) ----

function readSexprs(src) {
  let pos = 0;
  let line = 1;
  const fail = (msg) => { throw new ConvertError(`line ${line}: ${msg}`); };

  function skipSpace() {
    for (;;) {
      if (pos >= src.length) return;
      const c = src[pos];
      if (c === '\n') { ++line; ++pos; continue; }
      if (c === ' ' || c === '\t' || c === '\r') { ++pos; continue; }
      if (c === ';' && src[pos + 1] === ';') {
        while (pos < src.length && src[pos] !== '\n') ++pos;
        continue;
      }
      if (c === '(' && src[pos + 1] === ';') {
        let depth = 0;
        do {
          if (pos >= src.length) fail('unterminated block comment');
          if (src[pos] === '(' && src[pos + 1] === ';') { ++depth; pos += 2; }
          else if (src[pos] === ';' && src[pos + 1] === ')') { --depth; pos += 2; }
          else { if (src[pos] === '\n') ++line; ++pos; }
        } while (depth > 0);
        continue;
      }
      return;
    }
  }

  // A string token's bytes (escapes: \t \n \r \" \' \\ \hh \u{h+}).
  function readString() {
    const bytes = [];
    ++pos;  // opening quote
    for (;;) {
      if (pos >= src.length) fail('unterminated string');
      const c = src[pos];
      if (c === '"') { ++pos; break; }
      if (c === '\n') fail('newline in string');
      if (c !== '\\') {
        const cp = src.codePointAt(pos);
        pos += cp > 0xffff ? 2 : 1;
        bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
        continue;
      }
      const e = src[pos + 1];
      pos += 2;
      const simple = { t: 9, n: 10, r: 13, '"': 34, "'": 39, '\\': 92 }[e];
      if (simple !== undefined) { bytes.push(simple); continue; }
      if (e === 'u') {
        const m = /^\{([0-9a-fA-F_]+)\}/.exec(src.slice(pos, pos + 16));
        if (!m) fail('bad \\u escape');
        pos += m[0].length;
        const cp = parseInt(m[1].replace(/_/g, ''), 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) fail('bad \\u escape');
        bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
        continue;
      }
      if (/^[0-9a-fA-F]{2}$/.test(src.slice(pos - 1, pos + 1))) {
        bytes.push(parseInt(src.slice(pos - 1, pos + 1), 16));
        ++pos;
        continue;
      }
      fail('bad string escape');
    }
    return Uint8Array.from(bytes);
  }

  function readNode(depth) {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    const start = pos;
    const startLine = line;
    const c = src[pos];
    if (c === '(') {
      ++pos;
      const items = [];
      for (;;) {
        skipSpace();
        if (pos >= src.length) { line = startLine; fail('unclosed parenthesis'); }
        if (src[pos] === ')') { ++pos; break; }
        items.push(readNode(depth + 1));
      }
      return { kind: 'list', items, start, end: pos, line: startLine };
    }
    if (c === ')') fail('unexpected )');
    if (c === '"') {
      const bytes = readString();
      return { kind: 'string', bytes, start, end: pos, line: startLine };
    }
    while (pos < src.length && !/[\s()";]/.test(src[pos])) {
      ++pos;
      if (src[pos] === '"' && src[pos - 1] === '$' && pos - 1 === start) readString();  // $"quoted id"
    }
    return { kind: 'atom', text: src.slice(start, pos), start, end: pos, line: startLine };
  }

  const out = [];
  for (;;) {
    skipSpace();
    if (pos >= src.length) return out;
    out.push(readNode(0));
  }
}

const isAtom = (n, text) => n && n.kind === 'atom' && (text === undefined || n.text === text);
const isId = (n) => isAtom(n) && n.text.startsWith('$');
const utf8 = (bytes, what) => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ConvertError(`${what} is not valid UTF-8`);
  }
};
const stringOf = (n, what) => {
  if (!n || n.kind !== 'string') throw new ConvertError(`line ${n ? n.line : '?'}: ${what} must be a string`);
  return utf8(n.bytes, what);
};

// ---- component values (wasmtime's `wast` crate, WastVal) ----

function parseInteger(text, type) {
  const t = text.replace(/_/g, '');
  const neg = t.startsWith('-');
  const body = t.replace(/^[+-]/, '');
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(body)) throw new ConvertError(`bad ${type} literal ${text}`);
  let v = BigInt(body);
  if (neg) v = -v;
  const bits = BigInt(type.slice(1));
  const signed = type[0] === 's';
  const lo = signed ? -(1n << (bits - 1n)) : 0n;
  const hi = signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  if (v < lo || v > hi) throw new ConvertError(`${type} literal ${text} out of range`);
  return v.toString();
}

// A float literal's bits (as a decimal string), or "nan" for a NaN without a given payload.
function parseFloat_(text, type) {
  const is32 = type === 'f32';
  const t = text.replace(/_/g, '');
  const neg = t.startsWith('-');
  const body = t.replace(/^[+-]/, '');
  const signBit = neg ? (is32 ? 1n << 31n : 1n << 63n) : 0n;
  const expAll = is32 ? 0xffn << 23n : 0x7ffn << 52n;
  if (body === 'inf') return (signBit | expAll).toString();
  if (body === 'nan') return 'nan';
  const m = /^nan:0x([0-9a-fA-F]+)$/.exec(body);
  if (m) return (signBit | expAll | BigInt('0x' + m[1])).toString();
  let value;
  if (/^0x/i.test(body)) {
    const h = /^0x([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/.exec(body);
    if (!h) throw new ConvertError(`bad ${type} literal ${text}`);
    const digits = (h[1] || '') + (h[2] || '');
    const exp = parseInt(h[3] || '0', 10) - 4 * (h[2] || '').length;
    value = Number(BigInt('0x' + (digits || '0'))) * Math.pow(2, exp);
  } else {
    if (!/^[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?$/.test(body)) throw new ConvertError(`bad ${type} literal ${text}`);
    value = Number(body);
  }
  if (neg) value = -value;
  const buf = new DataView(new ArrayBuffer(8));
  if (is32) {
    buf.setFloat32(0, value, true);
    if (!Number.isFinite(buf.getFloat32(0, true))) throw new ConvertError(`${type} literal ${text} out of range`);
    return buf.getUint32(0, true).toString();
  }
  buf.setFloat64(0, value, true);
  if (!Number.isFinite(value)) throw new ConvertError(`${type} literal ${text} out of range`);
  return buf.getBigUint64(0, true).toString();
}

// `items` is a value written as KEYWORD ARGS... (the inside of its parentheses).
function parseValue(items, depth = 0) {
  if (depth > MAX_DEPTH) throw new ConvertError('value nesting too deep');
  const head = items[0];
  if (!isAtom(head)) throw new ConvertError(`line ${head ? head.line : '?'}: expected a value`);
  const args = items.slice(1);
  const kw = head.text;
  const one = () => {
    if (args.length !== 1) throw new ConvertError(`line ${head.line}: ${kw} takes one argument`);
    return args[0];
  };
  const nested = (n) => {
    if (!n || n.kind !== 'list') throw new ConvertError(`line ${head.line}: ${kw}: expected (value)`);
    return parseValue(n.items, depth + 1);
  };
  const optional = () => {
    if (args.length > 1) throw new ConvertError(`line ${head.line}: ${kw} takes at most one value`);
    return args.length ? nested(args[0]) : null;
  };
  const m = /^([us](8|16|32|64))\.const$/.exec(kw);
  if (m) return { type: m[1], value: parseInteger(one().text ?? '', m[1]) };
  switch (kw) {
    case 'bool.const': {
      const a = one();
      if (!isAtom(a) || (a.text !== 'true' && a.text !== 'false')) throw new ConvertError('bad bool.const');
      return { type: 'bool', value: a.text === 'true' };
    }
    case 'f32.const':
    case 'f64.const':
      return { type: kw.slice(0, 3), value: parseFloat_(one().text ?? '', kw.slice(0, 3)) };
    case 'char.const': {
      const s = stringOf(one(), 'char.const');
      if ([...s].length !== 1) throw new ConvertError(`line ${head.line}: char.const needs one character`);
      return { type: 'char', value: s };
    }
    case 'str.const':
      return { type: 'string', value: stringOf(one(), 'str.const') };
    case 'list.const':
      return { type: 'list', items: args.map(nested) };
    case 'tuple.const':
      return { type: 'tuple', items: args.map(nested) };
    case 'record.const':
      return {
        type: 'record',
        fields: args.map((f) => {
          if (f.kind !== 'list' || !isAtom(f.items[0], 'field'))
            throw new ConvertError(`line ${f.line}: expected (field "name" value)`);
          return [stringOf(f.items[1], 'field name'), parseValue(f.items.slice(2), depth + 1)];
        }),
      };
    case 'variant.const': {
      if (args.length < 1 || args.length > 2) throw new ConvertError(`line ${head.line}: bad variant.const`);
      const v = { type: 'variant', case: stringOf(args[0], 'case name') };
      if (args.length === 2) v.value = nested(args[1]);
      return v;
    }
    case 'enum.const':
      return { type: 'enum', case: stringOf(one(), 'case name') };
    case 'flags.const':
      return { type: 'flags', names: args.map((a) => stringOf(a, 'flag name')) };
    case 'option.none':
      if (args.length) throw new ConvertError(`line ${head.line}: option.none takes no value`);
      return { type: 'option' };
    case 'option.some':
      return { type: 'option', value: nested(one()) };
    case 'result.ok':
    case 'result.err': {
      const v = { type: 'result', ok: kw === 'result.ok' };
      const p = optional();
      if (p) v.value = p;
      return v;
    }
    default:
      throw new ConvertError(`line ${head.line}: unsupported value ${kw}`);
  }
}

function parseAction(node) {
  if (!node || node.kind !== 'list' || !isAtom(node.items[0]))
    throw new ConvertError(`line ${node ? node.line : '?'}: expected an action`);
  const [head, ...rest] = node.items;
  if (head.text !== 'invoke') throw new ConvertError(`line ${node.line}: unsupported action ${head.text}`);
  let i = 0;
  const instance = isId(rest[0]) ? rest[i++].text : null;
  const field = stringOf(rest[i++], 'export name');
  const args = rest.slice(i).map((a) => {
    if (a.kind !== 'list') throw new ConvertError(`line ${a.line}: expected (value)`);
    return parseValue(a.items);
  });
  return { type: 'invoke', instance, field, args };
}

// ---- the script ----

function concatStrings(nodes, line) {
  const parts = nodes.map((n) => {
    if (n.kind !== 'string') throw new ConvertError(`line ${line}: expected strings`);
    return n.bytes;
  });
  return Buffer.concat(parts.map((p) => Buffer.from(p)));
}

// What a `(component ...)` form denotes: {name, definition, binary?: Buffer, text?: string, quote: bool}.
function componentForm(node, src) {
  const items = node.items;
  let i = 1;
  let definition = false;
  if (isAtom(items[i], 'definition')) { definition = true; ++i; }
  const name = isId(items[i]) ? items[i++].text : null;
  if (isAtom(items[i], 'binary'))
    return { name, definition, binary: concatStrings(items.slice(i + 1), node.line), quote: false };
  if (isAtom(items[i], 'quote')) {
    const text = items.slice(i + 1).map((n) => {
      if (n.kind !== 'string') throw new ConvertError(`line ${node.line}: expected strings`);
      return utf8(n.bytes, 'quoted text');
    });
    return { name, definition, text: `(component ${text.join(' ')})`, quote: true };
  }
  // The component's own text, without `definition`, for the text parser.
  const body = src.slice(items[i - 1].end, node.end);
  return { name, definition, text: `(component${name ? ' ' + name : ''}${body}`, quote: false };
}

async function main() {
  const argv = process.argv.slice(2);
  let input = null;
  let outDir = null;
  let jcoDir = null;
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '-o') outDir = argv[++i];
    else if (argv[i] === '--jco') jcoDir = argv[++i];
    else if (!input) input = argv[i];
    else throw new ConvertError(`unexpected argument ${argv[i]}`);
  }
  if (!input || !outDir) throw new ConvertError('usage: wast2json.mjs SCRIPT.wast -o OUT_DIR [--jco NODE_MODULES]');
  let jco;
  const candidates = [];
  if (jcoDir) candidates.push(path.join(jcoDir, '@bytecodealliance/jco/dist/api.js'));
  // The project's own node_modules, two folders up from this script.
  const here = path.dirname(new URL(import.meta.url).pathname);
  candidates.push(path.join(here, '../../node_modules/@bytecodealliance/jco/dist/api.js'));
  for (const c of candidates) {
    if (fs.existsSync(c)) { jco = await import(pathToFileURL(c).href); break; }
  }
  if (!jco) jco = await import('@bytecodealliance/jco');

  const src = fs.readFileSync(input, 'utf8');
  const base = path.basename(input, '.wast');
  fs.mkdirSync(outDir, { recursive: true });
  const forms = readSexprs(src);
  const commands = [];
  let counter = 0;

  // Binary of one component form: {filename} or {error} (jco rejected the text).
  async function emit(form) {
    let bytes = form.binary;
    if (!bytes) {
      try {
        bytes = await jco.parse(form.text);
      } catch (e) {
        return { error: jcoMessage(e) };
      }
    }
    const filename = `${base}.${counter++}.wasm`;
    fs.writeFileSync(path.join(outDir, filename), bytes);
    return { filename };
  }

  for (const node of forms) {
    const line = node.line;
    const head = node.kind === 'list' && isAtom(node.items[0]) ? node.items[0].text : null;
    try {
      if (head === 'component' && isAtom(node.items[1], 'instance')) {
        const [, , inst, def] = node.items;
        if (!isId(inst) || !isId(def) || node.items.length !== 4)
          throw new ConvertError(`line ${line}: expected (component instance $i $Def)`);
        commands.push({ type: 'component_instance', line, instance: inst.text, definition: def.text });
      } else if (head === 'component') {
        const form = componentForm(node, src);
        const r = await emit(form);
        if (r.error) {
          commands.push({ type: 'skip', line, command: 'component', name: form.name,
                          reason: `jco cannot parse this component: ${r.error}` });
          continue;
        }
        const c = { type: 'component', line, filename: r.filename, definition: form.definition };
        if (form.name) c.name = form.name;
        commands.push(c);
      } else if (head === 'register') {
        const as = stringOf(node.items[1], 'register name');
        const c = { type: 'register', line, as };
        if (isId(node.items[2])) c.name = node.items[2].text;
        commands.push(c);
      } else if (head === 'assert_trap' && node.items[1] && node.items[1].kind === 'list' &&
                 isAtom(node.items[1].items[0], 'component')) {
        // A component whose instantiation traps.
        const r = await emit(componentForm(node.items[1], src));
        if (r.error) {
          commands.push({ type: 'skip', line, command: head, reason: `jco cannot parse this component: ${r.error}` });
          continue;
        }
        commands.push({ type: head, line, filename: r.filename, text: stringOf(node.items[2], 'message') });
      } else if (head === 'assert_invalid' || head === 'assert_malformed' || head === 'assert_unlinkable') {
        const target = node.items[1];
        if (!target || target.kind !== 'list' || !isAtom(target.items[0], 'component'))
          throw new ConvertError(`line ${line}: ${head} of something other than a component`);
        const text = node.items[2] ? stringOf(node.items[2], 'message') : '';
        const form = componentForm(target, src);
        const r = await emit(form);
        const moduleType = form.binary ? 'binary' : 'text';
        if (r.error) {
          if (head === 'assert_malformed') {
            commands.push({ type: head, line, module_type: 'text', text, jco_error: r.error });
          } else {
            commands.push({ type: 'skip', line, command: head,
                            reason: `jco cannot parse this component's text: ${r.error}` });
          }
          continue;
        }
        commands.push({ type: head, line, filename: r.filename, module_type: moduleType, text });
      } else if (head === 'assert_return') {
        const action = parseAction(node.items[1]);
        const expected = node.items.slice(2).map((v) => {
          if (v.kind !== 'list') throw new ConvertError(`line ${v.line}: expected (value)`);
          return parseValue(v.items);
        });
        commands.push({ type: head, line, action, expected });
      } else if (head === 'assert_trap') {
        const action = parseAction(node.items[1]);
        commands.push({ type: head, line, action, text: stringOf(node.items[2], 'message') });
      } else if (head === 'invoke') {
        commands.push({ type: 'action', line, action: parseAction(node) });
      } else {
        commands.push({ type: 'skip', line, command: head ?? '?',
                        reason: `the converter does not support ${head ? `(${head} ...)` : 'this form'}` });
      }
    } catch (e) {
      if (!(e instanceof ConvertError)) throw e;
      commands.push({ type: 'skip', line, command: head ?? '?', reason: `cannot convert: ${e.message}` });
    }
  }
  const json = { source_filename: input, commands };
  fs.writeFileSync(path.join(outDir, `${base}.json`), JSON.stringify(json, null, 1) + '\n');
}

// The first line of a wat-crate error, without the Rust Debug wrapping when there is one.
function jcoMessage(e) {
  const s = String(e && e.message ? e.message : e);
  const m = /kind: Custom\("((?:[^"\\]|\\.)*)"\)/.exec(s) || /message: "((?:[^"\\]|\\.)*)"/.exec(s);
  const lex = /kind: (Lex\(.*?\)+) \}/.exec(s);
  if (!m && lex) return `lexing error: ${lex[1]}`;
  const msg = m ? m[1] : s.split('\n')[0];
  return msg.length > 300 ? msg.slice(0, 300) + '...' : msg;
}

main().catch((e) => {
  process.stderr.write(`wast2json.mjs: ${e instanceof ConvertError ? e.message : e.stack}\n`);
  process.exit(1);
});
