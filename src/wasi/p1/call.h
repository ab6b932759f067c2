#pragma once
// Call: what every WASI preview1 function receives: its arguments (as core wasm slots), the guest's memory,
// and the WASI context. One function per entry of functions.def, each in the file of its area:
// args_env.cpp, clock.cpp, random.cpp, fd.cpp, fd_readdir.cpp, path.cpp, poll.cpp, proc.cpp, sock.cpp.

#include <cstdint>
#include <optional>

#include "mosaic/error.h"
#include "wasi/p1/abi.h"
#include "wasi/p1/ctx.h"
#include "wasi/p1/guest_memory.h"

namespace mosaic::wasi::p1 {

struct Call {
  Ctx& ctx;
  GuestMemory memory;
  const uint64_t* args;  // one slot per parameter, in order

  uint32_t u32(int i) const { return static_cast<uint32_t>(args[i]); }
  uint64_t u64(int i) const { return args[i]; }

  // Set by a function that ends the guest's call instead of returning an errno (proc_exit, or a trap).
  std::optional<Error> unwind;
};

#define MOSAIC_WASI_FUNC(name, params) Errno name(Call& call);
#include "wasi/p1/functions.def"
#undef MOSAIC_WASI_FUNC

}  // namespace mosaic::wasi::p1
