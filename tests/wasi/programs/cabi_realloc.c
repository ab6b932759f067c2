// Linked into every test program: the allocator the Component Model's canonical ABI calls (`cabi_realloc`).
// Wrapped as a component by jco's preview1 adapter, a module that exports it gives the adapter its state from
// malloc; without it the adapter takes a page with memory.grow, which this (2022) wasi-libc's malloc then
// treats as free heap once it grows, overwriting the adapter's state ("assertion failed at adapter line
// 2857" under any runtime, jco's included). Module runs never call it.
#include <stdlib.h>

__attribute__((export_name("cabi_realloc"))) void* cabi_realloc(void* ptr, size_t old_size, size_t align,
                                                                 size_t new_size) {
  (void)old_size;
  if (new_size == 0) return (void*)align;
  void* p = realloc(ptr, new_size);
  if (!p) abort();
  return p;
}
