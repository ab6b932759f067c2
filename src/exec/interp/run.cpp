// The interpreter's dispatch loop (spec 4.4, instructions; 4.5.5, invocation).
//
// Direct threading: each instruction's first word is the address of its handler's label, and every
// handler ends by jumping to the next one (`goto *`). Compilers without labels-as-values get a switch
// over Handler indices instead (MOSAIC_INTERP_THREADED=0). The operands of each instruction are slot
// offsets from fp (code.h). Calls and returns only move pc and fp and push or pop a Frame: guest code never
// recurses on the host's stack.
//
// The handlers of Simple, Trapping, Load, Store, LoadLane and StoreLane entries, and their specialised
// forms (constant operands, tests fused with branches: code.h), are generated from opcodes.def around the
// operators of ops.h; the rest (control, calls, variables, tables, bulk memory, references) are written
// out below.

#include "exec/interp/run.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <string>
#include <tuple>
#include <utility>

#include "exec/interp/backtrace.h"
#include "exec/interp/ops.h"
#include "exec/interp/v128.h"
#include "exec/trap.h"

#ifndef MOSAIC_INTERP_THREADED
#if defined(__GNUC__) || defined(__clang__)
#define MOSAIC_INTERP_THREADED 1
#else
#define MOSAIC_INTERP_THREADED 0
#endif
#endif

#define MOSAIC_INLINE [[gnu::always_inline, gnu::flatten]] inline

