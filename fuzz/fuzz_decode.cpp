// fuzz_decode: bytes -> binary::decode of a core module (spec 5). Any input must give a module or a Malformed
// error; never a crash, a sanitizer report or an unbounded allocation.

#include <cstddef>
#include <cstdint>
#include <span>

#include "binary/decode.h"
#include "common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto module = mosaic::binary::decode(std::span<const uint8_t>(data, size));
  if (!module) MOSAIC_FUZZ_CHECK(module.error().kind == mosaic::ErrorKind::Malformed);
  return 0;
}
