#pragma once
// Copy-on-write images of linear memories, as wasmtime's memory_init_cow. Instantiation (spec 4.5.4) runs
// every active data segment as memory.init into a fresh, zeroed memory. When all the segments of a defined
// memory have constant offsets and fit in its initial size, the result is the same bytes for every instance:
// they are built once into a memory file (support/platform/memory_file.h) and each instance maps that file
// copy-on-write over the start of its memory instead of copying the segments. Pages are shared until an
// instance writes one; pages past the image (and memory.grow) stay zero pages of the reservation.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "support/platform/memory_file.h"

namespace mosaic::exec {

struct Instance;

// The initial contents of one defined memory after its active data segments: the bytes of
// [offset, offset + file->size()) are the file's, everything else is zero.
struct MemoryImage {
  uint64_t offset = 0;                                // a multiple of the host page size
  std::optional<support::platform::MemoryFile> file;  // none when the segments write only zeros
  uint64_t size() const { return file ? file->size() : 0; }

  // The pages instances write. The first kSamples instances to end report the image pages they wrote
  // (learn); from then on every new instance gets those pages as private copies at once (prefault), which
  // is cheaper than the guest's read fault, write fault and cross-core TLB flush on each of them.
  static constexpr uint32_t kSamples = 8;
  void learn(const uint8_t* mapped) const;
  void prefault(uint8_t* mapped) const;

 private:
  struct Run {
    uint64_t offset, bytes;  // from the image's start
  };
  mutable std::mutex learning_;
  mutable uint32_t samples_ = 0;       // under learning_
  mutable std::vector<bool> written_;  // under learning_: pages written by any sample
  mutable std::vector<Run> hot_;       // written once, before ready_ is set
  mutable std::atomic<bool> ready_{false};
};

// The images of one compiled module's defined memories, shared by all its instances.
//
// A module instantiated once (as by `mosaic run`) gains nothing from an image, whose building costs about
// what the copy does, so the first instantiation copies the segments; the second builds the images (once,
// whichever thread gets there first; the others wait for it), and every later instantiation maps them.
class ModuleImages {
 public:
  using Images = std::vector<std::unique_ptr<const MemoryImage>>;

  // Called by each instantiation of the module, whose Instance has its module set. Returns one entry per
  // defined memory (null: that memory's segments are copied), or null when this instantiation copies every
  // segment: its first, or a module without any image. Thread-safe.
  const Images* for_instantiation(const Instance& instance);

  // Builds the images of `instance`'s module now (the work of for_instantiation's second call).
  static Images build(const Instance& instance);

 private:
  std::atomic<uint64_t> instantiations_{0};
  std::once_flag built_;
  Images images_;
  bool any_ = false;  // some entry of images_ is set
};

}  // namespace mosaic::exec
