#include "binary/module.h"

#include <cassert>

namespace mosaic::binary {

// Text-format names of the value types (spec 6.4.1) and external kinds (spec 6.4.12).
const char* to_string(ValType t) {
  switch (t) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
  }
  return "<unknown type>";
}

const char* to_string(ExternKind k) {
  switch (k) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
  }
  return "<unknown kind>";
}

namespace {

// The n-th import of the given kind (spec 2.5.1: imports come first in each index space).
const Import& nth_import(const Module& m, ExternKind kind, uint32_t n) {
  const std::vector<uint32_t>& positions = m.import_positions[static_cast<size_t>(kind)];
  if (n < positions.size()) return m.imports[positions[n]];
  for (const Import& im : m.imports) {
    if (im.kind != kind) continue;
    if (n == 0) return im;
    --n;
  }
  assert(false && "import index out of range");
  return m.imports.front();
}

}  // namespace

uint32_t Module::func_type_index(uint32_t index) const {
  if (index < num_imported_funcs) return nth_import(*this, ExternKind::Func, index).func_type;
  return funcs[index - num_imported_funcs];
}

const FuncType& Module::func_type(uint32_t index) const { return types[func_type_index(index)]; }

TableType Module::table_type(uint32_t index) const {
  if (index < num_imported_tables) return nth_import(*this, ExternKind::Table, index).table;
  return tables[index - num_imported_tables];
}

MemoryType Module::memory_type(uint32_t index) const {
  if (index < num_imported_memories) return nth_import(*this, ExternKind::Memory, index).memory;
  return memories[index - num_imported_memories];
}

GlobalType Module::global_type(uint32_t index) const {
  if (index < num_imported_globals) return nth_import(*this, ExternKind::Global, index).global;
  return globals[index - num_imported_globals].type;
}

}  // namespace mosaic::binary
