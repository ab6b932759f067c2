#pragma once
// The guest's iovec arrays (witx `iovec_array` / `ciovec_array`) as host iovecs, for fd_read/fd_write/
// fd_pread/fd_pwrite (fd_io.cpp) and sock_recv/sock_send.

#include <sys/uio.h>

#include <cstdint>
#include <vector>

#include "wasi/p1/abi.h"
#include "wasi/p1/guest_memory.h"

namespace mosaic::wasi::p1 {

// Reads `count` iovecs ({buf: u32, buf_len: u32}, kIovecSize bytes each) at `iovs` into `out`, each pointing
// into the guest's memory. Fault when the array or any buffer lies outside the memory. At most IOV_MAX are
// kept (the host's limit): a call over more moves fewer bytes, a short read or write.
Errno gather_iovecs(const GuestMemory& memory, uint32_t iovs, uint32_t count, std::vector<struct iovec>& out);

}  // namespace mosaic::wasi::p1
