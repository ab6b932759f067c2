// Regressions found by fuzzing (fuzz/README.md) in function validation.

#include <gtest/gtest.h>

#include "valid/func_validator.h"
#include "wasm_builder.h"

namespace mosaic::valid::test {
namespace {

using namespace op;

Bytes func_with_locals(const Bytes& params, const std::vector<std::pair<uint32_t, uint8_t>>& locals) {
  ModuleBytes m;
  m.types.push_back(func_type(params, {}));
  m.func(0, {kEnd}, locals);
  return m.build();
}

// fuzz_instantiate: a 32-byte function declaring 0xf4ffffff i32 and 2 i64 locals (below the binary format's
// 2^32 limit) validated, and compiling it allocated gigabytes for its locals' layout. Past the 50,000-local
// implementation limit, parameters included, it is refused as "too many locals".
TEST(FuncValidatorRegression, LocalsPastTheImplementationLimit) {
  auto r = validate_bytes(func_with_locals({}, {{0xf4ffffffu, kI32}, {2, kI64}}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
  EXPECT_EQ(r.error().message, "too many locals");
  EXPECT_FALSE(validate_bytes(func_with_locals({}, {{uint32_t(kMaxFunctionLocals) + 1, kI32}})));
  EXPECT_FALSE(validate_bytes(func_with_locals({kI32, kI64}, {{uint32_t(kMaxFunctionLocals) - 1, kI32}})));
  // At the limit: valid.
  EXPECT_TRUE(
      validate_bytes(func_with_locals({kI32}, {{uint32_t(kMaxFunctionLocals) - 2, kI64}, {1, kF32}})));
}

}  // namespace
}  // namespace mosaic::valid::test
