#pragma once
// The operand/frame stack of one store (spec 4.2.12, the stack: values, labels and activations).
//
// Values live in one contiguous array of 8-byte slots: each activation's locals followed by its operands
// (code.h). Activations are recorded on a separate array of Frames: what a `return` restores in the
// caller. Guest calls never recurse on the host's C++ stack; running out of either array traps with
// "call stack exhausted". Labels need no run-time record: branches are resolved at translation.

#include <cstdint>
#include <memory>
#include <type_traits>

#include "exec/interp/code.h"
#include "mosaic/engine.h"

namespace mosaic::exec::interp {

// The state of a caller saved by a call, restored by the callee's return. Trivial on purpose: the frame
// array is left uninitialised, so start-up does not touch megabytes of frames the guest may never use;
// every frame is written whole when pushed (`Frame{}` for an entry frame).
struct Frame {
  const CodeUnit* ret_pc;  // null: the entry frame of one interp::call (return to the host)
  uint64_t* fp;
  const FuncCode* code;
  Instance* instance;
};
static_assert(std::is_trivially_default_constructible_v<Frame>);

// Host function re-entry (host -> wasm -> host -> ...) recurses on the C++ stack; these bound it, by the
// number of nested interp::call invocations and by the bytes of host stack they span.
inline constexpr uint32_t kMaxNesting = 256;
inline constexpr size_t kMaxHostStackBytes = size_t(2) << 20;

// Made by make_stack (interp.h).
struct Stack {
  std::unique_ptr<uint64_t[]> slots;
  uint64_t* slots_end = nullptr;
  std::unique_ptr<Frame[]> frames;
  Frame* frames_end = nullptr;

  // While the host runs (outside the interpreter or inside a host function called by it): the first free
  // slot and frame, where a new interp::call begins.
  uint64_t* top = nullptr;
  Frame* frame_top = nullptr;
  uint32_t nesting = 0;  // active interp::call invocations that run wasm code
  uintptr_t host_stack_base = 0;  // frame address of the outermost of them
};

}  // namespace mosaic::exec::interp
