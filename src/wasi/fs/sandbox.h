#pragma once
// The filesystem sandbox: every guest path is resolved beneath a directory descriptor the guest holds, and never
// reaches outside it. Shared by WASI preview1 (the path_* functions) and WASI 0.2 (wasi:filesystem), so its
// interface speaks the host's words: host descriptors, host open flags, host errno values.
//
// The rules (wasi-filesystem's path-resolution.md; cap-std's, hence wasmtime's, behaviour):
//  - a path is relative to the directory; an absolute path is refused;
//  - `..` may climb back up, but never above the directory;
//  - symbolic links are followed (where the operation follows them) only while they stay beneath the directory:
//    a link to an absolute path, or one whose `..`s climb above the directory, at any depth of a chain, is refused;
//  - every refusal is EPERM (wasmtime reports `perm`; WASI 0.2's `not-permitted`).
// Other errors are the host's: ENOENT for an empty path, EINVAL for a NUL byte in it, ENAMETOOLONG for a path of
// PATH_MAX bytes or more, ELOOP past kMaxSymlinks links, ENOTDIR when a `dir/` names something else.
//
// There is no window between check and use: the kernel resolves the whole path beneath the directory
// (openat2 with RESOLVE_BENEATH, Linux >= 5.6), or, where openat2 is missing, a walk opens one component at a
// time with O_NOFOLLOW relative to the descriptor of the previous one, expanding symbolic links itself, and
// answers `..` from the descriptors it holds (never from a lookup of "..", which a concurrent rename could
// move). Operations on a name (mkdir, unlink, rename, ...) resolve its parent directory that way, then act on
// the last component with an *at() call that does not follow it.
//
// Every function returns 0 or a host errno value.

#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "wasi/fs/unique_fd.h"

namespace mosaic::wasi::fs {

// How paths are resolved. Kernel: openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS). Walk: the user-space walk.
// Auto (the default): Kernel where the kernel has openat2, else Walk. Process-wide, for tests to pick one.
enum class Resolution : uint8_t { Auto, Kernel, Walk };
void set_resolution(Resolution resolution);
Resolution resolution();
// Whether this kernel lets us call openat2 (probed once).
bool kernel_resolution_available();

// More symbolic links than this in one resolution is ELOOP (Linux's own limit).
inline constexpr int kMaxSymlinks = 40;

// Opens `path` beneath the directory `dir`, as openat(dir, path, flags, mode) would but sandboxed. `flags` are
// host open flags; O_NOFOLLOW means the last component is not followed (a symbolic link there is ELOOP, or the
// link itself with O_PATH); O_CLOEXEC is always added. Both resolutions answer as Linux's openat would inside
// the directory: "file/" is ENOTDIR, O_CREAT of "name/" EISDIR, O_CREAT through a dangling link creates its
// target (when that is beneath `dir`), O_CREAT | O_EXCL of a link is EEXIST.
[[nodiscard]] int open_beneath(int dir, std::string_view path, int flags, mode_t mode, UniqueFd& out);

// The directory holding a path's last component, and that component. A path ending in `.` or `..` names a
// directory: its parent is the whole path and its name ".". Trailing slashes are removed from `name` and
// remembered in `trailing_slash` (the path must then name a directory).
struct Parent {
  UniqueFd owned;  // the parent's descriptor, when it is not `dir` itself
  int fd = -1;     // the parent directory: owned.get() or `dir`
  std::string path;  // the parent's path beneath `dir` ("" for `dir` itself)
  std::string name;  // the last component: never "" nor "..", never containing '/'
  bool trailing_slash = false;

  // `name`, with a '/' appended when the path had a trailing slash (for the *at() calls that never follow
  // their last component, which then insist on a directory the way POSIX says).
  std::string name_as_given() const { return trailing_slash ? name + "/" : name; }
};
[[nodiscard]] int resolve_parent(int dir, std::string_view path, Parent& out);

// The operations on a path's last component.
[[nodiscard]] int mkdir_beneath(int dir, std::string_view path, mode_t mode);
[[nodiscard]] int unlink_beneath(int dir, std::string_view path);   // not a directory: EISDIR (Linux)
[[nodiscard]] int rmdir_beneath(int dir, std::string_view path);
[[nodiscard]] int rename_beneath(int old_dir, std::string_view old_path, int new_dir, std::string_view new_path);
// A hard link to old_path's last component itself (never following a symbolic link there). A new_path with a
// trailing slash names a directory: EEXIST when one is there, ENOTDIR for another file, ENOENT for nothing.
[[nodiscard]] int link_beneath(int old_dir, std::string_view old_path, int new_dir, std::string_view new_path);
// A symbolic link at `path` whose text is `target`, stored as given. An absolute target is refused (EPERM), as
// cap-std does: it could never be followed inside the sandbox, and could mislead a program outside it. A
// relative target that climbs out is created (following it is what the sandbox refuses). A trailing slash on
// `path` is answered as for link_beneath's new_path.
[[nodiscard]] int symlink_beneath(std::string_view target, int dir, std::string_view path);
// The text of the symbolic link at `path` (EINVAL when it is not one).
[[nodiscard]] int readlink_beneath(int dir, std::string_view path, std::string& out);
// stat of `path`; `follow`: of what a symbolic link at the last component leads to, beneath `dir`.
[[nodiscard]] int stat_beneath(int dir, std::string_view path, bool follow, struct stat& out);
// utimensat of `path` with the timespec pair (UTIME_NOW / UTIME_OMIT allowed).
[[nodiscard]] int utimens_beneath(int dir, std::string_view path, bool follow, const struct timespec times[2]);

}  // namespace mosaic::wasi::fs
