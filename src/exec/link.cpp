#include "exec/link.h"

namespace mosaic::exec {

namespace {

std::string describe(const binary::FuncType& type) {
  std::string s = "(func";
  if (!type.params.empty()) {
    s += " (param";
    for (binary::ValType t : type.params) s += std::string(" ") + binary::to_string(t);
    s += ")";
  }
  if (!type.results.empty()) {
    s += " (result";
    for (binary::ValType t : type.results) s += std::string(" ") + binary::to_string(t);
    s += ")";
  }
  return s + ")";
}

std::string describe(const binary::Limits& limits) {
  std::string s = std::to_string(limits.min);
  if (limits.max) s += " " + std::to_string(*limits.max);
  return s;
}

std::string describe(const binary::TableType& type) {
  return "(table " + describe(type.limits) + " " + binary::to_string(type.elem) + ")";
}

std::string describe(const binary::MemoryType& type) { return "(memory " + describe(type.limits) + ")"; }

std::string describe(const binary::GlobalType& type) {
  std::string t = binary::to_string(type.type);
  return "(global " + (type.is_mutable ? "(mut " + t + ")" : t) + ")";
}

std::string describe_import(const binary::Module& module, const binary::Import& import) {
  switch (import.kind) {
    case binary::ExternKind::Func: return describe(module.types[import.func_type]);
    case binary::ExternKind::Table: return describe(import.table);
    case binary::ExternKind::Memory: return describe(import.memory);
    case binary::ExternKind::Global: return describe(import.global);
  }
  return "?";
}

// spec 3.2, import subtyping of limits: [n1, m1?] matches [n2, m2?] iff n1 >= n2 and, when m2 is present, m1
// is present and m1 <= m2.
bool limits_match(const binary::Limits& actual, const binary::Limits& expected) {
  if (actual.min < expected.min) return false;
  if (!expected.max) return true;
  return actual.max && *actual.max <= *expected.max;
}

// The current limits of a table or memory instance: its size is the minimum (spec 4.5.1).
binary::Limits current_limits(const TableInst& table) { return {table.elems.size(), table.type.limits.max}; }
binary::Limits current_limits(const MemoryInst& memory) { return {memory.pages(), memory.type.limits.max}; }

}  // namespace

std::string describe_extern(const ExternVal& value) {
  if (value.ptr == nullptr) return "(null)";
  switch (value.kind) {
    case binary::ExternKind::Func: return describe(*static_cast<const FuncInst*>(value.ptr)->type);
    case binary::ExternKind::Table: {
      const auto& table = *static_cast<const TableInst*>(value.ptr);
      return describe(binary::TableType{table.type.elem, current_limits(table)});
    }
    case binary::ExternKind::Memory:
      return describe(binary::MemoryType{current_limits(*static_cast<const MemoryInst*>(value.ptr))});
    case binary::ExternKind::Global: return describe(static_cast<const GlobalInst*>(value.ptr)->type);
  }
  return "?";
}

Result<void> match_import(const binary::Module& module, const binary::Import& import,
                          const ExternVal& value) {
  if (value.ptr == nullptr) {
    return Error(ErrorKind::Usage,
                 "null external value for import \"" + import.module + "\" \"" + import.name + "\"");
  }
  bool matches = false;
  if (value.kind == import.kind) {
    switch (import.kind) {
      case binary::ExternKind::Func:  // spec 3.2, import subtyping: function types match exactly
        matches = *static_cast<const FuncInst*>(value.ptr)->type == module.types[import.func_type];
        break;
      case binary::ExternKind::Table: {  // spec 3.2, import subtyping
        const auto& table = *static_cast<const TableInst*>(value.ptr);
        matches =
            table.type.elem == import.table.elem && limits_match(current_limits(table), import.table.limits);
        break;
      }
      case binary::ExternKind::Memory:  // spec 3.2, import subtyping
        matches =
            limits_match(current_limits(*static_cast<const MemoryInst*>(value.ptr)), import.memory.limits);
        break;
      case binary::ExternKind::Global:  // spec 3.2, import subtyping: same mutability and value type
        matches = static_cast<const GlobalInst*>(value.ptr)->type == import.global;
        break;
    }
  }
  if (matches) return ok();
  return Error(ErrorKind::Unlinkable, "incompatible import type for \"" + import.module + "\" \"" +
                                          import.name + "\": expected " + describe_import(module, import) +
                                          ", got " + describe_extern(value));
}

}  // namespace mosaic::exec
