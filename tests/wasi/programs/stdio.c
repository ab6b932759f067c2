// stdio: reads all of stdin (the harness pipes tests/wasi/stdin.txt) in small and large reads until EOF,
// echoing a summary; writes to stdout with write(), writev() and stdio, a large block of lines, and a line to
// stderr; isatty is false for all three (they are files and pipes); writing to stdin is EBADF.
#include "common.h"
#include <sys/uio.h>
#include <unistd.h>
#include <wasi/api.h>

int main(void) {
  // stdin until EOF: first 7 bytes, then 1 byte at a time for 10 bytes, then big reads.
  static char in[1 << 16];
  size_t total = 0;
  ssize_t n = read(0, in, 7);
  if (n > 0) total += (size_t)n;
  for (int i = 0; i < 10; i++) {
    n = read(0, in + total, 1);
    if (n > 0) total += (size_t)n;
  }
  int eof_reads = 0;
  while (total < sizeof in) {
    n = read(0, in + total, sizeof in - total);
    if (n < 0) {
      printf("read error: %s\n", errno_name(errno));
      break;
    }
    if (n == 0) {
      eof_reads++;
      break;
    }
    total += (size_t)n;
  }
  printf("stdin read after EOF: %zd\n", read(0, in, 1));
  size_t lines = 0;
  unsigned sum = 0;
  for (size_t i = 0; i < total; i++) {
    lines += in[i] == '\n';
    sum = sum * 31 + (unsigned char)in[i];
  }
  printf("stdin: %zu bytes, %zu lines, hash %08x, eof seen %d\n", total, lines, sum, eof_reads);
  // The first and last line, as read.
  char *nl = memchr(in, '\n', total);
  printf("first line: <%.*s>\n", nl ? (int)(nl - in) : 0, in);
  if (total > 1) {
    size_t start = total - 1;
    while (start > 0 && in[start - 1] != '\n') start--;
    printf("last line: <%.*s>\n", (int)(total - 1 - start), in + start);
  }

  fflush(stdout);
  printf("write: %zd\n", write(1, "raw write\n", 10));
  struct iovec iov[3] = {{"one ", 4}, {"two ", 4}, {"three\n", 6}};
  printf("writev: %zd\n", writev(1, iov, 3));
  __wasi_ciovec_t empty = {(const uint8_t *)"", 0};
  __wasi_size_t written = 99;
  printf("fd_write nothing: %s, %lu\n", errno_name(__wasi_fd_write(1, &empty, 1, &written)), (unsigned long)written);
  for (int i = 0; i < 2000; i++) printf("line %04d of a larger block of output.......................\n", i);
  fprintf(stderr, "this goes to stderr\n");
  printf("isatty: %d %d %d\n", isatty(0), isatty(1), isatty(2));
  SHOW_ERR("write to stdin", write(0, "x", 1));
  return finish();
}
