#pragma once
// Backtraces of traps: the wasm frames active when a trap (or a host function's error) escaped, innermost
// first, each named by the name section (binary::Module::names) or "func[N]".

#include <string>

#include "exec/interp/stack.h"
#include "exec/runtime.h"
#include "mosaic/error.h"

namespace mosaic::exec::interp {

// The name of function `func_index` of `instance`'s module.
std::string func_name(const Instance& instance, uint32_t func_index);

// Appends to error.backtrace the running function (`code` in `instance`) and the callers saved in
// frames (entry, top): entry is the entry frame of the interp::call (not a function), top the first free.
void append_backtrace(Error& error, const FuncCode* code, const Instance* instance, const Frame* entry,
                      const Frame* top);

}  // namespace mosaic::exec::interp
