#pragma once
// fd_readdir's two halves, apart so that the unit tests can drive each: reading a host directory into a
// listing, and laying a listing out in the guest's buffer (witx `dirent` records).

#include <cstdint>
#include <span>
#include <vector>

#include "wasi/p1/abi.h"
#include "wasi/p1/ctx.h"

namespace mosaic::wasi::p1 {

// Lists the directory open at host descriptor `dir` through a descriptor of its own (so the guest's
// descriptor keeps its position): "." and ".." first, then the other entries in the host's order. An entry
// whose type the host does not report (DT_UNKNOWN) is lstat'ed. Errno of the failing host call otherwise.
Errno read_listing(int dir, std::vector<DirEntry>& out);

// Writes listing[cookie], listing[cookie + 1], ... into `out` as dirent headers (kDirentSize bytes, d_next =
// the index of the following entry) each followed by its name, until the listing or the buffer ends; the
// last record is cut where the buffer ends, as the witx says ("If the buffer is full, the last entry may be
// truncated"). Returns the bytes written: out.size() when full, which tells the caller to call again (with a
// bigger buffer, or from the last whole entry's d_next).
uint32_t fill_dirents(std::span<uint8_t> out, const std::vector<DirEntry>& listing, uint64_t cookie);

}  // namespace mosaic::wasi::p1
