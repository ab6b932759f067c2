#pragma once
// find_fd: the one place where the fd_* functions turn a guest descriptor into its entry, checking what the
// call needs of it: that it exists (badf), that it is of a kind the call works on, and that it holds the
// rights the call requires (witx `rights`: "notcapable" when one is missing). Each function states its needs
// in one line:
//
//   Found f = find_fd(call.ctx, call.u32(0), rights::kFdRead, Kinds::kNotDirectory);
//   if (!f) return f.error;
//
// The kinds follow wasmtime's preview1 adapter: calls that need a file answer badf on a directory (fd_read,
// fd_seek, fd_filestat_set_size ...), fd_readdir answers badf on anything but a directory.

#include <cerrno>
#include <cstdint>

#include "wasi/p1/abi.h"
#include "wasi/p1/ctx.h"

namespace mosaic::wasi::p1 {

enum class Kinds : uint8_t {
  kAny,           // every descriptor
  kNotDirectory,  // files, stdio, sockets: what has a byte stream (directory: badf)
  kDirectory,     // directories only (anything else: badf)
};

struct Found {
  FdEntry* entry = nullptr;
  Errno error = Errno::Success;
  explicit operator bool() const { return entry != nullptr; }
  FdEntry* operator->() const { return entry; }
};

inline Found find_fd(Ctx& ctx, uint32_t fd, uint64_t needed_rights, Kinds kinds = Kinds::kAny) {
  FdEntry* entry = ctx.get(fd);
  if (entry == nullptr) return {nullptr, Errno::Badf};
  const bool directory = entry->type == Filetype::Directory;
  if (kinds == Kinds::kNotDirectory && directory) return {nullptr, Errno::Badf};
  if (kinds == Kinds::kDirectory && !directory) return {nullptr, Errno::Badf};
  if ((entry->rights_base & needed_rights) != needed_rights) return {nullptr, Errno::NotCapable};
  return {entry, Errno::Success};
}

// Retries a host call that failed with EINTR (a signal the host received, not the guest's business).
template <class F>
auto retry_eintr(F&& f) {
  for (;;) {
    auto r = f();
    if (r >= 0 || errno != EINTR) return r;
  }
}

}  // namespace mosaic::wasi::p1
