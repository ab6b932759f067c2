#pragma once
// binary::InstrReader decodes one instruction at a time, with its immediates (spec 5.4). The decoder uses
// it to check that every body is well-formed; the validator and the interpreter's translator read the same
// bodies again with it, so there is one decoder of instructions.

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "binary/opcode.h"
#include "binary/types.h"
#include "mosaic/result.h"
#include "support/reader.h"

namespace mosaic::binary {

struct BlockType {
  enum class Kind : uint8_t { Empty, Value, TypeIndex } kind = Kind::Empty;
  ValType type = ValType::I32;  // Kind::Value
  uint32_t index = 0;           // Kind::TypeIndex
};

struct MemArg {
  uint32_t align = 0;   // log2 of the alignment
  uint64_t offset = 0;  // u32 in Wasm 2.0
  uint32_t memory = 0;  // always 0 in Wasm 2.0
};

struct Instr {
  Opcode op = Opcode::Nop;
  uint32_t offset = 0;  // absolute byte offset of the opcode
  // Index immediates: label, function, local, global, table, type, elem or data index, per ImmKind.
  // CallIndirect: index = type, index2 = table. TableInit: index = elem, index2 = table.
  // TableCopy: index = destination table, index2 = source table.
  uint32_t index = 0;
  uint32_t index2 = 0;
  BlockType block;
  MemArg mem;
  uint8_t lane = 0;
  uint64_t bits = 0;                 // I32/I64 value (sign-extended to 64), F32/F64 bit pattern
  std::array<uint8_t, 16> v128{};    // V128 const bytes, Shuffle lane indices
  ValType type = ValType::I32;       // RefType (ref.null); SelectT: the first type
  uint32_t select_count = 0;         // SelectT: how many types the vector had (valid only if 1)
  std::span<const uint32_t> targets;  // BrTable: the label vector (default in `index`); valid until next()
};

class InstrReader {
 public:
  InstrReader(support::Reader reader, const Features& features) : r_(reader), features_(features) {}
  bool at_end() const { return r_.at_end(); }
  size_t offset() const { return r_.offset(); }
  // Errors: "unexpected end", "illegal opcode", "integer representation too long", "integer too large",
  // "zero byte expected", "malformed reference type" ... (the reference interpreter's texts).
  Result<Instr> next();

 private:
  support::Reader r_;
  Features features_;
  std::vector<uint32_t> targets_;
};

}  // namespace mosaic::binary
