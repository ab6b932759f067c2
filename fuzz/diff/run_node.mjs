// run_node.mjs: runs binaryen-generated modules (wasm-opt -ttf) under node (V8) and prints the canonical log
// that diff_runner prints for mosaic; fuzz/diff/run.py compares the two (fuzz/diff/README.md).
//
//   node run_node.mjs FILE...   one log per file ("module FILE" ... "end")
//   node run_node.mjs -         the file names come from stdin, one a line
//   node run_node.mjs --dump DIR ...   also writes each exported memory's bytes to DIR/<module>.<export>.mem
//
// JavaScript cannot pass or receive a v128 and turns every float into a double (which may change a NaN's
// bits), so values never cross into JS directly: the logging imports are wasm functions of a helper module
// that hand JS the raw bits as integers, and every export is called through a wrapper function, in a
// second module that imports the export itself, which passes zero arguments (binaryen's --fuzz-exec passes
// zeros) and returns each result as integer bits.

import fs from 'node:fs';

// ---- Binary encoding ----------------------------------------------------------------------------------
const T = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b, funcref: 0x70, externref: 0x6f };
const NAME = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref',
               0x6f: 'externref' };

function uleb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}
const str = (s) => { const b = [...Buffer.from(s, 'utf8')]; return [...uleb(b.length), ...b]; };
const vec = (items) => [...uleb(items.length), ...items.flat()];
const section = (id, body) => [id, ...uleb(body.length), ...body];
const functype = (params, results) => [0x60, ...vec(params.map((p) => [p])), ...vec(results.map((r) => [r]))];
const module = (sections) => new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...sections.flat()]);
// A function body: locals as (count, type) runs, then the code, then `end`.
const body = (locals, code) => {
  const b = [...vec(locals.map((t) => [1, t])), ...code, 0x0b];
  return [...uleb(b.length), ...b];
};

// ---- Reading the types of a module's exports (only the sections needed) ---------------------------------
function read_exports(bytes) {
  let p = 8;
  const u = () => {
    let r = 0, s = 0, b;
    do { b = bytes[p++]; r += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80);
    return r;
  };
  const name = () => { const n = u(); const s = Buffer.from(bytes.subarray(p, p + n)).toString('utf8'); p += n; return s; };
  const limits = () => { const f = u(); u(); if (f & 1) u(); };
  const types = [], funcs = [], exports = [];
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = u();
    const end = p + size;
    if (id === 1) {
      for (let n = u(); n > 0; --n) {
        p++;  // 0x60
        const params = []; for (let k = u(); k > 0; --k) params.push(bytes[p++]);
        const results = []; for (let k = u(); k > 0; --k) results.push(bytes[p++]);
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = u(); n > 0; --n) {
        name(); name();
        const kind = bytes[p++];
        if (kind === 0) funcs.push(u());
        else if (kind === 1) { p++; limits(); }
        else if (kind === 2) limits();
        else if (kind === 3) p += 2;
        else throw new Error('unknown import kind');
      }
    } else if (id === 3) {
      for (let n = u(); n > 0; --n) funcs.push(u());
    } else if (id === 7) {
      for (let n = u(); n > 0; --n) {
        const nm = name(), kind = bytes[p++], index = u();
        exports.push({ name: nm, kind, type: kind === 0 ? types[funcs[index]] : null });
      }
    }
    p = end;
  }
  return exports;
}

// ---- The canonical text of values (diff_runner.cpp's format_value) -------------------------------------
const hex = (v, digits) => BigInt.asUintN(digits * 4, BigInt(v)).toString(16).padStart(digits, '0');
function f32_text(bits) {
  bits >>>= 0;
  // Any NaN prints as "nan": the spec lets each operator choose a NaN's sign and payload.
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0) return 'f32:nan';
  return 'f32:0x' + hex(bits, 8);
}
function f64_text(bits) {
  const u = BigInt.asUintN(64, bits);
  if (((u >> 52n) & 0x7ffn) === 0x7ffn && (u & 0xfffffffffffffn) !== 0n) return 'f64:nan';
  return 'f64:0x' + hex(u, 16);
}

