#pragma once
// The binary format's types (spec 2.3 / 5.3): value types, function types, limits, table, memory and
// global types, extern kinds.

#include <cstdint>
#include <optional>
#include <vector>

namespace mosaic::binary {

enum class ValType : uint8_t {
  I32 = 0x7f,
  I64 = 0x7e,
  F32 = 0x7d,
  F64 = 0x7c,
  V128 = 0x7b,
  FuncRef = 0x70,
  ExternRef = 0x6f,
};

inline bool is_ref(ValType t) { return t == ValType::FuncRef || t == ValType::ExternRef; }
inline bool is_num(ValType t) { return t == ValType::I32 || t == ValType::I64 || t == ValType::F32 || t == ValType::F64; }
// Operand-stack cells of 8 bytes that a value of this type occupies in the interpreter (v128 takes two).
inline uint32_t slot_count(ValType t) { return t == ValType::V128 ? 2 : 1; }
const char* to_string(ValType t);

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
};

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool operator==(const Limits&) const = default;
};

struct TableType {
  ValType elem = ValType::FuncRef;
  Limits limits;
  bool operator==(const TableType&) const = default;
};

struct MemoryType {
  Limits limits;  // in 64 KiB pages
  bool operator==(const MemoryType&) const = default;
};

struct GlobalType {
  ValType type = ValType::I32;
  bool is_mutable = false;
  bool operator==(const GlobalType&) const = default;
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };
const char* to_string(ExternKind k);

inline constexpr uint64_t kPageSize = 65536;
inline constexpr uint64_t kMaxPages = 65536;  // 4 GiB, the 32-bit limit

// Runtime feature switches (DESIGN.md convention 6). Wasm 2.0 is on by default.
struct Features {
  bool simd = true;
  bool bulk_memory = true;
  bool reference_types = true;
  bool multi_value = true;
  bool sign_extension = true;
  bool saturating_float_to_int = true;
};

}  // namespace mosaic::binary
