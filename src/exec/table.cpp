// Table instances (spec 4.2.7) and their growth (spec 4.5.3, growtable).

#include <algorithm>

#include "exec/runtime.h"

namespace mosaic::exec {

int64_t TableInst::grow(uint64_t delta, uint64_t init) {
  uint64_t old_size = elems.size();
  uint64_t limit = std::min(type.limits.max.value_or(kMaxTableSize), std::min(max_size, kMaxTableSize));
  if (delta > limit || old_size + delta > limit) return -1;
  elems.resize(old_size + delta, init);
  type.limits.min = elems.size();
  return int64_t(old_size);
}

}  // namespace mosaic::exec
