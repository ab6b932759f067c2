#pragma once
// binary::Module: a decoded (not yet validated) module (spec 2.5 / 5.5). It owns a copy of the bytes;
// function bodies, constant expressions and data are byte ranges into them, decoded again on demand with
// binary::InstrReader, so decoding never copies or expands code.

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "binary/types.h"

namespace mosaic::binary {

// A half-open byte range [begin, end) into Module::bytes.
struct Range {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
};

// A constant expression: its instructions including the final `end` (spec 3.3.10). Validation checks that
// only constant instructions appear.
struct ConstExpr {
  Range range;
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t func_type = 0;  // kind == Func: type index
  TableType table;         // kind == Table
  MemoryType memory;       // kind == Memory
  GlobalType global;       // kind == Global
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

enum class SegmentMode : uint8_t { Passive, Active, Declarative };

struct ElemSegment {
  SegmentMode mode = SegmentMode::Passive;
  uint32_t table = 0;       // active only
  ConstExpr offset;         // active only
  ValType type = ValType::FuncRef;
  // Exactly one of these holds the initialisers: function indices (flags 0-3) or expressions (flags 4-7).
  std::vector<uint32_t> func_indices;
  std::vector<ConstExpr> exprs;
  bool uses_exprs = false;
  uint32_t size() const { return uses_exprs ? uint32_t(exprs.size()) : uint32_t(func_indices.size()); }
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Passive;  // Active or Passive
  uint32_t memory = 0;
  ConstExpr offset;
  Range init;
};

struct LocalRun {
  uint32_t count = 0;
  ValType type = ValType::I32;
};

struct Code {
  std::vector<LocalRun> locals;  // declared locals (not parameters), as in the binary
  uint32_t local_count = 0;      // sum of the runs' counts
  Range body;                    // the instructions, from after the local declarations up to and including `end`
  uint32_t offset = 0;           // byte offset of the entry (its size field), for error messages
};

struct CustomSection {
  std::string name;
  Range data;           // contents after the name
  uint8_t after_id = 0;  // id of the last non-custom section before it (0: before all)
};

struct Names {
  std::optional<std::string> module;
  std::map<uint32_t, std::string> functions;                     // function index -> name
  std::map<uint32_t, std::map<uint32_t, std::string>> locals;  // function index -> local index -> name
};

struct Module {
  std::vector<uint8_t> bytes;  // the whole binary; every Range points into it

  std::vector<FuncType> types;
  std::vector<Import> imports;
  std::vector<uint32_t> funcs;  // type index of each defined (non-imported) function
  std::vector<TableType> tables;
  std::vector<MemoryType> memories;
  std::vector<Global> globals;
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElemSegment> elems;
  std::optional<uint32_t> data_count;
  std::vector<Code> codes;  // one per entry of `funcs`
  std::vector<DataSegment> datas;
  std::vector<CustomSection> customs;
  Names names;

  // Index spaces: imports come first (spec 2.5.1).
  uint32_t num_imported_funcs = 0;
  uint32_t num_imported_tables = 0;
  uint32_t num_imported_memories = 0;
  uint32_t num_imported_globals = 0;
  // Position in `imports` of each import, per ExternKind (indexed by its value), so that the *_type lookups
  // below take constant time. Filled by decode; a Module built by hand may leave it empty (lookups then scan).
  std::vector<uint32_t> import_positions[4];

  uint32_t total_funcs() const { return num_imported_funcs + uint32_t(funcs.size()); }
  uint32_t total_tables() const { return num_imported_tables + uint32_t(tables.size()); }
  uint32_t total_memories() const { return num_imported_memories + uint32_t(memories.size()); }
  uint32_t total_globals() const { return num_imported_globals + uint32_t(globals.size()); }

  // Type of function `index` in the function index space (index must be < total_funcs()).
  const FuncType& func_type(uint32_t index) const;
  uint32_t func_type_index(uint32_t index) const;
  // Types in the other index spaces, imports included (index must be in range).
  TableType table_type(uint32_t index) const;
  MemoryType memory_type(uint32_t index) const;
  GlobalType global_type(uint32_t index) const;

  std::span<const uint8_t> slice(Range r) const { return {bytes.data() + r.begin, r.size()}; }
};

}  // namespace mosaic::binary
