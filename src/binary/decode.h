#pragma once
// bytes -> binary::Module (spec 5). Checks everything the binary format requires (malformed modules);
// everything else is valid::validate's job.

#include <cstdint>
#include <span>

#include "binary/module.h"
#include "mosaic/result.h"

namespace mosaic::binary {

// Errors are ErrorKind::Malformed with the byte offset and the reference interpreter's message
// ("magic header not detected", "unknown binary version", "unexpected end", "section size mismatch",
// "length out of bounds", "malformed section id", "too many locals", "function and code section have
// inconsistent lengths", "data count section required", "malformed UTF-8 encoding", ...).
Result<Module> decode(std::span<const uint8_t> bytes, const Features& features = {});
// The same, taking the bytes over instead of copying them (a module can be tens of megabytes).
Result<Module> decode(std::vector<uint8_t>&& bytes, const Features& features = {});

}  // namespace mosaic::binary
