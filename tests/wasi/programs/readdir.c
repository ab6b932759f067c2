// readdir: 500 files plus a subdirectory and a symlink are each listed exactly once, together with "." and
// "..", with the right d_type; telldir/seekdir cookies resume the listing where it was; rewinddir sees new
// entries; an empty directory lists only "." and ".."; and the raw fd_readdir fills small buffers completely
// (a truncated last entry) and resumes from any entry's d_next cookie. Runs in the preopened /sandbox.
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

enum { FILES = 500 };

static int index_of(const char *name) {
  if (name[0] == 'f' && strlen(name) == 4) return atoi(name + 1);
  return -1;
}

int main(void) {
  CHECK(mkdir("/sandbox/many", 0755) == 0, "mkdir");
  char path[64];
  for (int i = 0; i < FILES; i++) {
    snprintf(path, sizeof path, "/sandbox/many/f%03d", i);
    int fd = open(path, O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0, "create %s", path);
    close(fd);
  }
  CHECK(mkdir("/sandbox/many/subdir", 0755) == 0, "mkdir subdir");
  CHECK(symlink("f000", "/sandbox/many/link") == 0, "symlink");

  // Every entry exactly once.
  static int seen[FILES];
  int dot = 0, dotdot = 0, subdir = 0, link = 0, other = 0, total = 0, bad_type = 0;
  DIR *d = opendir("/sandbox/many");
  CHECK(d != NULL, "opendir");
  struct dirent *e;
  long cookie_at_250 = -1;
  char name_at_250[64] = "";
  for (;;) {
    if (total == 250) {
      // telldir names the position of the entry readdir returns next; peek at it and go back.
      cookie_at_250 = telldir(d);
      struct dirent *next = readdir(d);
      if (next) snprintf(name_at_250, sizeof name_at_250, "%s", next->d_name);
      seekdir(d, cookie_at_250);
    }
    if (!(e = readdir(d))) break;
    total++;
    int i = index_of(e->d_name);
    if (i >= 0 && i < FILES) {
      seen[i]++;
      bad_type += e->d_type != DT_REG;
    } else if (!strcmp(e->d_name, ".")) {
      dot++;
      bad_type += e->d_type != DT_DIR;
    } else if (!strcmp(e->d_name, "..")) {
      dotdot++;
      bad_type += e->d_type != DT_DIR;
    } else if (!strcmp(e->d_name, "subdir")) {
      subdir++;
      bad_type += e->d_type != DT_DIR;
    } else if (!strcmp(e->d_name, "link")) {
      link++;
      bad_type += e->d_type != DT_LNK;
    } else {
      other++;
      printf("unexpected entry <%s>\n", e->d_name);
    }
  }
  int once = 0;
  for (int i = 0; i < FILES; i++) once += seen[i] == 1;
  printf("entries: %d\n", total);
  printf("files seen once: %d of %d\n", once, FILES);
  printf(". %d, .. %d, subdir %d, link %d, other %d\n", dot, dotdot, subdir, link, other);
  printf("wrong d_type: %d\n", bad_type);

  // seekdir to a saved cookie: the same entry comes next, and the rest of the listing follows.
  seekdir(d, cookie_at_250);
  e = readdir(d);
  printf("after seekdir: same entry: %s\n", e && !strcmp(e->d_name, name_at_250) ? "yes" : "no");
  int rest = e ? 1 : 0;
  while (readdir(d)) rest++;
  printf("entries from the cookie to the end: %d\n", rest);
  CHECK(readdir(d) == NULL, "readdir at the end stays at the end");

  // rewinddir sees a file created after opendir.
  int fd = open("/sandbox/many/zzz_new", O_CREAT | O_WRONLY, 0644);
  close(fd);
  rewinddir(d);
  int found = 0, count = 0;
  while ((e = readdir(d))) {
    count++;
    found += !strcmp(e->d_name, "zzz_new");
  }
  printf("after rewinddir: %d entries, new file seen %d time(s)\n", count, found);
  closedir(d);

  // An empty directory.
  CHECK(mkdir("/sandbox/empty", 0755) == 0, "mkdir empty");
  d = opendir("/sandbox/empty");
  count = 0;
  int dots = 0;
  while ((e = readdir(d))) {
    count++;
    dots += !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
  }
  closedir(d);
  printf("empty dir: %d entries, %d of them dots\n", count, dots);
  SHOW_ERR("opendir a file", opendir("/sandbox/many/f001") ? 0 : -1);
  SHOW_ERR("opendir missing", opendir("/sandbox/nope") ? 0 : -1);

  // Raw fd_readdir with a small buffer: each call fills the buffer (bufused == buffer size means "maybe
  // more"); entries are parsed up to the last complete one and the next call starts at its d_next.
  int dfd = open("/sandbox/many", O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0, "open dir");
  static int seen2[FILES];
  unsigned char buf[100];
  __wasi_dircookie_t cookie = 0;
  int calls = 0, names = 0, full_calls = 0, short_calls = 0;
  for (;;) {
    __wasi_size_t used = 0;
    __wasi_errno_t err = __wasi_fd_readdir(dfd, buf, sizeof buf, cookie, &used);
    if (err) {
      printf("fd_readdir: %s\n", errno_name(err));
      break;
    }
    calls++;
    if (used == sizeof buf) full_calls++;
    else short_calls++;
    size_t pos = 0;
    int complete = 0;
    while (pos + sizeof(__wasi_dirent_t) <= used) {
      __wasi_dirent_t ent;
      memcpy(&ent, buf + pos, sizeof ent);
      if (pos + sizeof ent + ent.d_namlen > used) break;  // truncated name
      char name[64] = "";
      memcpy(name, buf + pos + sizeof ent, ent.d_namlen < 63 ? ent.d_namlen : 63);
      int i = index_of(name);
      if (i >= 0 && i < FILES) seen2[i]++;
      names++;
      complete++;
      cookie = ent.d_next;
      pos += sizeof ent + ent.d_namlen;
    }
    if (used < sizeof buf) break;  // the end of the directory
    if (!complete) {
      printf("buffer too small for one entry\n");
      break;
    }
    if (calls > 5000) break;
  }
  once = 0;
  for (int i = 0; i < FILES; i++) once += seen2[i] == 1;
  printf("fd_readdir: %d names, files seen once: %d, ended with a short buffer: %s, most calls full: %s\n", names,
         once, short_calls == 1 ? "yes" : "no", full_calls >= calls - 1 ? "yes" : "no");
  // A cookie past the end gives nothing; a buffer smaller than a dirent header gets filled.
  __wasi_size_t used = 12345;
  __wasi_errno_t err = __wasi_fd_readdir(dfd, buf, sizeof buf, cookie, &used);
  printf("fd_readdir at the final cookie: %s, bufused %lu\n", errno_name(err), (unsigned long)used);
  err = __wasi_fd_readdir(dfd, buf, 10, 0, &used);
  printf("fd_readdir into 10 bytes: %s, bufused %lu\n", errno_name(err), (unsigned long)used);
  close(dfd);
  return finish();
}
