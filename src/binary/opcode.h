#pragma once
// Opcodes, expanded from opcodes.def (the one table), and what is known of each.

#include <cstdint>
#include <span>

#include "binary/types.h"

namespace mosaic::binary {

enum class Opcode : uint16_t {
#define MOSAIC_OP(Name, ...) Name,
#include "binary/opcodes.def"
  Count_,
};

inline constexpr size_t kOpcodeCount = static_cast<size_t>(Opcode::Count_);

// Immediate kinds (the Imm column of opcodes.def).
enum class ImmKind : uint8_t {
  None,
  BlockType,     // blocktype: empty, a value type or a type index (s33)
  LabelIdx,      // br, br_if
  BrTable,       // vec(labelidx) labelidx
  FuncIdx,       // call, ref.func
  CallIndirect,  // typeidx tableidx
  LocalIdx,
  GlobalIdx,
  TableIdx,      // table.get/set/grow/size/fill
  MemArg,        // align offset
  MemArgLane,    // align offset laneidx
  MemIdx,        // memory.size, memory.grow, memory.fill: a reserved 0x00 byte
  I32,
  I64,
  F32,
  F64,
  V128,
  LaneIdx,
  Shuffle,    // 16 lane indices
  SelectT,    // vec(valtype)
  RefType,    // ref.null
  MemInit,    // dataidx 0x00
  DataIdx,    // data.drop
  MemCopy,    // 0x00 0x00
  TableInit,  // elemidx tableidx
  ElemIdx,    // elem.drop
  TableCopy,  // tableidx tableidx (destination first)
};

// The Kind column of opcodes.def.
enum class OpKind : uint8_t { Special, Simple, Trapping, Load, Store, LoadLane, StoreLane };

struct OpInfo {
  const char* text;  // "i32.add"
  const char* name;  // "I32Add"
  uint8_t prefix;    // 0, 0xFC or 0xFD
  uint32_t code;
  ImmKind imm;
  OpKind kind;
  uint8_t mem_bytes;                // access width of memory instructions, else 0
  std::span<const ValType> params;  // fixed signature (see opcodes.def)
  std::span<const ValType> results;
};

const OpInfo& op_info(Opcode op);

}  // namespace mosaic::binary
