#pragma once
// The canonical ABI (CanonicalABI.md; definitions.py): lifting and lowering of component values to and from
// core values and linear memory, and the canonical built-ins. Function names follow definitions.py so the code
// reads beside the spec. Every failure the spec marks `trap_if` is an Error of kind Trap with wasmtime's message
// where one exists (e.g. "unknown handle index 3", "invalid utf-8 sequence", "pointer not aligned",
// "realloc return: beyond end of memory", "invalid variant discriminant", "cannot leave component instance",
// "cannot enter component instance").

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "component/runtime/runtime.h"
#include "mosaic/component/types.h"
#include "mosaic/component/value.h"
#include "mosaic/result.h"
#include "mosaic/val.h"

namespace mosaic::component::canon {

inline constexpr size_t MAX_FLAT_PARAMS = 16;
inline constexpr size_t MAX_FLAT_RESULTS = 1;

// Host memory the values lifted in one call may take. Guest memory bounds each list and string, but not their
// sum: a list<string> whose elements all point at one large range (or a long list<u32>, each element a
// Value) would make the host allocate without bound; past this budget lifting traps instead.
inline constexpr uint64_t kMaxLiftedBytes = uint64_t(1) << 31;

// definitions.py's LiftLowerContext. `resources` maps the resource types of the types being lifted or lowered.
struct LiftLowerContext {
  Store& store;
  const rt::CanonOptions& opts;
  rt::ComponentInstance* inst;            // whose handle table and may_leave flag
  const rt::ResourceMap* resources;
  rt::CallScope* borrow_scope = nullptr;
  // Both sides are components (a `canon lower` of a lifted function, or `call` from a component): traps use
  // the words of a fused adapter ("unaligned pointer", "list content out-of-bounds") rather than those of a
  // host boundary ("list pointer is not aligned", "realloc return: beyond end of memory").
  bool adapter = false;
  uint32_t depth = 0;  // nesting of the value being lifted or lowered (bounded: kMaxValueDepth)
  uint64_t lifted_bytes = 0;  // host memory the values lifted so far take, at most lift_budget
  uint64_t lift_budget = kMaxLiftedBytes;
};
inline constexpr uint32_t kMaxValueDepth = 1000;

// Core types of a flattened type (flatten_type / flatten_functype).
std::vector<ValKind> flatten_type(const ValTypePtr& t);
struct FlatFuncType {
  std::vector<ValKind> params, results;
};
// context: lifting ('lift': results may go through a returned pointer) or lowering ('lower': through an
// out-pointer parameter).
enum class FlattenContext : uint8_t { Lift, Lower };
FlatFuncType flatten_functype(const FuncType& ft, FlattenContext context);

// Sizes and alignments (elem_size / alignment) in memory.
uint32_t elem_size(const ValTypePtr& t);
uint32_t alignment(const ValTypePtr& t);

// Memory.
Result<Value> load(LiftLowerContext& cx, uint32_t ptr, const ValTypePtr& t);
Result<void> store(LiftLowerContext& cx, const Value& v, const ValTypePtr& t, uint32_t ptr);

// Flat values. `vi` is consumed from the front.
struct CoreValueIter {
  std::span<const Val> values;
  size_t i = 0;
};
Result<Value> lift_flat(LiftLowerContext& cx, CoreValueIter& vi, const ValTypePtr& t);
Result<void> lower_flat(LiftLowerContext& cx, const Value& v, const ValTypePtr& t, std::vector<Val>& out);

Result<std::vector<Value>> lift_flat_values(LiftLowerContext& cx, size_t max_flat, CoreValueIter& vi,
                                            std::span<const ValTypePtr> ts);
// With out_param (lowering results in `canon lower`): values that do not fit are stored at the pointer the
// caller passed as its last core argument instead of a newly allocated one.
Result<std::vector<Val>> lower_flat_values(LiftLowerContext& cx, size_t max_flat, std::span<const Value> vs,
                                           std::span<const ValTypePtr> ts,
                                           std::optional<uint32_t> out_param = std::nullopt);

// Calls a lifted or host component function with component values (canon_lift's synchronous path, entered
// from `caller`, null for the host): checks may_enter, lowers the arguments into the callee, calls the core
// function, lifts the result, runs post-return, checks that every borrow was dropped.
Result<std::vector<Value>> call(Store& store, rt::ComponentFunc& f, std::span<const Value> args,
                                rt::ComponentInstance* caller);

// `canon lower`: a core function for `inst` that lifts its arguments, calls `callee` and lowers the result.
mosaic::Func canon_lower(Store& store, rt::ComponentFunc* callee, rt::CanonOptions opts, rt::ComponentInstance* inst);

// `canon resource.new/drop/rep` for resource type `rt`, as core functions of `inst`.
mosaic::Func canon_resource_new(Store& store, RtResource* rt, rt::ComponentInstance* inst);
mosaic::Func canon_resource_drop(Store& store, RtResource* rt, rt::ComponentInstance* inst);
mosaic::Func canon_resource_rep(Store& store, RtResource* rt, rt::ComponentInstance* inst);

// The host drops an owned resource it received (runs the destructor of a guest resource in its instance).
Result<void> drop_resource(Store& store, ResourceRef r);

// Checks that `v` is a value of type `t` (kinds, arity, case and field names, flag names, char validity);
// the Usage error says where it differs. Lowering calls it; the CLI uses it for parsed arguments.
Result<void> check_value(const Value& v, const ValTypePtr& t);

}  // namespace mosaic::component::canon
