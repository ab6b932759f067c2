#include "wasi/fs/sandbox.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>
#include <vector>

namespace mosaic::wasi::fs {
namespace {

std::atomic<Resolution> g_resolution{Resolution::Auto};

// The checks every guest path passes first (wasi-filesystem path-resolution.md: paths are relative, and are
// strings the host can pass to the kernel).
int check_path(std::string_view path) {
  if (path.empty()) return ENOENT;
  if (path.size() >= PATH_MAX) return ENAMETOOLONG;
  if (std::memchr(path.data(), '\0', path.size()) != nullptr) return EINVAL;
  if (path.front() == '/') return EPERM;
  return 0;
}

int open_at(int dir, const char* name, int flags, mode_t mode, UniqueFd& out) {
  int fd = ::openat(dir, name, flags | O_CLOEXEC, mode);
  if (fd < 0) return errno;
  out.reset(fd);
  return 0;
}

// The text of the symbolic link `name` in `dir` ("" with an O_PATH descriptor of the link itself).
int read_link(int dir, const char* name, std::string& out) {
  char buf[PATH_MAX];
  ssize_t n = ::readlinkat(dir, name, buf, sizeof buf);
  if (n < 0) return errno;
  if (static_cast<size_t>(n) >= sizeof buf) return ENAMETOOLONG;
  out.assign(buf, static_cast<size_t>(n));
  return 0;
}

// --- Kernel resolution: openat2(2) with RESOLVE_BENEATH ---------------------------------------------------------

int open_kernel(int dir, std::string_view path, int flags, mode_t mode, UniqueFd& out) {
  const std::string p(path);
  struct open_how how {};
  how.flags = static_cast<uint64_t>(static_cast<unsigned>(flags | O_CLOEXEC));
  // openat2 insists on mode 0 unless a file may be created.
  how.mode = ((flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE) ? mode : 0;
  // RESOLVE_BENEATH: no absolute path, no `..` above `dir`, no symbolic link leading out, at any depth.
  // RESOLVE_NO_MAGICLINKS: no /proc/*/fd-style links (which could name any open file).
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  for (int attempt = 0;; ++attempt) {
    long fd = ::syscall(SYS_openat2, dir, p.c_str(), &how, sizeof how);
    if (fd >= 0) {
      out.reset(static_cast<int>(fd));
      return 0;
    }
    const int e = errno;
    // EAGAIN: a concurrent rename made the kernel unsure the walk stayed beneath `dir`; try again a few times.
    if ((e == EAGAIN || e == EINTR) && attempt < 32) continue;
    // EXDEV is how RESOLVE_BENEATH says the path would leave `dir`.
    return e == EXDEV ? EPERM : e;
  }
}

// --- The walk: one component at a time ---------------------------------------------------------------------------

// Pushes the components of `path` on `pending`, a stack whose top is the next component. Empty components
// (from "a//b") are dropped; a trailing slash becomes a final "" (kTrailingSlash), which the walk treats as
// "." so that what precedes it must be a directory (and, being followed, may be a symbolic link to one), as
// POSIX resolves "dir/".
constexpr std::string_view kTrailingSlash = "";
void push_components(std::string_view path, std::vector<std::string>& pending) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) parts.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  if (path.back() == '/') parts.push_back(kTrailingSlash);
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) pending.emplace_back(*it);
}

