#pragma once
// wasi:filesystem/types#directory-entry-stream: the entries of a directory (descriptor.read-directory), read
// one at a time from the host as the guest asks for them, so a large directory is never held in memory.

#include <dirent.h>

#include <optional>
#include <string>
#include <string_view>

#include "wasi/p2/ctx.h"

namespace mosaic::wasi::p2 {

struct DirectoryEntry {
  std::string_view type;  // a descriptor-type case name
  std::string name;
};

class DirectoryEntryStream : public Object {
 public:
  // A stream over the directory `dir_fd` from its first entry, with a position of its own (the directory is
  // opened anew, so reading it does not move or depend on `dir_fd`'s offset). 0 or a host errno.
  [[nodiscard]] static int open(int dir_fd, std::unique_ptr<DirectoryEntryStream>& out);
  ~DirectoryEntryStream() override;
  DirectoryEntryStream(const DirectoryEntryStream&) = delete;
  DirectoryEntryStream& operator=(const DirectoryEntryStream&) = delete;

  // The next entry, or nullopt at the end; 0 or a host errno. `.` and `..` are never given (WASI 0.2 leaves
  // them out; the preview1 adapter adds them back for fd_readdir). A name that is not UTF-8 is EILSEQ for
  // that entry, and the next call goes on with the one after it.
  [[nodiscard]] int next(std::optional<DirectoryEntry>& out);

 private:
  explicit DirectoryEntryStream(DIR* dir) : dir_(dir) {}
  DIR* dir_ = nullptr;
};

// The descriptor-type case of a host st_mode.
std::string_view descriptor_type_of(unsigned mode);

}  // namespace mosaic::wasi::p2