namespace mosaic::exec::interp {
namespace {

// --- Slots <-> typed values (runtime.h: i32 zero-extended, floats as bit patterns, v128 in two slots) ---

template <class T>
T get(const uint64_t* s);
template <>
MOSAIC_INLINE uint32_t get<uint32_t>(const uint64_t* s) {
  return static_cast<uint32_t>(*s);
}
template <>
MOSAIC_INLINE uint64_t get<uint64_t>(const uint64_t* s) {
  return *s;
}
template <>
MOSAIC_INLINE float get<float>(const uint64_t* s) {
  return std::bit_cast<float>(static_cast<uint32_t>(*s));
}
template <>
MOSAIC_INLINE double get<double>(const uint64_t* s) {
  return std::bit_cast<double>(*s);
}
template <>
MOSAIC_INLINE V128 get<V128>(const uint64_t* s) {
  return v128_from_slots(s);
}

MOSAIC_INLINE void put(uint64_t* s, uint32_t v) { *s = v; }
MOSAIC_INLINE void put(uint64_t* s, uint64_t v) { *s = v; }
MOSAIC_INLINE void put(uint64_t* s, float v) { *s = std::bit_cast<uint32_t>(v); }
MOSAIC_INLINE void put(uint64_t* s, double v) { *s = std::bit_cast<uint64_t>(v); }
MOSAIC_INLINE void put(uint64_t* s, V128 v) { v128_to_slots(v, s); }

// --- Generated handler bodies. `im` points at the immediates: [dst] params... [extra] ---

template <size_t I, class... T>
using Nth = std::tuple_element_t<I, std::tuple<T...>>;

// Fn applied to the operands at fp[ops[0]], fp[ops[1]], ... (typed as P...), then to `extra`.
template <auto Fn, class... P, class... Extra>
MOSAIC_INLINE auto apply(const uint64_t* fp, const CodeUnit* ops, Extra... extra) {
  static_assert(sizeof...(P) >= 1 && sizeof...(P) <= 3);
  if constexpr (sizeof...(P) == 1) {
    return Fn(get<Nth<0, P...>>(fp + ops[0]), extra...);
  } else if constexpr (sizeof...(P) == 2) {
    return Fn(get<Nth<0, P...>>(fp + ops[0]), get<Nth<1, P...>>(fp + ops[1]), extra...);
  } else {
    return Fn(get<Nth<0, P...>>(fp + ops[0]), get<Nth<1, P...>>(fp + ops[1]), get<Nth<2, P...>>(fp + ops[2]),
              extra...);
  }
}

// Simple (spec 4.4.1 numeric, 4.4.2 vector): dst p0 p1 ...
template <auto Fn, class R, class... P>
MOSAIC_INLINE const CodeUnit* simple_None(const CodeUnit* im, uint64_t* fp) {
  put(fp + im[0], R(apply<Fn, P...>(fp, im + 1)));
  return im + 1 + sizeof...(P);
}

// Simple with a lane index: dst p0 ... lane
template <auto Fn, class R, class... P>
MOSAIC_INLINE const CodeUnit* simple_LaneIdx(const CodeUnit* im, uint64_t* fp) {
  put(fp + im[0], R(apply<Fn, P...>(fp, im + 1, static_cast<uint8_t>(im[1 + sizeof...(P)]))));
  return im + 2 + sizeof...(P);
}

// i8x16.shuffle: dst a b lanes[16]
template <auto Fn, class R, class... P>
MOSAIC_INLINE const CodeUnit* simple_Shuffle(const CodeUnit* im, uint64_t* fp) {
  put(fp + im[0], R(apply<Fn, P...>(fp, im + 1, reinterpret_cast<const uint8_t*>(im + 1 + sizeof...(P)))));
  return im + 1 + sizeof...(P) + 16 / sizeof(CodeUnit);
}

// Trapping (spec 4.3.2 partial integer operators, conversions): dst p0 ...
template <auto Fn, class R, class... P>
MOSAIC_INLINE TrapCode trapping(const CodeUnit*& pc, uint64_t* fp) {
  const CodeUnit* im = pc + kWordUnits;
  R r{};
  const TrapCode t = apply<Fn, P...>(fp, im + 1, &r);
  if (t == TrapCode::None) [[likely]] put(fp + im[0], r);
  pc = im + 1 + sizeof...(P);
  return t;
}

// --- Specialised forms (code.h MOSAIC_INTERP_VARIANTS) ---

// A constant operand in the code: one unit for i32/f32, two for i64/f64.
template <class T>
inline constexpr uint32_t kImmUnits = sizeof(T) / sizeof(CodeUnit);

template <class T>
T imm_value(const CodeUnit* p);
template <>
MOSAIC_INLINE uint32_t imm_value<uint32_t>(const CodeUnit* p) {
  return p[0];
}
template <>
MOSAIC_INLINE uint64_t imm_value<uint64_t>(const CodeUnit* p) {
  return load_word(p);
}
template <>
MOSAIC_INLINE float imm_value<float>(const CodeUnit* p) {
  return std::bit_cast<float>(p[0]);
}
template <>
MOSAIC_INLINE double imm_value<double>(const CodeUnit* p) {
  return std::bit_cast<double>(load_word(p));
}

// Simple, second operand constant: dst a imm
template <auto Fn, class R, class P>
MOSAIC_INLINE const CodeUnit* simple_ri(const CodeUnit* im, uint64_t* fp) {
  put(fp + im[0], R(Fn(get<P>(fp + im[1]), imm_value<P>(im + 2))));
  return im + 2 + kImmUnits<P>;
}

// Trapping, second operand constant: dst a imm
template <auto Fn, class R, class P>
MOSAIC_INLINE TrapCode trapping_ri(const CodeUnit*& pc, uint64_t* fp) {
  const CodeUnit* im = pc + kWordUnits;
  R r{};
  const TrapCode t = Fn(get<P>(fp + im[1]), imm_value<P>(im + 2), &r);
  if (t == TrapCode::None) [[likely]] put(fp + im[0], r);
  pc = im + 2 + kImmUnits<P>;
  return t;
}

// A test and the branch on its result: a b [P target] (Taken: branch when the test is non-zero).
template <auto Fn, class P, bool Taken>
MOSAIC_INLINE const CodeUnit* branch_rr(const CodeUnit* pc, const uint64_t* fp) {
  const CodeUnit* im = pc + kWordUnits;
  if ((static_cast<uint32_t>(Fn(get<P>(fp + im[0]), get<P>(fp + im[1]))) != 0) == Taken) {
    return load_ptr<const CodeUnit>(im + 2);
  }
  return im + 2 + kWordUnits;
}

// The same with a constant second operand: a imm [P target]
template <auto Fn, class P, bool Taken>
MOSAIC_INLINE const CodeUnit* branch_ri(const CodeUnit* pc, const uint64_t* fp) {
  const CodeUnit* im = pc + kWordUnits;
  if ((static_cast<uint32_t>(Fn(get<P>(fp + im[0]), imm_value<P>(im + 1))) != 0) == Taken) {
    return load_ptr<const CodeUnit>(im + 1 + kImmUnits<P>);
  }
  return im + 1 + kImmUnits<P> + kWordUnits;
}

// spec 4.4.7: the effective address is the u32 operand plus the static offset (a u33 sum, which cannot
// overflow); an access of N bytes traps when it ends past the memory's size.
template <uint32_t N>
MOSAIC_INLINE bool in_bounds(uint64_t ea, uint64_t size) {
  return ea + N <= size;
}

MOSAIC_INLINE uint64_t effective(uint64_t addr, uint32_t offset) {
  return static_cast<uint64_t>(static_cast<uint32_t>(addr)) + offset;
}

// Load: dst addr offset
template <auto Fn, class R, uint32_t N>
MOSAIC_INLINE bool mem_load(const CodeUnit* im, uint64_t* fp, uint8_t* mem, uint64_t size) {
  const uint64_t ea = effective(fp[im[1]], im[2]);
  if (!in_bounds<N>(ea, size)) [[unlikely]] return false;
  put(fp + im[0], R(Fn(mem + ea)));
  return true;
}

// Store: addr value offset
template <auto Fn, class V, uint32_t N>
MOSAIC_INLINE bool mem_store(const CodeUnit* im, uint64_t* fp, uint8_t* mem, uint64_t size) {
  const uint64_t ea = effective(fp[im[0]], im[2]);
  if (!in_bounds<N>(ea, size)) [[unlikely]] return false;
  Fn(mem + ea, get<V>(fp + im[1]));
  return true;
}

// Load with an absorbed i32.add of a constant (code.h Name_Add): dst addr add offset
template <auto Fn, class R, uint32_t N>
MOSAIC_INLINE bool mem_load_add(const CodeUnit* im, uint64_t* fp, uint8_t* mem, uint64_t size) {
  const uint64_t ea = effective(static_cast<uint32_t>(fp[im[1]]) + im[2], im[3]);
  if (!in_bounds<N>(ea, size)) [[unlikely]] return false;
  put(fp + im[0], R(Fn(mem + ea)));
  return true;
}

// Store with an absorbed i32.add of a constant: addr value add offset
template <auto Fn, class V, uint32_t N>
MOSAIC_INLINE bool mem_store_add(const CodeUnit* im, uint64_t* fp, uint8_t* mem, uint64_t size) {
  const uint64_t ea = effective(static_cast<uint32_t>(fp[im[0]]) + im[2], im[3]);
  if (!in_bounds<N>(ea, size)) [[unlikely]] return false;
  Fn(mem + ea, get<V>(fp + im[1]));
  return true;
}

// LoadLane: dst addr vec offset lane
template <auto Fn, uint32_t N>
MOSAIC_INLINE bool mem_load_lane(const CodeUnit* im, uint64_t* fp, uint8_t* mem, uint64_t size) {
  const uint64_t ea = effective(fp[im[1]], im[3]);
  if (!in_bounds<N>(ea, size)) [[unlikely]] return false;
  put(fp + im[0], V128(Fn(mem + ea, get<V128>(fp + im[2]), static_cast<uint8_t>(im[4]))));
  return true;
}

// StoreLane: addr vec offset lane
template <auto Fn, uint32_t N>
MOSAIC_INLINE bool mem_store_lane(const CodeUnit* im, uint64_t* fp, uint8_t* mem, uint64_t size) {
  const uint64_t ea = effective(fp[im[0]], im[2]);
  if (!in_bounds<N>(ea, size)) [[unlikely]] return false;
  Fn(mem + ea, get<V128>(fp + im[1]), static_cast<uint8_t>(im[3]));
  return true;
}

// A binary operator with one operand loaded from memory (code.h Name_M1, Name_M2): the full-width value
// of type P at the effective address. M1: dst addr offset b     M2: dst a addr offset
template <auto Fn, class R, class P, bool First>
MOSAIC_INLINE bool mem_operand(const CodeUnit* im, uint64_t* fp, uint8_t* mem, uint64_t size) {
  const uint64_t ea = effective(fp[im[First ? 1 : 2]], im[First ? 2 : 3]);
  if (!in_bounds<sizeof(P)>(ea, size)) [[unlikely]] return false;
  P m;
  std::memcpy(&m, mem + ea, sizeof m);
  if constexpr (First) {
    put(fp + im[0], R(Fn(m, get<P>(fp + im[3]))));
  } else {
    put(fp + im[0], R(Fn(get<P>(fp + im[1]), m)));
  }
  return true;
}

MOSAIC_INLINE void move_slots(uint64_t* fp, uint32_t dst, uint32_t src, uint32_t n) {
  // dst is below src (a label's values move down the stack), so a forward copy is safe.
  for (uint32_t k = 0; k < n; ++k) fp[dst + k] = fp[src + k];
}

// Zeroes the declared locals of a frame whose parameters are in place (frame_slots allows kZeroedSlots).
MOSAIC_INLINE void zero_locals(uint64_t* callee_fp, const FuncCode* code) {
  uint64_t* z = callee_fp + code->param_slots;
  static_assert(kZeroedSlots == 4);
  z[0] = 0;
  z[1] = 0;
  z[2] = 0;
  z[3] = 0;
  const uint32_t n = code->local_slots - code->param_slots;
  if (n > kZeroedSlots) [[unlikely]]
    std::memset(z + kZeroedSlots, 0, (n - kZeroedSlots) * sizeof(uint64_t));
}

MOSAIC_INLINE uint64_t as_slot(const void* p) { return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(p)); }

// A host function (spec 4.4.10, invocation of a host function instance); its error becomes a trap.
[[gnu::noinline]] bool call_host(Store& store, Instance* caller, FuncInst* callee, const uint64_t* args,
                                 uint64_t* results, Error& error) {
  Result<void> r = callee->host->fn(store, caller, args, results);
  if (r) return true;
  error = std::move(r).error();
  return false;
}

// The loop proper. With `labels` non-null it only reports its label table (the handler words).
#if defined(__clang__) || !defined(__GNUC__)
[[gnu::noinline]]
#else
[[gnu::noinline, gnu::noclone]]
#endif
Result<void> loop(Store* store_ptr, Stack* stack_ptr, Instance* inst, const FuncCode* cur, uint64_t* fp,
                  const void* const** labels) {
  using I32 = uint32_t;
  using I64 = uint64_t;
  using F32 = float;
  using F64 = double;

#define MOSAIC_UNPAREN(...) __VA_ARGS__

#if MOSAIC_INTERP_THREADED
#define MOSAIC_LABEL_Special(Name)
#define MOSAIC_LABEL_Simple(Name) &&L_##Name,
#define MOSAIC_LABEL_Trapping(Name) &&L_##Name,
#define MOSAIC_LABEL_Load(Name) &&L_##Name,
#define MOSAIC_LABEL_Store(Name) &&L_##Name,
#define MOSAIC_LABEL_LoadLane(Name) &&L_##Name,
#define MOSAIC_LABEL_StoreLane(Name) &&L_##Name,
#define MOSAIC_LABEL_CONTROL(Name) &&L_##Name,
  static const void* const kLabels[] = {
#define MOSAIC_OP(Name, Prefix, Code, Imm, Kind, Params, Results, MemBytes, Text) MOSAIC_LABEL_##Kind(Name)
#include "binary/opcodes.def"
      MOSAIC_INTERP_CONTROL(MOSAIC_LABEL_CONTROL)
#define MOSAIC_LABEL_VARIANT(H, Form, Name, Kind, Params, Results, Bytes) &&L_##H,
#define MOSAIC_OP(Name, Prefix, Code, Imm, Kind, Params, Results, MemBytes, Text) \
  MOSAIC_INTERP_VARIANTS(MOSAIC_LABEL_VARIANT, Name, Kind, Imm, Params, Results, MemBytes)
#include "binary/opcodes.def"
  };
  static_assert(std::size(kLabels) == kHandlerCount);
  if (labels) {
    *labels = kLabels;
    return ok();
  }
#define HANDLER(Name) L_##Name:
// (clang 19 shares one indirect jump among all handlers unless its tail duplication limits are raised:
// -mllvm -tail-dup-pred-size=1000 -mllvm -tail-dup-succ-size=1000 for this file.)
#define DISPATCH() goto* reinterpret_cast<const void*>(static_cast<uintptr_t>(load_word(pc)))
#else
  (void)labels;
#define HANDLER(Name) case Handler::Name:
#define DISPATCH() goto dispatch
#endif

  Store& store = *store_ptr;
  Stack& stack = *stack_ptr;
  // Interruption (Store::interrupt_handle), polled with a relaxed load at every function entry and every
  // branch back to a loop's label: a loop repeats only by such a branch, so every iteration is covered.
  const InterruptHandle& interrupt = *store.interrupt_handle();
  Frame* const entry = stack.frame_top;
  Frame* frame_top = entry + 1;
  *entry = Frame{};
  Frame* const frames_end = stack.frames_end;
  uint64_t* const slots_end = stack.slots_end;
  const CodeUnit* pc = cur->entry;

  // Memory 0 of the running instance (spec 4.4.7), reloaded whenever it may have changed: after calls,
  // returns and memory.grow. (Code of an instance without memory has no memory instructions.)
  uint8_t* mem = nullptr;
  uint64_t mem_size = 0;
#define RELOAD_MEMORY()                            \
  do {                                             \
    if (!inst->memories.empty()) {                 \
      const MemoryInst* m0 = inst->memories[0];    \
      mem = m0->data;                              \
      mem_size = m0->size;                         \
    }                                              \
  } while (0)
  RELOAD_MEMORY();

  // State of a call through a FuncInst (call of an import, call_indirect), shared by both handlers.
  FuncInst* callee = nullptr;
  uint32_t call_args = 0;
  uint32_t call_results = 0;
  const CodeUnit* call_next = nullptr;
  TrapCode trap = TrapCode::None;
  uint32_t trap_element = 0;  // the table index of an undefined or uninitialized element
  Error error;

#define IMM(k) pc[kWordUnits + (k)]
#define SLOT(k) fp[IMM(k)]
#define NEXT(units)                 \
  do {                              \
    pc += kWordUnits + (units);     \
    DISPATCH();                     \
  } while (0)
#define TRAP(code)       \
  do {                   \
    trap = (code);       \
    goto on_trap;        \
  } while (0)
#define CHECK_INTERRUPT()                       \
  do {                                          \
    if (interrupt.interrupted()) [[unlikely]]   \
      TRAP(TrapCode::Interrupt);                \
  } while (0)

#if MOSAIC_INTERP_THREADED
  DISPATCH();
#else
dispatch:
  switch (static_cast<Handler>(load_word(pc))) {
#endif

  // --- Generated from opcodes.def ---
#define MOSAIC_GEN_Special(Name, Imm, Params, Results, Bytes)
#define MOSAIC_GEN_Simple(Name, Imm, Params, Results, Bytes)                                         \
  HANDLER(Name) {                                                                                    \
    pc = simple_##Imm<&ops::Name, MOSAIC_UNPAREN Results, MOSAIC_UNPAREN Params>(pc + kWordUnits, fp); \
    DISPATCH();                                                                                      \
  }
#define MOSAIC_GEN_Trapping(Name, Imm, Params, Results, Bytes)                                          \
  HANDLER(Name) {                                                                                       \
    const TrapCode t = trapping<&ops::Name, MOSAIC_UNPAREN Results, MOSAIC_UNPAREN Params>(pc, fp);     \
    if (t != TrapCode::None) [[unlikely]]                                                               \
      TRAP(t);                                                                                          \
    DISPATCH();                                                                                         \
  }
#define MOSAIC_GEN_Load(Name, Imm, Params, Results, Bytes)                                     \
  HANDLER(Name) {                                                                              \
    if (!mem_load<&ops::Name, MOSAIC_UNPAREN Results, Bytes>(pc + kWordUnits, fp, mem, mem_size)) \
      [[unlikely]] goto trap_oob;                                          \
    NEXT(3);                                                                                   \
  }
#define MOSAIC_GEN_Store(Name, Imm, Params, Results, Bytes)                                        \
  HANDLER(Name) {                                                                                  \
    if (!mem_store<&ops::Name, MOSAIC_STORE_TYPE Params, Bytes>(pc + kWordUnits, fp, mem, mem_size))  \
      [[unlikely]] goto trap_oob;                                              \
    NEXT(3);                                                                                       \
  }
#define MOSAIC_STORE_TYPE(Addr, Value) Value
#define MOSAIC_GEN_LoadLane(Name, Imm, Params, Results, Bytes)                    \
  HANDLER(Name) {                                                                 \
    if (!mem_load_lane<&ops::Name, Bytes>(pc + kWordUnits, fp, mem, mem_size))        \
      [[unlikely]] goto trap_oob;                             \
    NEXT(5);                                                                      \
  }
#define MOSAIC_GEN_StoreLane(Name, Imm, Params, Results, Bytes)                   \
  HANDLER(Name) {                                                                 \
    if (!mem_store_lane<&ops::Name, Bytes>(pc + kWordUnits, fp, mem, mem_size))       \
      [[unlikely]] goto trap_oob;                             \
    NEXT(4);                                                                      \
  }
#define MOSAIC_OP(Name, Prefix, Code, Imm, Kind, Params, Results, MemBytes, Text) \
  MOSAIC_GEN_##Kind(Name, Imm, Params, Results, MemBytes)
#include "binary/opcodes.def"

  // --- Specialised forms ---
#define MOSAIC_FIRST(a, ...) a
#define MOSAIC_VARIANT(H, Form, Name, Kind, Params, Results, Bytes) \
  MOSAIC_VARIANT_##Form(H, Name, Kind, Params, Results, Bytes)
#define MOSAIC_VARIANT_RI(H, Name, Kind, Params, Results, Bytes) \
  MOSAIC_VARIANT_RI_##Kind(H, Name, MOSAIC_FIRST Params, MOSAIC_UNPAREN Results)
#define MOSAIC_VARIANT_RI_Simple(H, Name, P, R)                  \
  HANDLER(H) {                                                   \
    pc = simple_ri<&ops::Name, R, P>(pc + kWordUnits, fp);       \
    DISPATCH();                                                  \
  }
#define MOSAIC_VARIANT_RI_Trapping(H, Name, P, R)                \
  HANDLER(H) {                                                   \
    const TrapCode t = trapping_ri<&ops::Name, R, P>(pc, fp);    \
    if (t != TrapCode::None) [[unlikely]]                        \
      TRAP(t);                                                   \
    DISPATCH();                                                  \
  }
// (A fused br_if polls the interrupt flag when its target lies behind it, a loop's label; the fused forms
// of `if` only jump forward.)
#define MOSAIC_VARIANT_BRANCH(H, Name, P, Form, Taken)                  \
  HANDLER(H) {                                                          \
    const CodeUnit* next = branch_##Form<&ops::Name, P, Taken>(pc, fp); \
    if (Taken && next <= pc) CHECK_INTERRUPT();                         \
    pc = next;                                                          \
    DISPATCH();                                                         \
  }
#define MOSAIC_VARIANT_BrIf(H, Name, Kind, Params, Results, Bytes) \
  MOSAIC_VARIANT_BRANCH(H, Name, MOSAIC_FIRST Params, rr, true)
#define MOSAIC_VARIANT_BrIfRI(H, Name, Kind, Params, Results, Bytes) \
  MOSAIC_VARIANT_BRANCH(H, Name, MOSAIC_FIRST Params, ri, true)
#define MOSAIC_VARIANT_BrUnless(H, Name, Kind, Params, Results, Bytes) \
  MOSAIC_VARIANT_BRANCH(H, Name, MOSAIC_FIRST Params, rr, false)
#define MOSAIC_VARIANT_BrUnlessRI(H, Name, Kind, Params, Results, Bytes) \
  MOSAIC_VARIANT_BRANCH(H, Name, MOSAIC_FIRST Params, ri, false)
#define MOSAIC_VARIANT_Add(H, Name, Kind, Params, Results, Bytes) MOSAIC_VARIANT_Add_##Kind(H, Name, Params, Results, Bytes)
#define MOSAIC_VARIANT_Add_Load(H, Name, Params, Results, Bytes)                                         \
  HANDLER(H) {                                                                                           \
    if (!mem_load_add<&ops::Name, MOSAIC_UNPAREN Results, Bytes>(pc + kWordUnits, fp, mem, mem_size))    \
      [[unlikely]] goto trap_oob;                                                    \
    NEXT(4);                                                                                             \
  }
#define MOSAIC_VARIANT_Add_Store(H, Name, Params, Results, Bytes)                                          \
  HANDLER(H) {                                                                                             \
    if (!mem_store_add<&ops::Name, MOSAIC_STORE_TYPE Params, Bytes>(pc + kWordUnits, fp, mem, mem_size))   \
      [[unlikely]] goto trap_oob;                                                      \
    NEXT(4);                                                                                               \
  }
#define MOSAIC_VARIANT_MEM_OPERAND(H, Name, P, R, First)                                \
  HANDLER(H) {                                                                          \
    if (!mem_operand<&ops::Name, R, P, First>(pc + kWordUnits, fp, mem, mem_size))      \
      [[unlikely]] goto trap_oob;                                                       \
    NEXT(4);                                                                            \
  }
#define MOSAIC_VARIANT_M1(H, Name, Kind, Params, Results, Bytes) \
  MOSAIC_VARIANT_MEM_OPERAND(H, Name, MOSAIC_FIRST Params, MOSAIC_UNPAREN Results, true)
#define MOSAIC_VARIANT_M2(H, Name, Kind, Params, Results, Bytes) \
  MOSAIC_VARIANT_MEM_OPERAND(H, Name, MOSAIC_FIRST Params, MOSAIC_UNPAREN Results, false)
#define MOSAIC_OP(Name, Prefix, Code, Imm, Kind, Params, Results, MemBytes, Text) \
  MOSAIC_INTERP_VARIANTS(MOSAIC_VARIANT, Name, Kind, Imm, Params, Results, MemBytes)
#include "binary/opcodes.def"

  // --- spec 4.4.8 control instructions ---
  HANDLER(Unreachable) { TRAP(TrapCode::Unreachable); }

  // Branches. The ...Loop forms go back to a loop's label: they poll the interrupt flag first (code.h).
#define MOSAIC_BRANCHES(Name, Poll)                          \
  HANDLER(Br##Name) {                                        \
    Poll;                                                    \
    pc = load_ptr<const CodeUnit>(pc + kWordUnits);          \
    DISPATCH();                                              \
  }                                                          \
  HANDLER(BrCopy##Name) {                                    \
    Poll;                                                    \
    move_slots(fp, IMM(3), IMM(2), IMM(4));                  \
    pc = load_ptr<const CodeUnit>(pc + kWordUnits);          \
    DISPATCH();                                              \
  }                                                          \
  HANDLER(BrIf##Name) {                                      \
    if (static_cast<uint32_t>(SLOT(0)) != 0) {               \
      Poll;                                                  \
      pc = load_ptr<const CodeUnit>(pc + kWordUnits + 1);    \
      DISPATCH();                                            \
    }                                                        \
    NEXT(1 + kWordUnits);                                    \
  }                                                          \
  HANDLER(BrIfCopy##Name) {                                  \
    if (static_cast<uint32_t>(SLOT(0)) != 0) {               \
      Poll;                                                  \
      move_slots(fp, IMM(4), IMM(3), IMM(5));                \
      pc = load_ptr<const CodeUnit>(pc + kWordUnits + 1);    \
      DISPATCH();                                            \
    }                                                        \
    NEXT(4 + kWordUnits);                                    \
  }                                                          \
  HANDLER(BrUnless##Name) {                                  \
    if (static_cast<uint32_t>(SLOT(0)) == 0) {               \
      Poll;                                                  \
      pc = load_ptr<const CodeUnit>(pc + kWordUnits + 1);    \
      DISPATCH();                                            \
    }                                                        \
    NEXT(1 + kWordUnits);                                    \
  }
  MOSAIC_BRANCHES(, (void)0)
  MOSAIC_BRANCHES(Loop, CHECK_INTERRUPT())
#undef MOSAIC_BRANCHES

  HANDLER(BrTable) {
    uint32_t i = static_cast<uint32_t>(SLOT(0));
    const uint32_t count = IMM(3);
    if (i > count) i = count;
    const CodeUnit* e = pc + kWordUnits + 4 + i * (kWordUnits + 1);
    move_slots(fp, e[kWordUnits], IMM(1), IMM(2));
    const CodeUnit* target = load_ptr<const CodeUnit>(e);
    if (target <= pc) CHECK_INTERRUPT();  // back to a loop
    pc = target;
    DISPATCH();
  }

  // Memory 0 is reloaded only when the caller is another instance: a callee of the same instance that
  // grew it has reloaded it already.
  HANDLER(Return) {
    move_slots(fp, 0, IMM(0), IMM(1));
    goto pop_frame;
  }

  HANDLER(Return1) {
    fp[0] = SLOT(0);
    goto pop_frame;
  }

  pop_frame: {
    const Frame& f = *--frame_top;
    if (!f.ret_pc) [[unlikely]]
      goto done;
    pc = f.ret_pc;
    fp = f.fp;
    cur = f.code;
    if (f.instance != inst) [[unlikely]] {
      inst = f.instance;
      RELOAD_MEMORY();
    }
    DISPATCH();
  }

  // --- spec 4.4.10 calls ---
  HANDLER(CallFunc) {
    const FuncCode* code = load_ptr<const FuncCode>(pc + kWordUnits);
    uint64_t* callee_fp = fp + IMM(2);
    if (frame_top == frames_end || code->frame_slots > size_t(slots_end - callee_fp)) [[unlikely]]
      TRAP(TrapCode::StackExhausted);
    CHECK_INTERRUPT();
    *frame_top++ = Frame{pc + kWordUnits + 3, fp, cur, inst};
    zero_locals(callee_fp, code);
    fp = callee_fp;
    cur = code;
    pc = code->entry;
    DISPATCH();
  }

  HANDLER(CallImport) {
    callee = inst->funcs[IMM(0)];
    call_args = IMM(1);
    call_results = IMM(3);
    call_next = pc + kWordUnits + 4;
    goto call_func_inst;
  }

  HANDLER(CallIndirect) {
    // spec 4.4.10 call_indirect: the checks, in the reference interpreter's order.
    const TableInst* table = inst->tables[IMM(1)];
    const uint32_t i = static_cast<uint32_t>(SLOT(3));
    if (i >= table->elems.size()) [[unlikely]] {
      trap_element = i;
      TRAP(TrapCode::UndefinedElement);
    }
    callee = reinterpret_cast<FuncInst*>(static_cast<uintptr_t>(table->elems[i]));
    if (!callee) [[unlikely]] {
      trap_element = i;
      TRAP(TrapCode::UninitializedElement);
    }
    if (callee->type_id != inst->type_ids[IMM(0)]) [[unlikely]]
      TRAP(TrapCode::IndirectCallTypeMismatch);
    call_args = IMM(2);
    call_results = IMM(5);
    call_next = pc + kWordUnits + 6;
    goto call_func_inst;
  }

  // --- spec 4.4.5 variable instructions ---
  HANDLER(Copy1) {
    SLOT(0) = SLOT(1);
    NEXT(2);
  }

  HANDLER(Copy2) {
    uint64_t* d = fp + IMM(0);
    const uint64_t* s = fp + IMM(1);
    d[0] = s[0];
    d[1] = s[1];
    NEXT(2);
  }

  HANDLER(GlobalGet1) {
    SLOT(0) = inst->globals[IMM(1)]->value[0];
    NEXT(2);
  }

  HANDLER(GlobalGet2) {
    const GlobalInst* g = inst->globals[IMM(1)];
    fp[IMM(0)] = g->value[0];
    fp[IMM(0) + 1] = g->value[1];
    NEXT(2);
  }

  HANDLER(GlobalSet1) {
    inst->globals[IMM(1)]->value[0] = SLOT(0);
    NEXT(2);
  }

  HANDLER(GlobalSet2) {
    GlobalInst* g = inst->globals[IMM(1)];
    g->value[0] = fp[IMM(0)];
    g->value[1] = fp[IMM(0) + 1];
    NEXT(2);
  }

  // --- spec 4.4.1 constants, 4.4.4 parametric instructions ---
  HANDLER(Const32) {
    SLOT(0) = IMM(1);
    NEXT(2);
  }

  HANDLER(Const64) {
    SLOT(0) = load_word(pc + kWordUnits + 1);
    NEXT(3);
  }

  HANDLER(ConstV128) {
    uint64_t* d = fp + IMM(0);
    d[0] = load_word(pc + kWordUnits + 1);
    d[1] = load_word(pc + kWordUnits + 3);
    NEXT(5);
  }

  // Without a branch: compilers emit select for conditions they expect to be unpredictable.
  HANDLER(Select1) {
    const uint64_t keep_first = uint64_t(0) - uint64_t(static_cast<uint32_t>(SLOT(3)) != 0);
    SLOT(0) = (SLOT(1) & keep_first) | (SLOT(2) & ~keep_first);
    NEXT(4);
  }

  HANDLER(Select2) {
    const uint64_t keep_first = uint64_t(0) - uint64_t(static_cast<uint32_t>(SLOT(3)) != 0);
    const uint64_t* a = fp + IMM(1);
    const uint64_t* b = fp + IMM(2);
    const uint64_t lo = (a[0] & keep_first) | (b[0] & ~keep_first);
    const uint64_t hi = (a[1] & keep_first) | (b[1] & ~keep_first);
    uint64_t* d = fp + IMM(0);
    d[0] = lo;
    d[1] = hi;
    NEXT(4);
  }

  // i32.add of an i32.shl by a constant (translate.cpp): the address of an array element.
  HANDLER(I32AddShl) {
    SLOT(0) = ops::I32Add(static_cast<uint32_t>(SLOT(1)), ops::I32Shl(static_cast<uint32_t>(SLOT(2)), IMM(3)));
    NEXT(4);
  }

  // --- spec 4.4.3 reference instructions ---
  HANDLER(RefIsNull) {
    SLOT(0) = SLOT(1) == 0 ? 1 : 0;
    NEXT(2);
  }

  HANDLER(RefFunc) {
    SLOT(0) = as_slot(inst->funcs[IMM(1)]);
    NEXT(2);
  }

  // --- spec 4.4.7 memory instructions ---
  HANDLER(MemorySize) {
    SLOT(0) = mem_size / binary::kPageSize;
    NEXT(1);
  }

  HANDLER(MemoryGrow) {
    const int64_t old = inst->memories[0]->grow(static_cast<uint32_t>(SLOT(1)));
    SLOT(0) = static_cast<uint32_t>(old);
    RELOAD_MEMORY();
    NEXT(2);
  }

  HANDLER(MemoryInit) {
    const uint64_t* a = fp + IMM(0);
    const uint64_t d = static_cast<uint32_t>(a[0]), s = static_cast<uint32_t>(a[1]), n = static_cast<uint32_t>(a[2]);
    const DataInst& data = inst->datas[IMM(1)];
    if (s + n > data.size || d + n > mem_size) [[unlikely]]
      TRAP(TrapCode::MemoryOutOfBounds);
    if (n) std::memcpy(mem + d, data.data + s, n);
    NEXT(2);
  }

  HANDLER(DataDrop) {
    DataInst& data = inst->datas[IMM(0)];
    data.data = nullptr;
    data.size = 0;
    NEXT(1);
  }

  HANDLER(MemoryCopy) {
    const uint64_t* a = fp + IMM(0);
    const uint64_t d = static_cast<uint32_t>(a[0]), s = static_cast<uint32_t>(a[1]), n = static_cast<uint32_t>(a[2]);
    if (s + n > mem_size || d + n > mem_size) [[unlikely]]
      TRAP(TrapCode::MemoryOutOfBounds);
    if (n) std::memmove(mem + d, mem + s, n);
    NEXT(1);
  }

  HANDLER(MemoryFill) {
    const uint64_t* a = fp + IMM(0);
    const uint64_t d = static_cast<uint32_t>(a[0]), n = static_cast<uint32_t>(a[2]);
    if (d + n > mem_size) [[unlikely]]
      TRAP(TrapCode::MemoryOutOfBounds);
    if (n) std::memset(mem + d, static_cast<uint8_t>(a[1]), n);
    NEXT(1);
  }

  // --- spec 4.4.6 table instructions ---
  HANDLER(TableGet) {
    const TableInst* table = inst->tables[IMM(2)];
    const uint32_t i = static_cast<uint32_t>(SLOT(1));
    if (i >= table->elems.size()) [[unlikely]]
      TRAP(TrapCode::TableOutOfBounds);
    SLOT(0) = table->elems[i];
    NEXT(3);
  }

  HANDLER(TableSet) {
    TableInst* table = inst->tables[IMM(2)];
    const uint32_t i = static_cast<uint32_t>(SLOT(0));
    if (i >= table->elems.size()) [[unlikely]]
      TRAP(TrapCode::TableOutOfBounds);
    table->elems[i] = SLOT(1);
    NEXT(3);
  }

  HANDLER(TableSize) {
    SLOT(0) = static_cast<uint32_t>(inst->tables[IMM(1)]->elems.size());
    NEXT(2);
  }

  HANDLER(TableGrow) {
    const int64_t old = inst->tables[IMM(3)]->grow(static_cast<uint32_t>(SLOT(2)), SLOT(1));
    SLOT(0) = static_cast<uint32_t>(old);
    NEXT(4);
  }

  HANDLER(TableFill) {
    TableInst* table = inst->tables[IMM(1)];
    const uint64_t* a = fp + IMM(0);
    const uint64_t i = static_cast<uint32_t>(a[0]), n = static_cast<uint32_t>(a[2]);
    if (i + n > table->elems.size()) [[unlikely]]
      TRAP(TrapCode::TableOutOfBounds);
    std::fill_n(table->elems.begin() + i, n, a[1]);
    NEXT(2);
  }

  HANDLER(TableCopy) {
    TableInst* dst = inst->tables[IMM(1)];
    const TableInst* src = inst->tables[IMM(2)];
    const uint64_t* a = fp + IMM(0);
    const uint64_t d = static_cast<uint32_t>(a[0]), s = static_cast<uint32_t>(a[1]), n = static_cast<uint32_t>(a[2]);
    if (s + n > src->elems.size() || d + n > dst->elems.size()) [[unlikely]]
      TRAP(TrapCode::TableOutOfBounds);
    if (n) std::memmove(dst->elems.data() + d, src->elems.data() + s, n * sizeof(uint64_t));
    NEXT(3);
  }

  HANDLER(TableInit) {
    const ElemInst& elem = inst->elems[IMM(1)];
    TableInst* table = inst->tables[IMM(2)];
    const uint64_t* a = fp + IMM(0);
    const uint64_t d = static_cast<uint32_t>(a[0]), s = static_cast<uint32_t>(a[1]), n = static_cast<uint32_t>(a[2]);
    if (s + n > elem.refs.size() || d + n > table->elems.size()) [[unlikely]]
      TRAP(TrapCode::TableOutOfBounds);
    if (n) std::memcpy(table->elems.data() + d, elem.refs.data() + s, n * sizeof(uint64_t));
    NEXT(3);
  }

  HANDLER(ElemDrop) {
    std::vector<uint64_t>().swap(inst->elems[IMM(0)].refs);
    NEXT(1);
  }

  HANDLER(Fuel) {
    const uint32_t cost = IMM(0);
    if (store.fuel < cost) [[unlikely]] {
      store.fuel = 0;
      TRAP(TrapCode::OutOfFuel);
    }
    store.fuel -= cost;
    NEXT(1);
  }

#if !MOSAIC_INTERP_THREADED
  default:
    TRAP(TrapCode::Unreachable);
  }
#endif

// A call through a FuncInst: a host function, or wasm code of this or another instance.
call_func_inst:
  if (callee->is_host()) {
    uint64_t* args = fp + call_args;
    uint64_t* results = fp + cur->frame_slots;
    if (call_results > size_t(slots_end - results)) [[unlikely]]
      TRAP(TrapCode::StackExhausted);
    stack.top = results + call_results;
    stack.frame_top = frame_top;
    if (!call_host(store, inst, callee, args, results, error)) [[unlikely]]
      goto on_error;
    std::copy_n(results, call_results, args);
    RELOAD_MEMORY();
    pc = call_next;
    DISPATCH();
  } else {
    const FuncCode* code = &callee->instance->module->code->funcs[callee->defined_index];
    uint64_t* callee_fp = fp + call_args;
    if (frame_top == frames_end || code->frame_slots > size_t(slots_end - callee_fp)) [[unlikely]]
      TRAP(TrapCode::StackExhausted);
    CHECK_INTERRUPT();
    *frame_top++ = Frame{call_next, fp, cur, inst};
    zero_locals(callee_fp, code);
    fp = callee_fp;
    cur = code;
    inst = callee->instance;
    RELOAD_MEMORY();
    pc = code->entry;
    DISPATCH();
  }

trap_oob:
  trap = TrapCode::MemoryOutOfBounds;
on_trap:
  error = trap_error(trap);
  // The reference interpreter names the element: "uninitialized element 2".
  if (trap == TrapCode::UndefinedElement || trap == TrapCode::UninitializedElement) {
    error.message += " " + std::to_string(trap_element);
  }
on_error:
  append_backtrace(error, cur, inst, entry, frame_top);
  stack.frame_top = entry;
  return error;

done:
  stack.frame_top = entry;
  return ok();

#undef HANDLER
#undef DISPATCH
#undef IMM
#undef SLOT
#undef NEXT
#undef TRAP
#undef CHECK_INTERRUPT
#undef RELOAD_MEMORY
}

}  // namespace

const uint64_t* handler_words() {
  static const std::array<uint64_t, kHandlerCount> words = [] {
    std::array<uint64_t, kHandlerCount> w{};
#if MOSAIC_INTERP_THREADED
    const void* const* labels = nullptr;
    (void)loop(nullptr, nullptr, nullptr, nullptr, nullptr, &labels);
    for (size_t i = 0; i < kHandlerCount; ++i) w[i] = as_slot(labels[i]);
#else
    for (size_t i = 0; i < kHandlerCount; ++i) w[i] = i;
#endif
    return w;
  }();
  return words.data();
}

Result<void> run(Store& store, Stack& stack, Instance* instance, const FuncCode* code, uint64_t* fp) {
  return loop(&store, &stack, instance, code, fp, nullptr);
}

}  // namespace mosaic::exec::interp
