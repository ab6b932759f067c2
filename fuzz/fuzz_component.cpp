// fuzz_component: component binary decode and validation (Binary.md, Explainer.md's validation rules), which
// also validates and compiles the core modules inside. Any input must give a component or a Malformed or
// Invalid error (Exhausted for a limit), never a crash.

#include <cstddef>
#include <cstdint>
#include <span>

#include "common.h"
#include "mosaic/component/component.h"
#include "mosaic/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using mosaic::ErrorKind;
  static mosaic::Engine engine;
  auto c = mosaic::component::Component::compile(engine, std::span<const uint8_t>(data, size));
  if (!c) {
    ErrorKind k = c.error().kind;
    MOSAIC_FUZZ_CHECK(k == ErrorKind::Malformed || k == ErrorKind::Invalid || k == ErrorKind::Exhausted);
  }
  return 0;
}
