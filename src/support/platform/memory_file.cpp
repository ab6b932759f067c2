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

#else

std::optional<MemoryFile> MemoryFile::create(const uint8_t*, size_t) { return std::nullopt; }

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
