#pragma once
// Helpers shared by the canonical-ABI files (not part of the contract in canon.h): despecialization views,
// bounds-checked guest-memory access, realloc, handles and trap texts.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "component/canon/canon.h"
#include "mosaic/trap.h"

namespace mosaic::component::canon {

// --- Despecialization (CanonicalABI.md "Despecialization") -----------------------------------------------
// despecialize() maps tuple to record, and enum, option and result to variant. These views answer the
// questions the algorithms ask of the despecialized type without building it.
bool is_record_like(TypeKind k);   // Record, Tuple
bool is_variant_like(TypeKind k);  // Variant, Enum, Option, Result
size_t field_count(const ValType& t);
const ValTypePtr& field_type(const ValType& t, size_t i);
size_t case_count(const ValType& t);
const ValTypePtr& case_type(const ValType& t, size_t i);  // null: no payload
std::string_view case_label(const ValType& t, size_t i);

// discriminant_type(cases), as its size in bytes (1, 2 or 4).
uint32_t discriminant_size(size_t num_cases);
uint32_t max_case_alignment(const ValType& t);
// Sizes in 64 bits: a fixed-size list may describe more than 4 GiB (saturates at 2^48).
uint64_t elem_size64(const ValType& t);
uint32_t alignment_of(const ValType& t);
inline uint64_t align_to(uint64_t ptr, uint32_t alignment) { return (ptr + alignment - 1) / alignment * alignment; }
// Flags: more than 32 labels use one i32 per 32 labels (the layout before the 32-label limit).
uint32_t num_flag_words(size_t labels);

// The flattened core types of t, appended to out; stops once out holds more than `cap` entries.
void flatten_into(const ValType& t, std::vector<ValKind>& out, size_t cap);

// --- Traps -----------------------------------------------------------------------------------------------
inline Error trap_error(std::string message) { return mosaic::trap(std::move(message)); }
inline Error usage_error(std::string message) { return Error(ErrorKind::Usage, std::move(message)); }
// Counts `bytes` of host memory against the lift's budget (cx.lift_budget); a trap past it.
Result<void> charge_lift(LiftLowerContext& cx, uint64_t bytes);
// What a pointer addresses, for the trap texts.
enum class Region : uint8_t { Value, String, List, Result, Params };
Error unaligned_error(const LiftLowerContext& cx, Region r, uint32_t alignment);
Error out_of_bounds_error(const LiftLowerContext& cx, Region r);

// --- Guest memory --------------------------------------------------------------------------------------
// The memory option (a Usage error when the canonical options have none: validation requires it).
Result<Memory> memory_of(const LiftLowerContext& cx);
// trap_if(ptr != align_to(ptr, alignment)); trap_if(ptr + length > len(memory)), without overflow.
Result<void> check_range(LiftLowerContext& cx, uint64_t ptr, uint64_t length, uint32_t alignment, Region r);
// The same checks on a pointer realloc returned (host boundaries word them "realloc return: ...").
Result<void> check_realloc_result(LiftLowerContext& cx, uint64_t ptr, uint64_t length, uint32_t alignment,
                                  Region r);
// Unchecked: the caller checked the range with check_range.
uint64_t load_int(LiftLowerContext& cx, uint32_t ptr, uint32_t nbytes);
void store_int(LiftLowerContext& cx, uint64_t v, uint32_t ptr, uint32_t nbytes);
uint8_t* memory_bytes(LiftLowerContext& cx);

// LiftLowerContext.reallocate / allocate: calls the realloc option with may_leave false.
Result<uint32_t> reallocate(LiftLowerContext& cx, uint32_t old, uint32_t old_byte_length, uint32_t alignment,
                            uint32_t new_byte_length);
inline Result<uint32_t> allocate(LiftLowerContext& cx, uint32_t alignment, uint32_t byte_length) {
  return reallocate(cx, 0, 0, alignment, byte_length);
}

// --- Strings (strings.cpp) -------------------------------------------------------------------------------
Result<Value> load_string_from_range(LiftLowerContext& cx, uint32_t ptr, uint32_t tagged_code_units);
// Returns (ptr, tagged code units).
Result<std::pair<uint32_t, uint32_t>> store_string_into_range(LiftLowerContext& cx, const Value& v);

// --- Lists (load_store.cpp) --------------------------------------------------------------------------------
// The number of elements of a list value in either form (Value::bytes or items).
inline size_t list_length(const Value& v) { return v.is_bytes() ? v.as_bytes().size() : v.items().size(); }
// A list held as bytes is a list of u8: lowered as another element type, a Usage error (unless empty).
Result<void> check_bytes_element(const Value& v, const ValType& elem);
Result<Value> load_list_from_range(LiftLowerContext& cx, uint32_t ptr, uint32_t length, const ValType& list_type);
Result<std::pair<uint32_t, uint32_t>> store_list_into_range(LiftLowerContext& cx, const Value& v,
                                                            const ValType& list_type);

// --- Resources (resources.cpp) -----------------------------------------------------------------------------
// The run-time resource type of an own/borrow type, through cx.resources.
Result<RtResource*> resource_type(const LiftLowerContext& cx, const ValType& t);
Result<Value> lift_own(LiftLowerContext& cx, uint32_t i, const ValType& t);
Result<Value> lift_borrow(LiftLowerContext& cx, uint32_t i, const ValType& t);
Result<uint32_t> lower_own(LiftLowerContext& cx, const Value& v, const ValType& t);
Result<uint32_t> lower_borrow(LiftLowerContext& cx, const Value& v, const ValType& t);

// ComponentInstance.enter_from / leave_to (definitions.py): the entering set is the callee and its
// ancestors that are not also the caller's. enter() traps "cannot enter component instance" unless all may be
// entered; the destructor leaves them again.
class EnterGuard {
 public:
  EnterGuard(rt::ComponentInstance* callee, rt::ComponentInstance* caller);
  ~EnterGuard();
  EnterGuard(const EnterGuard&) = delete;
  EnterGuard& operator=(const EnterGuard&) = delete;
  Result<void> enter();

