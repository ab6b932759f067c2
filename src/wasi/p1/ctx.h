#pragma once
// Ctx: the state of one WASI preview1 guest: its arguments and environment, its file descriptor table
// (stdio, listening sockets, preopened directories, then whatever it opens) and its exit status.
// Guest descriptors are indices into the table; each entry owns one host descriptor.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mosaic/result.h"
#include "mosaic/wasi/preview1.h"
#include "wasi/p1/abi.h"

namespace mosaic::wasi::p1 {

// One entry of a directory listing, as fd_readdir reports it.
struct DirEntry {
  std::string name;
  uint64_t ino = 0;
  Filetype type = Filetype::Unknown;
};

// The WASI filetype of a host st_mode.
Filetype filetype_of(unsigned mode);

// The rights that mean something on a directory descriptor (a preopen's base rights), and on any other kind
// (files, devices, sockets: wasi-common's FileCaps). path_open gives a new descriptor only those of its kind.
inline constexpr uint64_t kDirectoryBaseRights =
    rights::kFdFdstatSetFlags | rights::kFdSync | rights::kFdAdvise | rights::kPathCreateDirectory |
    rights::kPathCreateFile | rights::kPathLinkSource | rights::kPathLinkTarget | rights::kPathOpen |
    rights::kFdReaddir | rights::kPathReadlink | rights::kPathRenameSource | rights::kPathRenameTarget |
    rights::kPathFilestatGet | rights::kPathFilestatSetSize | rights::kPathFilestatSetTimes |
    rights::kFdFilestatGet | rights::kFdFilestatSetTimes | rights::kPathSymlink | rights::kPathRemoveDirectory |
    rights::kPathUnlinkFile | rights::kPollFdReadwrite;
inline constexpr uint64_t kFileBaseRights =
    rights::kFdDatasync | rights::kFdRead | rights::kFdSeek | rights::kFdFdstatSetFlags | rights::kFdSync |
    rights::kFdTell | rights::kFdWrite | rights::kFdAdvise | rights::kFdAllocate | rights::kFdFilestatGet |
    rights::kFdFilestatSetSize | rights::kFdFilestatSetTimes | rights::kPollFdReadwrite;

struct FdEntry {
  int host = -1;       // the host descriptor
  bool owned = true;   // closed when the entry goes (false for inherited stdio)
  Filetype type = Filetype::Unknown;
  uint64_t rights_base = rights::kAll;        // what the guest may do with this descriptor
  uint64_t rights_inheriting = rights::kAll;  // rights of descriptors opened through it (directories)
  std::optional<std::string> preopen;         // the guest path of a preopened directory
  // fd_readdir: the listing read when a listing starts at cookie 0, reused for later cookies.
  std::vector<DirEntry> listing;

  FdEntry() = default;
  FdEntry(FdEntry&& other) noexcept;
  FdEntry& operator=(FdEntry&& other) noexcept;
  FdEntry(const FdEntry&) = delete;
  FdEntry& operator=(const FdEntry&) = delete;
  ~FdEntry();  // closes `host` when owned
};

class Ctx {
 public:
  // Opens the preopened directories and binds the listening sockets: an Io error names the one that failed.
  static Result<std::unique_ptr<Ctx>> create(const WasiConfig& config);

  std::vector<std::string> args;
  std::vector<std::string> env;  // "NAME=VALUE"

  // The entry for a guest descriptor, or null (errno badf).
  FdEntry* get(uint32_t fd);
  // Puts an entry at the lowest free descriptor; returns that descriptor.
  uint32_t insert(FdEntry entry);
  // Puts an entry at descriptor `fd`, replacing (and closing) what was there.
  void place(uint32_t fd, FdEntry entry);
  // Removes a descriptor (closing its host descriptor when owned); false when there is none.
  bool remove(uint32_t fd);

  std::optional<uint32_t> exit_code;  // set by proc_exit

 private:
  std::vector<std::optional<FdEntry>> fds_;
};

}  // namespace mosaic::wasi::p1
