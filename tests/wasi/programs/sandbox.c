// sandbox escapes: with only /sandbox preopened, every way out must be refused — ".." past the root, "a/../..",
// absolute paths outside the preopens (refused by wasi-libc itself), absolute paths at the WASI level, and
// symlinks (to /etc/passwd, to ../outside, to an absolute host path, to "/", to "..", chains, as an intermediate
// component, dangling ones used with O_CREAT) for open, stat, opendir, mkdir, rename, link, unlink, rmdir,
// symlink, utimensat and O_TRUNC. lstat of such links, readlink of relative ones and creating relative ones
// are allowed (they only touch the link), and links that stay inside work. For links with an absolute target,
// wasmtime (cap-std) refuses readlink and symlink creation with EPERM while other runtimes return the text;
// both are accepted, as long as following such a link is refused. The harness made the fixtures (see CMakeLists.txt) and checks afterwards that
// nothing outside changed. Expected errors are wasmtime's: EPERM from the runtime, ENOTCAPABLE from wasi-libc.
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

static void try_open(const char *path, int flags) {
  errno = 0;
  int fd = open(path, flags, 0644);
  if (fd >= 0) {
    char buf[32] = "";
    ssize_t n = read(fd, buf, sizeof buf - 1);
    printf("open %s: OPENED (ESCAPE?) read %zd\n", path, n);
    failures++;
    close(fd);
  } else {
    printf("open %s: %s\n", path, errno_name(errno));
  }
}

static void try_stat(const char *path) {
  struct stat st;
  int r = stat(path, &st);
  printf("stat %s: %s\n", path, r ? errno_name(errno) : "ok");
}

static void try_lstat(const char *path) {
  struct stat st;
  int r = lstat(path, &st);
  printf("lstat %s: %s\n", path, r ? errno_name(errno) : S_ISLNK(st.st_mode) ? "symlink" : "not a symlink");
}

static void try_readlink(const char *path) {
  char buf[256];
  ssize_t n = readlink(path, buf, sizeof buf);
  if (n < 0) printf("readlink %s: %s\n", path, errno_name(errno));
  else printf("readlink %s: <%.*s>\n", path, (int)n, buf);
}

// readlink of a link to an absolute path: EPERM (wasmtime) or the text itself.
static void readlink_abs(const char *path, const char *text) {
  char buf[256];
  ssize_t n = readlink(path, buf, sizeof buf);
  int ok = n < 0 ? errno == EPERM : (size_t)n == strlen(text) && !memcmp(buf, text, (size_t)n);
  if (ok) printf("readlink %s: refused or the text\n", path);
  else if (n < 0) printf("readlink %s: %s\n", path, errno_name(errno));
  else printf("readlink %s: <%.*s>\n", path, (int)n, buf);
}

static void read_ok(const char *path) {
  char buf[64] = "";
  int fd = open(path, O_RDONLY);
  ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
  if (fd < 0) printf("inside %s: %s\n", path, errno_name(errno));
  else printf("inside %s: <%.*s>\n", path, (int)(n > 0 ? n - 1 : 0), buf);
  if (fd >= 0) close(fd);
}

