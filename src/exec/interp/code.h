#pragma once
// The interpreter's internal code (translate.cpp writes it, run.cpp executes it).
//
// A module's code is one array of 32-bit units. Every instruction starts with a handler word (two units:
// the address of its label in the dispatch loop, or its Handler index when the compiler has no
// labels-as-values), followed by its pre-decoded immediates. Operands are not pushed and popped: the
// validator gives the operand-stack height before every instruction (valid::FuncInfo), so each operand's
// place is known statically and is encoded as a slot offset from the frame pointer `fp`:
//
//   fp[0 .. local_slots)                          parameters, then declared locals
//   fp[local_slots + h]                           the operand at height h (spec 4.2.12, the value stack)
//
// An operand offset may as well name a local (a `local.get` the translator did not copy), and a result may
// be written straight into a local (a `local.set` it absorbed): handlers read all their operands before
// they write their result.
//
// A call's arguments are the top of the caller's operands; they become the first slots of the callee's
// frame (its parameters), and `return` leaves the results at the callee's fp[0], where the caller expects
// them. Branches (spec 4.4.8) carry their resolved target address and the slot moves of the label's
// arity, so nothing is searched or decoded at run time.
//
// Interruption (Store::interrupt_handle) is polled at function entries and on the back edges of loops
// only: a branch to a loop's label has handlers of its own (BrLoop ...), so forward branches pay nothing,
// and the fused test-and-branch forms and br_table poll only when their target lies behind them.
//
// Fuel (Config::consume_fuel) is metered by Fuel instructions that the translator puts only into metered
// code: one starts each run of code (function entry, loop label, the two arms of an if, after every end)
// and carries the number of instructions up to the next one, so a run is paid for when it starts (a branch
// out of it, or a trap, forfeits the rest). Unmetered code has no Fuel instructions and pays nothing.

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "binary/opcode.h"
#include "exec/interp/gen.h"

namespace mosaic::exec {
struct Instance;
}

