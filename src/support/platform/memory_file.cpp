#include "support/platform/memory_file.h"

#if defined(__linux__)
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#endif

namespace mosaic::support::platform {

#if defined(__linux__)

std::optional<MemoryFile> MemoryFile::create(const uint8_t* data, size_t bytes) {
  if (bytes == 0) return std::nullopt;
  int fd = memfd_create("mosaic-memory-image", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return std::nullopt;
  MemoryFile file(fd, bytes);
  if (ftruncate(fd, off_t(bytes)) != 0) return std::nullopt;
  size_t done = 0;
  while (done < bytes) {
    ssize_t n = pwrite(fd, data + done, bytes - done, off_t(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    done += size_t(n);
  }
  // Sealed, the contents every mapping copies from can no longer change, nor can the file shrink under a
  // mapping (which would turn reads of the memory into SIGBUS). Kernels without seals still work.
  (void)fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
  return file;
}

MemoryFile::~MemoryFile() {
  if (fd_ >= 0) close(fd_);
}

bool MemoryFile::map_private(uint8_t* at) const {
  void* p = mmap(at, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd_, 0);
  if (p != MAP_FAILED) return true;
  // A failed MAP_FIXED may already have removed the old pages: put fresh zero pages back.
  (void)mmap(at, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1,
             0);
  return false;
}

std::vector<bool> MemoryFile::written_pages(const uint8_t* at, size_t bytes) {
  const size_t page = size_t(sysconf(_SC_PAGESIZE));
  const size_t pages = bytes / page;
  std::vector<uint64_t> entries(pages);
  int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  const off_t first = off_t(reinterpret_cast<uintptr_t>(at) / page * sizeof(uint64_t));
  size_t done = 0;
  const size_t want = pages * sizeof(uint64_t);
  while (done < want) {
    ssize_t n = pread(fd, reinterpret_cast<char*>(entries.data()) + done, want - done, first + off_t(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += size_t(n);
  }
  close(fd);
  if (done != want) return {};
  // pagemap: bit 63 page present, bit 61 file-backed or shared. A present page of a private file mapping
  // that is no longer the file's is the process's own copy.
  std::vector<bool> written(pages);
  for (size_t i = 0; i < pages; ++i) written[i] = (entries[i] >> 63 & 1) != 0 && (entries[i] >> 61 & 1) == 0;
  return written;
}

void MemoryFile::populate_write(uint8_t* at, size_t bytes) {
#if defined(MADV_POPULATE_WRITE)
  (void)madvise(at, bytes, MADV_POPULATE_WRITE);
#else
  (void)at;
  (void)bytes;
#endif
}

#else

std::optional<MemoryFile> MemoryFile::create(const uint8_t*, size_t) { return std::nullopt; }

std::vector<bool> MemoryFile::written_pages(const uint8_t*, size_t) { return {}; }

void MemoryFile::populate_write(uint8_t*, size_t) {}

MemoryFile::~MemoryFile() = default;

bool MemoryFile::map_private(uint8_t*) const { return false; }

#endif

MemoryFile& MemoryFile::operator=(MemoryFile&& other) noexcept {
  if (this != &other) {
    MemoryFile old(fd_, size_);  // closes the current file
    fd_ = other.fd_;
    size_ = other.size_;
    other.fd_ = -1;
  }
  return *this;
}

}  // namespace mosaic::support::platform
