#include "exec/const_eval.h"

#include <cstring>

#include "binary/instr.h"

namespace mosaic::exec {

namespace {

Error not_constant(size_t offset) {
  return Error(ErrorKind::Invalid, offset, "constant expression required");
}

}  // namespace

// spec 4.4 (expressions): a constant expression runs like any expression, with the instructions that spec
// 3.3 (constant expressions) admits: the numeric and vector constants, ref.null, ref.func and global.get,
// plus the extended-constant i32/i64 add, sub and mul (which the validator admits only when that proposal
// is on).
Result<ConstValue> eval_const(const Instance& instance, const binary::ConstExpr& expr) {
  const binary::Module& m = instance.module->binary();
  support::Reader bytes(m.slice(expr.range), expr.range.begin);
  binary::InstrReader reader(bytes, binary::Features{});
  ConstValue stack[8];
  size_t height = 0;
  auto push = [&](uint64_t lo, uint64_t hi = 0) -> bool {
    if (height == std::size(stack)) return false;
    stack[height].slots[0] = lo;
    stack[height].slots[1] = hi;
    ++height;
    return true;
  };
  while (!reader.at_end()) {
    binary::Instr in = MOSAIC_TRY(reader.next());
    bool pushed = true;
    switch (in.op) {
      case binary::Opcode::I32Const: pushed = push(uint32_t(in.bits)); break;
      case binary::Opcode::I64Const:
      case binary::Opcode::F32Const:
      case binary::Opcode::F64Const: pushed = push(in.bits); break;
      case binary::Opcode::V128Const: {
        uint64_t lo, hi;
        std::memcpy(&lo, in.v128.data(), 8);
        std::memcpy(&hi, in.v128.data() + 8, 8);
        pushed = push(lo, hi);
        break;
      }
      case binary::Opcode::RefNull: pushed = push(0); break;
      case binary::Opcode::RefFunc:
        if (in.index >= instance.funcs.size()) return not_constant(in.offset);
        pushed = push(uint64_t(reinterpret_cast<uintptr_t>(instance.funcs[in.index])));
        break;
      case binary::Opcode::GlobalGet: {
        if (in.index >= instance.globals.size()) return not_constant(in.offset);
        const GlobalInst* g = instance.globals[in.index];
        pushed = push(g->value[0], g->value[1]);
        break;
      }
      case binary::Opcode::I32Add:
      case binary::Opcode::I32Sub:
      case binary::Opcode::I32Mul:
      case binary::Opcode::I64Add:
      case binary::Opcode::I64Sub:
      case binary::Opcode::I64Mul: {
        if (height < 2) return not_constant(in.offset);
        uint64_t b = stack[--height].slots[0];
        uint64_t a = stack[--height].slots[0];
        uint64_t r = 0;
        switch (in.op) {
          case binary::Opcode::I32Add:
          case binary::Opcode::I64Add: r = a + b; break;
          case binary::Opcode::I32Sub:
          case binary::Opcode::I64Sub: r = a - b; break;
          default: r = a * b; break;
        }
        bool is_i32 = in.op == binary::Opcode::I32Add || in.op == binary::Opcode::I32Sub ||
                      in.op == binary::Opcode::I32Mul;
        pushed = push(is_i32 ? uint32_t(r) : r);
        break;
      }
      case binary::Opcode::End:
        if (height != 1) return not_constant(in.offset);
        return stack[0];
      default: return not_constant(in.offset);
    }
    if (!pushed) return not_constant(in.offset);
  }
  return Error(ErrorKind::Invalid, reader.offset(), "unexpected end");
}

}  // namespace mosaic::exec
