// fd_read, fd_write, fd_pread, fd_pwrite, fd_seek, fd_tell (wasi_snapshot_preview1.witx): scatter/gather I/O
// straight between the host descriptor and the guest's memory, and the descriptor's offset, which is the
// host descriptor's own (so an APPEND descriptor appends in the kernel, and pwrite on it appends too, as on
// Linux and in wasmtime: testsuite pwrite-with-append accepts both).

#include <fcntl.h>
#include <limits.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <vector>

#include "wasi/p1/call.h"
#include "wasi/p1/fd_io.h"
#include "wasi/p1/fd_lookup.h"

namespace mosaic::wasi::p1 {
namespace {

constexpr uint64_t kMaxOffset = static_cast<uint64_t>(INT64_MAX);

// Stores the byte count of a finished read or write (a `size`, u32; Linux moves at most 0x7ffff000 bytes
// per call, so it always fits).
Errno store_size(Call& call, uint32_t ptr, ssize_t n) {
  if (n < 0) return last_host_errno();
  return call.memory.store<uint32_t>(ptr, static_cast<uint32_t>(n)) ? Errno::Success : Errno::Fault;
}

// The shared beginning of the four I/O calls: the descriptor with its rights, its iovecs (args 1 and 2), and
// a result pointer that is checked before any byte moves (a fault must not lose data already read).
struct IoCall {
  Found fd;
  std::vector<struct iovec> iovs;
  Errno error = Errno::Success;
};

IoCall begin_io(Call& call, uint64_t rights, uint32_t result_ptr) {
  IoCall io;
  io.fd = find_fd(call.ctx, call.u32(0), rights, Kinds::kNotDirectory);
  if (!io.fd) {
    io.error = io.fd.error;
    return io;
  }
  io.error = gather_iovecs(call.memory, call.u32(1), call.u32(2), io.iovs);
  if (io.error == Errno::Success && !call.memory.in_bounds(result_ptr, sizeof(uint32_t))) io.error = Errno::Fault;
  return io;
}

}  // namespace

Errno gather_iovecs(const GuestMemory& memory, uint32_t iovs, uint32_t count, std::vector<struct iovec>& out) {
  out.clear();
  if (!memory.in_bounds(iovs, uint64_t{count} * kIovecSize)) return Errno::Fault;
  out.reserve(count < IOV_MAX ? count : IOV_MAX);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t buf = 0;
    uint32_t len = 0;
    memory.load(uint64_t{iovs} + uint64_t{i} * kIovecSize, buf);
    memory.load(uint64_t{iovs} + uint64_t{i} * kIovecSize + 4, len);
    std::optional<std::span<uint8_t>> bytes = memory.bytes(buf, len);
    if (!bytes) return Errno::Fault;
    // readv/writev take at most IOV_MAX buffers; moving fewer bytes than asked is a short read or write,
    // which every caller must handle anyway.
    if (out.size() < IOV_MAX) out.push_back({bytes->data(), bytes->size()});
  }
  return Errno::Success;
}

// fd_read(fd, iovs, iovs_len, *nread): readv. A partial read returns what there is; 0 is end of file.
Errno fd_read(Call& call) {
  const uint32_t result = call.u32(3);
  IoCall io = begin_io(call, rights::kFdRead, result);
  if (io.error != Errno::Success) return io.error;
  ssize_t n = retry_eintr([&] { return readv(io.fd->host, io.iovs.data(), static_cast<int>(io.iovs.size())); });
  return store_size(call, result, n);
}

// fd_write(fd, iovs, iovs_len, *nwritten): writev, every iovec (wasmtime writes only the first non-empty one;
// both are allowed, a short write being a write). A socket is written with MSG_NOSIGNAL, so that a peer that
// went away is errno `pipe` instead of a SIGPIPE that ends the host.
Errno fd_write(Call& call) {
  const uint32_t result = call.u32(3);
  IoCall io = begin_io(call, rights::kFdWrite, result);
  if (io.error != Errno::Success) return io.error;
  ssize_t n = retry_eintr([&] {
    if (io.fd->type == Filetype::SocketStream) {
      struct msghdr msg {};
      msg.msg_iov = io.iovs.data();
      msg.msg_iovlen = io.iovs.size();
      return sendmsg(io.fd->host, &msg, MSG_NOSIGNAL);
    }
    return writev(io.fd->host, io.iovs.data(), static_cast<int>(io.iovs.size()));
  });
  return store_size(call, result, n);
}

