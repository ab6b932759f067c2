// directories and links: mkdir (EEXIST), rmdir (ENOTEMPTY, ENOTDIR), unlink of a directory, rename (a file
// over an existing file, a directory with its contents, a directory over a non-empty one), unlinking an open
// file (still readable through its descriptor), hard links (nlink, shared contents), symlinks: readlink,
// stat vs lstat, following through a symlinked directory, dangling links (file_meta.c has O_NOFOLLOW).
// Runs in the preopened directory /sandbox.
#include "common.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static void put(const char *path, const char *text) {
  int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  CHECK(fd >= 0, "create %s", path);
  CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text), "write %s", path);
  close(fd);
}

static const char *get(const char *path) {
  static char buf[256];
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    snprintf(buf, sizeof buf, "(%s)", errno_name(errno));
    return buf;
  }
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  buf[n < 0 ? 0 : n] = 0;
  return buf;
}

static const char *kind(mode_t m) {
  return S_ISREG(m) ? "file" : S_ISDIR(m) ? "dir" : S_ISLNK(m) ? "symlink" : "other";
}

static void show_stat(const char *path) {
  struct stat st, lst;
  int r = stat(path, &st);
  const char *e1 = r ? errno_name(errno) : NULL;
  int l = lstat(path, &lst);
  const char *e2 = l ? errno_name(errno) : NULL;
  printf("%s: stat %s", path + 9, r ? e1 : kind(st.st_mode));
  if (!r && S_ISREG(st.st_mode)) printf(" size %lld", (long long)st.st_size);
  printf(", lstat %s", l ? e2 : kind(lst.st_mode));
  if (!l && S_ISLNK(lst.st_mode)) printf(" size %lld", (long long)lst.st_size);
  printf("\n");
}

