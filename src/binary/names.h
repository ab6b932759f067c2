#pragma once
// The "name" custom section (spec 7.4.1): module name, function names and local names.

#include <cstddef>
#include <cstdint>
#include <span>

#include "binary/module.h"

namespace mosaic::binary {

// Parses the contents of a "name" section (after its name) into `names`. The section is advisory: a
// malformed one never fails the module, so errors only stop the parse; subsections read before the
// error are kept. `base_offset` is the absolute offset of `contents`.
void parse_name_section(std::span<const uint8_t> contents, size_t base_offset, Names& names);

}  // namespace mosaic::binary
