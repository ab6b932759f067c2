// Linear memory instances (spec 4.2.8), their growth (spec 4.5.3, growmem) and their initial contents from a
// copy-on-write image (exec/memory_image.h).

#include <algorithm>
#include <string>

#include "exec/memory_image.h"
#include "exec/runtime.h"
#include "support/platform/virtual_memory.h"

namespace mosaic::exec {

Result<std::unique_ptr<MemoryInst>> MemoryInst::create(const binary::MemoryType& type, uint64_t max_bytes) {
  auto mem = std::make_unique<MemoryInst>();
  mem->type = type;
  uint64_t max_pages = std::min(type.limits.max.value_or(binary::kMaxPages), binary::kMaxPages);
  uint64_t min_pages = type.limits.min;
  if (min_pages > max_pages)
    return Error(ErrorKind::Exhausted, "out of memory: initial size exceeds the limit");
  // The host's limit (Config::max_memory_bytes) caps growth; a memory that starts above it is refused.
  uint64_t host_pages = max_bytes / binary::kPageSize;
  if (min_pages > host_pages) {
    return Error(ErrorKind::Exhausted, "memory minimum size of " + std::to_string(min_pages) + " pages (" +
                                           std::to_string(min_pages * binary::kPageSize) +
                                           " bytes) exceeds the limit of " + std::to_string(max_bytes) +
                                           " bytes (max memory size)");
  }
  max_pages = std::min(max_pages, host_pages);
  mem->max_pages = max_pages;
  // When the OS will not reserve the maximum (a limit on address space, ulimit -v), settle for half as much,
  // and so on down to the initial size: the memory then grows only that far (memory.grow returns -1 beyond).
  // Of the largest size the OS would grant, half is taken, leaving the host room for its own needs (the
  // guest's stack, other memories).
  uint64_t pages = max_pages;
  while (pages != 0) {
    mem->data = support::platform::reserve(pages * binary::kPageSize);
    if (mem->data != nullptr || pages == min_pages) break;
    pages = std::max(min_pages, pages / 2);
  }
  if (mem->data != nullptr && pages != max_pages && pages / 2 > min_pages) {
    support::platform::release(mem->data, pages * binary::kPageSize);
    pages /= 2;
    mem->data = support::platform::reserve(pages * binary::kPageSize);
  }
  if (mem->data != nullptr) {
    mem->reserved = pages * binary::kPageSize;
    mem->max_pages = pages;
  } else if (min_pages != 0) {
    return Error(ErrorKind::Exhausted, "out of memory: cannot reserve " +
                                           std::to_string(min_pages * binary::kPageSize) +
                                           " bytes of address space for a memory");
  } else {
    mem->max_pages = 0;  // a zero-page memory that cannot grow: data stays null
  }
  if (!support::platform::commit(mem->data, 0, min_pages * binary::kPageSize)) {
    return Error(ErrorKind::Exhausted, "out of memory");
  }
  mem->size = min_pages * binary::kPageSize;
  return mem;
}

bool MemoryInst::map_image(const MemoryImage& img, std::shared_ptr<const void> owner) {
  if (img.offset > size || img.size() > size - img.offset) return false;
  if (img.file && !img.file->map_private(data + img.offset)) return false;
  image = &img;
  image_owner = std::move(owner);
  img.prefault(data + img.offset);
  return true;
}

int64_t MemoryInst::grow(uint64_t delta_pages) {
  uint64_t old_pages = pages();
  if (delta_pages > binary::kMaxPages) return -1;
  uint64_t new_pages = old_pages + delta_pages;
  // max_pages is the least of the type's maximum, 65536 pages and the host's limit.
  if (new_pages > max_pages || new_pages > binary::kMaxPages) return -1;
  if (type.limits.max && new_pages > *type.limits.max) return -1;
  uint64_t new_size = new_pages * binary::kPageSize;
  if (new_size > reserved) return -1;
  if (!support::platform::commit(data, size, new_size)) return -1;
  size = new_size;
  type.limits.min = new_pages;
  return int64_t(old_pages);
}

MemoryInst::~MemoryInst() {
  if (image) image->learn(data + image->offset);
  support::platform::release(data, reserved);
}

}  // namespace mosaic::exec
