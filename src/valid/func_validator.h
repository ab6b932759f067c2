#pragma once
// valid::FuncValidator: validates one function body with the algorithm of the spec's appendix A.3
// (an operand stack whose entries may be the unknown type of unreachable code, and a stack of control
// frames), and records the operand-stack heights the executor needs (valid::FuncInfo).

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "binary/instr.h"
#include "binary/module.h"
#include "binary/opcode.h"
#include "mosaic/result.h"
#include "valid/context.h"
#include "valid/module.h"

namespace mosaic::valid {

// Most locals, parameters included, one function may have (an implementation limit, spec A.1): V8's and
// wasmparser's (hence wasmtime's), so that mosaic refuses no module they accept.
inline constexpr uint64_t kMaxFunctionLocals = 50'000;

class FuncValidator {
 public:
  explicit FuncValidator(const Context& c) : c_(c) {}

  // Validates the body of function `func_index` (an index into the function index space that names a
  // defined function). The validator's buffers are reused from one call to the next.
  Result<FuncInfo> validate(uint32_t func_index, const binary::Code& code);

 private:
  using ValType = binary::ValType;
  using Types = std::span<const ValType>;

  // A control frame (appendix A.3 `ctrl_frame`); the function body is the outermost, with op Block.
  struct Frame {
    binary::Opcode op;
    Types params;
    Types results;
    uint32_t height;  // operand stack entries below the frame
    uint32_t slots;   // the same, in 8-byte slots
    bool unreachable;
    Types labels() const { return op == binary::Opcode::Loop ? params : results; }
  };

  Result<void> init_locals(const binary::FuncType& type, const binary::Code& code, FuncInfo& info);
  Result<void> step(const binary::Instr& in);
  Result<void> special(const binary::Instr& in, const binary::OpInfo& info);

  // Operand stack (appendix A.3 push_val / pop_val / pop_vals).
  void push(ValType t);
  void push(Types ts);
  Result<ValType> pop(size_t offset);
  Result<ValType> pop(ValType expected, size_t offset);
  Result<void> pop(Types expected, size_t offset);
  // Pops `params`, pushes `results`: an instruction of type [params] -> [results].
  Result<void> apply(Types params, Types results, size_t offset);

  // Control stack.
  void push_ctrl(binary::Opcode op, Types params, Types results);
  Result<Frame> pop_ctrl(size_t offset);
  void set_unreachable();

  // Immediate checks, each with the reference interpreter's error text.
  Result<std::pair<Types, Types>> block_type(const binary::Instr& in) const;
  Result<const Frame*> label(uint32_t depth, size_t offset) const;
  Result<ValType> local(uint32_t index, size_t offset) const;
  Result<binary::TableType> table(uint32_t index, size_t offset) const;
  Result<void> memory(uint32_t index, size_t offset) const;
  Result<void> memarg(const binary::Instr& in, uint32_t natural_bytes) const;

  Error mismatch(ValType expected, ValType actual, size_t offset) const;

  const Context& c_;
  std::vector<ValType> vals_;
  std::vector<Frame> ctrls_;
  std::vector<ValType> scratch_;
  uint32_t slots_ = 0;      // current height in slots
  uint32_t max_slots_ = 0;  // highest height so far
  // Locals as runs: local i has the type of the first run whose end exceeds i.
  std::vector<std::pair<uint64_t, ValType>> local_runs_;
  uint64_t num_locals_ = 0;
};

}  // namespace mosaic::valid
