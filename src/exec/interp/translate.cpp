// Translation of validated function bodies into the interpreter's internal code (code.h).
//
// One pass over each body with binary::InstrReader. The validator's operand heights (valid::FuncInfo) give
// every operand's frame slot, so each instruction is emitted with its operands' and result's slot offsets.
// Structured control (spec 4.4.8) becomes jumps: a loop label is the loop's first instruction; block and
// if labels are forward jumps, chained through their not-yet-known target words and patched at `end`.
// Code after br, br_table, return and unreachable is skipped up to the matching else or end.
//
// Rewrites remove most of the copies and dispatches a stack machine makes (the register-machine form of
// code.h):
//  - `local.get x` emits nothing: the operand is recorded as an alias of the local, and its consumer reads
//    the local's slot directly. An alias is materialised (copied to its operand slot) before anything
//    writes x, and before control flow or instructions that read operands as a contiguous range (calls,
//    branches, bulk memory), so every label sees operands in their own slots (values below a block's
//    base are never aliases while the block runs).
//  - `local.set x` / `local.tee x` right after an instruction that wrote its single result to an operand
//    slot retargets that instruction's destination to x instead of emitting a copy.
//  - A binary operator whose second operand is the constant just emitted takes it as an immediate (the
//    Name_I handlers), and br_if / if on the result of a test just emitted become one fused handler
//    (Name_BrIf, Name_BrUnless and their immediate forms; i32.eqz swaps BrIf and BrUnless).
//  - A load or store whose address is an i32.add of a constant just emitted absorbs the add (Name_Add); a
//    binary operator one of whose operands is the full-width load just emitted absorbs the load (Name_M1,
//    Name_M2); an i32.add of an i32.shl by a constant (an array element's address) is one I32AddShl.
//    These match the last instruction by the height of its result; a local.get emits nothing in between.

#include <algorithm>
#include <array>
#include <initializer_list>
#include <limits>
#include <vector>

#include "binary/instr.h"
#include "binary/module.h"
#include "exec/interp/code.h"
#include "exec/interp/interp.h"
#include "support/reader.h"

namespace mosaic::exec::interp {
namespace {

using binary::Instr;
using binary::Opcode;
using binary::ValType;

constexpr uint16_t kNoHandler = 0xffff;
constexpr uint64_t kNoFixup = std::numeric_limits<uint64_t>::max();

// Opcode -> generated handler (kNoHandler for Special entries), from opcodes.def.
#define MOSAIC_INTERP_MAP_Special(Name) kNoHandler,
#define MOSAIC_INTERP_MAP_Simple(Name) uint16_t(Handler::Name),
#define MOSAIC_INTERP_MAP_Trapping(Name) uint16_t(Handler::Name),
#define MOSAIC_INTERP_MAP_Load(Name) uint16_t(Handler::Name),
#define MOSAIC_INTERP_MAP_Store(Name) uint16_t(Handler::Name),
#define MOSAIC_INTERP_MAP_LoadLane(Name) uint16_t(Handler::Name),
#define MOSAIC_INTERP_MAP_StoreLane(Name) uint16_t(Handler::Name),
constexpr std::array<uint16_t, binary::kOpcodeCount> kGenerated = {
#define MOSAIC_OP(Name, Prefix, Code, Imm, Kind, Params, Results, MemBytes, Text) MOSAIC_INTERP_MAP_##Kind(Name)
#include "binary/opcodes.def"
};

// i32.load, i64.load, f32.load, f64.load: a load of a whole value of its type, which a binary operator
// may absorb (code.h Name_M1, Name_M2).
bool is_full_load(Opcode op) {
  return op == Opcode::I32Load || op == Opcode::I64Load || op == Opcode::F32Load || op == Opcode::F64Load;
}

uint32_t slots_of(std::span<const ValType> types) {
  uint32_t n = 0;
  for (ValType t : types) n += binary::slot_count(t);
  return n;
}

// A control frame of the translation (spec 3.3.8.x, the validation control stack, reduced to what the
// code needs).
struct Ctl {
  enum class Kind : uint8_t { Func, Block, Loop, If };
  Kind kind = Kind::Block;
  bool has_else = false;
  bool unreachable = false;   // the rest of the current arm cannot run
  uint32_t base = 0;          // operand height where the label's values go
  uint32_t label_slots = 0;   // slots a branch to the label carries (params for loop, results otherwise)
  size_t loop_start = 0;      // loop: the target of its branches
  uint64_t fixups = kNoFixup;  // chain of target words that jump to the end
  uint64_t else_fixup = kNoFixup;  // if: the target word of the jump to the else arm
};

// An operand that is (still) the value of a local: reading `local` gives it.
struct Alias {
  uint32_t height = 0;
  uint32_t local = 0;  // slot offset of the local
  uint32_t width = 1;
};

constexpr size_t kNoPos = std::numeric_limits<size_t>::max();

// The last instruction emitted, when it wrote its only result to an operand slot: what the peepholes
// (destination folding, constant operands, fused tests and branches) may rewrite.
struct LastWrite {
  enum class Kind : uint8_t { Other, Const, Generated, GeneratedRI };
  size_t dst = 0;       // code unit holding the destination slot offset (the handler word precedes it)
  size_t end = kNoPos;  // code size right after the instruction
  uint32_t height = 0;  // operand height of the result
  uint32_t width = 0;   // its slots
  Kind kind = Kind::Other;
  Opcode op = Opcode::Nop;  // Generated, GeneratedRI
  uint64_t value = 0;       // Const: the constant's bits
  size_t start() const { return dst - kWordUnits; }
};

// Specialised handlers of each opcode (code.h MOSAIC_INTERP_VARIANTS), kNoHandler where there are none.
struct Variants {
  uint16_t ri = kNoHandler;
  uint16_t br_if = kNoHandler;
  uint16_t br_if_ri = kNoHandler;
  uint16_t br_unless = kNoHandler;
  uint16_t br_unless_ri = kNoHandler;
  uint16_t add = kNoHandler;
  uint16_t m1 = kNoHandler;
  uint16_t m2 = kNoHandler;
};

#define MOSAIC_INTERP_FIELD_RI ri
#define MOSAIC_INTERP_FIELD_BrIf br_if
#define MOSAIC_INTERP_FIELD_BrIfRI br_if_ri
#define MOSAIC_INTERP_FIELD_BrUnless br_unless
#define MOSAIC_INTERP_FIELD_BrUnlessRI br_unless_ri
#define MOSAIC_INTERP_FIELD_Add add
#define MOSAIC_INTERP_FIELD_M1 m1
#define MOSAIC_INTERP_FIELD_M2 m2
constexpr std::array<Variants, binary::kOpcodeCount> make_variants() {
  std::array<Variants, binary::kOpcodeCount> v{};
#define MOSAIC_INTERP_SET(H, Form, Name, Kind, Params, Results, Bytes) \
  v[size_t(Opcode::Name)].MOSAIC_INTERP_FIELD_##Form = uint16_t(Handler::H);
#define MOSAIC_OP(Name, Prefix, Code, Imm, Kind, Params, Results, MemBytes, Text) \
  MOSAIC_INTERP_VARIANTS(MOSAIC_INTERP_SET, Name, Kind, Imm, Params, Results, MemBytes)
#include "binary/opcodes.def"
#undef MOSAIC_INTERP_SET
  return v;
}
constexpr std::array<Variants, binary::kOpcodeCount> kVariants = make_variants();

class Translator {
 public:
  Translator(const valid::Module& module, ModuleCode& out, bool fuel)
      : vm_(module), bm_(*module.binary), out_(out), code_(out.code), words_(handler_words()), fuel_(fuel) {}

