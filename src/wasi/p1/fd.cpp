// The fd_* functions of wasi_snapshot_preview1 that act on a descriptor as a whole (WebAssembly/WASI,
// legacy/preview1/witx/wasi_snapshot_preview1.witx): advise, allocate, close, datasync, fdstat, filestat,
// prestat, renumber, sync. Reading, writing and seeking are in fd_io.cpp, fd_readdir in fd_readdir.cpp.
//
// Where wasmtime's preview1 and POSIX differ we answer as wasmtime does, except that rights are enforced
// (wasmtime ignores them since its move onto preview2): a missing right is `notcapable`.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "wasi/p1/call.h"
#include "wasi/p1/fd_lookup.h"
#include "wasi/p1/filestat.h"

namespace mosaic::wasi::p1 {
namespace {

constexpr uint64_t kMaxFilesize = static_cast<uint64_t>(INT64_MAX);

// fdflags the guest may change with fd_fdstat_set_flags (as wasmtime: the sync flags are fixed at open).
constexpr uint16_t kSettableFdflags = kFdflagAppend | kFdflagNonblock;

// The WASI fdflags of a host descriptor's file status flags (fcntl F_GETFL). On Linux O_SYNC and O_RSYNC
// include the O_DSYNC bit, so a descriptor opened with SYNC reports SYNC, DSYNC and RSYNC, as wasmtime.
uint16_t fdflags_of(int status) {
  uint16_t flags = 0;
  if (status & O_APPEND) flags |= kFdflagAppend;
  if (status & O_NONBLOCK) flags |= kFdflagNonblock;
  if ((status & O_SYNC) == O_SYNC) flags |= kFdflagSync;
  if ((status & O_DSYNC) == O_DSYNC) flags |= kFdflagDsync;
  if ((status & O_RSYNC) == O_RSYNC) flags |= kFdflagRsync;
  return flags;
}

}  // namespace

// fd_advise(fd, offset, len, advice): posix_fadvise. An advice outside the witx enum is `inval` (before the
// descriptor is looked at, as a wiggle-decoded enum argument is in wasmtime).
Errno fd_advise(Call& call) {
  const uint64_t offset = call.u64(1);
  const uint64_t len = call.u64(2);
  const uint32_t advice = call.u32(3);
  int host_advice = 0;
  switch (advice) {
    case kAdviceNormal: host_advice = POSIX_FADV_NORMAL; break;
    case kAdviceSequential: host_advice = POSIX_FADV_SEQUENTIAL; break;
    case kAdviceRandom: host_advice = POSIX_FADV_RANDOM; break;
    case kAdviceWillNeed: host_advice = POSIX_FADV_WILLNEED; break;
    case kAdviceDontNeed: host_advice = POSIX_FADV_DONTNEED; break;
    case kAdviceNoReuse: host_advice = POSIX_FADV_NOREUSE; break;
    default: return Errno::Inval;
  }
  Found f = find_fd(call.ctx, call.u32(0), rights::kFdAdvise, Kinds::kNotDirectory);
  if (!f) return f.error;
  if (offset > kMaxFilesize || len > kMaxFilesize) return Errno::Inval;
  int rc = posix_fadvise(f->host, static_cast<off_t>(offset), static_cast<off_t>(len), host_advice);
  return from_host_errno(rc);
}

// fd_allocate(fd, offset, len): wasmtime answers `notsup` for every file (the testsuite's file_allocate
// accepts that), and so do we: posix_fallocate cannot be emulated faithfully on every host file system, and
// a guest that asks for it copes with notsup (wasi-libc's posix_fallocate returns it). A directory is badf.
Errno fd_allocate(Call& call) {
  Found f = find_fd(call.ctx, call.u32(0), rights::kFdAllocate, Kinds::kNotDirectory);
  if (!f) return f.error;
  return Errno::NotSup;
}

// fd_close(fd): any descriptor, preopened directories included (testsuite close_preopen). Inherited stdio is
// only forgotten, never closed in the host.
Errno fd_close(Call& call) { return call.ctx.remove(call.u32(0)) ? Errno::Success : Errno::Badf; }

// fd_datasync(fd) / fd_sync(fd): fdatasync / fsync. Directories may be synced (POSIX allows it, and it is how
// a program makes a rename durable); the host answers for descriptors that cannot be (a terminal: inval).
Errno fd_datasync(Call& call) {
  Found f = find_fd(call.ctx, call.u32(0), rights::kFdDatasync);
  if (!f) return f.error;
  return fdatasync(f->host) == 0 ? Errno::Success : last_host_errno();
}

Errno fd_sync(Call& call) {
  Found f = find_fd(call.ctx, call.u32(0), rights::kFdSync);
  if (!f) return f.error;
  return fsync(f->host) == 0 ? Errno::Success : last_host_errno();
}

// fd_fdstat_get(fd, *fdstat): filetype, fdflags (from the host's file status flags) and rights.
Errno fd_fdstat_get(Call& call) {
  Found f = find_fd(call.ctx, call.u32(0), 0);
  if (!f) return f.error;
  const uint32_t out = call.u32(1);
  if (!call.memory.in_bounds(out, kFdstatSize)) return Errno::Fault;
  int status = fcntl(f->host, F_GETFL);
  if (status < 0) return last_host_errno();
  uint8_t buf[kFdstatSize] = {};
  buf[kFdstatFiletype] = static_cast<uint8_t>(f->type);
  const uint16_t flags = fdflags_of(status);
  std::memcpy(buf + kFdstatFlags, &flags, sizeof flags);
  std::memcpy(buf + kFdstatRightsBase, &f->rights_base, sizeof(uint64_t));
  std::memcpy(buf + kFdstatRightsInheriting, &f->rights_inheriting, sizeof(uint64_t));
  call.memory.write(out, std::span<const uint8_t>(buf, kFdstatSize));
  return Errno::Success;
}

// fd_fdstat_set_flags(fd, fdflags): only APPEND and NONBLOCK can change (wasmtime: a sync flag is `inval`).
// Directories and inherited stdio are badf as in wasmtime; for stdio that also keeps the guest from changing
// the status flags of an open file description it shares with the host's parent process.
Errno fd_fdstat_set_flags(Call& call) {
  const uint32_t flags = call.u32(1);
  Found f = find_fd(call.ctx, call.u32(0), rights::kFdFdstatSetFlags, Kinds::kNotDirectory);
  if (!f) return f.error;
  if (!f->owned) return Errno::Badf;
  if ((flags & ~uint32_t{kSettableFdflags}) != 0) return Errno::Inval;
  int status = fcntl(f->host, F_GETFL);
  if (status < 0) return last_host_errno();
  status &= ~(O_APPEND | O_NONBLOCK);
  if (flags & kFdflagAppend) status |= O_APPEND;
  if (flags & kFdflagNonblock) status |= O_NONBLOCK;
  return fcntl(f->host, F_SETFL, status) == 0 ? Errno::Success : last_host_errno();
}

// fd_fdstat_set_rights(fd, base, inheriting): rights can only be dropped; asking for one the descriptor
// does not hold is `notcapable` (testsuite fd_fdstat_set_rights).
Errno fd_fdstat_set_rights(Call& call) {
  const uint64_t base = call.u64(1);
  const uint64_t inheriting = call.u64(2);
  Found f = find_fd(call.ctx, call.u32(0), 0);
  if (!f) return f.error;
  if ((base & ~f->rights_base) != 0 || (inheriting & ~f->rights_inheriting) != 0) return Errno::NotCapable;
  f->rights_base = base;
  f->rights_inheriting = inheriting;
  return Errno::Success;
}

// fd_filestat_get(fd, *filestat): fstat of the host descriptor, stdio and sockets included.
Errno fd_filestat_get(Call& call) {
  Found f = find_fd(call.ctx, call.u32(0), rights::kFdFilestatGet);
  if (!f) return f.error;
  const uint32_t out = call.u32(1);
  if (!call.memory.in_bounds(out, kFilestatSize)) return Errno::Fault;
  struct stat st {};
  if (fstat(f->host, &st) != 0) return last_host_errno();
  return write_filestat(call.memory, out, st);
}

// fd_filestat_set_size(fd, size): ftruncate. A directory is badf (wasmtime); a size past off_t is inval.
Errno fd_filestat_set_size(Call& call) {
  const uint64_t size = call.u64(1);
  Found f = find_fd(call.ctx, call.u32(0), rights::kFdFilestatSetSize, Kinds::kNotDirectory);
  if (!f) return f.error;
  if (size > kMaxFilesize) return Errno::Inval;
  int rc = retry_eintr([&] { return ftruncate(f->host, static_cast<off_t>(size)); });
  return rc == 0 ? Errno::Success : last_host_errno();
}

// fd_filestat_set_times(fd, atim, mtim, fstflags): futimens. The flags are checked first (a time given both
// as a value and as "now" is inval, testsuite fstflags_validate), as wasmtime does.
Errno fd_filestat_set_times(Call& call) {
  struct timespec times[2];
  Errno e = set_times_of(call.u64(1), call.u64(2), call.u32(3), times);
  if (e != Errno::Success) return e;
  Found f = find_fd(call.ctx, call.u32(0), rights::kFdFilestatSetTimes);
  if (!f) return f.error;
  return futimens(f->host, times) == 0 ? Errno::Success : last_host_errno();
}

// fd_prestat_get(fd, *prestat): the guest path length of a preopened directory; any other descriptor is
// badf, which is how wasi-libc's startup scan knows it has seen every preopen.
Errno fd_prestat_get(Call& call) {
  FdEntry* entry = call.ctx.get(call.u32(0));
  if (entry == nullptr || !entry->preopen) return Errno::Badf;
  const uint32_t out = call.u32(1);
  uint8_t buf[kPrestatSize] = {};
  buf[kPrestatTag] = kPreopentypeDir;
  const uint32_t len = static_cast<uint32_t>(entry->preopen->size());
  std::memcpy(buf + kPrestatNameLen, &len, sizeof len);
  return call.memory.write(out, std::span<const uint8_t>(buf, kPrestatSize)) ? Errno::Success : Errno::Fault;
}

// fd_prestat_dir_name(fd, path, path_len): the guest path, without a NUL. A buffer shorter than the name is
// `nametoolong` (wasmtime); a longer one is fine and only the name's bytes are written.
Errno fd_prestat_dir_name(Call& call) {
  FdEntry* entry = call.ctx.get(call.u32(0));
  if (entry == nullptr || !entry->preopen) return Errno::Badf;
  const uint32_t out = call.u32(1);
  const uint32_t capacity = call.u32(2);
  const std::string& name = *entry->preopen;
  if (name.size() > capacity) return Errno::NameTooLong;
  return call.memory.write(out, std::string_view(name)) ? Errno::Success : Errno::Fault;
}

// fd_renumber(from, to): `to` becomes what `from` was (closing what `to` was) and `from` is free. Both must
// be open (badf otherwise, testsuite renumber); renumbering a descriptor to itself changes nothing.
Errno fd_renumber(Call& call) {
  const uint32_t from = call.u32(0);
  const uint32_t to = call.u32(1);
  FdEntry* source = call.ctx.get(from);
  if (source == nullptr || call.ctx.get(to) == nullptr) return Errno::Badf;
  if (from == to) return Errno::Success;
  FdEntry moved = std::move(*source);  // leaves `source` without a host descriptor to close
  call.ctx.remove(from);
  call.ctx.place(to, std::move(moved));
  return Errno::Success;
}

}  // namespace mosaic::wasi::p1
