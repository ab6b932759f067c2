// proc_exit and traps: argv[1] picks how the program ends — "exit N" (libc exit: atexit handlers run, stdio
// is flushed, then proc_exit N), "raw N" (__wasi_proc_exit N directly, from a nested call), "return N"
// (main returns N), "trap" (unreachable after printing: the runtime reports a trap and exits 134), and
// "after-exit" (code after proc_exit never runs).
#include "common.h"
#include <stdlib.h>
#include <unistd.h>
#include <wasi/api.h>

static void at_exit_handler(void) { printf("atexit handler ran\n"); }

__attribute__((noinline)) static void nested_exit(int depth, int code) {
  if (depth > 0) nested_exit(depth - 1, code);
  __wasi_proc_exit(code);
}

__attribute__((noinline)) static void nested_trap(int depth) {
  if (depth > 0) nested_trap(depth - 1);
  __builtin_trap();
}

int main(int argc, char **argv) {
  if (argc < 2) {
    printf("usage: exit.wasm exit|raw|return N | trap\n");
    return 2;
  }
  atexit(at_exit_handler);
  int code = argc > 2 ? atoi(argv[2]) : 0;
  printf("mode %s %d\n", argv[1], code);
  if (!strcmp(argv[1], "exit")) exit(code);
  if (!strcmp(argv[1], "raw")) {
    fflush(stdout);
    write(1, "unbuffered before proc_exit\n", 28);
    printf("this buffered line is lost: proc_exit does not flush");  // no newline: stays in the buffer
    nested_exit(5, code);
    printf("FAIL: proc_exit returned\n");
    return 99;
  }
  if (!strcmp(argv[1], "return")) return code;
  if (!strcmp(argv[1], "trap")) {
    fflush(stdout);
    nested_trap(3);
    printf("FAIL: trap returned\n");
    return 99;
  }
  printf("unknown mode\n");
  return 2;
}