  Result<void> translate_all() {
    const size_t n = bm_.funcs.size();
    out_.funcs.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const binary::FuncType& type = bm_.types[bm_.funcs[i]];
      FuncCode& fc = out_.funcs[i];
      fc.func_index = bm_.num_imported_funcs + uint32_t(i);
      fc.param_slots = slots_of(type.params);
      fc.result_slots = slots_of(type.results);
      fc.local_slots = vm_.funcs[i].local_slots;
      // At least kZeroedSlots past the parameters: a call zeroes that many slots unconditionally (code.h).
      fc.frame_slots = std::max(vm_.funcs[i].local_slots + vm_.funcs[i].max_height, fc.param_slots + kZeroedSlots);
    }
    std::vector<size_t> entries(n);
    for (size_t i = 0; i < n; ++i) {
      entries[i] = code_.size();
      MOSAIC_TRY(translate_func(uint32_t(i)));
    }
    code_.shrink_to_fit();
    CodeUnit* base = code_.data();
    for (size_t pos : relocs_) {
      store_word(base + pos, uint64_t(reinterpret_cast<uintptr_t>(base + load_word(base + pos))));
    }
    for (size_t i = 0; i < n; ++i) out_.funcs[i].entry = base + entries[i];
    return ok();
  }

 private:
  // --- emission ---
  void emit(uint32_t unit) { code_.push_back(unit); }
  void emit_word(uint64_t w) {
    emit(uint32_t(w));
    emit(uint32_t(w >> 32));
  }
  void emit_handler(Handler h) { emit_word(words_[size_t(h)]); }
  // A branch target word to `ctl`'s label: resolved for loops, chained for forward labels.
  void emit_target(Ctl& ctl) {
    if (ctl.kind == Ctl::Kind::Loop) {
      emit_code_ref(ctl.loop_start);
    } else {
      uint64_t prev = ctl.fixups;
      ctl.fixups = code_.size();
      emit_code_ref(prev);
    }
  }
  // A word that will hold the address of code offset `off` (relocated at the end of translation).
  void emit_code_ref(uint64_t off) {
    relocs_.push_back(code_.size());
    emit_word(off);
  }
  void patch_chain(uint64_t head, size_t target) {
    while (head != kNoFixup) {
      uint64_t next = load_word(&code_[head]);
      store_word(&code_[head], target);
      head = next;
    }
  }

