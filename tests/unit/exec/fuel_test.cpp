// Fuel metering (Config::consume_fuel): every instruction but nop, block, loop, else and end costs one unit
// of the store's fuel, paid when the run of code it belongs to starts; a guest without enough fuel traps
// with "all fuel consumed by WebAssembly" and leaves none. Unmetered code ignores fuel.

#include <cstdint>
#include <string>
#include <vector>

#include "interp_harness.h"

namespace mosaic::exec::interp::test {
namespace {

constexpr uint8_t kI32 = op::kI32, kI64 = op::kI64;
constexpr uint8_t kI32Add = 0x6a, kI32Sub = 0x6b, kI64Eqz = 0x50, kI64Sub = 0x7d, kI64Add = 0x7c;
constexpr const char* kOutOfFuel = "all fuel consumed by WebAssembly";

Config metered() {
  Config c;
  c.consume_fuel = true;
  return c;
}

// Exports:
//   spin        loop br 0 end                                                    (endless)
//   add         i32.const 1 i32.const 2 i32.add                                  (3 units)
//   count(n)    loop local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0 end    (5 units an iteration)
//   pick(c)     local.get 0 if (result i32) i32.const 1 else i32.const 2 i32.const 3 i32.add end
//               (2 units, then 1 on the then arm or 3 on the else arm)
//   pow2(n)     n == 0 ? 1 : pow2(n - 1) + pow2(n - 1): recursion without a loop
ModuleBytes fuel_module() {
  ModuleBytes m;
  m.types = {func_type({}, {}), func_type({}, {kI32}), func_type({kI32}, {}), func_type({kI32}, {kI32}),
             func_type({kI64}, {kI64})};
  m.func(0, cat({{op::kLoop, op::kEmpty}, br(0), {op::kEnd, op::kEnd}}));
  m.func(1, cat({i32c(1), i32c(2), {kI32Add, op::kEnd}}));
  m.func(2, cat({{op::kLoop, op::kEmpty},
                 local_get(0),
                 i32c(1),
                 {kI32Sub},
                 local_tee(0),
                 br_if(0),
                 {op::kEnd, op::kEnd}}));
  m.func(3, cat({local_get(0),
                 {op::kIf, kI32},
                 i32c(1),
                 {op::kElse},
                 i32c(2),
                 i32c(3),
                 {kI32Add, op::kEnd, op::kEnd}}));
  m.func(4, cat({local_get(0),
                 {kI64Eqz, op::kIf, kI64},
                 i64c(1),
                 {op::kElse},
                 local_get(0),
                 i64c(1),
                 {kI64Sub},
                 call(4),
                 local_get(0),
                 i64c(1),
                 {kI64Sub},
                 call(4),
                 {kI64Add, op::kEnd, op::kEnd}}));
  m.exports = {export_func("spin", 0), export_func("add", 1), export_func("count", 2), export_func("pick", 3),
               export_func("pow2", 4)};
  return m;
}

// The fuel a call of `name` used, starting from plenty.
uint64_t fuel_used(Harness& h, const std::string& name, std::vector<uint64_t> args = {}) {
  constexpr uint64_t kPlenty = 1'000'000;
  h.store().fuel = kPlenty;
  EXPECT_TRUE(h.invoke(name, std::move(args))) << name;
  return kPlenty - h.store().fuel;
}

TEST(Fuel, AnEndlessLoopRunsOutAndLeavesNone) {
  Harness h(metered());
  MOSAIC_LOAD(h, fuel_module().build());
  h.store().fuel = 10'000;
  EXPECT_TRUE(traps_with(h.invoke("spin"), kOutOfFuel));
  EXPECT_EQ(h.store().fuel, 0u);
  // Refuelled, the store runs again; the trap did not poison it.
  h.store().fuel = 100;
  EXPECT_EQ(ok_results(h.invoke("add")), std::vector<uint64_t>{3});
}

TEST(Fuel, RecursionWithoutLoopsRunsOut) {
  Harness h(metered());
  MOSAIC_LOAD(h, fuel_module().build());
  h.store().fuel = 100'000;
  EXPECT_TRUE(traps_with(h.invoke("pow2", {60}), kOutOfFuel));
  EXPECT_EQ(h.store().fuel, 0u);
}

TEST(Fuel, CountsInstructions) {
  Harness h(metered());
  MOSAIC_LOAD(h, fuel_module().build());
  EXPECT_EQ(fuel_used(h, "add"), 3u);
  // Each iteration pays for its five instructions: the difference of two counts is exact.
  const uint64_t ten = fuel_used(h, "count", {10});
  const uint64_t thirty = fuel_used(h, "count", {30});
  EXPECT_EQ(thirty - ten, 20u * 5);
  EXPECT_EQ(ten, 10u * 5);
  // A path pays for the arm it runs, not the other.
  EXPECT_EQ(fuel_used(h, "pick", {1}), 2u + 1);
  EXPECT_EQ(fuel_used(h, "pick", {0}), 2u + 3);
}

TEST(Fuel, ExactlyEnoughSucceedsOneLessTraps) {
  Harness h(metered());
  MOSAIC_LOAD(h, fuel_module().build());
  h.store().fuel = 3;
  EXPECT_EQ(ok_results(h.invoke("add")), std::vector<uint64_t>{3});
  EXPECT_EQ(h.store().fuel, 0u);
  h.store().fuel = 2;
  EXPECT_TRUE(traps_with(h.invoke("add"), kOutOfFuel));
  // No fuel at all: the first instruction traps.
  EXPECT_TRUE(traps_with(h.invoke("add"), kOutOfFuel));
}

TEST(Fuel, UnmeteredCodeIgnoresFuel) {
  Harness h;  // consume_fuel off
  MOSAIC_LOAD(h, fuel_module().build());
  EXPECT_EQ(h.store().fuel, 0u);
  EXPECT_TRUE(h.invoke("count", {1000}));
  EXPECT_EQ(ok_results(h.invoke("pick", {0})), std::vector<uint64_t>{5});
  EXPECT_EQ(h.store().fuel, 0u);
}

TEST(Fuel, MeteredResultsAreTheSame) {
  Harness plain;
  Harness metered_h(metered());
  MOSAIC_LOAD(plain, fuel_module().build());
  MOSAIC_LOAD(metered_h, fuel_module().build());
  metered_h.store().fuel = 1'000'000;
  for (uint64_t c : {0, 1}) {
    EXPECT_EQ(ok_results(plain.invoke("pick", {c})), ok_results(metered_h.invoke("pick", {c})));
  }
  EXPECT_EQ(ok_results(plain.invoke("pow2", {10})), std::vector<uint64_t>{1024});
  EXPECT_EQ(ok_results(metered_h.invoke("pow2", {10})), std::vector<uint64_t>{1024});
}

}  // namespace
}  // namespace mosaic::exec::interp::test
