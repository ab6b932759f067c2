#include "valid/validate.h"

#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "valid/const_expr.h"
#include "valid/context.h"
#include "valid/func_validator.h"

namespace mosaic::valid {

using binary::ExternKind;
using binary::ValType;

namespace {

// Spec 3.2.1: limits within `range`, and min <= max. The reference interpreter checks them in this order.
Result<void> check_limits(const binary::Limits& limits, uint64_t range, const char* range_message) {
  if (limits.min > range) return invalid(kNoOffset, range_message);
  if (limits.max) {
    if (*limits.max > range) return invalid(kNoOffset, range_message);
    if (limits.min > *limits.max) return invalid(kNoOffset, "size minimum must not be greater than maximum");
  }
  return ok();
}

// Spec 3.2.4: table limits within 2^32 - 1.
Result<void> check_table_type(const binary::TableType& t) {
  return check_limits(t.limits, 0xFFFF'FFFFu, "table size must be at most 2^32-1");
}

// Spec 3.2.5: memory limits within 2^16 pages.
Result<void> check_memory_type(const binary::MemoryType& t) {
  return check_limits(t.limits, binary::kMaxPages, "memory size must be at most 65536 pages (4GiB)");
}

// Spec 3.2.3: function types. Without multi-value a function returns at most one value.
Result<void> check_func_type(const binary::FuncType& t, const binary::Features& features) {
  if (!features.multi_value && t.results.size() > 1) return invalid(kNoOffset, "invalid result arity");
  return ok();
}

// Builds the context C of spec 3.4.10 (the index spaces, imports first) and C.refs.
Result<void> build_context(const binary::Module& m, Context& c) {
  const auto num_types = uint32_t(m.types.size());
  for (const binary::Import& im : m.imports) {
    switch (im.kind) {
      case ExternKind::Func:
        if (im.func_type >= num_types) return unknown(kNoOffset, "type", im.func_type);
        c.funcs.push_back(im.func_type);
        break;
      case ExternKind::Table:
        MOSAIC_TRY(check_table_type(im.table));
        c.tables.push_back(im.table);
        break;
      case ExternKind::Memory:
        MOSAIC_TRY(check_memory_type(im.memory));
        c.memories.push_back(im.memory);
        break;
      case ExternKind::Global:
        c.globals.push_back(im.global);
        break;
    }
  }
  for (uint32_t type_index : m.funcs) {
    if (type_index >= num_types) return unknown(kNoOffset, "type", type_index);
    c.funcs.push_back(type_index);
  }
  c.tables.insert(c.tables.end(), m.tables.begin(), m.tables.end());
  c.memories.insert(c.memories.end(), m.memories.begin(), m.memories.end());
  c.const_globals = uint32_t(c.globals.size());
  for (const binary::Global& g : m.globals) c.globals.push_back(g.type);
  for (const binary::ElemSegment& e : m.elems) c.elems.push_back(e.type);
  c.datas = m.data_count ? *m.data_count : uint32_t(m.datas.size());

  // C.refs: every function index that occurs outside function bodies (spec 3.4.10): in exports, element
  // segments and constant expressions.
  c.refs.assign(c.funcs.size(), false);
  auto mark = [&](uint32_t f) {
    if (f < c.refs.size()) c.refs[f] = true;
  };
  for (const binary::Export& ex : m.exports)
    if (ex.kind == ExternKind::Func) mark(ex.index);
  for (const binary::Global& g : m.globals) MOSAIC_TRY(collect_refs(m, g.init, c.features, c.refs));
  for (const binary::ElemSegment& e : m.elems) {
    if (e.mode == binary::SegmentMode::Active) MOSAIC_TRY(collect_refs(m, e.offset, c.features, c.refs));
    for (uint32_t f : e.func_indices) mark(f);
    for (const binary::ConstExpr& expr : e.exprs) MOSAIC_TRY(collect_refs(m, expr, c.features, c.refs));
  }
  for (const binary::DataSegment& d : m.datas)
    if (d.mode == binary::SegmentMode::Active) MOSAIC_TRY(collect_refs(m, d.offset, c.features, c.refs));
  return ok();
}

// Spec 3.4.5: element segments.
Result<void> check_elem(const Context& c, const binary::ElemSegment& e) {
  if (e.uses_exprs) {
    for (const binary::ConstExpr& expr : e.exprs) MOSAIC_TRY(validate_const_expr(c, expr, e.type));
  } else {
    for (uint32_t f : e.func_indices)
      if (f >= c.funcs.size()) return unknown(kNoOffset, "function", f);
    if (e.type != ValType::FuncRef)
      return invalid(kNoOffset, std::string("type mismatch: element segment of function indices has type ") +
                                    type_name(e.type));
  }
  if (e.mode == binary::SegmentMode::Active) {
    size_t at = e.offset.range.begin;
    if (e.table >= c.tables.size()) return unknown(at, "table", e.table);
    ValType table_elem = c.tables[e.table].elem;
    if (table_elem != e.type)
      return invalid(at, std::string("type mismatch: element segment's type ") + type_name(e.type) +
                             " does not match table's element type " + type_name(table_elem));
    MOSAIC_TRY(validate_const_expr(c, e.offset, ValType::I32));
  }
  return ok();
}

// Spec 3.4.6: data segments.
Result<void> check_data(const Context& c, const binary::DataSegment& d) {
  if (d.mode != binary::SegmentMode::Active) return ok();
  if (d.memory >= c.memories.size()) return unknown(d.offset.range.begin, "memory", d.memory);
  return validate_const_expr(c, d.offset, ValType::I32);
}

// Spec 3.4.8: exports name existing items, under distinct names.
Result<void> check_exports(const Context& c, const binary::Module& m) {
  std::unordered_set<std::string_view> names;
  names.reserve(m.exports.size());
  for (const binary::Export& ex : m.exports) {
    switch (ex.kind) {
      case ExternKind::Func:
        if (ex.index >= c.funcs.size()) return unknown(kNoOffset, "function", ex.index);
        break;
      case ExternKind::Table:
        if (ex.index >= c.tables.size()) return unknown(kNoOffset, "table", ex.index);
        break;
      case ExternKind::Memory:
        if (ex.index >= c.memories.size()) return unknown(kNoOffset, "memory", ex.index);
        break;
      case ExternKind::Global:
        if (ex.index >= c.globals.size()) return unknown(kNoOffset, "global", ex.index);
        break;
    }
    if (!names.insert(ex.name).second) return invalid(kNoOffset, "duplicate export name \"" + ex.name + "\"");
  }
  return ok();
}

}  // namespace

// Spec 3.4.10: a module is valid when its components are, in the context of its index spaces.
Result<Module> validate(binary::Module module, const binary::Features& features) {
  auto bin = std::make_shared<const binary::Module>(std::move(module));
  const binary::Module& m = *bin;
  Context c;
  c.module = bin.get();
  c.features = features;

  for (const binary::FuncType& t : m.types) MOSAIC_TRY(check_func_type(t, features));
  MOSAIC_TRY(build_context(m, c));

  // Globals (spec 3.4.4): each initialiser is a constant expression of the global's type.
  for (const binary::Global& g : m.globals) MOSAIC_TRY(validate_const_expr(c, g.init, g.type.type));
  for (const binary::TableType& t : m.tables) MOSAIC_TRY(check_table_type(t));
  for (const binary::MemoryType& t : m.memories) MOSAIC_TRY(check_memory_type(t));
  // Spec 3.4.10 (Wasm 2.0): at most one memory, imports included.
  if (c.memories.size() > 1) return invalid(kNoOffset, "multiple memories");
  for (const binary::ElemSegment& e : m.elems) MOSAIC_TRY(check_elem(c, e));
  for (const binary::DataSegment& d : m.datas) MOSAIC_TRY(check_data(c, d));

  // Functions (spec 3.4.1).
  if (m.codes.size() != m.funcs.size())
    return Error{ErrorKind::Malformed, kNoOffset, "function and code section have inconsistent lengths"};
  Module out;
  out.funcs.reserve(m.codes.size());
  FuncValidator fv(c);
  for (size_t i = 0; i < m.codes.size(); ++i)
    out.funcs.push_back(MOSAIC_TRY(fv.validate(m.num_imported_funcs + uint32_t(i), m.codes[i])));

  // Start function (spec 3.4.7): type [] -> [].
  if (m.start) {
    if (*m.start >= c.funcs.size()) return unknown(kNoOffset, "function", *m.start);
    const binary::FuncType& t = c.func_type(*m.start);
    if (!t.params.empty() || !t.results.empty())
      return invalid(kNoOffset, "start function must not have parameters or results");
  }
  MOSAIC_TRY(check_exports(c, m));

  out.declared_refs = std::move(c.refs);
  out.binary = std::move(bin);
  return out;
}

}  // namespace mosaic::valid
