// proc_exit, proc_raise, sched_yield.

#include <sched.h>

#include <string>

#include "wasi/p1/call.h"

namespace mosaic::wasi::p1 {

// Ends the guest's call with an Exit error; the host reads the status from the context.
Errno proc_exit(Call& call) {
  call.ctx.exit_code = call.u32(0);
  call.unwind = Error(ErrorKind::Exit, "exit with status " + std::to_string(call.u32(0)));
  return Errno::Success;
}

// Raising a signal in the host process is not something a guest may do; like wasmtime, we refuse it.
Errno proc_raise(Call&) { return Errno::NotSup; }

Errno sched_yield(Call&) {
  ::sched_yield();
  return Errno::Success;
}

}  // namespace mosaic::wasi::p1
