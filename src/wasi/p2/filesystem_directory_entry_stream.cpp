#include "wasi/p2/filesystem_directory_entry_stream.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <span>

#include "support/reader.h"

namespace mosaic::wasi::p2 {

std::string_view descriptor_type_of(unsigned mode) {
  if (S_ISREG(mode)) return "regular-file";
  if (S_ISDIR(mode)) return "directory";
  if (S_ISLNK(mode)) return "symbolic-link";
  if (S_ISCHR(mode)) return "character-device";
  if (S_ISBLK(mode)) return "block-device";
  if (S_ISFIFO(mode)) return "fifo";
  if (S_ISSOCK(mode)) return "socket";
  return "unknown";
}

namespace {

// An entry's type from its dirent; d_type is DT_UNKNOWN on file systems that do not keep it, and then the
// entry itself is asked (never following a symbolic link, which is an entry of its own type).
std::string_view entry_type(DIR* dir, const struct dirent& e) {
  switch (e.d_type) {
    case DT_REG: return "regular-file";
    case DT_DIR: return "directory";
    case DT_LNK: return "symbolic-link";
    case DT_CHR: return "character-device";
    case DT_BLK: return "block-device";
    case DT_FIFO: return "fifo";
    case DT_SOCK: return "socket";
    default: break;
  }
  struct stat st {};
  if (::fstatat(::dirfd(dir), e.d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) return "unknown";
  return descriptor_type_of(st.st_mode);
}

}  // namespace

int DirectoryEntryStream::open(int dir_fd, std::unique_ptr<DirectoryEntryStream>& out) {
  int fd = ::openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    int e = errno;
    ::close(fd);
    return e;
  }
  out.reset(new DirectoryEntryStream(dir));
  return 0;
}

DirectoryEntryStream::~DirectoryEntryStream() {
  if (dir_ != nullptr) ::closedir(dir_);
}

int DirectoryEntryStream::next(std::optional<DirectoryEntry>& out) {
  out.reset();
  for (;;) {
    errno = 0;
    const struct dirent* e = ::readdir(dir_);
    if (e == nullptr) return errno;  // 0 at the end
    std::string_view name(e->d_name);
    if (name == "." || name == "..") continue;
    if (!support::is_valid_utf8(std::span(reinterpret_cast<const uint8_t*>(name.data()), name.size())))
      return EILSEQ;
    out = DirectoryEntry{entry_type(dir_, *e), std::string(name)};
    return 0;
  }
}

}  // namespace mosaic::wasi::p2
