#include "support/platform/virtual_memory.h"

#include <sys/mman.h>
#include <unistd.h>

namespace mosaic::support::platform {

uint8_t* reserve(size_t bytes) {
  if (bytes == 0) return nullptr;
  void* p = mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  return static_cast<uint8_t*>(p);
}

bool commit(uint8_t* base, size_t from, size_t to) {
  if (from >= to) return true;
  return mprotect(base + from, to - from, PROT_READ | PROT_WRITE) == 0;
}

void release(uint8_t* base, size_t bytes) {
  if (base != nullptr && bytes != 0) munmap(base, bytes);
}

size_t page_size() {
  static const size_t size = [] {
    long s = sysconf(_SC_PAGESIZE);
    return s > 0 ? size_t(s) : size_t(4096);
  }();
  return size;
}

}  // namespace mosaic::support::platform
