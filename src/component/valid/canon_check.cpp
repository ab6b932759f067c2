// Canonical definitions (CanonicalABI.md "Canonical definitions"; Binary.md "Canonical Definitions"): the
// core signatures that `canon lift` requires and `canon lower` and the resource built-ins produce, and the
// canonical options each needs.

#include <cstdio>
#include <string>

#include "component/valid/context.h"

namespace mosaic::component::valid {

namespace {

constexpr size_t kMaxFlatParams = 16;   // definitions.py MAX_FLAT_PARAMS
constexpr size_t kMaxFlatResults = 1;   // definitions.py MAX_FLAT_RESULTS
// Flattening stops here: anything longer than MAX_FLAT_PARAMS is passed through memory anyway, and a cap
// keeps a deeply shared type from flattening to an exponential length.
constexpr size_t kFlatCap = kMaxFlatParams + 1;

void push_capped(std::vector<ValKind>& out, ValKind k) {
  if (out.size() < kFlatCap) out.push_back(k);
}

ValKind join(ValKind a, ValKind b) {
  if (a == b) return a;
  if ((a == ValKind::I32 && b == ValKind::F32) || (a == ValKind::F32 && b == ValKind::I32)) return ValKind::I32;
  return ValKind::I64;
}

void flatten_into(const ValTypePtr& t, std::vector<ValKind>& out, uint32_t depth);

// flatten_variant: the discriminant, then the join of the cases' flattenings.
void flatten_variant(const std::vector<ValTypePtr>& payloads, std::vector<ValKind>& out, uint32_t depth) {
  std::vector<ValKind> flat;
  for (const auto& p : payloads) {
    if (!p) continue;
    std::vector<ValKind> f;
    flatten_into(p, f, depth + 1);
    for (size_t i = 0; i < f.size(); ++i) {
      if (i < flat.size())
        flat[i] = join(flat[i], f[i]);
      else
        flat.push_back(f[i]);
    }
  }
  push_capped(out, ValKind::I32);
  for (ValKind k : flat) push_capped(out, k);
}

void flatten_into(const ValTypePtr& t, std::vector<ValKind>& out, uint32_t depth) {
  if (!t || out.size() >= kFlatCap || depth > kMaxTypeDepth) return;
  switch (t->kind) {
    case TypeKind::S64: case TypeKind::U64: push_capped(out, ValKind::I64); return;
    case TypeKind::F32: push_capped(out, ValKind::F32); return;
    case TypeKind::F64: push_capped(out, ValKind::F64); return;
    case TypeKind::String: case TypeKind::List:
      push_capped(out, ValKind::I32);
      push_capped(out, ValKind::I32);
      return;
    case TypeKind::FixedList:
      for (uint32_t i = 0; i < t->length && out.size() < kFlatCap; ++i) flatten_into(t->element, out, depth + 1);
      return;
    case TypeKind::Record:
      for (const auto& f : t->fields) flatten_into(f.type, out, depth + 1);
      return;
    case TypeKind::Tuple:
      for (const auto& e : t->types) flatten_into(e, out, depth + 1);
      return;
    case TypeKind::Variant: {
      std::vector<ValTypePtr> p;
      for (const auto& c : t->cases) p.push_back(c.type);
      flatten_variant(p, out, depth);
      return;
    }
    case TypeKind::Option: flatten_variant({nullptr, t->element}, out, depth); return;
    case TypeKind::Result: flatten_variant({t->ok, t->err}, out, depth); return;
    default: push_capped(out, ValKind::I32); return;  // bool .. char, enum, flags, handles, error-context
  }
}

bool strings_or_lists(const ValTypePtr& t, uint32_t) {
  return find_in_valtype(
      t, [](const ValType& n) { return n.kind == TypeKind::String || n.kind == TypeKind::List; },
      [](const ValType& n) { return n.kind != TypeKind::Stream && n.kind != TypeKind::Future; });
}

bool params_have_strings_or_lists(const FuncType& ft) {
  for (const auto& p : ft.params)
    if (strings_or_lists(p.type, 0)) return true;
  return false;
}

size_t flat_params_len(const FuncType& ft) {
  std::vector<ValKind> out;
  for (const auto& p : ft.params) flatten_into(p.type, out, 0);
  return out.size();
}

size_t flat_results_len(const FuncType& ft) {
  std::vector<ValKind> out;
  flatten_into(ft.result, out, 0);
  return out.size();
}

// Rust's Debug spelling of core value types, as wasm-tools prints them.
std::string debug_list(const std::vector<ValKind>& ks) {
  std::string s = "[";
  for (size_t i = 0; i < ks.size(); ++i) {
    if (i) s += ", ";
    switch (ks[i]) {
      case ValKind::I32: s += "I32"; break;
      case ValKind::I64: s += "I64"; break;
      case ValKind::F32: s += "F32"; break;
      case ValKind::F64: s += "F64"; break;
      case ValKind::V128: s += "V128"; break;
      case ValKind::FuncRef: s += "FuncRef"; break;
      case ValKind::ExternRef: s += "ExternRef"; break;
    }
  }
  return s + "]";
}

struct CheckedOpts {
  bool memory = false, realloc = false;
};

Result<CheckedOpts> check_opts(const Scope& scope, const ast::CanonOpts& o, size_t offset, bool lift) {
  if (o.duplicate) return invalid(offset, "canonical option specified more than once");
  if (o.async || o.callback) return invalid(offset, "async canonical options are not supported");
  CheckedOpts c;
  if (o.memory) {
    if (*o.memory >= scope.core_memories.size()) return invalid(offset, "memory index out of bounds");
    c.memory = true;
  }
  if (o.realloc) {
    if (*o.realloc >= scope.core_funcs.size()) return invalid(offset, "function index out of bounds");
    const mosaic::FuncType& f = scope.core_funcs[*o.realloc];
    mosaic::FuncType want{{ValKind::I32, ValKind::I32, ValKind::I32, ValKind::I32}, {ValKind::I32}};
    if (f != want)
      return invalid(offset, "canonical option `realloc` uses a core function with an incorrect signature");
    c.realloc = true;
  }
  if (o.realloc && !o.memory)
    return invalid(offset, "canonical option `realloc` requires `memory` to also be specified");
  if (o.post_return) {
    if (!lift) return invalid(offset, "canonical option `post-return` cannot be specified for lowerings");
    if (*o.post_return >= scope.core_funcs.size()) return invalid(offset, "function index out of bounds");
  }
  return c;
}

// The async, error-context and thread built-ins whose core signature is fixed (CanonicalABI.md "Canonical
// built-ins"): they are type-checked so the core function index space stays right; running them is not
// supported.
Result<void> check_builtin(Scope& scope, const ast::Canon& c) {
  using V = std::vector<ValKind>;
  const V i32{ValKind::I32};
  const V i32x2{ValKind::I32, ValKind::I32};
  auto push = [&](V params, V results) {
    scope.core_funcs.push_back(mosaic::FuncType{std::move(params), std::move(results)});
    return ok();
  };
  auto type_of_kind = [&](TypeKind k) -> Result<void> {
    if (c.type >= scope.types.size()) return invalid(c.offset, "type index out of bounds");
    const auto* vt = std::get_if<ValTypePtr>(&scope.types[c.type]);
    if (!vt || (*vt)->kind != k)
      return invalid(c.offset, "type index " + std::to_string(c.type) + " is not a " + to_string(k) + " type");
    return ok();
  };
  switch (c.opcode) {
    case 0x24: case 0x25: case 0x05: return push({}, {});   // backpressure.inc/dec, task.cancel
    case 0x0d: case 0x1e: case 0x22: return push(i32, {});  // subtask.drop, error-context.drop, waitable-set.drop
    case 0x1f: case 0x26: return push({}, i32);             // waitable-set.new, thread.index
    case 0x23: return push(i32x2, {});                       // waitable.join
    case 0x20: case 0x21:                                    // waitable-set.wait / poll (memory m)
      if (!c.opts.memory || *c.opts.memory >= scope.core_memories.size())
        return invalid(c.offset, "memory index out of bounds");
      return push(i32x2, i32);
    case 0x0e: MOSAIC_TRY(type_of_kind(TypeKind::Stream)); return push({}, {ValKind::I64});  // stream.new
    case 0x15: MOSAIC_TRY(type_of_kind(TypeKind::Future)); return push({}, {ValKind::I64});  // future.new
    case 0x13: case 0x14: MOSAIC_TRY(type_of_kind(TypeKind::Stream)); return push(i32, {});  // stream.drop-*
    case 0x1a: case 0x1b: MOSAIC_TRY(type_of_kind(TypeKind::Future)); return push(i32, {});  // future.drop-*
    case 0x27: {                                             // thread.new-indirect ft tbl
      if (c.type >= scope.core_types.size()) return invalid(c.offset, "core type index out of bounds");
      if (scope.core_types[c.type].is_module)
        return invalid(c.offset, "core type index " + std::to_string(c.type) + " is not a function type");
      return push(i32x2, i32);
    }
    default: break;
  }
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02x", unsigned(c.opcode));
  return invalid(c.offset, std::string("canonical built-in ") + buf + " is not supported");
}

}  // namespace

bool contains_strings_or_lists(const ValTypePtr& t) { return strings_or_lists(t, 0); }

// flatten_functype(opts, ft, 'lift' | 'lower') for synchronous functions.
Flat flatten_functype_for(const FuncType& ft, bool lift) {
  Flat f;
  for (const auto& p : ft.params) flatten_into(p.type, f.params, 0);
  flatten_into(ft.result, f.results, 0);
  if (f.params.size() > kMaxFlatParams) f.params = {ValKind::I32};
  if (f.results.size() > kMaxFlatResults) {
    if (lift) {
      f.results = {ValKind::I32};
    } else {
      f.params.push_back(ValKind::I32);
      f.results.clear();
    }
  }
  return f;
}

bool needs_memory(const FuncType& ft) {
  if (params_have_strings_or_lists(ft) || contains_strings_or_lists(ft.result)) return true;
  return flat_params_len(ft) > kMaxFlatParams || flat_results_len(ft) > kMaxFlatResults;
}

Result<void> check_canon(Validator&, Scope& scope, const ast::Canon& c) {
  const size_t off = c.offset;
  switch (c.kind) {
    case ast::Canon::Kind::Lift: {
      if (c.func >= scope.core_funcs.size()) return invalid(off, "function index out of bounds");
      if (c.type >= scope.types.size()) return invalid(off, "type index out of bounds");
      const auto* ftp = std::get_if<FuncTypePtr>(&scope.types[c.type]);
      if (!ftp) return invalid(off, "type index " + std::to_string(c.type) + " is not a function type");
      const FuncType& ft = **ftp;
      if (ft.is_async) return invalid(off, "async functions are not supported");
      CheckedOpts o = MOSAIC_TRY(check_opts(scope, c.opts, off, true));
      // CanonicalABI.md "canon lift": the callee receives lists/strings (and spilled parameters) in memory it
      // allocates with realloc; returned strings/lists and spilled results are read from its memory.
      if (needs_memory(ft) && !o.memory) return invalid(off, "canonical option `memory` is required");
      if ((params_have_strings_or_lists(ft) || flat_params_len(ft) > kMaxFlatParams) && !o.realloc)
        return invalid(off, "canonical option `realloc` is required");
      Flat want = flatten_functype_for(ft, true);
      const mosaic::FuncType& core = scope.core_funcs[c.func];
      if (core.params != want.params)
        return invalid(off, "lowered parameter types `" + debug_list(want.params) +
                                "` do not match parameter types `" + debug_list(core.params) +
                                "` of core function " + std::to_string(c.func));
      if (core.results != want.results)
        return invalid(off, "lowered result types `" + debug_list(want.results) + "` do not match result types `" +
                                debug_list(core.results) + "` of core function " + std::to_string(c.func));
      if (c.opts.post_return) {
        const mosaic::FuncType& pr = scope.core_funcs[*c.opts.post_return];
        if (pr.params != want.results || !pr.results.empty())
          return invalid(off, "canonical option `post-return` uses a core function with an incorrect signature");
      }
      scope.funcs.push_back(*ftp);
      return ok();
    }
    case ast::Canon::Kind::Lower: {
      if (c.func >= scope.funcs.size()) return invalid(off, "function index out of bounds");
      const FuncTypePtr& ftp = scope.funcs[c.func];
      if (ftp->is_async) return invalid(off, "async functions are not supported");
      CheckedOpts o = MOSAIC_TRY(check_opts(scope, c.opts, off, false));
      // CanonicalABI.md "canon lower": the caller receives returned strings/lists in memory it allocates.
      if (needs_memory(*ftp) && !o.memory) return invalid(off, "canonical option `memory` is required");
      if (contains_strings_or_lists(ftp->result) && !o.realloc)
        return invalid(off, "canonical option `realloc` is required");
      Flat f = flatten_functype_for(*ftp, false);
      scope.core_funcs.push_back(mosaic::FuncType{f.params, f.results});
      return ok();
    }
    case ast::Canon::Kind::ResourceNew:
    case ast::Canon::Kind::ResourceRep:
    case ast::Canon::Kind::ResourceDrop: {
      if (c.type >= scope.types.size()) return invalid(off, "type index out of bounds");
      const auto* r = std::get_if<ResourcePtr>(&scope.types[c.type]);
      if (!r) return invalid(off, "type index " + std::to_string(c.type) + " is not a resource type");
      if (c.kind == ast::Canon::Kind::ResourceDrop) {
        scope.core_funcs.push_back(mosaic::FuncType{{ValKind::I32}, {}});
        return ok();
      }
      // resource.new and resource.rep only for resources this component defines.
      if (!scope.local_resources.count(r->get()))
        return invalid(off, "type index " + std::to_string(c.type) + " is not a local resource");
      scope.core_funcs.push_back(mosaic::FuncType{{ValKind::I32}, {ValKind::I32}});
      return ok();
    }
    case ast::Canon::Kind::Other: return check_builtin(scope, c);
  }
  return invalid(off, "unknown canonical definition");
}

}  // namespace mosaic::component::valid