  // Slot offset (from fp) of the operand slot at height h: where instructions write their results.
  uint32_t at(uint32_t h) const { return local_slots_ + h; }

  // Where the operand at height h can be read: its slot, or the local it aliases.
  uint32_t operand(uint32_t h) const {
    for (size_t k = aliases_.size(); k-- > 0 && aliases_[k].height >= h;) {
      if (aliases_[k].height == h) return aliases_[k].local;
    }
    return at(h);
  }

  // --- operand aliases of locals ---
  // Copies the aliases that satisfy `pred` into their operand slots; they stop being aliases.
  template <class Pred>
  void materialize_where(Pred pred) {
    size_t kept = 0;
    for (const Alias& a : aliases_) {
      if (pred(a)) {
        emit_handler(a.width == 2 ? Handler::Copy2 : Handler::Copy1);
        emit(at(a.height));
        emit(a.local);
      } else {
        aliases_[kept++] = a;
      }
    }
    aliases_.resize(kept);
  }
  // The aliases at heights in [from, to): before instructions that read operands as one range (calls,
  // branch moves, bulk memory), and before labels.
  void materialize_range(uint32_t from, uint32_t to = std::numeric_limits<uint32_t>::max()) {
    materialize_where([&](const Alias& a) { return a.height >= from && a.height < to; });
  }
  // Before local slots [off, off + w) are written: the operands that alias them get their own copy.
  void materialize_local(uint32_t off, uint32_t w) {
    materialize_where([&](const Alias& a) { return a.local < off + w && off < a.local + a.width; });
  }
  // The operands at heights >= h were consumed.
  void consumed_from(uint32_t h) {
    while (!aliases_.empty() && aliases_.back().height >= h) aliases_.pop_back();
  }

  // --- destination folding ---
  // Records that the instruction just emitted wrote its only result (w slots) to at(h), with the
  // destination operand in code unit dst_pos.
  void wrote(size_t dst_pos, uint32_t h, uint32_t w, LastWrite::Kind kind = LastWrite::Kind::Other,
             Opcode op = Opcode::Nop, uint64_t value = 0) {
    last_ = LastWrite{dst_pos, code_.size(), h, w, kind, op, value};
  }
  // The last instruction, if it wrote the operand at height h (one slot) and nothing was emitted since.
  const LastWrite* last_at(uint32_t h) const {
    return last_.end == code_.size() && last_.height == h && last_.width == 1 ? &last_ : nullptr;
  }
  // Removes the last instruction (its operands are still where it read them).
  void drop_last() {
    code_.resize(last_.start());
    no_fold();
  }
  // Whether the value at height h (w slots) was just written by the last instruction, with no label since.
  bool can_retarget(uint32_t h, uint32_t w) const {
    return last_.end == code_.size() && last_.height == h && last_.width == w;
  }
  void no_fold() { last_.end = kNoPos; }

  std::pair<uint32_t, uint32_t> block_slots(const binary::BlockType& bt) const {
    switch (bt.kind) {
      case binary::BlockType::Kind::Empty: return {0, 0};
      case binary::BlockType::Kind::Value: return {0, binary::slot_count(bt.type)};
      case binary::BlockType::Kind::TypeIndex: {
        const binary::FuncType& t = bm_.types[bt.index];
        return {slots_of(t.params), slots_of(t.results)};
      }
    }
    return {0, 0};
  }

  Ctl& label(uint32_t depth) { return ctl_[ctl_.size() - 1 - depth]; }

  // A jump to `target` carrying n slots from height src to its label's base.
  void emit_branch(Ctl& target, uint32_t src, uint32_t n) {
    const bool back = target.kind == Ctl::Kind::Loop;  // polls the interrupt flag (code.h)
    if (n == 0 || src == target.base) {
      emit_handler(back ? Handler::BrLoop : Handler::Br);
      emit_target(target);
    } else {
      emit_handler(back ? Handler::BrCopyLoop : Handler::BrCopy);
      emit_target(target);
      emit(at(src));
      emit(at(target.base));
      emit(n);
    }
  }

  void emit_return(uint32_t src) {
    emit_handler(result_slots_ == 1 ? Handler::Return1 : Handler::Return);
    emit(at(src));
    emit(result_slots_);
  }

  // Bulk memory and table instructions: three i32 operands read as a range, then index immediates.
  void emit_bulk(Handler handler, uint32_t h, std::initializer_list<uint32_t> indices) {
    materialize_range(h - 3);
    emit_handler(handler);
    emit(at(h - 3));
    for (uint32_t index : indices) emit(index);
    no_fold();
  }

  Result<void> translate_func(uint32_t index);
  void translate_generated(const Instr& in, uint32_t h, Handler handler);
  size_t emit_conditional(uint32_t h, bool taken, uint32_t keep_from, bool back = false);
  // Points the target word at `pos` to ctl's label.
  void link_target(Ctl& ctl, size_t pos) {
    if (ctl.kind == Ctl::Kind::Loop) {
      store_word(&code_[pos], ctl.loop_start);
    } else {
      store_word(&code_[pos], ctl.fixups);
      ctl.fixups = pos;
    }
  }
  void end_block();