namespace mosaic::exec::interp {

using CodeUnit = uint32_t;
inline constexpr uint32_t kWordUnits = 2;  // a handler address or a pointer immediate

// Handlers that opcodes.def generates: every entry of kind Simple, Trapping, Load, Store, LoadLane and
// StoreLane (the Special ones are translated by hand into the control handlers below). Immediates:
//   Simple, Trapping   dst p0 p1 ... (+ lane for a LaneIdx entry, + 4 units of lane indices for a shuffle)
//   Load               dst addr offset            Store       addr value offset
//   LoadLane           dst addr vec offset lane   StoreLane   addr vec offset lane
#define MOSAIC_INTERP_GEN_Special(Name)
#define MOSAIC_INTERP_GEN_Simple(Name) Name,
#define MOSAIC_INTERP_GEN_Trapping(Name) Name,
#define MOSAIC_INTERP_GEN_Load(Name) Name,
#define MOSAIC_INTERP_GEN_Store(Name) Name,
#define MOSAIC_INTERP_GEN_LoadLane(Name) Name,
#define MOSAIC_INTERP_GEN_StoreLane(Name) Name,

// Hand-written handlers, with their immediates (each a unit unless marked [P], a pointer word):
#define MOSAIC_INTERP_CONTROL(X)                                                                          \
  X(Unreachable)     /* */                                                                               \
  X(Br)              /* [P target] */                                                                    \
  X(BrCopy)          /* [P target] src dst n: moves n slots fp[src..] -> fp[dst..], then jumps */        \
  X(BrIf)            /* cond [P target] */                                                               \
  X(BrIfCopy)        /* cond [P target] src dst n */                                                     \
  X(BrUnless)        /* cond [P target]: jumps when cond is zero (if) */                                 \
  X(BrLoop)          /* Br back to a loop's label: polls the store's interrupt flag first */             \
  X(BrCopyLoop)      /* BrCopy back to a loop */                                                         \
  X(BrIfLoop)        /* BrIf back to a loop */                                                           \
  X(BrIfCopyLoop)    /* BrIfCopy back to a loop */                                                       \
  X(BrUnlessLoop)    /* BrUnless back to a loop (a br_if on i32.eqz) */                                  \
  X(BrTable)         /* idx src n count, then count + 1 entries of [P target] dst */                     \
  X(Return)          /* src n: moves n slots to fp[0..], pops the frame */                               \
  X(Return1)         /* src n: Return of one slot (n is 1) */                                            \
  X(CallFunc)        /* [P FuncCode*] args: a function defined in this module */                        \
  X(CallImport)      /* funcidx args param_slots result_slots */                                         \
  X(CallIndirect)    /* typeidx tableidx args idx param_slots result_slots */                            \
  X(Copy1)           /* dst src */                                                                       \
  X(Copy2)           /* dst src (v128) */                                                                \
  X(Const32)         /* dst value */                                                                     \
  X(Const64)         /* dst lo hi */                                                                     \
  X(ConstV128)       /* dst b0..b3 */                                                                    \
  X(Select1)         /* dst a b cond */                                                                  \
  X(Select2)         /* dst a b cond (v128) */                                                           \
  X(I32AddShl)       /* dst a b k: a + (b << k), an array element's address (i32.shl by k, i32.add) */   \
  X(GlobalGet1)      /* dst globalidx */                                                                 \
  X(GlobalGet2)      /* dst globalidx */                                                                 \
  X(GlobalSet1)      /* src globalidx */                                                                 \
  X(GlobalSet2)      /* src globalidx */                                                                 \
  X(RefIsNull)       /* dst src */                                                                       \
  X(RefFunc)         /* dst funcidx */                                                                   \
  X(MemorySize)      /* dst */                                                                           \
  X(MemoryGrow)      /* dst src */                                                                       \
  X(MemoryInit)      /* base dataidx (base: d s n) */                                                    \
  X(DataDrop)        /* dataidx */                                                                       \
  X(MemoryCopy)      /* base (d s n) */                                                                  \
  X(MemoryFill)      /* base (d val n) */                                                                \
  X(TableGet)        /* dst idx tableidx */                                                              \
  X(TableSet)        /* idx val tableidx */                                                              \
  X(TableSize)       /* dst tableidx */                                                                  \
  X(TableGrow)       /* dst init n tableidx */                                                           \
  X(TableFill)       /* base tableidx (base: i val n) */                                                 \
  X(TableCopy)       /* base dst_table src_table (base: d s n) */                                        \
  X(TableInit)       /* base elemidx tableidx (base: d s n) */                                           \
  X(ElemDrop)        /* elemidx */                                                                       \
  X(Fuel)            /* cost: takes cost from the store's fuel, or traps when less is left (code above) */

// Specialised forms of opcodes.def entries, for each entry X(Handler, Form, Name, Kind, Params, Results, Bytes):
//   Name_I          (Form RI) binary operators whose second operand is a constant: dst a imm (1 or 2 units)
//   Name_BrIf       (Form BrIf) a test fused with the br_if that consumes it: a b [P target]
//   Name_BrIfI      (Form BrIfRI) the same with a constant second operand: a imm [P target]
//   Name_BrUnless   (Form BrUnless) a test fused with the `if` that consumes it: a b [P target]
//   Name_BrUnlessI  (Form BrUnlessRI) a imm [P target]
//   Name_Add        (Form Add) a load or store whose address is an i32.add of a constant, absorbed: the
//                   address is u32(fp[addr] + add) (wrapping, as i32.add does), then the offset is added.
//                   Load: dst addr add offset          Store: addr value add offset
//   Name_M1, Name_M2 (Forms M1, M2) binary operators whose first (M1) or second (M2) operand is the value of
//                   the full-width load (i32.load, i64.load, f32.load, f64.load) just before, absorbed:
//                   M1: dst addr offset b              M2: dst a addr offset
#define MOSAIC_INTERP_VARIANTS(X, Name, Kind, Imm, Params, Results, Bytes)                             \
  MOSAIC_INTERP_WHEN(MOSAIC_INTERP_IS_BINARY(Kind, Imm, Params), X(Name##_I, RI, Name, Kind, Params, Results, Bytes)) \
  MOSAIC_INTERP_WHEN(MOSAIC_INTERP_IS_TEST(Kind, Imm, Params, Results),                                 \
                     X(Name##_BrIf, BrIf, Name, Kind, Params, Results, Bytes)                        \
                     X(Name##_BrIfI, BrIfRI, Name, Kind, Params, Results, Bytes) \
                     X(Name##_BrUnless, BrUnless, Name, Kind, Params, Results, Bytes)                                 \
                     X(Name##_BrUnlessI, BrUnlessRI, Name, Kind, Params, Results, Bytes)) \
  MOSAIC_INTERP_WHEN(MOSAIC_INTERP_IS_MEM(Kind), X(Name##_Add, Add, Name, Kind, Params, Results, Bytes)) \
  MOSAIC_INTERP_WHEN(MOSAIC_INTERP_IS_PURE_BINARY(Kind, Imm, Params),                                   \
                     X(Name##_M1, M1, Name, Kind, Params, Results, Bytes)                            \
                     X(Name##_M2, M2, Name, Kind, Params, Results, Bytes))

enum class Handler : uint16_t {
#define MOSAIC_OP(Name, Prefix, Code, Imm, Kind, Params, Results, MemBytes, Text) MOSAIC_INTERP_GEN_##Kind(Name)
#include "binary/opcodes.def"
#define MOSAIC_INTERP_ENUM(Name) Name,
  MOSAIC_INTERP_CONTROL(MOSAIC_INTERP_ENUM)
#undef MOSAIC_INTERP_ENUM
#define MOSAIC_INTERP_ENUM(H, Form, Name, Kind, Params, Results, Bytes) H,
#define MOSAIC_OP(Name, Prefix, Code, Imm, Kind, Params, Results, MemBytes, Text) \
  MOSAIC_INTERP_VARIANTS(MOSAIC_INTERP_ENUM, Name, Kind, Imm, Params, Results, MemBytes)
#include "binary/opcodes.def"
#undef MOSAIC_INTERP_ENUM
  Count_,
};

inline constexpr size_t kHandlerCount = static_cast<size_t>(Handler::Count_);

// The handler word stored for each Handler (run.cpp): label addresses, or the indices themselves.
const uint64_t* handler_words();

// A call zeroes the declared locals; the first kZeroedSlots slots past the parameters are zeroed
// unconditionally (no loop, no memset for the common few locals), so every frame has that many.
inline constexpr uint32_t kZeroedSlots = 4;

// A defined function's translated code and frame shape.
struct FuncCode {
  const CodeUnit* entry = nullptr;  // first instruction
  uint32_t func_index = 0;          // in the module's function index space (for backtraces)
  uint32_t param_slots = 0;
  uint32_t result_slots = 0;
  uint32_t local_slots = 0;  // parameters and declared locals
  uint32_t frame_slots = 0;  // local_slots + the largest operand height, and at least param_slots + kZeroedSlots
};

// The translated code of one module, shared by its instances.
struct ModuleCode {
  std::vector<CodeUnit> code;
  std::vector<FuncCode> funcs;  // one per defined function
};

// Words (handler addresses, pointers, 64-bit constants) are stored as two units, low half first.
inline uint64_t load_word(const CodeUnit* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

inline void store_word(CodeUnit* p, uint64_t w) { std::memcpy(p, &w, sizeof w); }

template <class T>
inline T* load_ptr(const CodeUnit* p) {
  return reinterpret_cast<T*>(static_cast<uintptr_t>(load_word(p)));
}

}  // namespace mosaic::exec::interp
