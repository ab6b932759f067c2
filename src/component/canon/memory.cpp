// Guest memory for the canonical ABI: bounds and alignment checks, little-endian integers, realloc
// (CanonicalABI.md "Lifting and Lowering Context"), and the trap texts for bad pointers.

#include <array>
#include <cstring>

#include "component/canon/abi.h"

namespace mosaic::component::canon {

Error unaligned_error(const LiftLowerContext& cx, Region r, uint32_t alignment) {
  if (cx.adapter) return trap_error("unaligned pointer");
  switch (r) {
    case Region::String: return trap_error("string pointer not aligned to " + std::to_string(alignment));
    case Region::List: return trap_error("list pointer is not aligned");
    case Region::Result: return trap_error("return pointer not aligned");
    case Region::Value:
    case Region::Params: break;
  }
  return trap_error("pointer not aligned");
}

Error out_of_bounds_error(const LiftLowerContext& cx, Region r) {
  if (cx.adapter) {
    switch (r) {
      case Region::String: return trap_error("string content out-of-bounds");
      case Region::List: return trap_error("list content out-of-bounds");
      default: return trap_error("out of bounds memory access");
    }
  }
  switch (r) {
    case Region::String: return trap_error("string pointer/length out of bounds of memory");
    case Region::List: return trap_error("list pointer/length out of bounds of memory");
    case Region::Result: return trap_error("pointer out of bounds of memory");
    case Region::Value:
    case Region::Params: break;
  }
  return trap_error("pointer out of bounds");
}

Result<Memory> memory_of(const LiftLowerContext& cx) {
  if (!cx.opts.memory) return usage_error("canonical ABI: this value needs the `memory` canonical option");
  return *cx.opts.memory;
}

uint8_t* memory_bytes(LiftLowerContext& cx) { return cx.opts.memory->data(cx.store); }

Result<void> check_range(LiftLowerContext& cx, uint64_t ptr, uint64_t length, uint32_t alignment, Region r) {
  Memory mem = MOSAIC_TRY(memory_of(cx));
  if (alignment > 1 && ptr % alignment != 0) return unaligned_error(cx, r, alignment);
  uint64_t size = mem.data_size(cx.store);
  if (ptr > size || length > size - ptr) return out_of_bounds_error(cx, r);
  return ok();
}

Result<void> check_realloc_result(LiftLowerContext& cx, uint64_t ptr, uint64_t length, uint32_t alignment,
                                  Region r) {
  if (cx.adapter) return check_range(cx, ptr, length, alignment, r);
  Memory mem = MOSAIC_TRY(memory_of(cx));
  if (alignment > 1 && ptr % alignment != 0) return trap_error("realloc return: result not aligned");
  uint64_t size = mem.data_size(cx.store);
  if (ptr > size || length > size - ptr) return trap_error("realloc return: beyond end of memory");
  return ok();
}

uint64_t load_int(LiftLowerContext& cx, uint32_t ptr, uint32_t nbytes) {
  uint64_t v = 0;
  std::memcpy(&v, memory_bytes(cx) + ptr, nbytes);  // little-endian host (CMakeLists.txt checks)
  return v;
}

void store_int(LiftLowerContext& cx, uint64_t v, uint32_t ptr, uint32_t nbytes) {
  std::memcpy(memory_bytes(cx) + ptr, &v, nbytes);
}

namespace {
// Restores may_leave when realloc returns or traps.
class MayLeaveOff {
 public:
  explicit MayLeaveOff(rt::ComponentInstance* inst) : inst_(inst) {
    if (inst_) inst_->may_leave = false;
  }
  ~MayLeaveOff() {
    if (inst_) inst_->may_leave = true;
  }
  MayLeaveOff(const MayLeaveOff&) = delete;
  MayLeaveOff& operator=(const MayLeaveOff&) = delete;

 private:
  rt::ComponentInstance* inst_;
};
}  // namespace

// LiftLowerContext.reallocate: realloc(old, old_byte_length, alignment, new_byte_length) -> ptr, called with
// the instance's may_leave cleared (realloc may not call imports).
Result<uint32_t> reallocate(LiftLowerContext& cx, uint32_t old, uint32_t old_byte_length, uint32_t alignment,
                            uint32_t new_byte_length) {
  if (!cx.opts.realloc) return usage_error("canonical ABI: this value needs the `realloc` canonical option");
  std::array<Val, 4> args = {Val::i32(int32_t(old)), Val::i32(int32_t(old_byte_length)),
                             Val::i32(int32_t(alignment)), Val::i32(int32_t(new_byte_length))};
  std::vector<Val> results;
  {
    MayLeaveOff guard(cx.inst);
    results = MOSAIC_TRY(cx.opts.realloc->call(cx.store, args));
  }
  if (results.size() != 1 || results[0].kind() != ValKind::I32)
    return usage_error("canonical ABI: realloc must return one i32");
  return uint32_t(results[0].as_i32());
}

}  // namespace mosaic::component::canon
