#include "valid/const_expr.h"


#include "binary/instr.h"

namespace mosaic::valid {

using binary::Instr;
using binary::Opcode;
using binary::ValType;

namespace {

binary::InstrReader reader_for(const binary::Module& m, const binary::ConstExpr& expr,
                               const binary::Features& features) {
  return binary::InstrReader(support::Reader(m.slice(expr.range), expr.range.begin), features);
}

// Spec 3.3.10: the constant instructions of Wasm 2.0. A global.get must name an imported, immutable
// global (the context C' of spec 3.4.10 holds the imported globals only).
Result<void> check_constant(const Context& c, const Instr& in) {
  switch (in.op) {
    case Opcode::I32Const:
    case Opcode::I64Const:
    case Opcode::F32Const:
    case Opcode::F64Const:
    case Opcode::V128Const:
    case Opcode::RefNull:
    case Opcode::RefFunc:
      return ok();
    case Opcode::GlobalGet:
      if (in.index >= c.const_globals) return unknown(in.offset, "global", in.index);
      if (c.globals[in.index].is_mutable) return invalid(in.offset, "constant expression required");
      return ok();
    default:
      return invalid(in.offset, "constant expression required");
  }
}

}  // namespace

Result<void> validate_const_expr(const Context& c, const binary::ConstExpr& expr, ValType expected) {
  // The reference interpreter first requires every instruction to be constant, then type-checks the
  // sequence as a block of type [] -> [expected]; errors are reported in that order.
  std::vector<Instr> instrs;
  {
    binary::InstrReader r = reader_for(*c.module, expr, c.features);
    while (!r.at_end()) instrs.push_back(MOSAIC_TRY(r.next()));
  }
  size_t end_offset = expr.range.end > 0 ? expr.range.end - 1 : 0;
  if (!instrs.empty() && instrs.back().op == Opcode::End) {
    end_offset = instrs.back().offset;
    instrs.pop_back();
  }
  for (const Instr& in : instrs) MOSAIC_TRY(check_constant(c, in));

  std::vector<ValType> stack;
  for (const Instr& in : instrs) {
    switch (in.op) {
      case Opcode::I32Const: stack.push_back(ValType::I32); break;
      case Opcode::I64Const: stack.push_back(ValType::I64); break;
      case Opcode::F32Const: stack.push_back(ValType::F32); break;
      case Opcode::F64Const: stack.push_back(ValType::F64); break;
      case Opcode::V128Const: stack.push_back(ValType::V128); break;
      case Opcode::RefNull: stack.push_back(in.type); break;
      case Opcode::RefFunc:
        if (in.index >= c.funcs.size()) return unknown(in.offset, "function", in.index);
        stack.push_back(ValType::FuncRef);
        break;
      case Opcode::GlobalGet: stack.push_back(c.globals[in.index].type); break;
      default: return invalid(in.offset, "constant expression required");
    }
  }
  if (stack.size() != 1 || stack[0] != expected) {
    return invalid(end_offset, std::string("type mismatch: constant expression requires [") + type_name(expected) +
                                   "] but has " + types_text(stack));
  }
  return ok();
}

Result<void> collect_refs(const binary::Module& m, const binary::ConstExpr& expr, const binary::Features& features,
                          std::vector<bool>& refs) {
  binary::InstrReader r = reader_for(m, expr, features);
  while (!r.at_end()) {
    Instr in = MOSAIC_TRY(r.next());
    if (in.op == Opcode::RefFunc && in.index < refs.size()) refs[in.index] = true;
  }
  return ok();
}

}  // namespace mosaic::valid
