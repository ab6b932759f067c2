#pragma once
// valid::Context: the validation context C of spec 3.1.1, built once per module from its index spaces
// (imports first, spec 2.5.1), and shared by the module, constant-expression and function validators.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "binary/module.h"
#include "binary/types.h"
#include "mosaic/error.h"

namespace mosaic::valid {

struct Context {
  const binary::Module* module = nullptr;
  binary::Features features;

  std::vector<uint32_t> funcs;  // C.funcs, as type indices (already checked to be in range)
  std::vector<binary::TableType> tables;
  std::vector<binary::MemoryType> memories;
  std::vector<binary::GlobalType> globals;  // every global, imports first
  // Constant expressions see only the imported globals (spec 3.4.10, Wasm 2.0: C' holds the imported
  // globals only).
  uint32_t const_globals = 0;
  std::vector<binary::ValType> elems;  // C.elems: the reference type of each element segment
  uint32_t datas = 0;                  // C.datas: the data count (or the number of data segments)
  std::vector<bool> refs;              // C.refs, by function index

  const binary::FuncType& func_type(uint32_t func_index) const { return module->types[funcs[func_index]]; }
};

// An ErrorKind::Invalid error at `offset`.
inline Error invalid(size_t offset, std::string message) {
  return Error{ErrorKind::Invalid, offset, std::move(message)};
}

// "unknown <what> <index>": the reference interpreter's text for an index out of its space.
Error unknown(size_t offset, const char* what, uint32_t index);

// Text-format name of a value type, as the reference interpreter prints it; `bot` for the unknown type of
// unreachable code (spec appendix A.3).
const char* type_name(binary::ValType t);
// "[i32 f64]": a type sequence in the reference interpreter's notation.
std::string types_text(std::span<const binary::ValType> ts);

}  // namespace mosaic::valid
