// fd_readdir(fd, buf, buf_len, cookie, *bufused) (wasi_snapshot_preview1.witx). The cookie of an entry's
// d_next is the index of the entry after it in the descriptor's listing, which is read from the host when a
// listing starts (cookie 0) and kept in FdEntry::listing for the calls that continue it, so that a guest
// reading a directory in several calls sees one consistent listing, as readdir(3) on a single DIR would.

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "wasi/p1/call.h"
#include "wasi/p1/fd_lookup.h"
#include "wasi/p1/fd_readdir.h"

namespace mosaic::wasi::p1 {
namespace {

Filetype filetype_of_dirent(unsigned char d_type) {
  switch (d_type) {
    case DT_REG: return Filetype::RegularFile;
    case DT_DIR: return Filetype::Directory;
    case DT_LNK: return Filetype::SymbolicLink;
    case DT_CHR: return Filetype::CharacterDevice;
    case DT_BLK: return Filetype::BlockDevice;
    case DT_SOCK: return Filetype::SocketStream;
    default: return Filetype::Unknown;  // DT_FIFO has no WASI filetype
  }
}

}  // namespace

Errno read_listing(int dir, std::vector<DirEntry>& out) {
  out.clear();
  int fd = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return last_host_errno();
  DIR* stream = fdopendir(fd);
  if (stream == nullptr) {
    Errno e = last_host_errno();
    close(fd);
    return e;
  }
  std::vector<DirEntry> dots(2);
  dots[0].name = ".";
  dots[1].name = "..";
  bool seen[2] = {false, false};
  for (;;) {
    errno = 0;
    struct dirent* d = readdir(stream);
    if (d == nullptr) {
      if (errno != 0) {
        Errno e = last_host_errno();
        closedir(stream);
        return e;
      }
      break;
    }
    std::string_view name = d->d_name;
    DirEntry entry;
    entry.name = name;
    entry.ino = d->d_ino;
    entry.type = filetype_of_dirent(d->d_type);
    if (d->d_type == DT_UNKNOWN) {
      struct stat st {};
      if (fstatat(fd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) entry.type = filetype_of(st.st_mode);
    }
    if (name == "." || name == "..") {
      const size_t i = name.size() - 1;
      dots[i] = std::move(entry);
      dots[i].type = Filetype::Directory;
      seen[i] = true;
      continue;
    }
    out.push_back(std::move(entry));
  }
  // A file system that does not report "." (some FUSE ones) still gets one, with the directory's own inode.
  if (!seen[0]) {
    struct stat st {};
    if (fstat(fd, &st) == 0) dots[0].ino = st.st_ino;
    dots[0].type = Filetype::Directory;
  }
  if (!seen[1]) dots[1].type = Filetype::Directory;
  closedir(stream);
  out.insert(out.begin(), std::make_move_iterator(dots.begin()), std::make_move_iterator(dots.end()));
  return Errno::Success;
}

uint32_t fill_dirents(std::span<uint8_t> out, const std::vector<DirEntry>& listing, uint64_t cookie) {
  size_t used = 0;
  auto put = [&](const void* data, size_t len) {
    const size_t n = std::min(len, out.size() - used);
    if (n > 0) std::memcpy(out.data() + used, data, n);
    used += n;
  };
  for (uint64_t i = cookie; i < listing.size() && used < out.size(); ++i) {
    const DirEntry& entry = listing[i];
    uint8_t header[kDirentSize] = {};
    const uint64_t next = i + 1;
    const uint32_t namlen = static_cast<uint32_t>(entry.name.size());
    std::memcpy(header + kDirentNext, &next, sizeof next);
    std::memcpy(header + kDirentIno, &entry.ino, sizeof entry.ino);
    std::memcpy(header + kDirentNamlen, &namlen, sizeof namlen);
    header[kDirentType] = static_cast<uint8_t>(entry.type);
    put(header, kDirentSize);
    put(entry.name.data(), entry.name.size());
  }
  return static_cast<uint32_t>(used);
}

// A directory only (anything else is badf, as wasmtime), with the readdir right.
Errno fd_readdir(Call& call) {
  Found f = find_fd(call.ctx, call.u32(0), rights::kFdReaddir, Kinds::kDirectory);
  if (!f) return f.error;
  const uint32_t buf = call.u32(1);
  const uint32_t buf_len = call.u32(2);
  const uint64_t cookie = call.u64(3);
  const uint32_t result = call.u32(4);
  std::optional<std::span<uint8_t>> out = call.memory.bytes(buf, buf_len);
  if (!out || !call.memory.in_bounds(result, sizeof(uint32_t))) return Errno::Fault;
  // A listing always holds "." and "..": an empty one was never read (or went with a renumber's target).
  if (cookie == 0 || f->listing.empty()) {
    Errno e = read_listing(f->host, f->listing);
    if (e != Errno::Success) return e;
  }
  const uint32_t used = fill_dirents(*out, f->listing, cookie);
  call.memory.store<uint32_t>(result, used);
  return Errno::Success;
}

}  // namespace mosaic::wasi::p1
