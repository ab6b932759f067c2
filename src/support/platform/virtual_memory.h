#pragma once
// Reserving and committing virtual address space: the only place that calls mmap, mprotect and munmap.
// Linear memories (exec/memory.cpp) reserve their maximum size once and commit pages as they grow, so the
// base address never moves while a guest runs.

#include <cstddef>
#include <cstdint>

namespace mosaic::support::platform {

// Reserves `bytes` of inaccessible address space (no memory is committed). Returns null when the OS
// refuses, or for 0 bytes.
uint8_t* reserve(size_t bytes);

// Makes [base + from, base + to) of a reservation readable and writable. The pages read as zero the first
// time. Returns false when the OS refuses.
bool commit(uint8_t* base, size_t from, size_t to);

// Returns a whole reservation to the OS.
void release(uint8_t* base, size_t bytes);

// The OS page size in bytes.
size_t page_size();

}  // namespace mosaic::support::platform
