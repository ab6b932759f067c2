#include "valid/func_validator.h"

#include <algorithm>
#include <string>

namespace mosaic::valid {

using binary::ImmKind;
using binary::Instr;
using binary::Opcode;
using binary::OpInfo;
using binary::OpKind;
using binary::ValType;

namespace {

// The unknown type of unreachable code (appendix A.3 `Unknown`); it matches every type.
constexpr ValType kBot = static_cast<ValType>(0);

// Slots that a stack entry occupies; an unknown value (never executed) is counted as one.
uint32_t slots_of(ValType t) { return t == ValType::V128 ? 2 : 1; }

bool is_num_or_vec(ValType t) { return binary::is_num(t) || t == ValType::V128; }

// One-element type sequences with static storage, for block types of the form `valtype` (spec 5.4.1).
std::span<const ValType> single(ValType t) {
  static constexpr ValType kAll[] = {ValType::I32,  ValType::I64,     ValType::F32,      ValType::F64,
                                     ValType::V128, ValType::FuncRef, ValType::ExternRef};
  for (const ValType& x : kAll)
    if (x == t) return {&x, 1};
  return {};
}

// The lane count of a vector instruction's shape (spec 2.4.3): the number after the `x` of the shape
// prefix of its text name, e.g. 16 for "i8x16.extract_lane_s".
uint32_t shape_lanes(const char* text) {
  const char* p = text;
  while (*p && *p != 'x' && *p != '.') ++p;
  if (*p != 'x') return 0;
  uint32_t n = 0;
  for (++p; *p >= '0' && *p <= '9'; ++p) n = n * 10 + uint32_t(*p - '0');
  return n;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// Operand and control stacks (spec appendix A.3).

Error FuncValidator::mismatch(ValType expected, ValType actual, size_t offset) const {
  return invalid(offset, std::string("type mismatch: instruction requires [") + type_name(expected) +
                             "] but stack has [" + type_name(actual) + "]");
}

void FuncValidator::push(ValType t) {
  vals_.push_back(t);
  slots_ += slots_of(t);
  max_slots_ = std::max(max_slots_, slots_);
}

void FuncValidator::push(Types ts) {
  for (ValType t : ts) push(t);
}

Result<ValType> FuncValidator::pop(size_t offset) {
  const Frame& f = ctrls_.back();
  if (vals_.size() == f.height) {
    if (f.unreachable) return kBot;
    return invalid(offset, "type mismatch: instruction requires an operand but stack is empty");
  }
  ValType t = vals_.back();
  vals_.pop_back();
  slots_ -= slots_of(t);
  return t;
}

Result<ValType> FuncValidator::pop(ValType expected, size_t offset) {
  const Frame& f = ctrls_.back();
  if (vals_.size() == f.height && !f.unreachable)
    return invalid(offset, std::string("type mismatch: instruction requires [") + type_name(expected) +
                               "] but stack is empty");
  ValType actual = MOSAIC_TRY(pop(offset));
  if (actual != expected && actual != kBot && expected != kBot) return mismatch(expected, actual, offset);
  return actual;
}

Result<void> FuncValidator::pop(Types expected, size_t offset) {
  for (size_t i = expected.size(); i-- > 0;) MOSAIC_TRY(pop(expected[i], offset));
  return ok();
}

Result<void> FuncValidator::apply(Types params, Types results, size_t offset) {
  MOSAIC_TRY(pop(params, offset));
  push(results);
  return ok();
}

void FuncValidator::push_ctrl(Opcode op, Types params, Types results) {
  ctrls_.push_back(Frame{op, params, results, uint32_t(vals_.size()), slots_, false});
  push(params);
}

Result<FuncValidator::Frame> FuncValidator::pop_ctrl(size_t offset) {
  Frame f = ctrls_.back();
  MOSAIC_TRY(pop(f.results, offset));
  if (vals_.size() != f.height) {
    // Values left over below the block's results.
    std::vector<ValType> left(vals_.begin() + f.height, vals_.end());
    left.insert(left.end(), f.results.begin(), f.results.end());
    return invalid(offset, "type mismatch: block requires " + types_text(f.results) + " but stack has " +
                               types_text(left));
  }
  ctrls_.pop_back();
  return f;
}

void FuncValidator::set_unreachable() {
  Frame& f = ctrls_.back();
  vals_.resize(f.height);
  slots_ = f.slots;
  f.unreachable = true;
}

// ---------------------------------------------------------------------------------------------------
// Immediates.

// Spec 3.2.2 / 5.4.1: a block type is empty, one value type, or a type index [t1*] -> [t2*].
Result<std::pair<FuncValidator::Types, FuncValidator::Types>> FuncValidator::block_type(const Instr& in) const {
  switch (in.block.kind) {
    case binary::BlockType::Kind::Empty: return std::pair<Types, Types>{};
    case binary::BlockType::Kind::Value: return std::pair<Types, Types>{Types{}, single(in.block.type)};
    case binary::BlockType::Kind::TypeIndex: break;
  }
  if (in.block.index >= c_.module->types.size()) return unknown(in.offset, "type", in.block.index);
  const binary::FuncType& ft = c_.module->types[in.block.index];
  if (!c_.features.multi_value && (!ft.params.empty() || ft.results.size() > 1))
    return invalid(in.offset, "invalid result arity");
  return std::pair<Types, Types>{Types(ft.params), Types(ft.results)};
}

Result<const FuncValidator::Frame*> FuncValidator::label(uint32_t depth, size_t offset) const {
  if (depth >= ctrls_.size()) return unknown(offset, "label", depth);
  return &ctrls_[ctrls_.size() - 1 - depth];
}

Result<ValType> FuncValidator::local(uint32_t index, size_t offset) const {
  if (index >= num_locals_) return unknown(offset, "local", index);
  auto it = std::upper_bound(local_runs_.begin(), local_runs_.end(), uint64_t{index},
                             [](uint64_t i, const std::pair<uint64_t, ValType>& run) { return i < run.first; });
  return it->second;
}

Result<binary::TableType> FuncValidator::table(uint32_t index, size_t offset) const {
  if (index >= c_.tables.size()) return unknown(offset, "table", index);
  return c_.tables[index];
}

Result<void> FuncValidator::memory(uint32_t index, size_t offset) const {
  if (index >= c_.memories.size()) return unknown(offset, "memory", index);
  return ok();
}

// Spec 3.3.7: the memory must exist and 2^align must not exceed the access width.
Result<void> FuncValidator::memarg(const Instr& in, uint32_t natural_bytes) const {
  MOSAIC_TRY(memory(in.mem.memory, in.offset));
  if (in.mem.align >= 32 || (uint64_t{1} << in.mem.align) > natural_bytes)
    return invalid(in.offset, "alignment must not be larger than natural");
  return ok();
}

// ---------------------------------------------------------------------------------------------------
// Function bodies (spec 3.4.1).

Result<void> FuncValidator::init_locals(const binary::FuncType& type, const binary::Code& code, FuncInfo& info) {
  local_runs_.clear();
  uint64_t count = 0;
  uint64_t slots = 0;
  auto add = [&](uint64_t n, ValType t) {
    if (n == 0) return;
    count += n;
    slots += n * slots_of(t);
    if (!local_runs_.empty() && local_runs_.back().second == t)
      local_runs_.back().first = count;
    else
      local_runs_.emplace_back(count, t);
  };
  for (ValType t : type.params) add(1, t);
  for (const binary::LocalRun& run : code.locals) add(run.count, run.type);
  // The binary format allows up to 2^32 - 1 locals; past kMaxFunctionLocals (parameters included) they are
  // refused with the same words, an implementation limit (spec A.1) as V8's and wasmparser's: without it a
  // function of a few bytes declares billions of locals, and compiling it allocates gigabytes.
  if (count > kMaxFunctionLocals || slots > UINT32_MAX)
    return Error{ErrorKind::Malformed, code.offset, "too many locals"};
  num_locals_ = count;
  info.local_slots = uint32_t(slots);
  return ok();
}

Result<FuncInfo> FuncValidator::validate(uint32_t func_index, const binary::Code& code) {
  const binary::FuncType& type = c_.func_type(func_index);
  FuncInfo info;
  MOSAIC_TRY(init_locals(type, code, info));
  vals_.clear();
  ctrls_.clear();
  slots_ = 0;
  max_slots_ = 0;
  info.heights.reserve(code.body.size() / 2 + 1);  // instructions average about two bytes

  binary::InstrReader reader(support::Reader(c_.module->slice(code.body), code.body.begin), c_.features);
  push_ctrl(Opcode::Block, {}, type.results);
  while (!reader.at_end()) {
    if (ctrls_.empty())
      return Error{ErrorKind::Malformed, reader.offset(), "section size mismatch: instructions after the body's end"};
    Instr in = MOSAIC_TRY(reader.next());
    info.heights.push_back(slots_);
    MOSAIC_TRY(step(in));
  }
  if (!ctrls_.empty()) return Error{ErrorKind::Malformed, code.body.end, "unexpected end of function body"};
  info.heights.shrink_to_fit();
  info.max_height = max_slots_;
  return info;
}

Result<void> FuncValidator::step(const Instr& in) {
  const OpInfo& info = binary::op_info(in.op);
  switch (info.kind) {
    case OpKind::Simple:
    case OpKind::Trapping:
      // Spec 3.3.3: lane indices must be below the shape's lane count; shuffle indices below 32.
      if (info.imm == ImmKind::LaneIdx && in.lane >= shape_lanes(info.text))
        return invalid(in.offset, "invalid lane index");
      if (info.imm == ImmKind::Shuffle)
        for (uint8_t lane : in.v128)
          if (lane >= 32) return invalid(in.offset, "invalid lane index");
      return apply(info.params, info.results, in.offset);
    case OpKind::Load:
    case OpKind::Store:
      MOSAIC_TRY(memarg(in, info.mem_bytes));
      return apply(info.params, info.results, in.offset);
    case OpKind::LoadLane:
    case OpKind::StoreLane:
      MOSAIC_TRY(memarg(in, info.mem_bytes));
      if (in.lane >= 16u / info.mem_bytes) return invalid(in.offset, "invalid lane index");
      return apply(info.params, info.results, in.offset);
    case OpKind::Special:
      return special(in, info);
  }
  return ok();
}

Result<void> FuncValidator::special(const Instr& in, const OpInfo& info) {
  const size_t off = in.offset;
  switch (in.op) {
    // Control instructions (spec 3.3.8).
    case Opcode::Unreachable:
      set_unreachable();
      return ok();
    case Opcode::Nop:
      return ok();
    case Opcode::Block:
    case Opcode::Loop: {
      auto [params, results] = MOSAIC_TRY(block_type(in));
      MOSAIC_TRY(pop(params, off));
      push_ctrl(in.op, params, results);
      return ok();
    }
    case Opcode::If: {
      auto [params, results] = MOSAIC_TRY(block_type(in));
      MOSAIC_TRY(pop(ValType::I32, off));
      MOSAIC_TRY(pop(params, off));
      push_ctrl(Opcode::If, params, results);
      return ok();
    }
    case Opcode::Else: {
      if (ctrls_.back().op != Opcode::If) return Error{ErrorKind::Malformed, off, "illegal opcode: else without if"};
      Frame f = MOSAIC_TRY(pop_ctrl(off));
      push_ctrl(Opcode::Else, f.params, f.results);
      return ok();
    }
    case Opcode::End: {
      Frame f = MOSAIC_TRY(pop_ctrl(off));
      // An `if` without `else` has an empty else branch, which must have type [t1*] -> [t2*].
      if (f.op == Opcode::If && !std::ranges::equal(f.params, f.results))
        return invalid(off, "type mismatch: if without else requires its parameters to match its results");
      push(f.results);
      return ok();
    }
    case Opcode::Br: {
      const Frame* target = MOSAIC_TRY(label(in.index, off));
      MOSAIC_TRY(pop(target->labels(), off));
      set_unreachable();
      return ok();
    }
    case Opcode::BrIf: {
      const Frame* target = MOSAIC_TRY(label(in.index, off));
      MOSAIC_TRY(pop(ValType::I32, off));
      Types types = target->labels();
      MOSAIC_TRY(pop(types, off));
      push(types);
      return ok();
    }
    case Opcode::BrTable: {
      for (uint32_t depth : in.targets) MOSAIC_TRY(label(depth, off));
      const Frame* deflt = MOSAIC_TRY(label(in.index, off));
      MOSAIC_TRY(pop(ValType::I32, off));
      const size_t arity = deflt->labels().size();
      for (uint32_t depth : in.targets) {
        Types types = ctrls_[ctrls_.size() - 1 - depth].labels();
        if (types.size() != arity)
          return invalid(off, "type mismatch: br_table targets have labels of different arity");
        // Pop the label's types and push back what was popped (appendix A.3), so that unknown values
        // stay unknown.
        scratch_.assign(types.size(), kBot);
        for (size_t i = types.size(); i-- > 0;) scratch_[i] = MOSAIC_TRY(pop(types[i], off));
        for (ValType t : scratch_) push(t);
      }
      MOSAIC_TRY(pop(deflt->labels(), off));
      set_unreachable();
      return ok();
    }
    case Opcode::Return:
      MOSAIC_TRY(pop(ctrls_.front().results, off));
      set_unreachable();
      return ok();
    case Opcode::Call: {
      if (in.index >= c_.funcs.size()) return unknown(off, "function", in.index);
      const binary::FuncType& ft = c_.func_type(in.index);
      return apply(ft.params, ft.results, off);
    }
    case Opcode::CallIndirect: {
      binary::TableType tt = MOSAIC_TRY(table(in.index2, off));
      if (in.index >= c_.module->types.size()) return unknown(off, "type", in.index);
      if (tt.elem != ValType::FuncRef)
        return invalid(off, std::string("type mismatch: call_indirect requires a table of funcref but table has ") +
                                type_name(tt.elem));
      const binary::FuncType& ft = c_.module->types[in.index];
      MOSAIC_TRY(pop(ValType::I32, off));
      return apply(ft.params, ft.results, off);
    }

    // Parametric instructions (spec 3.3.4).
    case Opcode::Drop:
      MOSAIC_TRY(pop(off));
      return ok();
    case Opcode::Select: {
      MOSAIC_TRY(pop(ValType::I32, off));
      ValType t1 = MOSAIC_TRY(pop(off));
      ValType t2 = MOSAIC_TRY(pop(off));
      // Without a type annotation only numeric and vector operands are allowed.
      if ((t1 != kBot && !is_num_or_vec(t1)) || (t2 != kBot && !is_num_or_vec(t2)))
        return invalid(off, "type mismatch: select without a type requires numeric or vector operands");
      if (t1 != t2 && t1 != kBot && t2 != kBot) return mismatch(t1, t2, off);
      push(t1 == kBot ? t2 : t1);
      return ok();
    }
    case Opcode::SelectT: {
      if (in.select_count != 1) return invalid(off, "invalid result arity other than 1 is not (yet) allowed");
      MOSAIC_TRY(pop(ValType::I32, off));
      MOSAIC_TRY(pop(in.type, off));
      MOSAIC_TRY(pop(in.type, off));
      push(in.type);
      return ok();
    }

    // Variable instructions (spec 3.3.5).
    case Opcode::LocalGet: {
      ValType t = MOSAIC_TRY(local(in.index, off));
      push(t);
      return ok();
    }
    case Opcode::LocalSet: {
      ValType t = MOSAIC_TRY(local(in.index, off));
      MOSAIC_TRY(pop(t, off));
      return ok();
    }
    case Opcode::LocalTee: {
      ValType t = MOSAIC_TRY(local(in.index, off));
      MOSAIC_TRY(pop(t, off));
      push(t);
      return ok();
    }
    case Opcode::GlobalGet:
      if (in.index >= c_.globals.size()) return unknown(off, "global", in.index);
      push(c_.globals[in.index].type);
      return ok();
    case Opcode::GlobalSet:
      if (in.index >= c_.globals.size()) return unknown(off, "global", in.index);
      if (!c_.globals[in.index].is_mutable) return invalid(off, "global is immutable");
      MOSAIC_TRY(pop(c_.globals[in.index].type, off));
      return ok();

    // Table instructions (spec 3.3.6).
    case Opcode::TableGet: {
      binary::TableType tt = MOSAIC_TRY(table(in.index, off));
      MOSAIC_TRY(pop(ValType::I32, off));
      push(tt.elem);
      return ok();
    }
    case Opcode::TableSet: {
      binary::TableType tt = MOSAIC_TRY(table(in.index, off));
      MOSAIC_TRY(pop(tt.elem, off));
      MOSAIC_TRY(pop(ValType::I32, off));
      return ok();
    }
    case Opcode::TableSize:
      MOSAIC_TRY(table(in.index, off));
      push(ValType::I32);
      return ok();
    case Opcode::TableGrow: {
      binary::TableType tt = MOSAIC_TRY(table(in.index, off));
      MOSAIC_TRY(pop(ValType::I32, off));
      MOSAIC_TRY(pop(tt.elem, off));
      push(ValType::I32);
      return ok();
    }
    case Opcode::TableFill: {
      binary::TableType tt = MOSAIC_TRY(table(in.index, off));
      MOSAIC_TRY(pop(ValType::I32, off));
      MOSAIC_TRY(pop(tt.elem, off));
      MOSAIC_TRY(pop(ValType::I32, off));
      return ok();
    }
    case Opcode::TableCopy: {
      binary::TableType dst = MOSAIC_TRY(table(in.index, off));
      binary::TableType src = MOSAIC_TRY(table(in.index2, off));
      if (dst.elem != src.elem) return mismatch(dst.elem, src.elem, off);
      return apply(info.params, info.results, off);
    }
    case Opcode::TableInit: {
      binary::TableType tt = MOSAIC_TRY(table(in.index2, off));
      if (in.index >= c_.elems.size()) return unknown(off, "elem segment", in.index);
      if (c_.elems[in.index] != tt.elem) return mismatch(tt.elem, c_.elems[in.index], off);
      return apply(info.params, info.results, off);
    }
    case Opcode::ElemDrop:
      if (in.index >= c_.elems.size()) return unknown(off, "elem segment", in.index);
      return ok();

    // Memory instructions (spec 3.3.7) other than loads and stores.
    case Opcode::MemorySize:
    case Opcode::MemoryGrow:
    case Opcode::MemoryCopy:
    case Opcode::MemoryFill:
      MOSAIC_TRY(memory(0, off));
      return apply(info.params, info.results, off);
    case Opcode::MemoryInit:
      MOSAIC_TRY(memory(0, off));
      if (in.index >= c_.datas) return unknown(off, "data segment", in.index);
      return apply(info.params, info.results, off);
    case Opcode::DataDrop:
      if (in.index >= c_.datas) return unknown(off, "data segment", in.index);
      return ok();

    // Numeric and vector constants (spec 3.3.1, 3.3.3).
    case Opcode::I32Const:
    case Opcode::I64Const:
    case Opcode::F32Const:
    case Opcode::F64Const:
    case Opcode::V128Const:
      return apply(info.params, info.results, off);

    // Reference instructions (spec 3.3.2).
    case Opcode::RefNull:
      push(in.type);
      return ok();
    case Opcode::RefIsNull: {
      ValType t = MOSAIC_TRY(pop(off));
      if (t != kBot && !binary::is_ref(t))
        return invalid(off, std::string("type mismatch: instruction requires reference type but stack has ") +
                                type_name(t));
      push(ValType::I32);
      return ok();
    }
    case Opcode::RefFunc:
      if (in.index >= c_.funcs.size()) return unknown(off, "function", in.index);
      if (!c_.refs[in.index]) return invalid(off, "undeclared function reference");
      push(ValType::FuncRef);
      return ok();

    default:
      break;
  }
  // A Special opcode without a case above has the fixed signature of its table row.
  return apply(info.params, info.results, off);
}

}  // namespace mosaic::valid