int open_walk(int root, std::string_view path, int flags, mode_t mode, UniqueFd& out) {
  const bool follow_last = (flags & O_NOFOLLOW) == 0;
  std::vector<std::string> pending;
  push_components(path, pending);
  // The directories entered beneath `root`, innermost last: `..` returns to the one before, and is refused
  // when there is none. Holding their descriptors keeps a concurrent rename from moving the walk elsewhere.
  std::vector<UniqueFd> entered;
  auto here = [&] { return entered.empty() ? root : entered.back().get(); };
  int links = 0;

  while (!pending.empty()) {
    const std::string name = std::move(pending.back());
    pending.pop_back();
    const bool last = pending.empty();

    if (name == kTrailingSlash || name == "." || name == "..") {
      if (name == "..") {
        if (entered.empty()) return EPERM;
        entered.pop_back();
      }
      if (last) return open_at(here(), ".", flags, mode, out);
      continue;
    }
    if (last && !follow_last) return open_at(here(), name.c_str(), flags, mode, out);
    // O_CREAT of "name/": whatever is there, a file cannot be created under that name (Linux: EISDIR).
    if ((flags & O_CREAT) != 0 && pending.size() == 1 && pending.back() == kTrailingSlash) return EISDIR;

    // Look at the component without following it: a symbolic link is expanded here, by its text.
    UniqueFd probe(::openat(here(), name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!probe.valid()) {
      const int e = errno;
      if (last && e == ENOENT && (flags & O_CREAT) != 0)
        return open_at(here(), name.c_str(), flags | O_NOFOLLOW, mode, out);
      return e;
    }
    struct stat st {};
    if (::fstat(probe.get(), &st) != 0) return errno;
    if (S_ISLNK(st.st_mode)) {
      // O_CREAT | O_EXCL never follows a link at the last component: it exists.
      if (last && (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) return EEXIST;
      if (++links > kMaxSymlinks) return ELOOP;
      std::string text;
      if (int e = read_link(probe.get(), "", text); e != 0) return e;
      if (text.empty()) return ENOENT;
      if (text.front() == '/') return EPERM;  // an absolute link always leads out of the sandbox
      push_components(text, pending);         // resolved relative to here(), where the link is
      continue;
    }
    if (!last) {
      if (!S_ISDIR(st.st_mode)) return ENOTDIR;
      entered.push_back(std::move(probe));
      continue;
    }
    if ((flags & O_PATH) != 0) {
      if ((flags & O_DIRECTORY) != 0 && !S_ISDIR(st.st_mode)) return ENOTDIR;
      out = std::move(probe);
      return 0;
    }
    // Not a link a moment ago; O_NOFOLLOW makes a link swapped in since then fail (ELOOP) instead of followed.
    return open_at(here(), name.c_str(), flags | O_NOFOLLOW, mode, out);
  }
  return open_at(here(), ".", flags, mode, out);
}

// A name with a trailing slash where something is to be created (a link): it must be a directory to be
// named so, and then it exists (EEXIST); another kind of file is ENOTDIR, as cap-std resolves "name/"; nothing
// there is ENOENT (Linux: a new file cannot be named "name/").
int create_with_trailing_slash(const Parent& p) {
  struct stat st {};
  if (::fstatat(p.fd, p.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return errno;
  return S_ISDIR(st.st_mode) || S_ISLNK(st.st_mode) ? EEXIST : ENOTDIR;
}

bool use_kernel() {
  switch (g_resolution.load(std::memory_order_relaxed)) {
    case Resolution::Kernel: return true;
    case Resolution::Walk: return false;
    case Resolution::Auto: return kernel_resolution_available();
  }
  return false;
}

}  // namespace

void set_resolution(Resolution resolution) { g_resolution.store(resolution, std::memory_order_relaxed); }

Resolution resolution() { return g_resolution.load(std::memory_order_relaxed); }

bool kernel_resolution_available() {
  // A call with a bad descriptor tells whether the system call exists: EBADF if it does; ENOSYS on kernels
  // before 5.6, or ENOSYS/EPERM from a seccomp filter that does not know it.
  static const bool available = [] {
    struct open_how how {};
    how.flags = O_PATH | O_CLOEXEC;
    how.resolve = RESOLVE_BENEATH;
    long fd = ::syscall(SYS_openat2, -1, "x", &how, sizeof how);
    if (fd >= 0) ::close(static_cast<int>(fd));
    return fd < 0 && errno == EBADF;
  }();
  return available;
}

int open_beneath(int dir, std::string_view path, int flags, mode_t mode, UniqueFd& out) {
  if (int e = check_path(path); e != 0) return e;
  if (use_kernel()) {
    const int e = open_kernel(dir, path, flags, mode, out);
    // Renames racing with the kernel's walk can keep it answering EAGAIN; the walk, which holds a descriptor
    // for every step, is as safe and always finishes.
    if (e != EAGAIN) return e;
  }
  return open_walk(dir, path, flags, mode, out);
}

int resolve_parent(int dir, std::string_view path, Parent& out) {
  if (int e = check_path(path); e != 0) return e;
  std::string_view p = path;
  out.trailing_slash = false;
  while (p.size() > 1 && p.back() == '/') {
    p.remove_suffix(1);
    out.trailing_slash = true;
  }
  const size_t slash = p.rfind('/');
  std::string_view parent = slash == std::string_view::npos ? std::string_view() : p.substr(0, slash);
  std::string_view name = slash == std::string_view::npos ? p : p.substr(slash + 1);
  if (name == "." || name == "..") {
    // "a/.." names a directory: act on "." inside it.
    parent = p;
    name = ".";
    out.trailing_slash = false;
  }
  out.name.assign(name);
  out.path.assign(parent);
  if (parent.empty()) {
    out.owned.reset();
    out.fd = dir;
    return 0;
  }
  if (int e = open_beneath(dir, parent, O_PATH | O_DIRECTORY, 0, out.owned); e != 0) return e;
  out.fd = out.owned.get();
  return 0;
}

int mkdir_beneath(int dir, std::string_view path, mode_t mode) {
  Parent p;
  if (int e = resolve_parent(dir, path, p); e != 0) return e;
  return ::mkdirat(p.fd, p.name.c_str(), mode) == 0 ? 0 : errno;
}

int unlink_beneath(int dir, std::string_view path) {
  Parent p;
  if (int e = resolve_parent(dir, path, p); e != 0) return e;
  return ::unlinkat(p.fd, p.name_as_given().c_str(), 0) == 0 ? 0 : errno;
}

int rmdir_beneath(int dir, std::string_view path) {
  Parent p;
  if (int e = resolve_parent(dir, path, p); e != 0) return e;
  return ::unlinkat(p.fd, p.name_as_given().c_str(), AT_REMOVEDIR) == 0 ? 0 : errno;
}

int rename_beneath(int old_dir, std::string_view old_path, int new_dir, std::string_view new_path) {
  Parent from, to;
  if (int e = resolve_parent(old_dir, old_path, from); e != 0) return e;
  if (int e = resolve_parent(new_dir, new_path, to); e != 0) return e;
  // renameat follows neither last component; a trailing slash only insists on a directory.
  return ::renameat(from.fd, from.name_as_given().c_str(), to.fd, to.name_as_given().c_str()) == 0 ? 0 : errno;
}

int link_beneath(int old_dir, std::string_view old_path, int new_dir, std::string_view new_path) {
  Parent from, to;
  if (int e = resolve_parent(old_dir, old_path, from); e != 0) return e;
  if (int e = resolve_parent(new_dir, new_path, to); e != 0) return e;
  if (from.trailing_slash) {
    // The kernel would follow a link at "name/"; we look without following. A directory cannot be linked.
    struct stat st {};
    if (::fstatat(from.fd, from.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return errno;
    return S_ISDIR(st.st_mode) ? EPERM : ENOTDIR;
  }
  if (to.trailing_slash) return create_with_trailing_slash(to);
  return ::linkat(from.fd, from.name.c_str(), to.fd, to.name.c_str(), 0) == 0 ? 0 : errno;
}

int symlink_beneath(std::string_view target, int dir, std::string_view path) {
  if (target.empty()) return ENOENT;
  if (std::memchr(target.data(), '\0', target.size()) != nullptr) return EINVAL;
  if (target.size() >= PATH_MAX) return ENAMETOOLONG;
  if (target.front() == '/') return EPERM;
  Parent p;
  if (int e = resolve_parent(dir, path, p); e != 0) return e;
  const std::string text(target);
  if (p.trailing_slash) return create_with_trailing_slash(p);
  return ::symlinkat(text.c_str(), p.fd, p.name.c_str()) == 0 ? 0 : errno;
}

int readlink_beneath(int dir, std::string_view path, std::string& out) {
  Parent p;
  if (int e = resolve_parent(dir, path, p); e != 0) return e;
  if (p.trailing_slash) {
    // "name/" is resolved as a directory, which is not a link.
    UniqueFd d;
    if (int e = open_beneath(dir, path, O_PATH | O_DIRECTORY, 0, d); e != 0) return e;
    return EINVAL;
  }
  return read_link(p.fd, p.name.c_str(), out);
}

int stat_beneath(int dir, std::string_view path, bool follow, struct stat& out) {
  // An O_PATH descriptor of the file itself (of the link itself without `follow`), then fstat.
  UniqueFd f;
  if (int e = open_beneath(dir, path, O_PATH | (follow ? 0 : O_NOFOLLOW), 0, f); e != 0) return e;
  return ::fstat(f.get(), &out) == 0 ? 0 : errno;
}

int utimens_beneath(int dir, std::string_view path, bool follow, const struct timespec times[2]) {
  if (int e = check_path(path); e != 0) return e;
  std::string current(path);
  for (int links = 0;;) {
    if (current.back() == '/') {
      // "name/" is a directory, reached following links: set the times of "." inside it.
      UniqueFd d;
      if (int e = open_beneath(dir, current, O_PATH | O_DIRECTORY, 0, d); e != 0) return e;
      return ::utimensat(d.get(), ".", times, 0) == 0 ? 0 : errno;
    }
    Parent p;
    if (int e = resolve_parent(dir, current, p); e != 0) return e;
    if (follow) {
      // A link at the last component: resolve its text from the link's directory, still beneath `dir`
      // (".." is resolved physically in both walks, so "parent/text" from `dir` is the same place).
      std::string text;
      if (read_link(p.fd, p.name.c_str(), text) == 0) {
        if (++links > kMaxSymlinks) return ELOOP;
        if (text.empty()) return ENOENT;
        if (text.front() == '/') return EPERM;
        current = p.path.empty() ? text : p.path + "/" + text;
        if (int e = check_path(current); e != 0) return e;
        continue;
      }
    }
    return ::utimensat(p.fd, p.name.c_str(), times, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : errno;
  }
}

}  // namespace mosaic::wasi::fs
