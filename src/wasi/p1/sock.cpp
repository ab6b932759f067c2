// sock_accept, sock_recv, sock_send, sock_shutdown (wasi_snapshot_preview1, "Sock"): stream sockets the
// host gave the guest (the --tcplisten listeners, descriptors 3, 4, ...) and the connections accepted on
// them. Preview1 has no socket(), bind() or connect(): a guest serves on what the host bound for it.
//
// Errors: an unknown descriptor is badf, one that is not a socket is notsock, a missing right notcapable.

#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>
#include <utility>
#include <vector>

#include "wasi/p1/call.h"
#include "wasi/p1/fd_io.h"
#include "wasi/p1/fd_lookup.h"

namespace mosaic::wasi::p1 {
namespace {

// Rights of an accepted connection: read, write, poll and shut down; it accepts nothing itself.
constexpr uint64_t kStreamRights = rights::kFdRead | rights::kFdWrite | rights::kFdFdstatSetFlags |
                                   rights::kFdFilestatGet | rights::kPollFdReadwrite | rights::kSockShutdown;

bool is_socket(const FdEntry& entry) {
  return entry.type == Filetype::SocketStream || entry.type == Filetype::SocketDgram;
}

// The socket entry of a guest descriptor, checked for `right`.
Errno socket_entry(Call& call, uint32_t fd, uint64_t right, FdEntry*& out) {
  FdEntry* entry = call.ctx.get(fd);
  if (entry == nullptr) return Errno::Badf;
  if (!is_socket(*entry)) return Errno::NotSock;
  if ((entry->rights_base & right) != right) return Errno::NotCapable;
  out = entry;
  return Errno::Success;
}

}  // namespace

// sock_accept(fd, flags: fdflags) -> fd: a new descriptor for the next connection on a listening socket.
// flags may hold fdflags::nonblock (for the new descriptor) and nothing else.
Errno sock_accept(Call& call) {
  FdEntry* listener = nullptr;
  if (Errno e = socket_entry(call, call.u32(0), rights::kSockAccept, listener); e != Errno::Success) return e;
  const uint32_t flags = call.u32(1);
  if ((flags & ~uint32_t{kFdflagNonblock}) != 0) return Errno::Inval;
  const uint32_t result = call.u32(2);
  // Checked before accepting, so that a bad pointer does not cost the guest a connection.
  if (!call.memory.in_bounds(result, sizeof(uint32_t))) return Errno::Fault;
  const int accept_flags = SOCK_CLOEXEC | ((flags & kFdflagNonblock) ? SOCK_NONBLOCK : 0);
  const int host = retry_eintr([&] { return accept4(listener->host, nullptr, nullptr, accept_flags); });
  if (host < 0) return last_host_errno();
  FdEntry entry;
  entry.host = host;
  entry.type = Filetype::SocketStream;
  entry.rights_base = kStreamRights & listener->rights_inheriting;
  entry.rights_inheriting = 0;
  call.memory.store<uint32_t>(result, call.ctx.insert(std::move(entry)));
  return Errno::Success;
}

// sock_recv(fd, ri_data: iovec_array, ri_flags: riflags) -> (size, roflags): recvmsg(2), with
// riflags::recv_peek as MSG_PEEK and riflags::recv_waitall as MSG_WAITALL.
Errno sock_recv(Call& call) {
  FdEntry* entry = nullptr;
  if (Errno e = socket_entry(call, call.u32(0), rights::kFdRead, entry); e != Errno::Success) return e;
  const uint32_t ri_flags = call.u32(3);
  if ((ri_flags & ~uint32_t{kRiflagRecvPeek | kRiflagRecvWaitall}) != 0) return Errno::Inval;
  const uint32_t ro_datalen = call.u32(4);
  const uint32_t ro_flags = call.u32(5);
  if (!call.memory.in_bounds(ro_datalen, sizeof(uint32_t)) || !call.memory.in_bounds(ro_flags, sizeof(uint16_t)))
    return Errno::Fault;
  std::vector<iovec> iovecs;
  if (Errno e = gather_iovecs(call.memory, call.u32(1), call.u32(2), iovecs); e != Errno::Success) return e;
  msghdr msg{};
  msg.msg_iov = iovecs.data();
  msg.msg_iovlen = iovecs.size();
  int host_flags = 0;
  if (ri_flags & kRiflagRecvPeek) host_flags |= MSG_PEEK;
  if (ri_flags & kRiflagRecvWaitall) host_flags |= MSG_WAITALL;
  const ssize_t n = retry_eintr([&] { return recvmsg(entry->host, &msg, host_flags); });
  if (n < 0) return last_host_errno();
  call.memory.store<uint32_t>(ro_datalen, static_cast<uint32_t>(n));
  call.memory.store<uint16_t>(ro_flags, (msg.msg_flags & MSG_TRUNC) ? kRoflagRecvDataTruncated : uint16_t{0});
  return Errno::Success;
}

// sock_send(fd, si_data: ciovec_array, si_flags: siflags) -> size: sendmsg(2). siflags has no flags yet;
// MSG_NOSIGNAL turns a closed peer into errno pipe instead of a SIGPIPE that would kill the host.
Errno sock_send(Call& call) {
  FdEntry* entry = nullptr;
  if (Errno e = socket_entry(call, call.u32(0), rights::kFdWrite, entry); e != Errno::Success) return e;
  const uint32_t so_datalen = call.u32(4);
  if (!call.memory.in_bounds(so_datalen, sizeof(uint32_t))) return Errno::Fault;
  std::vector<iovec> iovecs;
  if (Errno e = gather_iovecs(call.memory, call.u32(1), call.u32(2), iovecs); e != Errno::Success) return e;
  msghdr msg{};
  msg.msg_iov = iovecs.data();
  msg.msg_iovlen = iovecs.size();
  const ssize_t n = retry_eintr([&] { return sendmsg(entry->host, &msg, MSG_NOSIGNAL); });
  if (n < 0) return last_host_errno();
  call.memory.store<uint32_t>(so_datalen, static_cast<uint32_t>(n));
  return Errno::Success;
}

// sock_shutdown(fd, how: sdflags): shutdown(2); sdflags::rd, sdflags::wr or both, nothing else.
Errno sock_shutdown(Call& call) {
  FdEntry* entry = nullptr;
  if (Errno e = socket_entry(call, call.u32(0), rights::kSockShutdown, entry); e != Errno::Success) return e;
  int how = 0;
  switch (call.u32(1)) {
    case kSdflagRd: how = SHUT_RD; break;
    case kSdflagWr: how = SHUT_WR; break;
    case kSdflagRd | kSdflagWr: how = SHUT_RDWR; break;
    default: return Errno::Inval;
  }
  if (shutdown(entry->host, how) != 0) return last_host_errno();
  return Errno::Success;
}

}  // namespace mosaic::wasi::p1
