#pragma once
// The dispatch loop (run.cpp), entered by interp::call (call.cpp).

#include "exec/interp/code.h"
#include "exec/interp/stack.h"
#include "exec/runtime.h"
#include "mosaic/result.h"

namespace mosaic::exec::interp {

// Runs `code` of `instance` in the frame at `fp` (arguments placed, other locals zeroed, bounds checked)
// until it returns; the results are then at fp[0..]. stack.frame_top must be the entry frame, already
// reserved (frame_top < frames_end); on return, and on a trap, stack.frame_top is back at it.
Result<void> run(Store& store, Stack& stack, Instance* instance, const FuncCode* code, uint64_t* fp);

}  // namespace mosaic::exec::interp
