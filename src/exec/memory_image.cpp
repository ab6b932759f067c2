// Building the copy-on-write images of a module's memories (exec/memory_image.h).

#include "exec/memory_image.h"

#include <algorithm>
#include <cstring>

#include "exec/const_eval.h"
#include "exec/runtime.h"
#include "support/platform/virtual_memory.h"

namespace mosaic::exec {

namespace {

// An active data segment of one defined memory, its offset evaluated.
struct Placed {
  uint64_t offset = 0;
  const uint8_t* bytes = nullptr;
  uint64_t size = 0;
};

bool page_is_zero(const uint8_t* page, size_t size) {
  for (size_t i = 0; i < size; i += sizeof(uint64_t)) {
    uint64_t word;
    std::memcpy(&word, page + i, sizeof word);
    if (word != 0) return false;
  }
  return true;
}

// The image of one memory from its segments (in module order; a later one overwrites an earlier one where
// they overlap, as the copies would), or null when the OS has no memory files.
std::unique_ptr<const MemoryImage> image_of(const std::vector<Placed>& segments) {
  auto image = std::make_unique<MemoryImage>();
  const uint64_t page = support::platform::page_size();
  uint64_t lo = UINT64_MAX, hi = 0;
  for (const Placed& s : segments) {
    if (s.size == 0) continue;
    lo = std::min(lo, s.offset);
    hi = std::max(hi, s.offset + s.size);
  }
  if (lo >= hi) return image;  // only empty segments: the memory stays zero
  lo = lo / page * page;
  hi = (hi + page - 1) / page * page;
  std::vector<uint8_t> bytes(hi - lo);
  for (const Placed& s : segments) {
    if (s.size != 0) std::memcpy(bytes.data() + (s.offset - lo), s.bytes, s.size);
  }
  // Leading and trailing zero pages stay out of the file: they are zero pages of the memory already.
  uint64_t first = 0, last = bytes.size();
  while (first < last && page_is_zero(bytes.data() + first, page)) first += page;
  while (last > first && page_is_zero(bytes.data() + last - page, page)) last -= page;
  image->offset = lo + first;
  if (first == last) return image;
  image->file = support::platform::MemoryFile::create(bytes.data() + first, last - first);
  if (!image->file) return nullptr;
  return image;
}

}  // namespace

ModuleImages::Images ModuleImages::build(const Instance& instance) {
  const binary::Module& m = instance.module->binary();
  Images images(m.memories.size());
  // An image ends on a host page boundary, which must not pass the memory's end.
  if (support::platform::page_size() > binary::kPageSize || m.memories.empty()) return images;

  // Offsets are evaluated without the instance's globals: one that reads a global (an import's value)
  // fails to evaluate here, and its memory gets no image.
  Instance probe;
  probe.module = instance.module;
  std::vector<std::vector<Placed>> placed(m.memories.size());
  std::vector<bool> imageable(m.memories.size(), true);
  for (const binary::DataSegment& seg : m.datas) {
    if (seg.mode != binary::SegmentMode::Active || seg.memory < m.num_imported_memories) continue;
    uint32_t defined = seg.memory - m.num_imported_memories;
    if (!imageable[defined]) continue;
    Result<ConstValue> offset = eval_const(probe, seg.offset);
    // A segment past the initial size traps at every instantiation (spec 4.5.4): the copy path does that.
    uint64_t initial = m.memories[defined].limits.min * binary::kPageSize;
    Placed p{offset ? uint32_t(offset->slots[0]) : 0, m.bytes.data() + seg.init.begin, seg.init.size()};
    if (!offset || p.offset + p.size > initial) {
      imageable[defined] = false;
      continue;
    }
    placed[defined].push_back(p);
  }
  for (size_t d = 0; d < m.memories.size(); ++d) {
    if (imageable[d] && !placed[d].empty()) images[d] = image_of(placed[d]);
  }
  return images;
}

void MemoryImage::learn(const uint8_t* mapped) const {
  if (!file || ready_.load(std::memory_order_acquire)) return;
  std::vector<bool> written = support::platform::MemoryFile::written_pages(mapped, file->size());
  std::lock_guard lock(learning_);
  if (samples_ >= kSamples) return;
  if (written.size() != file->size() / support::platform::page_size()) {
    samples_ = kSamples;  // the OS cannot tell: prefault nothing
  } else {
    if (written_.empty()) written_.resize(written.size());
    for (size_t i = 0; i < written.size(); ++i) written_[i] = written_[i] || written[i];
    ++samples_;
  }
  if (samples_ < kSamples) return;
  const uint64_t page = support::platform::page_size();
  for (size_t i = 0; i < written_.size();) {
    if (!written_[i]) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < written_.size() && written_[j]) ++j;
    hot_.push_back({i * page, (j - i) * page});
    i = j;
  }
  written_ = {};
  ready_.store(true, std::memory_order_release);
}

void MemoryImage::prefault(uint8_t* mapped) const {
  if (!ready_.load(std::memory_order_acquire)) return;
  for (const Run& run : hot_) support::platform::MemoryFile::populate_write(mapped + run.offset, run.bytes);
}

const ModuleImages::Images* ModuleImages::for_instantiation(const Instance& instance) {
  if (instantiations_.fetch_add(1, std::memory_order_relaxed) == 0) return nullptr;
  std::call_once(built_, [&] {
    images_ = build(instance);
    any_ = std::any_of(images_.begin(), images_.end(), [](const auto& image) { return image != nullptr; });
  });
  return any_ ? &images_ : nullptr;
}

}  // namespace mosaic::exec
