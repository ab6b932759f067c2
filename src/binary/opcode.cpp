#include "binary/opcode.h"

#include <array>

namespace mosaic::binary {
namespace {


// Signature storage: one constexpr array per opcode for params and results. A list like (I32, I64)
// becomes {ValType::I32, ValType::I64}; the empty list becomes an empty array.
template <ValType... Ts>
struct Sig {
  static constexpr std::array<ValType, sizeof...(Ts)> values{Ts...};
};

constexpr ValType I32 = ValType::I32;
constexpr ValType I64 = ValType::I64;
constexpr ValType F32 = ValType::F32;
constexpr ValType F64 = ValType::F64;
constexpr ValType V128 = ValType::V128;

#define MOSAIC_UNPAREN(...) __VA_ARGS__

const std::array<OpInfo, kOpcodeCount> kInfo = {{
#define MOSAIC_OP(Name, Prefix, Code, Imm, Kind, Params, Results, MemBytes, Text)                        \
  OpInfo{Text, #Name, Prefix, Code, ImmKind::Imm, OpKind::Kind, MemBytes,                               \
         std::span<const ValType>(Sig<MOSAIC_UNPAREN Params>::values),                                  \
         std::span<const ValType>(Sig<MOSAIC_UNPAREN Results>::values)},
#include "binary/opcodes.def"
}};

}  // namespace

const OpInfo& op_info(Opcode op) { return kInfo[static_cast<size_t>(op)]; }

}  // namespace mosaic::binary
