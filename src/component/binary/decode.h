#pragma once
// Decoding of component binaries (Binary.md). Errors are Malformed with the byte offset into the input and a
// message in wasm-tools' wording where the spec tests compare it ("unexpected end", "malformed section id", ...).

#include <cstdint>
#include <memory>
#include <span>

#include "component/binary/ast.h"
#include "mosaic/result.h"

namespace mosaic::component::binary {

// True when `bytes` start with the component preamble (magic, version 0x0d 0x00, layer 0x01 0x00); a core
// module has layer 0x00 0x00.
bool is_component(std::span<const uint8_t> bytes);

// Decodes a whole component, nested components and core modules included (core modules are kept as bytes;
// validation decodes them with the core decoder).
Result<std::unique_ptr<ast::Component>> decode(std::span<const uint8_t> bytes);

}  // namespace mosaic::component::binary
