// Config::max_instances: a store holds at most that many module instances; one more fails to instantiate
// with an Exhausted error, and the instances it has keep working.

#include <cstdint>
#include <vector>

#include "interp_harness.h"

namespace mosaic::exec::interp::test {
namespace {

ModuleBytes answer_module() {
  ModuleBytes m;
  m.types = {func_type({}, {op::kI32})};
  m.func(0, cat({i32c(42), {op::kEnd}}));
  m.exports = {export_func("answer", 0)};
  return m;
}

TEST(InstanceLimit, OneMoreThanTheLimitIsExhausted) {
  Config config;
  config.max_instances = 3;
  Harness h(config);
  const Bytes bytes = answer_module().build();
  for (int i = 0; i < 3; ++i) MOSAIC_LOAD(h, bytes);
  Result<Instance*> fourth = h.load(bytes);
  ASSERT_FALSE(fourth);
  EXPECT_EQ(fourth.error().kind, ErrorKind::Exhausted);
  EXPECT_EQ(fourth.error().message, "too many instances in this store (the limit is 3)");
  EXPECT_EQ(ok_results(h.invoke("answer")), std::vector<uint64_t>{42});
}

TEST(InstanceLimit, DefaultIsTenThousand) {
  EXPECT_EQ(Config{}.max_instances, 10'000u);
  Harness h;
  const Bytes bytes = answer_module().build();
  for (int i = 0; i < 10'000; ++i) {
    Result<Instance*> r = h.load(bytes);
    ASSERT_TRUE(r) << i << ": " << r.error().to_string();
  }
  EXPECT_FALSE(h.load(bytes));
}

}  // namespace
}  // namespace mosaic::exec::interp::test
