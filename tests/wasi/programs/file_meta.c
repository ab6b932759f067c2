// file metadata and errors, where Node's uvwasi is not a correct reference: O_APPEND through
// fd_fdstat_get / fd_fdstat_set_flags (fcntl F_GETFL/F_SETFL), the fdstat of a file, exact nanosecond
// timestamps through fd_filestat_set_times / path_filestat_set_times (futimens, utimensat, UTIME_OMIT, the
// *_NOW flags, EINVAL for a time together with its _NOW flag), the errors for using a directory as a file and writing through a read-only descriptor, and
// O_NOFOLLOW on a symlink (ELOOP, as wasmtime; uvwasi follows it).
// Runs in the preopened directory /sandbox.
#include "common.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

int main(void) {
  struct stat st;
  char buf[64];
  int fd = open("/sandbox/a.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  CHECK(fd >= 0, "create a.txt");
  write(fd, "hello world\n", 12);
  close(fd);

  // O_APPEND: writes go to the end whatever the position; F_GETFL reports it; F_SETFL clears it.
  fd = open("/sandbox/a.txt", O_WRONLY | O_APPEND);
  int fl = fcntl(fd, F_GETFL);
  printf("F_GETFL has O_APPEND: %s, access %s\n", fl & O_APPEND ? "yes" : "no",
         (fl & O_ACCMODE) == O_WRONLY ? "O_WRONLY" : "other");
  lseek(fd, 0, SEEK_SET);
  write(fd, "APPENDED\n", 9);
  printf("after append: <%s>\n", read_all("/sandbox/a.txt"));
  printf("F_SETFL 0: %d\n", fcntl(fd, F_SETFL, 0));
  fl = fcntl(fd, F_GETFL);
  printf("F_GETFL has O_APPEND: %s\n", fl & O_APPEND ? "yes" : "no");
  lseek(fd, 0, SEEK_SET);
  write(fd, "HELLO", 5);
  printf("after overwrite: <%s>\n", read_all("/sandbox/a.txt"));
  printf("F_SETFL O_APPEND: %d\n", fcntl(fd, F_SETFL, O_APPEND));
  lseek(fd, 0, SEEK_SET);
  write(fd, "!\n", 2);
  printf("after append again: <%s>\n", read_all("/sandbox/a.txt"));
  __wasi_fdstat_t fdstat;
  CHECK(__wasi_fd_fdstat_get(fd, &fdstat) == 0, "fd_fdstat_get");
  printf("fdstat: filetype %d, flags %d\n", fdstat.fs_filetype, fdstat.fs_flags);
  close(fd);

  // Timestamps: futimens, utimensat with UTIME_OMIT, exact values back (halves are exact in any unit).
  fd = open("/sandbox/a.txt", O_RDWR);
  struct timespec times[2] = {{1000000000, 250000000}, {1234567890, 500000000}};
  printf("futimens: %d\n", futimens(fd, times));
  fstat(fd, &st);
  printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
         (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  struct timespec times2[2] = {{0, UTIME_OMIT}, {1500000000, 0}};
  printf("utimensat omit atime: %d\n", utimensat(AT_FDCWD, "/sandbox/a.txt", times2, 0));
  stat("/sandbox/a.txt", &st);
  printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
         (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  // (This wasi-libc's futimens mishandles UTIME_NOW, so the raw call.)
  printf("fd_filestat_set_times ATIM_NOW: %s\n",
         errno_name(__wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM_NOW)));
  fstat(fd, &st);
  printf("atime is recent: %s, mtime %lld\n", st.st_atim.tv_sec > 1600000000 ? "yes" : "no",
         (long long)st.st_mtim.tv_sec);
  printf("ATIM with ATIM_NOW: %s\n", errno_name(__wasi_fd_filestat_set_times(
                                         fd, 5, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW)));
  printf("MTIM with MTIM_NOW: %s\n", errno_name(__wasi_path_filestat_set_times(
                                         3, 0, "a.txt", 0, 5, __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW)));
  printf("path_filestat_set_times MTIM_NOW: %s\n",
         errno_name(__wasi_path_filestat_set_times(3, 0, "a.txt", 0, 0, __WASI_FSTFLAGS_MTIM_NOW)));
  stat("/sandbox/a.txt", &st);
  printf("mtime is recent: %s\n", st.st_mtim.tv_sec > 1600000000 ? "yes" : "no");
  close(fd);

  // Directories are not files; read-only descriptors do not write; write-only ones do not read.
  CHECK(mkdir("/sandbox/dir", 0755) == 0, "mkdir");
  fd = open("/sandbox/dir", O_RDONLY);
  printf("open dir O_RDONLY: %s\n", fd >= 0 ? "ok" : errno_name(errno));
  SHOW_ERR("read a directory", read(fd, buf, sizeof buf));
  SHOW_ERR("write a directory", write(fd, "x", 1));
  SHOW_ERR("pread a directory", pread(fd, buf, sizeof buf, 0));
  close(fd);
  SHOW_ERR("open dir O_WRONLY", open("/sandbox/dir", O_WRONLY));
  SHOW_ERR("open dir O_RDWR", open("/sandbox/dir", O_RDWR));
  SHOW_ERR("open dir O_CREAT", open("/sandbox/dir", O_CREAT | O_WRONLY, 0644));
  fd = open("/sandbox/a.txt", O_RDONLY);
  SHOW_ERR("write a read-only fd", write(fd, "x", 1));
  SHOW_ERR("pwrite a read-only fd", pwrite(fd, "x", 1, 0));
  close(fd);
  fd = open("/sandbox/a.txt", O_WRONLY);
  SHOW_ERR("read a write-only fd", read(fd, buf, sizeof buf));
  close(fd);
  // O_NOFOLLOW: a symlink as the last component is refused with ELOOP, also with O_DIRECTORY.
  CHECK(symlink("a.txt", "/sandbox/sl") == 0, "symlink");
  CHECK(symlink("dir", "/sandbox/sldir") == 0, "symlink");
  SHOW_ERR("O_NOFOLLOW on symlink", open("/sandbox/sl", O_RDONLY | O_NOFOLLOW));
  // With O_DIRECTORY too, wasmtime's own tests accept ELOOP or ENOTDIR (Linux gives ENOTDIR).
  errno = 0;
  fd = open("/sandbox/sldir", O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  printf("O_NOFOLLOW|O_DIRECTORY on symlink: %s\n",
         fd < 0 && (errno == ELOOP || errno == ENOTDIR) ? "ELOOP or ENOTDIR" : fd < 0 ? errno_name(errno) : "opened");
  SHOW_ERR("O_NOFOLLOW|O_WRONLY on symlink", open("/sandbox/sl", O_WRONLY | O_NOFOLLOW));
  fd = open("/sandbox/a.txt", O_RDONLY | O_NOFOLLOW);
  printf("O_NOFOLLOW on file: %s\n", fd >= 0 ? "ok" : errno_name(errno));
  close(fd);
  fd = open("/sandbox/sldir/", O_RDONLY | O_DIRECTORY);
  printf("symlink to dir, followed: %s\n", fd >= 0 ? "ok" : errno_name(errno));
  close(fd);
  printf("a.txt unchanged: <%s>\n", read_all("/sandbox/a.txt"));
  return finish();
}