int main(void) {
  // The preopen table: fd 3 is /sandbox, fd 4 is nothing.
  __wasi_prestat_t pre;
  __wasi_errno_t err = __wasi_fd_prestat_get(3, &pre);
  char name[64] = "";
  if (!err && pre.tag == __WASI_PREOPENTYPE_DIR && pre.u.dir.pr_name_len < sizeof name)
    err = __wasi_fd_prestat_dir_name(3, (uint8_t *)name, pre.u.dir.pr_name_len);
  printf("prestat 3: %s dir <%s>\n", errno_name(err), name);
  printf("prestat 4: %s\n", errno_name(__wasi_fd_prestat_get(4, &pre)));

  // ".." and absolute paths.
  try_open("/sandbox/../outside/secret.txt", O_RDONLY);
  try_open("/sandbox/sub/../../outside/secret.txt", O_RDONLY);
  try_open("/sandbox/sub/../sub/../../outside/secret.txt", O_RDONLY);
  try_open("/sandbox/..", O_RDONLY | O_DIRECTORY);
  try_stat("/sandbox/..");
  try_stat("/sandbox/../outside");
  DIR *d = opendir("/sandbox/..");
  printf("opendir /sandbox/..: %s\n", d ? "OPENED (ESCAPE?)" : errno_name(errno));
  if (d) failures++, closedir(d);
  try_open("/etc/passwd", O_RDONLY);
  try_open("/sandboxy/x", O_RDONLY);
  try_open("/", O_RDONLY | O_DIRECTORY);
  // The same at the WASI level, relative to fd 3: an absolute path, "..", "sub/../..".
  const char *raw[] = {"/etc/passwd", "..", "../outside/secret.txt", "sub/../../outside/secret.txt", "sub/../.."};
  for (size_t i = 0; i < sizeof raw / sizeof *raw; i++) {
    __wasi_fd_t fd;
    err = __wasi_path_open(3, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, raw[i], 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
    printf("path_open(3, %s): %s\n", raw[i], errno_name(err));
    if (!err) failures++, (void)__wasi_fd_close(fd);
  }

  // Symlinks that point out: open and stat follow them and must refuse; lstat and readlink are fine.
  const char *links[] = {"esc_passwd", "esc_up", "esc_dir", "chain1", "sub/deep_up", "abs_inside", "esc_root",
                         "dotdot", "dangle"};
  char path[128];
  for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
    snprintf(path, sizeof path, "/sandbox/%s", links[i]);
    try_open(path, O_RDONLY);
    try_stat(path);
    try_lstat(path);
  }
  readlink_abs("/sandbox/esc_passwd", "/etc/passwd");
  try_readlink("/sandbox/esc_up");
  try_readlink("/sandbox/esc_dir");
  // As an intermediate component.
  try_open("/sandbox/esc_dir/secret.txt", O_RDONLY);
  try_stat("/sandbox/esc_dir/secret.txt");
  try_open("/sandbox/esc_root/etc/passwd", O_RDONLY);
  try_open("/sandbox/dotdot/outside/secret.txt", O_RDONLY);
  try_open("/sandbox/esc_dir/../sandbox/inside.txt", O_RDONLY);
  d = opendir("/sandbox/esc_dir");
  printf("opendir esc_dir: %s\n", d ? "OPENED (ESCAPE?)" : errno_name(errno));
  if (d) failures++, closedir(d);

  // Writes through escaping paths: nothing may appear or change outside.
  try_open("/sandbox/dangle", O_CREAT | O_WRONLY);
  try_open("/sandbox/esc_up", O_WRONLY | O_TRUNC);
  try_open("/sandbox/esc_dir/new.txt", O_CREAT | O_WRONLY);
  try_open("/sandbox/../outside/new.txt", O_CREAT | O_WRONLY);
  SHOW_ERR("mkdir ../outside/newdir", mkdir("/sandbox/../outside/newdir", 0755));
  SHOW_ERR("mkdir esc_dir/newdir", mkdir("/sandbox/esc_dir/newdir", 0755));
  SHOW_ERR("rename inside.txt to ../outside", rename("/sandbox/inside.txt", "/sandbox/../outside/moved.txt"));
  SHOW_ERR("rename inside.txt to esc_dir/", rename("/sandbox/inside.txt", "/sandbox/esc_dir/moved.txt"));
  SHOW_ERR("rename from ../outside", rename("/sandbox/../outside/secret.txt", "/sandbox/stolen.txt"));
  SHOW_ERR("rename from esc_dir/", rename("/sandbox/esc_dir/secret.txt", "/sandbox/stolen.txt"));
  SHOW_ERR("link inside.txt to ../outside", link("/sandbox/inside.txt", "/sandbox/../outside/linked.txt"));
  SHOW_ERR("link from ../outside", link("/sandbox/../outside/secret.txt", "/sandbox/stolen.txt"));
  SHOW_ERR("link from esc_dir/", link("/sandbox/esc_dir/secret.txt", "/sandbox/stolen.txt"));
  SHOW_ERR("unlink ../outside/secret.txt", unlink("/sandbox/../outside/secret.txt"));
  SHOW_ERR("unlink esc_dir/secret.txt", unlink("/sandbox/esc_dir/secret.txt"));
  SHOW_ERR("rmdir esc_dir/sub", rmdir("/sandbox/esc_dir/sub"));
  SHOW_ERR("rmdir ../outside/sub", rmdir("/sandbox/../outside/sub"));
  SHOW_ERR("symlink at ../outside/x", symlink("target", "/sandbox/../outside/x"));
  struct timespec times[2] = {{1, 0}, {1, 0}};
  SHOW_ERR("utimensat esc_up", utimensat(AT_FDCWD, "/sandbox/esc_up", times, 0));
  SHOW_ERR("utimensat ../outside/secret.txt", utimensat(AT_FDCWD, "/sandbox/../outside/secret.txt", times, 0));
  // The guest itself makes a link pointing out (allowed: it is only text) and cannot use it.
  SHOW_ERR("symlink mylink -> ../outside/secret.txt", symlink("../outside/secret.txt", "/sandbox/mylink"));
  try_open("/sandbox/mylink", O_RDONLY);
  try_open("/sandbox/mylink", O_WRONLY | O_TRUNC);
  try_readlink("/sandbox/mylink");
  // Unlinking or renaming an escaping link itself stays inside and is allowed.
  SHOW_ERR("unlink mylink", unlink("/sandbox/mylink"));
  SHOW_ERR("rename esc_passwd", rename("/sandbox/esc_passwd", "/sandbox/esc_passwd2"));
  readlink_abs("/sandbox/esc_passwd2", "/etc/passwd");
  // A new link to an absolute path: refused, or created and then not followed.
  errno = 0;
  int r = symlink("/etc/passwd", "/sandbox/abs2");
  if (r == 0) {
    int fd = open("/sandbox/abs2", O_RDONLY);
    printf("symlink abs2 -> /etc/passwd: %s\n", fd < 0 && errno == EPERM ? "refused or inert" : "FOLLOWED");
    if (fd >= 0) failures++, close(fd);
  } else {
    printf("symlink abs2 -> /etc/passwd: %s\n", errno == EPERM ? "refused or inert" : errno_name(errno));
  }

  // Links and dots that stay inside work.
  read_ok("/sandbox/ok_link");
  read_ok("/sandbox/sub/up_ok");
  read_ok("/sandbox/sub/../inside.txt");
  read_ok("/sandbox/./sub/./file.txt");
  read_ok("/sandbox/sub/../sub/../sub/file.txt");
  try_stat("/sandbox/.");
  try_stat("/sandbox/sub/..");
  return finish();
}
