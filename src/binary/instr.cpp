#include "binary/instr.h"

#include <algorithm>
#include <string>

#include "binary/errors.h"
#include "binary/read_types.h"

namespace mosaic::binary {
namespace {

// Opcode lookup built from opcodes.def: one table for one-byte opcodes and one per prefix (0xFC, 0xFD),
// indexed by the (sub-)opcode. Every Wasm 2.0 sub-opcode is below 256.
constexpr uint16_t kNoOp = 0xffff;

struct OpTables {
  std::array<uint16_t, 256> single{};
  std::array<uint16_t, 256> fc{};
  std::array<uint16_t, 256> fd{};
};

constexpr OpTables make_tables() {
  OpTables t;
  t.single.fill(kNoOp);
  t.fc.fill(kNoOp);
  t.fd.fill(kNoOp);
  uint16_t index = 0;
#define MOSAIC_OP(Name, Prefix, Code, ...) \
  if ((Prefix) == 0)                       \
    t.single[(Code)] = index;              \
  else if ((Prefix) == 0xFC)               \
    t.fc[(Code)] = index;                  \
  else                                     \
    t.fd[(Code)] = index;                  \
  ++index;
#include "binary/opcodes.def"
  return t;
}

constexpr OpTables kTables = make_tables();

// Whether the proposal that introduced `op` is enabled (DESIGN.md convention 6).
bool enabled(Opcode op, uint8_t prefix, uint32_t code, const Features& f) {
  if (prefix == 0xFD) return f.simd;
  if (prefix == 0xFC) return code <= 0x07 ? f.saturating_float_to_int : f.bulk_memory;
  if (code >= 0xc0 && code <= 0xc4) return f.sign_extension;
  switch (op) {
    case Opcode::SelectT:
    case Opcode::TableGet:
    case Opcode::TableSet:
    case Opcode::RefNull:
    case Opcode::RefIsNull:
    case Opcode::RefFunc: return f.reference_types;
    default: return true;
  }
}

std::string hex_byte(uint32_t b) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s = "0x";
  s += kDigits[(b >> 4) & 0xf];
  s += kDigits[b & 0xf];
  return s;
}

}  // namespace