// fd_pread(fd, iovs, iovs_len, offset, *nread): preadv; the descriptor's offset does not move. Needs the
// read and seek rights; a pipe, socket or terminal is `spipe` (the host's answer).
Errno fd_pread(Call& call) {
  const uint64_t offset = call.u64(3);
  const uint32_t result = call.u32(4);
  IoCall io = begin_io(call, rights::kFdRead | rights::kFdSeek, result);
  if (io.error != Errno::Success) return io.error;
  if (offset > kMaxOffset) return Errno::Inval;
  ssize_t n = retry_eintr([&] {
    return preadv(io.fd->host, io.iovs.data(), static_cast<int>(io.iovs.size()), static_cast<off_t>(offset));
  });
  return store_size(call, result, n);
}

// fd_pwrite(fd, iovs, iovs_len, offset, *nwritten): pwritev; the descriptor's offset does not move. On an
// APPEND descriptor the data goes to the end of the file, as Linux and wasmtime do.
Errno fd_pwrite(Call& call) {
  const uint64_t offset = call.u64(3);
  const uint32_t result = call.u32(4);
  IoCall io = begin_io(call, rights::kFdWrite | rights::kFdSeek, result);
  if (io.error != Errno::Success) return io.error;
  if (offset > kMaxOffset) return Errno::Inval;
  ssize_t n = retry_eintr([&] {
    return pwritev(io.fd->host, io.iovs.data(), static_cast<int>(io.iovs.size()), static_cast<off_t>(offset));
  });
  return store_size(call, result, n);
}

// fd_seek(fd, offset, whence, *newoffset): lseek. A whence outside the enum is inval (before the descriptor is
// looked at, as wasmtime decodes it); an offset that would end before byte 0 is inval (the host's answer); a
// directory is badf (Linux would seek it to 0: testsuite directory_seek, dir_fd_op_failures); a pipe, socket
// or terminal is spipe. Seeking needs the seek right, except the pure query (0, cur), which needs only tell.
Errno fd_seek(Call& call) {
  const int64_t offset = static_cast<int64_t>(call.u64(1));
  const uint32_t whence = call.u32(2);
  int host_whence = 0;
  switch (whence) {
    case kWhenceSet: host_whence = SEEK_SET; break;
    case kWhenceCur: host_whence = SEEK_CUR; break;
    case kWhenceEnd: host_whence = SEEK_END; break;
    default: return Errno::Inval;
  }
  const uint64_t needed = offset == 0 && whence == kWhenceCur ? rights::kFdTell : rights::kFdSeek;
  Found f = find_fd(call.ctx, call.u32(0), needed, Kinds::kNotDirectory);
  if (!f) return f.error;
  const uint32_t out = call.u32(3);
  if (!call.memory.in_bounds(out, sizeof(uint64_t))) return Errno::Fault;
  off_t pos = lseek(f->host, static_cast<off_t>(offset), host_whence);
  if (pos < 0) return last_host_errno();
  call.memory.store<uint64_t>(out, static_cast<uint64_t>(pos));
  return Errno::Success;
}

// fd_tell(fd, *offset): lseek(fd, 0, SEEK_CUR), with the same answers for what cannot seek.
Errno fd_tell(Call& call) {
  Found f = find_fd(call.ctx, call.u32(0), rights::kFdTell, Kinds::kNotDirectory);
  if (!f) return f.error;
  const uint32_t out = call.u32(1);
  if (!call.memory.in_bounds(out, sizeof(uint64_t))) return Errno::Fault;
  off_t pos = lseek(f->host, 0, SEEK_CUR);
  if (pos < 0) return last_host_errno();
  call.memory.store<uint64_t>(out, static_cast<uint64_t>(pos));
  return Errno::Success;
}

}  // namespace mosaic::wasi::p1
