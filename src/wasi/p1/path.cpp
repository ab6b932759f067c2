// path_create_directory, path_filestat_get, path_filestat_set_times, path_link, path_open, path_readlink,
// path_remove_directory, path_rename, path_symlink, path_unlink_file (wasi_snapshot_preview1.witx).
//
// Every path is resolved beneath the directory descriptor it comes with, by the sandbox of wasi/fs/sandbox.h;
// a path that would leave it is errno `perm`, as wasmtime reports. The descriptor must be a directory (else
// `notdir`) holding the right each function needs (else `notcapable`: the preview1 rights model). Paths are
// UTF-8 (witx `string`): anything else is `ilseq`. Flags with unknown bits are `inval`, as wasmtime's
// bindings reject them.

#include <fcntl.h>
#include <sys/stat.h>

#include <string>
#include <string_view>

#include "support/reader.h"
#include "wasi/fs/sandbox.h"
#include "wasi/p1/call.h"
#include "wasi/p1/filestat.h"

namespace mosaic::wasi::p1 {
namespace {

constexpr uint16_t kKnownOflags = kOflagCreat | kOflagDirectory | kOflagExcl | kOflagTrunc;
constexpr uint16_t kKnownFdflags = kFdflagAppend | kFdflagDsync | kFdflagNonblock | kFdflagRsync | kFdflagSync;
constexpr uint32_t kKnownLookupflags = kLookupSymlinkFollow;

// Rights that let a descriptor read, or write, the file it is opened on: the host open mode follows them
// (as wasmtime's wasi-common did: fd_readdir reads; fd_allocate and fd_filestat_set_size write).
constexpr uint64_t kReadRights = rights::kFdRead | rights::kFdReaddir;
constexpr uint64_t kWriteRights = rights::kFdWrite | rights::kFdAllocate | rights::kFdFilestatSetSize;

// Permission bits of what the guest creates, before the process umask (as std::fs and cap-std do).
constexpr mode_t kFileMode = 0666;
constexpr mode_t kDirectoryMode = 0777;

// The directory descriptor `fd`, which must hold `needed` among its base rights.
Errno directory(Call& call, uint32_t fd, uint64_t needed, FdEntry*& out) {
  FdEntry* entry = call.ctx.get(fd);
  if (entry == nullptr) return Errno::Badf;
  if (entry->type != Filetype::Directory) return Errno::NotDir;
  if ((entry->rights_base & needed) != needed) return Errno::NotCapable;
  out = entry;
  return Errno::Success;
}

// The guest string at (ptr, len): a path.
Errno guest_path(const Call& call, uint32_t ptr, uint32_t len, std::string_view& out) {
  std::optional<std::string_view> s = call.memory.string(ptr, len);
  if (!s) return Errno::Fault;
  if (!support::is_valid_utf8(std::span(reinterpret_cast<const uint8_t*>(s->data()), s->size())))
    return Errno::Ilseq;
  out = *s;
  return Errno::Success;
}

#define MOSAIC_WASI_TRY(expr)                   \
  do {                                          \
    if (Errno e_ = (expr); e_ != Errno::Success) \
      return e_;                                \
  } while (false)

}  // namespace

// path_create_directory(fd, path): mkdirat.
Errno path_create_directory(Call& call) {
  FdEntry* dir = nullptr;
  std::string_view path;
  MOSAIC_WASI_TRY(directory(call, call.u32(0), rights::kPathCreateDirectory, dir));
  MOSAIC_WASI_TRY(guest_path(call, call.u32(1), call.u32(2), path));
  return from_host_errno(fs::mkdir_beneath(dir->host, path, kDirectoryMode));
}

// path_filestat_get(fd, flags: lookupflags, path, buf: *filestat): stat, following a final symbolic link with
// SYMLINK_FOLLOW.
Errno path_filestat_get(Call& call) {
  FdEntry* dir = nullptr;
  std::string_view path;
  const uint32_t flags = call.u32(1);
  MOSAIC_WASI_TRY(directory(call, call.u32(0), rights::kPathFilestatGet, dir));
  if ((flags & ~kKnownLookupflags) != 0) return Errno::Inval;
  MOSAIC_WASI_TRY(guest_path(call, call.u32(2), call.u32(3), path));
  if (!call.memory.in_bounds(call.u32(4), kFilestatSize)) return Errno::Fault;
  struct stat st {};
  if (int e = fs::stat_beneath(dir->host, path, (flags & kLookupSymlinkFollow) != 0, st); e != 0)
    return from_host_errno(e);
  return write_filestat(call.memory, call.u32(4), st);
}

// path_filestat_set_times(fd, flags: lookupflags, path, atim, mtim, fst_flags): utimensat.
Errno path_filestat_set_times(Call& call) {
  FdEntry* dir = nullptr;
  std::string_view path;
  const uint32_t flags = call.u32(1);
  MOSAIC_WASI_TRY(directory(call, call.u32(0), rights::kPathFilestatSetTimes, dir));
  if ((flags & ~kKnownLookupflags) != 0) return Errno::Inval;
  MOSAIC_WASI_TRY(guest_path(call, call.u32(2), call.u32(3), path));
  struct timespec times[2];
  MOSAIC_WASI_TRY(set_times_of(call.u64(4), call.u64(5), call.u32(6), times));
  return from_host_errno(fs::utimens_beneath(dir->host, path, (flags & kLookupSymlinkFollow) != 0, times));
}

// path_link(old_fd, old_flags: lookupflags, old_path, new_fd, new_path): linkat. Like wasmtime, SYMLINK_FOLLOW
// is `inval`: the link is made to the last component itself.
Errno path_link(Call& call) {
  FdEntry* old_dir = nullptr;
  FdEntry* new_dir = nullptr;
  std::string_view old_path, new_path;
  const uint32_t flags = call.u32(1);
  MOSAIC_WASI_TRY(directory(call, call.u32(0), rights::kPathLinkSource, old_dir));
  MOSAIC_WASI_TRY(directory(call, call.u32(4), rights::kPathLinkTarget, new_dir));
  if ((flags & ~kKnownLookupflags) != 0 || (flags & kLookupSymlinkFollow) != 0) return Errno::Inval;
  MOSAIC_WASI_TRY(guest_path(call, call.u32(2), call.u32(3), old_path));
  MOSAIC_WASI_TRY(guest_path(call, call.u32(5), call.u32(6), new_path));
  return from_host_errno(fs::link_beneath(old_dir->host, old_path, new_dir->host, new_path));
}

// path_open(fd, dirflags: lookupflags, path, oflags, fs_rights_base, fs_rights_inheriting, fdflags,
// opened_fd: *fd). The new descriptor's rights are those asked for that the directory lets its children have
// (its rights_inheriting) and that apply to what was opened; the host open mode follows them. O_CREAT needs path_create_file, O_TRUNC
// path_filestat_set_size, on the directory.
Errno path_open(Call& call) {
  const uint32_t dirflags = call.u32(1);
  const uint32_t oflags = call.u32(4);
  const uint32_t fdflags = call.u32(7);
  const uint32_t opened_ptr = call.u32(8);
  uint64_t needed = rights::kPathOpen;
  if ((oflags & kOflagCreat) != 0) needed |= rights::kPathCreateFile;
  if ((oflags & kOflagTrunc) != 0) needed |= rights::kPathFilestatSetSize;

  FdEntry* dir = nullptr;
  std::string_view path;
  MOSAIC_WASI_TRY(directory(call, call.u32(0), needed, dir));
  if ((dirflags & ~kKnownLookupflags) != 0 || (oflags & ~uint32_t{kKnownOflags}) != 0 ||
      (fdflags & ~uint32_t{kKnownFdflags}) != 0)
    return Errno::Inval;
  // A directory is never created, made anew or truncated by path_open (wasmtime: `inval`).
  if ((oflags & kOflagDirectory) != 0 && (oflags & (kOflagCreat | kOflagExcl | kOflagTrunc)) != 0)
    return Errno::Inval;
  MOSAIC_WASI_TRY(guest_path(call, call.u32(2), call.u32(3), path));
  if (!call.memory.in_bounds(opened_ptr, sizeof(uint32_t))) return Errno::Fault;

  const uint64_t base = call.u64(5) & rights::kAll & dir->rights_inheriting;
  const uint64_t inheriting = call.u64(6) & rights::kAll & dir->rights_inheriting;

  const bool read = (base & kReadRights) != 0;
  // Truncating writes, whatever the rights say the descriptor may do afterwards (as wasmtime).
  const bool write = (base & kWriteRights) != 0 || (oflags & kOflagTrunc) != 0;
  // A directory opened with write rights is `isdir`, as Linux answers and the testsuite (path_open_preopen)
  // expects.
  int flags = read && write ? O_RDWR : write ? O_WRONLY : O_RDONLY;
  if ((oflags & kOflagCreat) != 0) flags |= O_CREAT;
  if ((oflags & kOflagDirectory) != 0) flags |= O_DIRECTORY;
  if ((oflags & kOflagExcl) != 0) flags |= O_EXCL;
  if ((oflags & kOflagTrunc) != 0) flags |= O_TRUNC;
  if ((dirflags & kLookupSymlinkFollow) == 0) flags |= O_NOFOLLOW;
  if ((fdflags & kFdflagAppend) != 0) flags |= O_APPEND;
  if ((fdflags & kFdflagDsync) != 0) flags |= O_DSYNC;
  if ((fdflags & kFdflagNonblock) != 0) flags |= O_NONBLOCK;
  if ((fdflags & kFdflagRsync) != 0) flags |= O_RSYNC;
  if ((fdflags & kFdflagSync) != 0) flags |= O_SYNC;

  fs::UniqueFd opened;
  if (int e = fs::open_beneath(dir->host, path, flags, kFileMode, opened); e != 0) return from_host_errno(e);
  struct stat st {};
  if (::fstat(opened.get(), &st) != 0) return last_host_errno();

  // Only the rights that mean something for what was opened (wasi-common's DirCaps / FileCaps): a directory
  // does not seek, a file opens nothing beneath it.
  FdEntry entry;
  entry.host = opened.release();
  entry.type = filetype_of(st.st_mode);
  const bool is_directory = entry.type == Filetype::Directory;
  entry.rights_base = base & (is_directory ? kDirectoryBaseRights : kFileBaseRights);
  entry.rights_inheriting = is_directory ? inheriting : 0;
  const uint32_t fd = call.ctx.insert(std::move(entry));
  if (!call.memory.store<uint32_t>(opened_ptr, fd)) {
    call.ctx.remove(fd);
    return Errno::Fault;
  }
  return Errno::Success;
}

// path_readlink(fd, path, buf, buf_len, bufused: *size): the link's text, truncated to buf_len bytes (as
// wasmtime: no error when it does not fit).
Errno path_readlink(Call& call) {
  FdEntry* dir = nullptr;
  std::string_view path;
  MOSAIC_WASI_TRY(directory(call, call.u32(0), rights::kPathReadlink, dir));
  MOSAIC_WASI_TRY(guest_path(call, call.u32(1), call.u32(2), path));
  std::string text;
  if (int e = fs::readlink_beneath(dir->host, path, text); e != 0) return from_host_errno(e);
  if (text.size() > call.u32(4)) text.resize(call.u32(4));
  if (!call.memory.write(call.u32(3), text)) return Errno::Fault;
  if (!call.memory.store<uint32_t>(call.u32(5), static_cast<uint32_t>(text.size()))) return Errno::Fault;
  return Errno::Success;
}

// path_remove_directory(fd, path): unlinkat(AT_REMOVEDIR); a file is `notdir`.
Errno path_remove_directory(Call& call) {
  FdEntry* dir = nullptr;
  std::string_view path;
  MOSAIC_WASI_TRY(directory(call, call.u32(0), rights::kPathRemoveDirectory, dir));
  MOSAIC_WASI_TRY(guest_path(call, call.u32(1), call.u32(2), path));
  return from_host_errno(fs::rmdir_beneath(dir->host, path));
}

// path_rename(fd, old_path, new_fd, new_path): renameat.
Errno path_rename(Call& call) {
  FdEntry* old_dir = nullptr;
  FdEntry* new_dir = nullptr;
  std::string_view old_path, new_path;
  MOSAIC_WASI_TRY(directory(call, call.u32(0), rights::kPathRenameSource, old_dir));
  MOSAIC_WASI_TRY(directory(call, call.u32(3), rights::kPathRenameTarget, new_dir));
  MOSAIC_WASI_TRY(guest_path(call, call.u32(1), call.u32(2), old_path));
  MOSAIC_WASI_TRY(guest_path(call, call.u32(4), call.u32(5), new_path));
  return from_host_errno(fs::rename_beneath(old_dir->host, old_path, new_dir->host, new_path));
}

// path_symlink(old_path, fd, new_path): a symbolic link at new_path whose text is old_path. An absolute
// old_path is `perm` (cap-std refuses it, hence wasmtime).
Errno path_symlink(Call& call) {
  FdEntry* dir = nullptr;
  std::string_view target, path;
  MOSAIC_WASI_TRY(directory(call, call.u32(2), rights::kPathSymlink, dir));
  MOSAIC_WASI_TRY(guest_path(call, call.u32(0), call.u32(1), target));
  MOSAIC_WASI_TRY(guest_path(call, call.u32(3), call.u32(4), path));
  return from_host_errno(fs::symlink_beneath(target, dir->host, path));
}

// path_unlink_file(fd, path): unlinkat; a directory is `isdir` (Linux's answer; wasmtime's on Linux).
Errno path_unlink_file(Call& call) {
  FdEntry* dir = nullptr;
  std::string_view path;
  MOSAIC_WASI_TRY(directory(call, call.u32(0), rights::kPathUnlinkFile, dir));
  MOSAIC_WASI_TRY(guest_path(call, call.u32(1), call.u32(2), path));
  return from_host_errno(fs::unlink_beneath(dir->host, path));
}

}  // namespace mosaic::wasi::p1