 private:
  std::vector<rt::ComponentInstance*> set_;
  bool entered_ = false;
};

// Runs the destructor of an owned resource dropped by `caller` (null: the host): the guest destructor in
// its defining instance (entered from the caller), or the host's.
Result<void> run_dtor(Store& store, RtResource* rt, uint32_t rep, rt::ComponentInstance* caller);

// Bounds the nesting of values being lifted or lowered (untrusted types and values may nest deeply).
class DepthGuard {
 public:
  explicit DepthGuard(LiftLowerContext& cx) : cx_(cx) { ++cx_.depth; }
  ~DepthGuard() { --cx_.depth; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;
  bool too_deep() const { return cx_.depth > kMaxValueDepth; }

 private:
  LiftLowerContext& cx_;
};
inline Error too_deep_error() { return trap_error("value nesting too deep"); }

// --- Scalars (load_store.cpp) ------------------------------------------------------------------------------
Value decode_i32_as_float(uint32_t i);   // canonicalize_nan32
Value decode_i64_as_float(uint64_t i);   // canonicalize_nan64
uint32_t encode_float_as_i32(float f);   // maybe_scramble_nan32, deterministic profile
uint64_t encode_float_as_i64(double d);  // maybe_scramble_nan64, deterministic profile
Result<Value> convert_i32_to_char(uint32_t i);
Result<uint32_t> char_to_i32(const Value& v);
// load / store without the entry checks (the caller checked the range).
Result<Value> load_value_at(LiftLowerContext& cx, uint32_t ptr, const ValType& t);
Result<void> store_value_at(LiftLowerContext& cx, const Value& v, const ValType& t, uint32_t ptr);

// Value kinds as despecialization sees them (a Usage error for a value that is not of the type).
Result<void> expect_kind(const Value& v, const ValType& t);
// Field i of a record (by label) or tuple (by position) value.
Result<const Value*> record_field(const Value& v, const ValType& t, size_t i);
// pack_flags_into_int: one u32 per 32 labels (a Usage error for a name that is not a label).
Result<std::vector<uint32_t>> pack_flags(const Value& v, const ValType& t);
// For a variant-like type: which case `v` is, per match_case.
Result<size_t> match_case(const Value& v, const ValType& t);
// For a variant-like type: the value of case `i` with its payload.
Value make_case(const ValType& t, size_t i, std::optional<Value> payload);

}  // namespace mosaic::component::canon
