// Entering the interpreter from the host (spec 4.5.5, invocation of function addresses), and the store's
// stack.

#include <algorithm>
#include <cstring>
#include <new>
#include <string>

#include "exec/interp/backtrace.h"
#include "exec/interp/interp.h"
#include "exec/interp/run.h"
#include "exec/interp/stack.h"
#include "exec/trap.h"

namespace mosaic::exec::interp {

std::unique_ptr<Stack> make_stack(const Config& config) {
  const size_t slot_count = std::max<size_t>(config.max_stack_bytes / sizeof(uint64_t), 1);
  const size_t frame_count = std::max<uint32_t>(config.max_call_depth, 1);
  auto stack = std::make_unique<Stack>();
  // Both left uninitialised: the pages are touched only as deep as the guest actually goes. A host short of
  // memory gets no stack (and an error), not an abort.
  stack->slots.reset(new (std::nothrow) uint64_t[slot_count]);
  stack->frames.reset(new (std::nothrow) Frame[frame_count]);
  if (!stack->slots || !stack->frames) return nullptr;
  stack->slots_end = stack->slots.get() + slot_count;
  stack->frames_end = stack->frames.get() + frame_count;
  stack->top = stack->slots.get();
  stack->frame_top = stack->frames.get();
  return stack;
}

Result<void> call(Store& store, FuncInst* func, const uint64_t* args, uint64_t* results) {
  if (func->is_host()) return func->host->fn(store, nullptr, args, results);
  // An interrupted store stays interrupted: every later call into wasm traps at once.
  if (store.interrupted()) [[unlikely]]
    return trap_error(TrapCode::Interrupt);

  Stack* stack_ptr = store.stack();
  if (!stack_ptr) [[unlikely]] {
    return Error(ErrorKind::Exhausted, "out of memory: cannot allocate the guest's stack of " +
                                           std::to_string(store.config().max_stack_bytes) + " bytes");
  }
  Stack& stack = *stack_ptr;
  Instance* instance = func->instance;
  const FuncCode& code = instance->module->code->funcs[func->defined_index];
  uint64_t* fp = stack.top;
  // The host's stack grows down on every supported target.
  const uintptr_t here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  if (stack.nesting == 0) stack.host_stack_base = here;
  const bool host_stack_exhausted = stack.host_stack_base > here && stack.host_stack_base - here > kMaxHostStackBytes;
  if (stack.nesting >= kMaxNesting || host_stack_exhausted || stack.frame_top == stack.frames_end ||
      size_t(stack.slots_end - fp) < std::max(code.frame_slots, code.result_slots)) {
    return trap_error(TrapCode::StackExhausted);
  }
  if (code.param_slots) std::memcpy(fp, args, code.param_slots * sizeof(uint64_t));
  std::fill(fp + code.param_slots, fp + code.local_slots, uint64_t(0));

  ++stack.nesting;
  Result<void> r = run(store, stack, instance, &code, fp);
  --stack.nesting;
  stack.top = fp;
  if (!r) return r;
  if (code.result_slots) std::memcpy(results, fp, code.result_slots * sizeof(uint64_t));
  return ok();
}

}  // namespace mosaic::exec::interp
