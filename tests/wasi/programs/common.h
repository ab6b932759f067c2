// Shared helpers for the WASI test programs: errno names, and CHECK macros that print FAIL lines and count
// failures. Every program ends with `return finish();`, which prints "done" (or the failure count) and
// returns 0 or 1.
#pragma once
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int failures = 0;

// Line-buffered stdout, so that everything printed before a crash or a hang is seen.
__attribute__((constructor)) static void line_buffered_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

__attribute__((unused)) static const char *errno_name(int e) {
  switch (e) {
#define N(x) case x: return #x;
    N(EACCES) N(EADDRINUSE) N(EAGAIN) N(EBADF) N(EBUSY) N(ECONNREFUSED) N(ECONNRESET) N(EEXIST) N(EFAULT)
    N(EFBIG) N(EINTR) N(EINVAL) N(EIO) N(EISDIR) N(ELOOP) N(EMFILE) N(ENAMETOOLONG) N(ENOENT) N(ENOSPC)
    N(ENOSYS) N(ENOTCONN) N(ENOTDIR) N(ENOTEMPTY) N(ENOTSOCK) N(ENOTSUP) N(ENOTTY) N(ENXIO) N(EOVERFLOW)
    N(EPERM) N(EPIPE) N(ERANGE) N(EROFS) N(ESPIPE) N(EXDEV) N(ENOTCAPABLE) N(ETXTBSY) N(EMLINK)
#undef N
    case 0: return "OK";
    default: {
      static char buf[32];
      snprintf(buf, sizeof buf, "errno%d", e);
      return buf;
    }
  }
}

// CHECK(cond, "what"): prints "FAIL what" (with the source line and errno) unless cond holds.
#define CHECK(cond, ...)                                                                        \
  do {                                                                                          \
    if (!(cond)) {                                                                              \
      int saved_errno_ = errno;                                                                 \
      printf("FAIL line %d: ", __LINE__);                                                       \
      printf(__VA_ARGS__);                                                                      \
      printf(" [%s; errno %s]\n", #cond, errno_name(saved_errno_));                             \
      failures++;                                                                               \
    }                                                                                           \
  } while (0)

// EXPECT_ERR(call, ERRNO): call must return -1 with errno ERRNO. Prints "label: ERRNO" either way,
// so the expected output records which error the runtime gave.
#define SHOW_ERR(label, call)                                                                   \
  do {                                                                                          \
    errno = 0;                                                                                  \
    long r_ = (long)(call);                                                                     \
    if (r_ >= 0 && errno == 0)                                                                  \
      printf("%s: succeeded\n", label);                                                         \
    else                                                                                        \
      printf("%s: %s\n", label, errno_name(errno));                                             \
  } while (0)

// The first 255 bytes of a file, as a string ("(open failed)" when it cannot be opened).
__attribute__((unused)) static const char *read_all(const char *path) {
  static char buf[256];
  int fd = open(path, O_RDONLY);
  if (fd < 0) return "(open failed)";
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  buf[n < 0 ? 0 : n] = 0;
  return buf;
}

__attribute__((unused)) static int finish(void) {
  if (failures) {
    printf("FAILED %d\n", failures);
    return 1;
  }
  printf("done\n");
  return 0;
}
