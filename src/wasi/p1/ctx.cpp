#include "wasi/p1/ctx.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace mosaic::wasi::p1 {
namespace {

// Rights of a directory descriptor, and of what may be opened beneath it.
constexpr uint64_t kDirectoryRights = kDirectoryBaseRights;
constexpr uint64_t kSocketRights = rights::kFdRead | rights::kFdWrite | rights::kFdFdstatSetFlags |
                                   rights::kFdFilestatGet | rights::kPollFdReadwrite | rights::kSockShutdown |
                                   rights::kSockAccept;

Error io_error(const std::string& what) { return Error(ErrorKind::Io, what + ": " + std::strerror(errno)); }

// "HOST:PORT" or "[V6HOST]:PORT": a bound, listening TCP socket.
Result<int> listen_tcp(const std::string& address) {
  size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon + 1 == address.size())
    return Error(ErrorKind::Usage, "--tcplisten " + address + ": expected HOST:PORT");
  std::string host = address.substr(0, colon);
  std::string port = address.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints, &found);
  if (rc != 0 || found == nullptr)
    return Error(ErrorKind::Usage, "--tcplisten " + address + ": " + gai_strerror(rc));
  int fd = socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    freeaddrinfo(found);
    return io_error("--tcplisten " + address);
  }
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, found->ai_addr, found->ai_addrlen) != 0 || listen(fd, SOMAXCONN) != 0) {
    Error error = io_error("--tcplisten " + address);
    freeaddrinfo(found);
    close(fd);
    return error;
  }
  freeaddrinfo(found);
  return fd;
}

}  // namespace

Filetype filetype_of(unsigned mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return Filetype::RegularFile;
    case S_IFDIR: return Filetype::Directory;
    case S_IFCHR: return Filetype::CharacterDevice;
    case S_IFBLK: return Filetype::BlockDevice;
    case S_IFLNK: return Filetype::SymbolicLink;
    case S_IFSOCK: return Filetype::SocketStream;
    default: return Filetype::Unknown;
  }
}

FdEntry::FdEntry(FdEntry&& other) noexcept
    : host(std::exchange(other.host, -1)),
      owned(other.owned),
      type(other.type),
      rights_base(other.rights_base),
      rights_inheriting(other.rights_inheriting),
      preopen(std::move(other.preopen)),
      listing(std::move(other.listing)) {}

FdEntry& FdEntry::operator=(FdEntry&& other) noexcept {
  if (this == &other) return *this;
  if (owned && host >= 0) close(host);
  host = std::exchange(other.host, -1);
  owned = other.owned;
  type = other.type;
  rights_base = other.rights_base;
  rights_inheriting = other.rights_inheriting;
  preopen = std::move(other.preopen);
  listing = std::move(other.listing);
  return *this;
}

FdEntry::~FdEntry() {
  if (owned && host >= 0) close(host);
}

Result<std::unique_ptr<Ctx>> Ctx::create(const WasiConfig& config) {
  auto ctx = std::make_unique<Ctx>();
  ctx->args = config.args;
  ctx->env = config.env;
  const int stdio[3] = {config.stdin_fd, config.stdout_fd, config.stderr_fd};
  for (int i = 0; i < 3; ++i) {
    const int fd = stdio[i];
    FdEntry entry;
    entry.host = fd;
    entry.owned = false;
    struct stat st {};
    entry.type = fstat(fd, &st) == 0 ? filetype_of(st.st_mode) : Filetype::Unknown;
    // Stdio is a stream the guest shares with the host's parent process: it may read (0) or write (1, 2),
    // never seek, truncate, re-time or pwrite the host's file (as wasmtime treats stdio). Without the seek
    // and tell rights wasi-libc's isatty() answers yes for a character device, so a terminal gets line
    // buffering.
    entry.rights_base = (i == 0 ? rights::kFdRead : rights::kFdWrite) |
                        rights::kFdFilestatGet | rights::kFdFdstatSetFlags | rights::kPollFdReadwrite;
    entry.rights_inheriting = 0;
    ctx->insert(std::move(entry));
  }
  for (const std::string& address : config.tcp_listen) {
    int fd = MOSAIC_TRY(listen_tcp(address));
    FdEntry entry;
    entry.host = fd;
    entry.type = Filetype::SocketStream;
    entry.rights_base = kSocketRights;
    entry.rights_inheriting = kSocketRights;
    ctx->insert(std::move(entry));
  }
  for (const DirPreopen& dir : config.dirs) {
    int fd = open(dir.host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return io_error("cannot open directory " + dir.host_path);
    FdEntry entry;
    entry.host = fd;
    entry.type = Filetype::Directory;
    entry.rights_base = kDirectoryRights;
    entry.rights_inheriting = rights::kAll;
    entry.preopen = dir.guest_path;
    ctx->insert(std::move(entry));
  }
  return ctx;
}

FdEntry* Ctx::get(uint32_t fd) {
  if (fd >= fds_.size() || !fds_[fd]) return nullptr;
  return &*fds_[fd];
}

uint32_t Ctx::insert(FdEntry entry) {
  for (uint32_t fd = 0; fd < fds_.size(); ++fd) {
    if (!fds_[fd]) {
      fds_[fd].emplace(std::move(entry));
      return fd;
    }
  }
  fds_.emplace_back(std::move(entry));
  return static_cast<uint32_t>(fds_.size() - 1);
}

void Ctx::place(uint32_t fd, FdEntry entry) {
  if (fd >= fds_.size()) fds_.resize(size_t(fd) + 1);
  fds_[fd].reset();
  fds_[fd].emplace(std::move(entry));
}

bool Ctx::remove(uint32_t fd) {
  if (fd >= fds_.size() || !fds_[fd]) return false;
  fds_[fd].reset();
  while (!fds_.empty() && !fds_.back()) fds_.pop_back();
  return true;
}

}  // namespace mosaic::wasi::p1