int main(void) {
  // mkdir / rmdir.
  printf("mkdir d: %d\n", mkdir("/sandbox/d", 0755));
  SHOW_ERR("mkdir d again", mkdir("/sandbox/d", 0755));
  printf("mkdir d/sub: %d\n", mkdir("/sandbox/d/sub", 0755));
  SHOW_ERR("mkdir in missing", mkdir("/sandbox/nope/sub", 0755));
  put("/sandbox/d/sub/f.txt", "in sub\n");
  SHOW_ERR("rmdir non-empty", rmdir("/sandbox/d"));
  SHOW_ERR("rmdir a file", rmdir("/sandbox/d/sub/f.txt"));
  SHOW_ERR("rmdir missing", rmdir("/sandbox/nope"));
  SHOW_ERR("unlink a directory", unlink("/sandbox/d/sub"));
  SHOW_ERR("unlink missing", unlink("/sandbox/nope"));
  printf("mkdir e: %d\n", mkdir("/sandbox/e", 0755));
  printf("rmdir e: %d\n", rmdir("/sandbox/e"));
  SHOW_ERR("stat removed e", access("/sandbox/e", F_OK));
  SHOW_ERR("mkdir over a file", mkdir("/sandbox/d/sub/f.txt", 0755));

  // rename: a file over an existing file.
  put("/sandbox/r1.txt", "one\n");
  put("/sandbox/r2.txt", "two\n");
  printf("rename r1 over r2: %d\n", rename("/sandbox/r1.txt", "/sandbox/r2.txt"));
  printf("r2 now: %s", get("/sandbox/r2.txt"));
  printf("r1 now: %s\n", get("/sandbox/r1.txt"));
  SHOW_ERR("rename missing", rename("/sandbox/r1.txt", "/sandbox/r3.txt"));
  // A directory with its contents, then across directories.
  printf("rename d -> d2: %d\n", rename("/sandbox/d", "/sandbox/d2"));
  printf("d2/sub/f.txt: %s", get("/sandbox/d2/sub/f.txt"));
  printf("d/sub/f.txt: %s\n", get("/sandbox/d/sub/f.txt"));
  printf("rename into subdir: %d\n", rename("/sandbox/r2.txt", "/sandbox/d2/sub/moved.txt"));
  printf("d2/sub/moved.txt: %s", get("/sandbox/d2/sub/moved.txt"));
  mkdir("/sandbox/empty", 0755);
  printf("rename dir over empty dir: %d\n", rename("/sandbox/empty", "/sandbox/empty2"));
  mkdir("/sandbox/empty", 0755);
  SHOW_ERR("rename dir over non-empty dir", rename("/sandbox/empty", "/sandbox/d2/sub"));
  SHOW_ERR("rename file over dir", rename("/sandbox/d2/sub/moved.txt", "/sandbox/empty"));
  SHOW_ERR("rename dir over file", rename("/sandbox/empty", "/sandbox/d2/sub/moved.txt"));
  SHOW_ERR("rename dir into itself", rename("/sandbox/d2", "/sandbox/d2/sub/inner"));

  // Unlink an open file: the descriptor still reads it.
  put("/sandbox/gone.txt", "still here\n");
  int fd = open("/sandbox/gone.txt", O_RDONLY);
  printf("unlink open file: %d\n", unlink("/sandbox/gone.txt"));
  SHOW_ERR("open unlinked", open("/sandbox/gone.txt", O_RDONLY));
  char buf[64];
  ssize_t n = read(fd, buf, sizeof buf);
  printf("read through fd: <%.*s>\n", (int)(n > 0 ? n - 1 : 0), buf);
  struct stat st;
  fstat(fd, &st);
  printf("fstat nlink: %llu, size %lld\n", (unsigned long long)st.st_nlink, (long long)st.st_size);
  close(fd);

  // Hard links.
  put("/sandbox/orig.txt", "linked\n");
  printf("link: %d\n", link("/sandbox/orig.txt", "/sandbox/hard.txt"));
  stat("/sandbox/orig.txt", &st);
  struct stat st2;
  stat("/sandbox/hard.txt", &st2);
  printf("nlink %llu/%llu, same inode: %s\n", (unsigned long long)st.st_nlink, (unsigned long long)st2.st_nlink,
         st.st_ino == st2.st_ino ? "yes" : "no");
  fd = open("/sandbox/hard.txt", O_WRONLY | O_APPEND);
  write(fd, "more\n", 5);
  close(fd);
  printf("orig.txt: %s", get("/sandbox/orig.txt"));
  SHOW_ERR("link over existing", link("/sandbox/orig.txt", "/sandbox/hard.txt"));
  SHOW_ERR("link missing", link("/sandbox/nope", "/sandbox/x"));
  SHOW_ERR("link a directory", link("/sandbox/d2", "/sandbox/d3"));
  unlink("/sandbox/orig.txt");
  stat("/sandbox/hard.txt", &st2);
  printf("after unlink: nlink %llu, %s", (unsigned long long)st2.st_nlink, get("/sandbox/hard.txt"));

  // Symlinks.
  printf("symlink to file: %d\n", symlink("hard.txt", "/sandbox/sl"));
  printf("symlink to dir: %d\n", symlink("d2/sub", "/sandbox/sldir"));
  printf("symlink dangling: %d\n", symlink("nothing/here", "/sandbox/dangling"));
  printf("symlink loop: %d\n", symlink("loop", "/sandbox/loop"));
  SHOW_ERR("symlink over existing", symlink("x", "/sandbox/sl"));
  n = readlink("/sandbox/sl", buf, sizeof buf);
  printf("readlink sl: %zd <%.*s>\n", n, (int)(n > 0 ? n : 0), buf);
  n = readlink("/sandbox/dangling", buf, sizeof buf);
  printf("readlink dangling: %zd <%.*s>\n", n, (int)(n > 0 ? n : 0), buf);
  SHOW_ERR("readlink a file", readlink("/sandbox/hard.txt", buf, sizeof buf));
  SHOW_ERR("readlink missing", readlink("/sandbox/nope", buf, sizeof buf));
  show_stat("/sandbox/sl");
  show_stat("/sandbox/sldir");
  show_stat("/sandbox/dangling");
  show_stat("/sandbox/loop");
  show_stat("/sandbox/hard.txt");
  printf("read via sl: %s", get("/sandbox/sl"));
  printf("read via sldir: %s", get("/sandbox/sldir/f.txt"));
  printf("read via loop: %s\n", get("/sandbox/loop"));
  printf("read via dangling: %s\n", get("/sandbox/dangling"));
  // Create through a dangling symlink inside the sandbox: the target gets created.
  symlink("target.txt", "/sandbox/tolater");
  fd = open("/sandbox/tolater", O_CREAT | O_WRONLY, 0644);
  printf("create through dangling symlink: %s\n", fd >= 0 ? "ok" : errno_name(errno));
  if (fd >= 0) write(fd, "via link\n", 9), close(fd);
  printf("target.txt: %s", get("/sandbox/target.txt"));
  SHOW_ERR("O_CREAT|O_EXCL on symlink", open("/sandbox/sl", O_CREAT | O_EXCL | O_WRONLY, 0644));
  // unlink removes the link, not its target; rmdir on a symlink to a directory fails.
  SHOW_ERR("rmdir symlink to dir", rmdir("/sandbox/sldir"));
  printf("unlink sldir: %d\n", unlink("/sandbox/sldir"));
  printf("unlink sl: %d\n", unlink("/sandbox/sl"));
  show_stat("/sandbox/d2/sub");
  printf("hard.txt: %s", get("/sandbox/hard.txt"));
  // rename of a symlink moves the link.
  printf("rename dangling: %d\n", rename("/sandbox/dangling", "/sandbox/dangling2"));
  n = readlink("/sandbox/dangling2", buf, sizeof buf);
  printf("readlink dangling2: <%.*s>\n", (int)(n > 0 ? n : 0), buf);
  // Trailing slashes and dots.
  printf("open d2/./sub/../sub/: %s\n", open("/sandbox/d2/./sub/../sub/", O_RDONLY | O_DIRECTORY) >= 0
                                            ? "ok" : errno_name(errno));
  SHOW_ERR("file with trailing slash", open("/sandbox/hard.txt/", O_RDONLY));
  return finish();
}