// The helper module: the "fuzzing-support" imports as wasm functions handing JS integer bits.
const helper_bytes = module([
  section(1, vec([functype([T.i32], []), functype([T.i64], []), functype([T.f32], []), functype([T.f64], []),
                  functype([T.v128], []), functype([T.i64, T.i64], [])])),
  section(2, vec([[...str('h'), ...str('i32'), 0, 0], [...str('h'), ...str('i64'), 0, 1],
                  [...str('h'), ...str('f32'), 0, 0], [...str('h'), ...str('f64'), 0, 1],
                  [...str('h'), ...str('v128'), 0, 5]])),
  section(3, vec([[0], [1], [2], [3], [4]])),
  section(7, vec([[...str('log-i32'), 0, 5], [...str('log-i64'), 0, 6], [...str('log-f32'), 0, 7],
                  [...str('log-f64'), 0, 8], [...str('log-v128'), 0, 9]])),
  section(10, vec([
    body([], [0x20, 0, 0x10, 0]),
    body([], [0x20, 0, 0x10, 1]),
    body([], [0x20, 0, 0xbc, 0x10, 2]),                                   // i32.reinterpret_f32
    body([], [0x20, 0, 0xbd, 0x10, 3]),                                   // i64.reinterpret_f64
    body([], [0x20, 0, 0xfd, 0x1d, 0, 0x20, 0, 0xfd, 0x1d, 1, 0x10, 4]),  // i64x2.extract_lane 0, 1
  ])),
]);
const helper_module = new WebAssembly.Module(helper_bytes);

// The wrapper module of one module's function exports: wrapper k calls export k with zero arguments and
// returns its results as integers (f32/f64 as their bits, v128 as two i64 lanes, a reference as is_null).
const zero = {
  [T.i32]: [0x41, 0], [T.i64]: [0x42, 0], [T.f32]: [0x43, 0, 0, 0, 0], [T.f64]: [0x44, 0, 0, 0, 0, 0, 0, 0, 0],
  [T.v128]: [0xfd, 0x0c, ...new Array(16).fill(0)], [T.funcref]: [0xd0, 0x70], [T.externref]: [0xd0, 0x6f],
};
const flat = { [T.i32]: [T.i32], [T.i64]: [T.i64], [T.f32]: [T.i32], [T.f64]: [T.i64], [T.v128]: [T.i64, T.i64],
               [T.funcref]: [T.i32], [T.externref]: [T.i32] };
function wrapper_bytes(funcs) {
  const types = [], imports = [], bodies = [], exports = [];
  funcs.forEach(({ type }, k) => {
    types.push(functype(type.params, type.results));
    types.push(functype([], type.results.flatMap((r) => flat[r])));
    imports.push([...str('e'), ...str(String(k)), 0, ...uleb(2 * k)]);
    const code = [...type.params.flatMap((t) => zero[t]), 0x10, ...uleb(k)];
    for (let i = type.results.length - 1; i >= 0; --i) code.push(0x21, ...uleb(i));
    type.results.forEach((r, i) => {
      const get = [0x20, ...uleb(i)];
      if (r === T.f32) code.push(...get, 0xbc);
      else if (r === T.f64) code.push(...get, 0xbd);
      else if (r === T.v128) code.push(...get, 0xfd, 0x1d, 0, ...get, 0xfd, 0x1d, 1);
      else if (r === T.funcref || r === T.externref) code.push(...get, 0xd1);
      else code.push(...get);
    });
    bodies.push(body(type.results, code));
    exports.push([...str('w' + k), 0, ...uleb(funcs.length + k)]);
  });
  return module([section(1, vec(types)), section(2, vec(imports)),
                 section(3, vec(funcs.map((_, k) => uleb(2 * k + 1)))), section(7, vec(exports)),
                 section(10, vec(bodies))]);
}

