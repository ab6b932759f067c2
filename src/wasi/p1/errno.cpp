#include <cerrno>
#include <cstddef>

#include "wasi/p1/abi.h"

namespace mosaic::wasi::p1 {

const char* errno_name(Errno e) {
  switch (e) {
#define MOSAIC_WASI_ERRNO(name, code, host) \
  case Errno::name: return #name;
#include "wasi/p1/errno.def"
#undef MOSAIC_WASI_ERRNO
  }
  return "unknown";
}

Errno from_host_errno(int host_errno) {
  if (host_errno == 0) return Errno::Success;
#if EWOULDBLOCK != EAGAIN
  if (host_errno == EWOULDBLOCK) return Errno::Again;
#endif
#if ENOTSUP != EOPNOTSUPP
  if (host_errno == ENOTSUP) return Errno::NotSup;
#endif
  struct Pair {
    int host;
    Errno wasi;
  };
  static constexpr Pair kPairs[] = {
#define MOSAIC_WASI_ERRNO(name, code, host) {host, Errno::name},
#include "wasi/p1/errno.def"
#undef MOSAIC_WASI_ERRNO
  };
  for (const Pair& p : kPairs)
    if (p.host != 0 && p.host == host_errno) return p.wasi;
  return Errno::Io;
}

Errno last_host_errno() { return from_host_errno(errno); }

}  // namespace mosaic::wasi::p1
