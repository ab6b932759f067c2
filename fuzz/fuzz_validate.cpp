// fuzz_validate: decode, validate (spec 3) and, for a valid module, compile it for the interpreter
// (exec::compile, as Module::compile does). Errors must be of the stage's kind: Malformed from decoding,
// Invalid from validation (or Malformed "too many locals"); a valid module must compile.

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

#include "binary/decode.h"
#include "common.h"
#include "exec/runtime.h"
#include "mosaic/engine.h"
#include "valid/validate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using mosaic::ErrorKind;
  auto decoded = mosaic::binary::decode(std::span<const uint8_t>(data, size));
  if (!decoded) {
    MOSAIC_FUZZ_CHECK(decoded.error().kind == ErrorKind::Malformed);
    return 0;
  }
  auto validated = mosaic::valid::validate(std::move(*decoded));
  if (!validated) {
    // The one malformed case validation reports: "too many locals", counted with the parameters there.
    const mosaic::Error& e = validated.error();
    MOSAIC_FUZZ_CHECK(e.kind == ErrorKind::Invalid ||
                      (e.kind == ErrorKind::Malformed && e.message == "too many locals"));
    return 0;
  }
  for (bool fuel : {false, true}) {
    mosaic::Config config;
    config.consume_fuel = fuel;
    auto compiled = mosaic::exec::compile(*validated, config);
    // Compiling a valid module may only run out of resources.
    if (!compiled) MOSAIC_FUZZ_CHECK(compiled.error().kind == ErrorKind::Exhausted);
  }
  return 0;
}
