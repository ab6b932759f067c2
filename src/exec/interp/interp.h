#pragma once
// The interpreter's entry points: translating a validated module into internal code, and running it.

#include <cstdint>
#include <memory>

#include "exec/runtime.h"
#include "mosaic/result.h"

namespace mosaic::exec::interp {

// Translates every defined function of `module` into the interpreter's internal code.
// `fuel`: meter instructions (Config::consume_fuel; code.h).
Result<std::shared_ptr<ModuleCode>> translate(const valid::Module& module, bool fuel);

// Creates the operand/frame stack of a store (Stack is defined in exec/interp/stack.h).
// Null when the host cannot allocate it.
std::unique_ptr<Stack> make_stack(const Config& config);

// Calls `func` (wasm or host) with slot-encoded args, writing slot-encoded results. Traps come back as
// errors (trap.def), with the wasm backtrace. Re-entrant: a host function may call back into wasm.
Result<void> call(Store& store, FuncInst* func, const uint64_t* args, uint64_t* results);

}  // namespace mosaic::exec::interp
