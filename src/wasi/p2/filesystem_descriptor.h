#pragma once
// wasi:filesystem/types#descriptor: an open file or directory, over a host descriptor shared (FdHolder) with
// the streams made from it. Made by wasi:filesystem/preopens#get-directories and descriptor.open-at.
//
// Permissions follow wasmtime's model. What a descriptor may do to the filesystem (`mutate`: create, remove,
// rename, link beneath a directory; write, resize or re-time a file) is fixed by the preopen it descends from
// and inherited by everything opened through it, whatever descriptor-flags open-at is given (the preview1
// adapter never asks for mutate-directory, yet its programs create files in subdirectories). Whether a file
// reads or writes is its host open mode (`read`, `write`), from open-at's flags.

#include <cstdint>
#include <memory>

#include "wasi/p2/ctx.h"

namespace mosaic::wasi::p2 {

// descriptor-flags' sync requests, as open-at was given them (the host cannot tell O_RSYNC from O_SYNC).
enum SyncFlag : uint8_t {
  kFileIntegritySync = 1,   // O_SYNC
  kDataIntegritySync = 2,   // O_DSYNC
  kRequestedWriteSync = 4,  // O_RSYNC
};

class Descriptor : public Object {
 public:
  Descriptor(std::shared_ptr<FdHolder> fd, bool directory, bool read, bool write, bool mutate,
             uint8_t sync = 0)
      : fd(std::move(fd)), directory(directory), read(read), write(write), mutate(mutate), sync(sync) {}

  std::shared_ptr<FdHolder> fd;
  bool directory = false;
  bool read = false;    // the host descriptor was opened for reading
  bool write = false;   // ... for writing (never a directory)
  bool mutate = false;  // the filesystem beneath (or the file) may be changed through it
  uint8_t sync = 0;     // SyncFlag bits
};

}  // namespace mosaic::wasi::p2
