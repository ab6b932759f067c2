// HandleTable (CanonicalABI.md "Table State"; definitions.py's Table): a component instance's handles.

#include <string>

#include "component/runtime/runtime.h"
#include "mosaic/trap.h"

namespace mosaic::component::rt {

namespace {
Error unknown_handle(uint32_t i) { return trap("unknown handle index " + std::to_string(i)); }
}  // namespace

// Table.add: reuse a freed slot, else append; trap past MAX_LENGTH.
Result<uint32_t> HandleTable::add(ResourceHandle h) {
  if (!free_.empty()) {
    uint32_t i = free_.back();
    free_.pop_back();
    array_[i] = h;
    return i;
  }
  size_t i = array_.size();
  if (i > kMaxLength) return trap("cannot allocate another handle: index overflow");
  array_.emplace_back(h);
  return uint32_t(i);
}

// Table.get: trap_if(i >= len(array)); trap_if(array[i] is None).
Result<ResourceHandle*> HandleTable::get(uint32_t i) {
  if (i >= array_.size() || !array_[i]) return unknown_handle(i);
  return &*array_[i];
}

// Table.remove.
Result<ResourceHandle> HandleTable::remove(uint32_t i) {
  if (i >= array_.size() || !array_[i]) return unknown_handle(i);
  ResourceHandle h = *array_[i];
  array_[i].reset();
  free_.push_back(i);
  return h;
}

size_t HandleTable::live() const {
  size_t n = 0;
  for (const auto& e : array_) n += e.has_value();
  return n;
}

size_t HandleTable::remove_borrows_of(const CallScope* scope) {
  size_t n = 0;
  for (size_t i = 1; i < array_.size(); ++i) {
    if (array_[i] && !array_[i]->own && array_[i]->borrow_scope == scope) {
      array_[i].reset();
      free_.push_back(uint32_t(i));
      ++n;
    }
  }
  return n;
}

}  // namespace mosaic::component::rt
