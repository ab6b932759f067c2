// args & environ: argv[0] is the module path as given, arguments keep spaces and UTF-8, the environment holds
// exactly the --env variables (set ones and one inherited from the host), in order; the raw args_sizes_get /
// environ_sizes_get agree with what args_get / environ_get return.
#include "common.h"
#include <stdlib.h>
#include <wasi/api.h>

extern char **environ;

int main(int argc, char **argv) {
  printf("argc=%d\n", argc);
  size_t arg_bytes = 0;
  for (int i = 0; i < argc; i++) {
    printf("argv[%d]=<%s> (%zu bytes)\n", i, argv[i], strlen(argv[i]));
    arg_bytes += strlen(argv[i]) + 1;
  }
  CHECK(argv[argc] == NULL, "argv is NULL-terminated");

  size_t env_count = 0, env_bytes = 0;
  for (char **e = environ; *e; e++) {
    printf("env[%zu]=<%s>\n", env_count, *e);
    env_count++;
    env_bytes += strlen(*e) + 1;
  }
  printf("env count=%zu\n", env_count);

  const char *names[] = {"MOSAIC_SET", "MOSAIC_SPACED", "MOSAIC_EMPTY", "MOSAIC_INHERITED", "MOSAIC_UNICODE",
                         "MOSAIC_NOT_PASSED", "PATH", "HOME"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    const char *v = getenv(names[i]);
    printf("getenv(%s)=%s%s%s\n", names[i], v ? "<" : "", v ? v : "(null)", v ? ">" : "");
  }

  // The raw calls must agree with the counts above.
  __wasi_size_t n = 0, size = 0;
  CHECK(__wasi_args_sizes_get(&n, &size) == 0, "args_sizes_get");
  CHECK(n == (size_t)argc, "args_sizes_get count %lu vs argc %d", (unsigned long)n, argc);
  CHECK(size == arg_bytes, "args_sizes_get bytes %lu vs %zu", (unsigned long)size, arg_bytes);
  CHECK(__wasi_environ_sizes_get(&n, &size) == 0, "environ_sizes_get");
  CHECK(n == env_count, "environ_sizes_get count %lu vs %zu", (unsigned long)n, env_count);
  CHECK(size == env_bytes, "environ_sizes_get bytes %lu vs %zu", (unsigned long)size, env_bytes);

  // args_get writes pointers into the buffer it was given, each string NUL-terminated.
  char *ptrs[64];
  static char buf[4096];
  if (n <= 64 && size <= sizeof buf) {
    CHECK(__wasi_args_sizes_get(&n, &size) == 0, "args_sizes_get again");
    CHECK(__wasi_args_get((uint8_t **)ptrs, (uint8_t *)buf) == 0, "args_get");
    for (int i = 0; i < argc && i < 64; i++) {
      CHECK(ptrs[i] >= buf && ptrs[i] < buf + size, "args_get pointer %d inside the buffer", i);
      CHECK(strcmp(ptrs[i], argv[i]) == 0, "args_get string %d", i);
    }
    CHECK(buf[size - 1] == 0, "last argument is NUL-terminated");
  }
  return finish();
}
