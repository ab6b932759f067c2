// random_get (wasi_snapshot_preview1, "Random"): fills a guest buffer from the kernel's CSPRNG with
// getrandom(2). The whole buffer is filled or the call fails: getrandom may return fewer bytes than asked
// (more than 256 bytes, or a signal), so we loop until it is full.

#include <sys/random.h>

#include <cerrno>

#include "wasi/p1/call.h"

namespace mosaic::wasi::p1 {

Errno random_get(Call& call) {
  std::optional<std::span<uint8_t>> buf = call.memory.bytes(call.u32(0), call.u32(1));
  if (!buf) return Errno::Fault;
  size_t done = 0;
  while (done < buf->size()) {
    ssize_t n = getrandom(buf->data() + done, buf->size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return last_host_errno();
    }
    done += static_cast<size_t>(n);
  }
  return Errno::Success;
}

}  // namespace mosaic::wasi::p1