// FNV-1a (32-bit) of a memory's bytes, as diff_runner computes it.
function fnv1a(bytes) {
  let h = 2166136261;
  for (let i = 0; i < bytes.length; ++i) h = Math.imul(h ^ bytes[i], 16777619);
  return h >>> 0;
}

function trap_line(e) {
  // A stack overflow is a RangeError in V8, mosaic's "call stack exhausted": both are traps (run.py).
  if (e instanceof RangeError) return 'trap stack';
  if (e instanceof WebAssembly.RuntimeError) return 'trap';
  return 'error ' + String(e && e.message).split('\n')[0];
}

function run_module(path) {
  const out = ['module ' + path];
  let bytes;
  try { bytes = new Uint8Array(fs.readFileSync(path)); } catch { out.push('read-error', 'end'); return out; }
  let mod;
  try { mod = new WebAssembly.Module(bytes); } catch (e) {
    out.push('compile-error ' + String(e.message).split('\n')[0], 'end');
    return out;
  }
  const log = (line) => out.push(line);
  const helper = new WebAssembly.Instance(helper_module, { h: {
    i32: (x) => log('log i32:' + x),
    i64: (x) => log('log i64:' + x),
    f32: (x) => log('log ' + f32_text(x)),
    f64: (x) => log('log ' + f64_text(x)),
    v128: (lo, hi) => log('log v128:0x' + hex(lo, 16) + ':0x' + hex(hi, 16)),
  } });
  let instance;
  try {
    instance = new WebAssembly.Instance(mod, { 'fuzzing-support': helper.exports });
  } catch (e) {
    out.push('instantiate-error', 'end');
    return out;
  }
  const exports = read_exports(bytes);
  const funcs = exports.filter((e) => e.kind === 0);
  const wrapper = new WebAssembly.Instance(new WebAssembly.Module(wrapper_bytes(funcs)),
    { e: Object.fromEntries(funcs.map((f, k) => [String(k), instance.exports[f.name]])) });
  funcs.forEach((f, k) => {
    out.push('call ' + f.name);
    let r;
    try { r = wrapper.exports['w' + k](); } catch (e) { out.push(trap_line(e)); return; }
    const words = f.type.results.length === 0 ? [] : (Array.isArray(r) ? r : [r]);
    const vals = [];
    let w = 0;
    for (const t of f.type.results) {
      if (t === T.i32) vals.push('i32:' + words[w++]);
      else if (t === T.i64) vals.push('i64:' + words[w++]);
      else if (t === T.f32) vals.push(f32_text(words[w++]));
      else if (t === T.f64) vals.push(f64_text(words[w++]));
      else if (t === T.v128) { vals.push('v128:0x' + hex(words[w], 16) + ':0x' + hex(words[w + 1], 16)); w += 2; }
      else vals.push(NAME[t] + ':' + (words[w++] ? 'null' : NAME[t] === 'funcref' ? 'func' : 'extern'));
    }
    out.push(['ret', ...vals].join(' '));
  });
  for (const e of exports) {
    if (e.kind !== 2) continue;
    const buf = new Uint8Array(instance.exports[e.name].buffer);
    out.push('memory ' + e.name + ' pages=' + buf.length / 65536 + ' fnv=' + hex(fnv1a(buf), 8));
    if (dump_dir) fs.writeFileSync(`${dump_dir}/${path.split('/').pop()}.${e.name}.mem`, buf);
  }
  out.push('end');
  return out;
}

let files = process.argv.slice(2);
let dump_dir = null;
if (files[0] === '--dump') { dump_dir = files[1]; files = files.slice(2); }
if (files.length === 1 && files[0] === '-') files = fs.readFileSync(0, 'utf8').split('\n').filter((l) => l);
for (const f of files) fs.writeSync(1, run_module(f).join('\n') + '\n');
