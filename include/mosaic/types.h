#pragma once
// Public descriptions of WebAssembly types, independent of the engine's internals.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mosaic {

enum class ValKind : uint8_t { I32, I64, F32, F64, V128, FuncRef, ExternRef };
const char* to_string(ValKind kind);

struct FuncType {
  std::vector<ValKind> params;
  std::vector<ValKind> results;
  bool operator==(const FuncType&) const = default;
};

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool operator==(const Limits&) const = default;
};

struct TableType {
  ValKind element = ValKind::FuncRef;
  Limits limits;
};

struct MemoryType {
  Limits limits;  // in 64 KiB pages
};

struct GlobalType {
  ValKind content = ValKind::I32;
  bool is_mutable = false;
};

enum class ExternKind : uint8_t { Func, Table, Memory, Global };
const char* to_string(ExternKind kind);

struct ExternType {
  ExternKind kind = ExternKind::Func;
  FuncType func;      // kind == Func
  TableType table;    // kind == Table
  MemoryType memory;  // kind == Memory
  GlobalType global;  // kind == Global
};

struct ImportType {
  std::string module;
  std::string name;
  ExternType type;
};

struct ExportType {
  std::string name;
  ExternType type;
};

}  // namespace mosaic
