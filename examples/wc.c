// wc: counts the lines, words and bytes of the files named on its command line, like the Unix tool. A WASI
// program (compiled with clang-19 for wasm32-wasi at build time) that reads through a preopened folder:
//
//   build/mosaic run --dir examples::/examples build/examples/wc.wasm /examples/fib.wat /examples/wc.c
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE...\n", argv[0]);
    return 2;
  }
  int status = 0;
  long total_lines = 0, total_words = 0, total_bytes = 0;
  for (int i = 1; i < argc; ++i) {
    FILE* f = fopen(argv[i], "rb");
    if (f == NULL) {
      fprintf(stderr, "%s: %s: %s\n", argv[0], argv[i], strerror(errno));
      status = 1;
      continue;
    }
    long lines = 0, words = 0, bytes = 0;
    int in_word = 0;
    for (int c; (c = getc(f)) != EOF;) {
      ++bytes;
      if (c == '\n') ++lines;
      if (isspace(c)) {
        in_word = 0;
      } else if (!in_word) {
        in_word = 1;
        ++words;
      }
    }
    fclose(f);
    printf("%7ld %7ld %7ld %s\n", lines, words, bytes, argv[i]);
    total_lines += lines;
    total_words += words;
    total_bytes += bytes;
  }
  if (argc > 2) printf("%7ld %7ld %7ld total\n", total_lines, total_words, total_bytes);
  return status;
}
