#pragma once
// Anonymous in-memory files (Linux memfd) that hold the initial contents of a linear memory, and mapping them
// copy-on-write into a reservation (support/platform/virtual_memory.h). Mapped MAP_PRIVATE, the file's pages
// are shared by every memory that maps it until one of them writes a page, which then gets its own copy; the
// file never changes after it is written and sealed. On other systems memory files are unavailable and
// callers keep copying the bytes.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace mosaic::support::platform {

class MemoryFile {
 public:
  // A file of `bytes` (a multiple of page_size()) holding `data`, then sealed against writes and resizing.
  // nullopt when the OS has no memory files or refuses.
  static std::optional<MemoryFile> create(const uint8_t* data, size_t bytes);

  MemoryFile(MemoryFile&& other) noexcept : fd_(other.fd_), size_(other.size_) { other.fd_ = -1; }
  MemoryFile& operator=(MemoryFile&& other) noexcept;
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  ~MemoryFile();

  size_t size() const { return size_; }

  // Maps the whole file, readable and writable, copy-on-write, at `at` (page-aligned, inside a reservation
  // whose pages there it replaces). Returns false when the OS refuses; the pages at `at` then read as zero.
  bool map_private(uint8_t* at) const;

  // Of the `bytes` mapped at `at` (a map_private of this file), which pages have been written: they are
  // private copies now, not the file's page (/proc/self/pagemap). Empty when the OS cannot tell.
  static std::vector<bool> written_pages(const uint8_t* at, size_t bytes);
  // Makes the pages of [at, at + bytes) private copies now (MADV_POPULATE_WRITE), as writing each would, but
  // in one call and without first mapping the file's page read-only: a page read before it is written
  // faults twice, and the second fault flushes the TLB of every core running the process. Best effort.
  static void populate_write(uint8_t* at, size_t bytes);

 private:
  MemoryFile(int fd, size_t size) : fd_(fd), size_(size) {}
  int fd_ = -1;
  size_t size_ = 0;
};

}  // namespace mosaic::support::platform