  // --- fuel metering (Config::consume_fuel; code.h) ---
  // Starts a run of code metered by one Fuel instruction: at function entry, loop labels and wherever
  // branches join (else, end), so every path pays for the instructions it runs, charged up front.
  void start_fuel_run() {
    if (!fuel_) return;
    no_fold();
    emit_handler(Handler::Fuel);
    fuel_pos_ = code_.size();
    emit(0);
  }
  // One unit for each instruction but the structural ones (nop, block, loop, else, end), as wasmtime counts.
  void charge_fuel(Opcode op) {
    if (!fuel_ || op == Opcode::Nop || op == Opcode::Block || op == Opcode::Loop || op == Opcode::Else ||
        op == Opcode::End)
      return;
    ++code_[fuel_pos_];
  }

  const valid::Module& vm_;
  const binary::Module& bm_;
  ModuleCode& out_;
  std::vector<CodeUnit>& code_;
  const uint64_t* words_;
  const bool fuel_;
  size_t fuel_pos_ = 0;  // the cost unit of the current run's Fuel instruction
  std::vector<size_t> relocs_;

  // The function being translated.
  std::vector<Ctl> ctl_;
  std::vector<Alias> aliases_;  // operands that are aliases of locals, by increasing height
  LastWrite last_;
  std::vector<uint32_t> local_offsets_;  // slot offset of each local; one more entry at the end
  uint32_t local_slots_ = 0;
  uint32_t result_slots_ = 0;
};

void Translator::translate_generated(const Instr& in, uint32_t h, Handler handler) {
  const binary::OpInfo& info = binary::op_info(in.op);
  const uint32_t base = h - slots_of(info.params);
  // A constant second operand, just emitted: the constant moves into the instruction.
  const uint16_t ri = kVariants[size_t(in.op)].ri;
  if (ri != kNoHandler) {
    if (const LastWrite* c = last_at(h - 1); c && c->kind == LastWrite::Kind::Const) {
      const uint64_t value = c->value;
      const uint32_t a = operand(base);
      drop_last();
      emit_handler(Handler(ri));
      const size_t dst_pos = code_.size();
      emit(at(base));
      emit(a);
      if (info.params[1] == ValType::I32 || info.params[1] == ValType::F32) {
        emit(uint32_t(value));
      } else {
        emit_word(value);
      }
      consumed_from(base);
      wrote(dst_pos, base, 1, LastWrite::Kind::GeneratedRI, in.op);
      return;
    }
  }
  // i32.add of an i32.shl by a constant just emitted (either operand; the other emitted no code): an array
  // element's address, one handler.
  if (in.op == Opcode::I32Add) {
    const uint32_t h_shl = last_at(h - 1) ? h - 1 : base;
    if (const LastWrite* l = last_at(h_shl); l && l->kind == LastWrite::Kind::GeneratedRI && l->op == Opcode::I32Shl) {
      const CodeUnit shifted = code_[l->dst + 1];
      const CodeUnit k = code_[l->dst + 2];
      const uint32_t other = operand(h_shl == base ? base + 1 : base);
      drop_last();
      emit_handler(Handler::I32AddShl);
      const size_t dst_pos = code_.size();
      emit(at(base));
      emit(other);
      emit(shifted);
      emit(k);
      consumed_from(base);
      wrote(dst_pos, base, 1);
      return;
    }
  }
  // An operand loaded by the full-width load just emitted (the second; or the first, when the second
  // emitted no code: it is an alias of a local): the operator absorbs the load.
  if (const uint16_t m2 = kVariants[size_t(in.op)].m2; m2 != kNoHandler) {
    const uint32_t h_load = last_at(h - 1) ? h - 1 : base;
    if (const LastWrite* l = last_at(h_load); l && l->kind == LastWrite::Kind::Generated && is_full_load(l->op)) {
      const CodeUnit addr = code_[l->dst + 1];
      const CodeUnit offset = code_[l->dst + 2];
      const bool first = h_load == base;
      const uint32_t other = operand(first ? base + 1 : base);
      drop_last();
      emit_handler(Handler(first ? kVariants[size_t(in.op)].m1 : m2));
      const size_t dst_pos = code_.size();
      emit(at(base));
      if (first) {
        emit(addr);
        emit(offset);
        emit(other);
      } else {
        emit(other);
        emit(addr);
        emit(offset);
      }
      consumed_from(base);
      wrote(dst_pos, base, 1);
      return;
    }
  }
  // An address computed by an i32.add of a constant just emitted: the load or store absorbs the add.
  // (For a store, the value above the address emitted no code: it is an alias of a local.)
  const uint16_t add = kVariants[size_t(in.op)].add;
  if (add != kNoHandler) {
    if (const LastWrite* a = last_at(base);
        a && a->kind == LastWrite::Kind::GeneratedRI && a->op == Opcode::I32Add) {
      const CodeUnit addr = code_[a->dst + 1];
      const CodeUnit k = code_[a->dst + 2];
      drop_last();
      emit_handler(Handler(add));
      const size_t dst_pos = code_.size();
      if (info.kind == binary::OpKind::Load) {
        emit(at(base));
        emit(addr);
      } else {
        emit(addr);
        emit(operand(base + 1));
      }
      emit(k);
      emit(uint32_t(in.mem.offset));
      consumed_from(base);
      if (info.kind == binary::OpKind::Load) {
        wrote(dst_pos, base, binary::slot_count(info.results[0]), LastWrite::Kind::Other, in.op);
      } else {
        no_fold();
      }
      return;
    }
  }
  emit_handler(handler);
  const size_t dst_pos = code_.size();
  if (!info.results.empty()) emit(at(base));
  uint32_t p = base;
  for (ValType t : info.params) {
    emit(operand(p));
    p += binary::slot_count(t);
  }
  switch (info.kind) {
    case binary::OpKind::Load:
    case binary::OpKind::Store:
      emit(uint32_t(in.mem.offset));
      break;
    case binary::OpKind::LoadLane:
    case binary::OpKind::StoreLane:
      emit(uint32_t(in.mem.offset));
      emit(in.lane);
      break;
    default:
      if (info.imm == binary::ImmKind::LaneIdx) {
        emit(in.lane);
      } else if (info.imm == binary::ImmKind::Shuffle) {
        for (size_t i = 0; i < 16; i += 4) {
          emit(uint32_t(in.v128[i]) | uint32_t(in.v128[i + 1]) << 8 | uint32_t(in.v128[i + 2]) << 16 |
               uint32_t(in.v128[i + 3]) << 24);
        }
      }
      break;
  }
  consumed_from(base);
  if (!info.results.empty()) {
    wrote(dst_pos, base, binary::slot_count(info.results[0]), LastWrite::Kind::Generated, in.op);
  }
}

// A conditional jump on the i32 at height h - 1 (br_if when `taken`, the jump to the else arm of `if`
// otherwise), absorbing the instruction that computed it when that is a test (spec 4.4.8). Returns the
// code unit of the target word. The aliases in [keep_from, h - 1) are materialised first. `back`: the target is
// a loop's label (a back edge, which polls the interrupt flag).
size_t Translator::emit_conditional(uint32_t h, bool taken, uint32_t keep_from, bool back) {
  const LastWrite* t = last_at(h - 1);
  if (t && (t->kind == LastWrite::Kind::Generated || t->kind == LastWrite::Kind::GeneratedRI)) {
    const Variants& v = kVariants[size_t(t->op)];
    const bool ri = t->kind == LastWrite::Kind::GeneratedRI;
    const uint16_t fused = ri ? (taken ? v.br_if_ri : v.br_unless_ri) : (taken ? v.br_if : v.br_unless);
    if (fused != kNoHandler || t->op == Opcode::I32Eqz) {
      // The test's operands (after its destination): a, then b or the constant.
      const size_t first = t->dst + 1;
      const size_t count = t->end - first;
      std::vector<CodeUnit> operands(code_.begin() + first, code_.begin() + first + count);
      const bool eqz = t->op == Opcode::I32Eqz;
      drop_last();
      materialize_range(keep_from, h - 1);
      // (A fused test finds a back edge by its target: the handlers are shared with forward branches.)
      const Handler unless = back ? Handler::BrUnlessLoop : Handler::BrUnless;
      emit_handler(eqz ? (taken ? unless : Handler::BrIf) : Handler(fused));
      for (CodeUnit u : operands) emit(u);
      const size_t target = code_.size();
      emit_code_ref(kNoFixup);
      consumed_from(h - 1);
      return target;
    }
  }
  materialize_range(keep_from, h - 1);
  emit_handler(taken ? (back ? Handler::BrIfLoop : Handler::BrIf) : Handler::BrUnless);
  emit(operand(h - 1));
  const size_t target = code_.size();
  emit_code_ref(kNoFixup);
  consumed_from(h - 1);
  no_fold();
  return target;
}

// spec 4.4.8 (end of block, loop, if): the label's forward branches land here.
void Translator::end_block() {
  materialize_range(0);
  no_fold();
  Ctl c = ctl_.back();
  ctl_.pop_back();
  const bool false_path = c.kind == Ctl::Kind::If && !c.has_else;
  if (false_path) patch_chain(c.else_fixup, code_.size());
  const bool reachable = !c.unreachable || c.fixups != kNoFixup || false_path;
  patch_chain(c.fixups, code_.size());
  if (ctl_.empty()) {
    if (reachable) emit_return(0);
  } else {
    ctl_.back().unreachable = !reachable;
  }
}

Result<void> Translator::translate_func(uint32_t index) {
  const binary::Code& body = bm_.codes[index];
  const valid::FuncInfo& info = vm_.funcs[index];
  const binary::FuncType& type = bm_.types[bm_.funcs[index]];
  const FuncCode& fc = out_.funcs[index];
  local_slots_ = fc.local_slots;
  result_slots_ = fc.result_slots;

  local_offsets_.clear();
  uint32_t off = 0;
  for (ValType t : type.params) {
    local_offsets_.push_back(off);
    off += binary::slot_count(t);
  }
  for (const binary::LocalRun& run : body.locals) {
    for (uint32_t k = 0; k < run.count; ++k) {
      local_offsets_.push_back(off);
      off += binary::slot_count(run.type);
    }
  }
  local_offsets_.push_back(off);
  auto local_width = [&](uint32_t x) { return local_offsets_[x + 1] - local_offsets_[x]; };

  ctl_.clear();
  ctl_.push_back(Ctl{.kind = Ctl::Kind::Func, .base = 0, .label_slots = result_slots_});
  aliases_.clear();
  no_fold();
  start_fuel_run();

  binary::InstrReader reader(support::Reader(bm_.slice(body.body), body.body.begin), binary::Features{});
  const std::vector<uint32_t>& heights = info.heights;
  size_t i = 0;
  uint32_t skip = 0;  // nesting of blocks inside skipped (unreachable) code
  while (!reader.at_end() && !ctl_.empty()) {
    Instr in = MOSAIC_TRY(reader.next());
    if (i >= heights.size()) {
      return Error(ErrorKind::Invalid, in.offset, "operand heights missing for this instruction");
    }
    const uint32_t h = heights[i];
    const uint32_t h_next = i + 1 < heights.size() ? heights[i + 1] : 0;
    ++i;

    if (ctl_.back().unreachable) {
      if (in.op == Opcode::Block || in.op == Opcode::Loop || in.op == Opcode::If) {
        ++skip;
        continue;
      }
      if (in.op == Opcode::End && skip > 0) {
        --skip;
        continue;
      }
      if (in.op != Opcode::End && !(in.op == Opcode::Else && skip == 0)) continue;
    }
    charge_fuel(in.op);

    const uint16_t generated = kGenerated[size_t(in.op)];
    if (generated != kNoHandler) {
      translate_generated(in, h, Handler(generated));
      continue;
    }

    switch (in.op) {
      // spec 4.4.8 control instructions
      case Opcode::Unreachable:
        emit_handler(Handler::Unreachable);
        ctl_.back().unreachable = true;
        aliases_.clear();
        break;
      case Opcode::Nop:
        break;
      case Opcode::Block: {
        materialize_range(0);
        no_fold();
        auto [params, results] = block_slots(in.block);
        ctl_.push_back(Ctl{.kind = Ctl::Kind::Block, .base = h - params, .label_slots = results});
        break;
      }
      case Opcode::Loop: {
        materialize_range(0);
        no_fold();
        auto [params, results] = block_slots(in.block);
        (void)results;
        ctl_.push_back(
            Ctl{.kind = Ctl::Kind::Loop, .base = h - params, .label_slots = params, .loop_start = code_.size()});
        start_fuel_run();  // at the label: every iteration pays
        break;
      }
      case Opcode::If: {
        // Operands below the block stay in their slots while it runs (labels rely on it).
        auto [params, results] = block_slots(in.block);
        Ctl c{.kind = Ctl::Kind::If, .base = h - 1 - params, .label_slots = results};
        c.else_fixup = emit_conditional(h, false, 0);
        store_word(&code_[c.else_fixup], kNoFixup);
        no_fold();
        ctl_.push_back(c);
        start_fuel_run();
        break;
      }
      case Opcode::Else: {
        Ctl& c = ctl_.back();
        if (!c.unreachable) {
          materialize_range(0);
          emit_handler(Handler::Br);
          emit_target(c);
        }
        aliases_.clear();
        no_fold();
        patch_chain(c.else_fixup, code_.size());
        c.else_fixup = kNoFixup;
        c.has_else = true;
        c.unreachable = false;
        start_fuel_run();
        break;
      }
      case Opcode::End:
        end_block();
        if (!ctl_.empty()) start_fuel_run();  // branches to the label join here
        break;
      case Opcode::Br: {
        Ctl& target = label(in.index);
        const uint32_t n = target.label_slots;
        materialize_range(h - n);
        aliases_.clear();
        if (target.kind == Ctl::Kind::Func) {
          emit_return(h - n);
        } else {
          emit_branch(target, h - n, n);
        }
        ctl_.back().unreachable = true;
        break;
      }
      case Opcode::BrIf: {
        // Operands below the label's values are not touched by the branch; the values it carries must be
        // in their slots for the move.
        Ctl& target = label(in.index);
        const uint32_t n = target.label_slots;
        const uint32_t src = h - 1 - n;
        if (n == 0 || src == target.base) {
          link_target(target, emit_conditional(h, true, src, target.kind == Ctl::Kind::Loop));
        } else {
          materialize_range(src, h - 1);
          emit_handler(target.kind == Ctl::Kind::Loop ? Handler::BrIfCopyLoop : Handler::BrIfCopy);
          emit(operand(h - 1));
          emit_target(target);
          emit(at(src));
          emit(at(target.base));
          emit(n);
          consumed_from(h - 1);
        }
        no_fold();
        break;
      }
      case Opcode::BrTable: {
        const uint32_t n = label(in.index).label_slots;
        const uint32_t src = h - 1 - n;
        materialize_range(src, h - 1);
        emit_handler(Handler::BrTable);
        emit(operand(h - 1));
        emit(at(src));
        emit(n);
        emit(uint32_t(in.targets.size()));
        auto entry = [&](uint32_t depth) {
          Ctl& target = label(depth);
          emit_target(target);
          emit(at(target.base));
        };
        for (uint32_t depth : in.targets) entry(depth);
        entry(in.index);
        aliases_.clear();
        ctl_.back().unreachable = true;
        break;
      }
      case Opcode::Return:
        materialize_range(h - result_slots_);
        aliases_.clear();
        emit_return(h - result_slots_);
        ctl_.back().unreachable = true;
        break;

      // spec 4.4.10 calls: the arguments must be in their operand slots (they become the callee's locals);
      // aliases below them stay valid, since the callee cannot write the caller's locals.
      case Opcode::Call: {
        const binary::FuncType& t = bm_.func_type(in.index);
        const uint32_t ps = slots_of(t.params);
        materialize_range(h - ps);
        if (in.index >= bm_.num_imported_funcs) {
          emit_handler(Handler::CallFunc);
          emit_word(uint64_t(reinterpret_cast<uintptr_t>(&out_.funcs[in.index - bm_.num_imported_funcs])));
          emit(at(h - ps));
        } else {
          emit_handler(Handler::CallImport);
          emit(in.index);
          emit(at(h - ps));
          emit(ps);
          emit(slots_of(t.results));
        }
        no_fold();
        break;
      }
      case Opcode::CallIndirect: {
        const binary::FuncType& t = bm_.types[in.index];
        const uint32_t ps = slots_of(t.params);
        materialize_range(h - 1 - ps);
        emit_handler(Handler::CallIndirect);
        emit(in.index);
        emit(in.index2);
        emit(at(h - 1 - ps));
        emit(at(h - 1));
        emit(ps);
        emit(slots_of(t.results));
        no_fold();
        break;
      }

      // spec 4.4.4 parametric instructions
      case Opcode::Drop:
        consumed_from(h_next);
        no_fold();
        break;
      case Opcode::Select:
      case Opcode::SelectT: {
        const uint32_t w = h - 1 - h_next;
        const uint32_t base = h - 1 - 2 * w;
        emit_handler(w == 2 ? Handler::Select2 : Handler::Select1);
        const size_t dst_pos = code_.size();
        emit(at(base));
        emit(operand(base));
        emit(operand(h - 1 - w));
        emit(operand(h - 1));
        consumed_from(base);
        wrote(dst_pos, base, w);
        break;
      }

      // spec 4.4.5 variable instructions
      case Opcode::LocalGet: {
        const uint32_t w = local_width(in.index);
        // Emits nothing, so the last instruction stays foldable: its result is below this operand, and the
        // peepholes match results by height.
        aliases_.push_back(Alias{h, local_offsets_[in.index], w});
        break;
      }
      case Opcode::LocalSet:
      case Opcode::LocalTee: {
        const uint32_t w = local_width(in.index);
        const uint32_t x = local_offsets_[in.index];
        const uint32_t src = operand(h - w);
        if (src == x) {  // local.get x; local.set x
          if (in.op == Opcode::LocalSet) consumed_from(h - w);
          no_fold();
          break;
        }
        const size_t size_before = code_.size();
        materialize_local(x, w);
        if (code_.size() == size_before && can_retarget(h - w, w)) {
          code_[last_.dst] = x;
        } else {
          emit_handler(w == 2 ? Handler::Copy2 : Handler::Copy1);
          emit(x);
          emit(src);
        }
        consumed_from(h - w);
        // After local.tee the operand stays: it is now the local's value.
        if (in.op == Opcode::LocalTee) aliases_.push_back(Alias{h - w, x, w});
        no_fold();
        break;
      }
      case Opcode::GlobalGet: {
        const uint32_t w = binary::slot_count(bm_.global_type(in.index).type);
        emit_handler(w == 2 ? Handler::GlobalGet2 : Handler::GlobalGet1);
        const size_t dst_pos = code_.size();
        emit(at(h));
        emit(in.index);
        wrote(dst_pos, h, w);
        break;
      }
      case Opcode::GlobalSet: {
        const uint32_t w = binary::slot_count(bm_.global_type(in.index).type);
        emit_handler(w == 2 ? Handler::GlobalSet2 : Handler::GlobalSet1);
        emit(operand(h - w));
        emit(in.index);
        consumed_from(h - w);
        no_fold();
        break;
      }

      // spec 4.4.6 table instructions
      case Opcode::TableGet: {
        emit_handler(Handler::TableGet);
        const size_t dst_pos = code_.size();
        emit(at(h - 1));
        emit(operand(h - 1));
        emit(in.index);
        consumed_from(h - 1);
        wrote(dst_pos, h - 1, 1);
        break;
      }
      case Opcode::TableSet:
        emit_handler(Handler::TableSet);
        emit(operand(h - 2));
        emit(operand(h - 1));
        emit(in.index);
        consumed_from(h - 2);
        no_fold();
        break;
      case Opcode::TableSize: {
        emit_handler(Handler::TableSize);
        const size_t dst_pos = code_.size();
        emit(at(h));
        emit(in.index);
        wrote(dst_pos, h, 1);
        break;
      }
      case Opcode::TableGrow: {
        emit_handler(Handler::TableGrow);
        const size_t dst_pos = code_.size();
        emit(at(h - 2));
        emit(operand(h - 2));
        emit(operand(h - 1));
        emit(in.index);
        consumed_from(h - 2);
        wrote(dst_pos, h - 2, 1);
        break;
      }
      case Opcode::TableFill:
        emit_bulk(Handler::TableFill, h, {in.index});
        break;
      case Opcode::TableCopy:
        emit_bulk(Handler::TableCopy, h, {in.index, in.index2});
        break;
      case Opcode::TableInit:
        emit_bulk(Handler::TableInit, h, {in.index, in.index2});
        break;
      case Opcode::ElemDrop:
        emit_handler(Handler::ElemDrop);
        emit(in.index);
        no_fold();
        break;

      // spec 4.4.7 memory instructions (loads and stores are generated)
      case Opcode::MemorySize: {
        emit_handler(Handler::MemorySize);
        const size_t dst_pos = code_.size();
        emit(at(h));
        wrote(dst_pos, h, 1);
        break;
      }
      case Opcode::MemoryGrow: {
        emit_handler(Handler::MemoryGrow);
        const size_t dst_pos = code_.size();
        emit(at(h - 1));
        emit(operand(h - 1));
        consumed_from(h - 1);
        wrote(dst_pos, h - 1, 1);
        break;
      }
      case Opcode::MemoryInit:
        emit_bulk(Handler::MemoryInit, h, {in.index});
        break;
      case Opcode::DataDrop:
        emit_handler(Handler::DataDrop);
        emit(in.index);
        no_fold();
        break;
      case Opcode::MemoryCopy:
        emit_bulk(Handler::MemoryCopy, h, {});
        break;
      case Opcode::MemoryFill:
        emit_bulk(Handler::MemoryFill, h, {});
        break;

      // spec 4.4.1 numeric constants, 4.4.2 vector constants, 4.4.3 reference instructions
      case Opcode::I32Const:
      case Opcode::F32Const:
      case Opcode::RefNull: {
        emit_handler(Handler::Const32);
        const size_t dst_pos = code_.size();
        emit(at(h));
        const uint32_t value = in.op == Opcode::RefNull ? 0 : uint32_t(in.bits);
        emit(value);
        wrote(dst_pos, h, 1, LastWrite::Kind::Const, in.op, value);
        break;
      }
      case Opcode::I64Const:
      case Opcode::F64Const: {
        emit_handler(Handler::Const64);
        const size_t dst_pos = code_.size();
        emit(at(h));
        emit_word(in.bits);
        wrote(dst_pos, h, 1, LastWrite::Kind::Const, in.op, in.bits);
        break;
      }
      case Opcode::V128Const: {
        emit_handler(Handler::ConstV128);
        const size_t dst_pos = code_.size();
        emit(at(h));
        for (size_t k = 0; k < 16; k += 4) {
          emit(uint32_t(in.v128[k]) | uint32_t(in.v128[k + 1]) << 8 | uint32_t(in.v128[k + 2]) << 16 |
               uint32_t(in.v128[k + 3]) << 24);
        }
        wrote(dst_pos, h, 2);
        break;
      }
      case Opcode::RefIsNull: {
        emit_handler(Handler::RefIsNull);
        const size_t dst_pos = code_.size();
        emit(at(h - 1));
        emit(operand(h - 1));
        consumed_from(h - 1);
        wrote(dst_pos, h - 1, 1);
        break;
      }
      case Opcode::RefFunc: {
        emit_handler(Handler::RefFunc);
        const size_t dst_pos = code_.size();
        emit(at(h));
        emit(in.index);
        wrote(dst_pos, h, 1);
        break;
      }

      default:
        return Error(ErrorKind::Invalid, in.offset, "unsupported instruction");
    }
  }
  return ok();
}

}  // namespace

Result<std::shared_ptr<ModuleCode>> translate(const valid::Module& module, bool fuel) {
  auto code = std::make_shared<ModuleCode>();
  Translator translator(module, *code, fuel);
  MOSAIC_TRY(translator.translate_all());
  return code;
}

}  // namespace mosaic::exec::interp
