#pragma once
// The WASI preview1 `filestat` of a host file, and the `fstflags` of the *_set_times functions, shared by
// fd_filestat_get / fd_filestat_set_times (fd.cpp) and path_filestat_get / path_filestat_set_times (path.cpp).

#include <sys/stat.h>
#include <time.h>

#include <cstdint>

#include "wasi/p1/abi.h"
#include "wasi/p1/guest_memory.h"

namespace mosaic::wasi::p1 {

// witx `filestat` (typenames.witx): dev, ino, filetype, nlink, size, atim, mtim, ctim, at the kFilestat*
// offsets, times in nanoseconds since the epoch. Writes the 64 bytes at `ptr`; Fault when out of bounds.
Errno write_filestat(const GuestMemory& memory, uint32_t ptr, const struct stat& st);

// witx `fstflags` → the timespec pair utimensat/futimens take ([0] access, [1] modification): ATIM takes
// `atim`, ATIM_NOW is UTIME_NOW, neither is UTIME_OMIT (same for MTIM). Inval when both ATIM and ATIM_NOW
// (or both MTIM and MTIM_NOW) are set, or when an unknown flag bit is set.
Errno set_times_of(uint64_t atim, uint64_t mtim, uint32_t fstflags, struct timespec (&out)[2]);

}  // namespace mosaic::wasi::p1