Result<Instr> InstrReader::next() {
  Instr in;
  in.offset = static_cast<uint32_t>(r_.offset());
  size_t op_pos = r_.pos();
  uint8_t byte = MOSAIC_TRY(r_.u8());

  // Spec 5.4: one-byte opcodes, and 0xFC / 0xFD followed by a u32 sub-opcode.
  uint16_t index = kNoOp;
  uint32_t code = byte;
  uint8_t prefix = 0;
  if (byte == 0xFC || byte == 0xFD) {
    prefix = byte;
    code = MOSAIC_TRY(r_.u32());
    if (code < 256) index = (byte == 0xFC ? kTables.fc : kTables.fd)[code];
  } else {
    index = kTables.single[byte];
  }
  if (index == kNoOp || !enabled(static_cast<Opcode>(index), prefix, code, features_)) {
    std::string msg = std::string(message(Malformed::IllegalOpcode)) + " " + hex_byte(byte);
    if (prefix != 0) msg += " " + std::to_string(code);
    return r_.error_at(op_pos, std::move(msg));
  }
  in.op = static_cast<Opcode>(index);

  auto zero_byte = [this]() -> Result<void> {
    size_t at = r_.pos();
    uint8_t b = MOSAIC_TRY(r_.u8());
    if (b != 0) return r_.error_at(at, message(Malformed::ZeroByte));
    return ok();
  };

  switch (op_info(in.op).imm) {
    case ImmKind::None: break;
    case ImmKind::BlockType: {
      // Spec 5.4.1: blocktype ::= 0x40 | t:valtype | x:s33 (x >= 0).
      uint8_t b = MOSAIC_TRY(r_.peek_u8());
      if (b == 0x40) {
        (void)MOSAIC_TRY(r_.u8());
        in.block.kind = BlockType::Kind::Empty;
      } else if (is_val_type_byte(b, features_)) {
        (void)MOSAIC_TRY(r_.u8());
        in.block.kind = BlockType::Kind::Value;
        in.block.type = static_cast<ValType>(b);
      } else {
        size_t at = r_.pos();
        int64_t x = MOSAIC_TRY(r_.s33());
        if (x < 0) return r_.error_at(at, message(Malformed::ValueType));
        if (!features_.multi_value) return r_.error_at(at, message(Malformed::ValueType));
        if (x > UINT32_MAX) return r_.error_at(at, message(Malformed::IntegerTooLarge));
        in.block.kind = BlockType::Kind::TypeIndex;
        in.block.index = static_cast<uint32_t>(x);
      }
      break;
    }
    case ImmKind::LabelIdx:
    case ImmKind::FuncIdx:
    case ImmKind::LocalIdx:
    case ImmKind::GlobalIdx:
    case ImmKind::TableIdx:
    case ImmKind::DataIdx:
    case ImmKind::ElemIdx: in.index = MOSAIC_TRY(r_.u32()); break;
    case ImmKind::BrTable: {
      // Spec 5.4.1: br_table l*:vec(labelidx) lN:labelidx. Each label takes at least one byte, so a count
      // beyond the remaining bytes cannot be satisfied; never reserve more than that.
      uint32_t count = MOSAIC_TRY(r_.u32());
      if (count > r_.remaining()) return r_.error(message(Malformed::UnexpectedEndOfSection));
      targets_.clear();
      targets_.reserve(count);
      for (uint32_t i = 0; i < count; ++i) targets_.push_back(MOSAIC_TRY(r_.u32()));
      in.index = MOSAIC_TRY(r_.u32());
      in.targets = std::span<const uint32_t>(targets_);
      break;
    }
    case ImmKind::CallIndirect:
      in.index = MOSAIC_TRY(r_.u32());
      in.index2 = MOSAIC_TRY(r_.u32());
      break;
    case ImmKind::MemArg:
    case ImmKind::MemArgLane: {
      // Spec 5.4.6: memarg ::= a:u32 o:u32.
      in.mem.align = MOSAIC_TRY(r_.u32());
      in.mem.offset = MOSAIC_TRY(r_.u32());
      if (op_info(in.op).imm == ImmKind::MemArgLane) in.lane = MOSAIC_TRY(r_.u8());
      break;
    }
    case ImmKind::MemIdx: MOSAIC_TRY(zero_byte()); break;
    case ImmKind::I32: in.bits = static_cast<uint64_t>(static_cast<int64_t>(MOSAIC_TRY(r_.s32()))); break;
    case ImmKind::I64: in.bits = static_cast<uint64_t>(MOSAIC_TRY(r_.s64())); break;
    case ImmKind::F32: in.bits = MOSAIC_TRY(r_.f32_bits()); break;
    case ImmKind::F64: in.bits = MOSAIC_TRY(r_.f64_bits()); break;
    case ImmKind::V128:
    case ImmKind::Shuffle: {
      auto b = MOSAIC_TRY(r_.bytes(16));
      std::copy(b.begin(), b.end(), in.v128.begin());
      break;
    }
    case ImmKind::LaneIdx: in.lane = MOSAIC_TRY(r_.u8()); break;
    case ImmKind::SelectT: {
      // Spec 5.4.2: select t*:vec(valtype). Validation requires exactly one type; keep the first and count.
      uint32_t count = MOSAIC_TRY(r_.u32());
      if (count > r_.remaining()) return r_.error(message(Malformed::UnexpectedEndOfSection));
      in.select_count = count;
      for (uint32_t i = 0; i < count; ++i) {
        ValType t = MOSAIC_TRY(read_val_type(r_, features_));
        if (i == 0) in.type = t;
      }
      break;
    }
    case ImmKind::RefType: in.type = MOSAIC_TRY(read_ref_type(r_)); break;
    case ImmKind::MemInit:
      in.index = MOSAIC_TRY(r_.u32());
      MOSAIC_TRY(zero_byte());
      break;
    case ImmKind::MemCopy:
      MOSAIC_TRY(zero_byte());
      MOSAIC_TRY(zero_byte());
      break;
    case ImmKind::TableInit:
    case ImmKind::TableCopy:
      in.index = MOSAIC_TRY(r_.u32());
      in.index2 = MOSAIC_TRY(r_.u32());
      break;
  }
  return in;
}

}  // namespace mosaic::binary
