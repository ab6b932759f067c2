// The interpreter's control flow (spec 4.4.8): blocks, loops, if/else, br, br_if, br_table, return, with
// block parameters and multiple results, and the skipping of unreachable code.

#include "interp_harness.h"

namespace mosaic::exec::interp::test {
namespace {

constexpr uint8_t kI32 = op::kI32, kI64 = op::kI64, kV128 = op::kV128;
constexpr uint8_t kI32Add = 0x6a, kI32Sub = 0x6b, kI32Mul = 0x6c, kI32GtS = 0x4a, kI64Eqz = 0x50, kI64Sub = 0x7d,
                  kI64Mul = 0x7e;

TEST(InterpControl, RecursiveFactorial) {
  ModuleBytes m;
  m.types = {func_type({kI64}, {kI64})};
  m.func(0, cat({local_get(0), {kI64Eqz, op::kIf, kI64}, i64c(1), {op::kElse}, local_get(0), local_get(0), i64c(1),
                 {kI64Sub}, call(0), {kI64Mul, op::kEnd, op::kEnd}}));
  m.exports = {export_func("fac", 0)};
  Harness h;
  MOSAIC_LOAD(h, m.build());
  EXPECT_EQ(ok_results(h.invoke("fac", {0})), std::vector<uint64_t>{1});
  EXPECT_EQ(ok_results(h.invoke("fac", {5})), std::vector<uint64_t>{120});
  EXPECT_EQ(ok_results(h.invoke("fac", {20})), std::vector<uint64_t>{2432902008176640000ull});
}

TEST(InterpControl, IterativeFactorialWithLoop) {
  ModuleBytes m;
  m.types = {func_type({kI64}, {kI64})};
  m.func(0,
         cat({i64c(1), local_set(1), {op::kBlock, op::kEmpty, op::kLoop, op::kEmpty}, local_get(0), {kI64Eqz},
              br_if(1), local_get(1), local_get(0), {kI64Mul}, local_set(1), local_get(0), i64c(1), {kI64Sub},
              local_set(0), br(0), {op::kEnd, op::kEnd}, local_get(1), {op::kEnd}}),
         {{1, kI64}});
  m.exports = {export_func("fac", 0)};
  Harness h;
  MOSAIC_LOAD(h, m.build());
  EXPECT_EQ(ok_results(h.invoke("fac", {20})), std::vector<uint64_t>{2432902008176640000ull});
  EXPECT_EQ(ok_results(h.invoke("fac", {0})), std::vector<uint64_t>{1});
}

TEST(InterpControl, BrTableSwitch) {
  ModuleBytes m;
  m.types = {func_type({kI32}, {kI32})};
  Bytes body = {op::kBlock, op::kEmpty, op::kBlock, op::kEmpty, op::kBlock, op::kEmpty, op::kBlock, op::kEmpty};
  body = cat({body, local_get(0), {op::kBrTable, 3, 0, 1, 2, 3, op::kEnd}, i32c(100), {op::kReturn, op::kEnd},
              i32c(101), {op::kReturn, op::kEnd}, i32c(102), {op::kReturn, op::kEnd}, i32c(103), {op::kEnd}});
  m.func(0, body);
  m.exports = {export_func("switch", 0)};
  Harness h;
  MOSAIC_LOAD(h, m.build());
  EXPECT_EQ(ok_results(h.invoke("switch", {0})), std::vector<uint64_t>{100});
  EXPECT_EQ(ok_results(h.invoke("switch", {1})), std::vector<uint64_t>{101});
  EXPECT_EQ(ok_results(h.invoke("switch", {2})), std::vector<uint64_t>{102});
  EXPECT_EQ(ok_results(h.invoke("switch", {3})), std::vector<uint64_t>{103});
  EXPECT_EQ(ok_results(h.invoke("switch", {0xffffffff})), std::vector<uint64_t>{103});
}

TEST(InterpControl, BrTableMovesItsValues) {
  // 1000 (block (result i32) (block (result i32) 7 8 (br_table 0 1 (local.get 0))) 10 i32.add) i32.add
  ModuleBytes m;
  m.types = {func_type({kI32}, {kI32})};
  m.func(0, cat({i32c(1000), {op::kBlock, kI32, op::kBlock, kI32}, i32c(7), i32c(8), local_get(0),
                 {op::kBrTable, 1, 0, 1, op::kEnd}, i32c(10), {kI32Add, op::kEnd, kI32Add, op::kEnd}}));
  m.exports = {export_func("f", 0)};
  Harness h;
  MOSAIC_LOAD(h, m.build());
  EXPECT_EQ(ok_results(h.invoke("f", {0})), std::vector<uint64_t>{1018});
  EXPECT_EQ(ok_results(h.invoke("f", {1})), std::vector<uint64_t>{1008});
  EXPECT_EQ(ok_results(h.invoke("f", {7})), std::vector<uint64_t>{1008});
}

TEST(InterpControl, BrIfMovesItsValue) {
  // (block (result i32) 1 2 (br_if 0 (local.get 0)) drop)
  ModuleBytes m;
  m.types = {func_type({kI32}, {kI32})};
  m.func(0, cat({{op::kBlock, kI32}, i32c(1), i32c(2), local_get(0), br_if(0), {op::kDrop, op::kEnd, op::kEnd}}));
  m.exports = {export_func("f", 0)};
  Harness h;
  MOSAIC_LOAD(h, m.build());
  EXPECT_EQ(ok_results(h.invoke("f", {1})), std::vector<uint64_t>{2});
  EXPECT_EQ(ok_results(h.invoke("f", {0})), std::vector<uint64_t>{1});
}

TEST(InterpControl, MultiValueBlocksAndResults) {
  ModuleBytes m;
  m.types = {func_type({kI32, kI32}, {kI32, kI32})};
  // swap: (local.get 1) (local.get 0)
  m.func(0, cat({local_get(1), local_get(0), {op::kEnd}}));
  // (local.get 0) (local.get 1) (block (type 0) (call $swap)) 
  m.func(0, cat({local_get(0), local_get(1), {op::kBlock, 0}, call(0), {op::kEnd, op::kEnd}}));
  m.exports = {export_func("swap_in_block", 1)};
  Harness h;
  MOSAIC_LOAD(h, m.build());
  EXPECT_EQ(ok_results(h.invoke("swap_in_block", {3, 4})), (std::vector<uint64_t>{4, 3}));
}

TEST(InterpControl, LoopWithParametersCarriesValuesBack) {
  // Sum n + (n-1) + ... + 1 with a loop (param i32 i32) (result i32) over (acc, n).
  ModuleBytes m;
  m.types = {func_type({kI32}, {kI32}), func_type({kI32, kI32}, {kI32})};
  m.func(0,
         cat({i32c(0), local_get(0), {op::kLoop, 1}, local_set(1), local_set(2), local_get(2), local_get(1),
              {kI32Add}, local_get(1), i32c(1), {kI32Sub}, local_get(1), i32c(1), {kI32GtS}, br_if(0),
              {op::kDrop, op::kEnd, op::kEnd}}),
         {{2, kI32}});
  m.exports = {export_func("sum", 0)};
  Harness h;
  MOSAIC_LOAD(h, m.build());
  EXPECT_EQ(ok_results(h.invoke("sum", {10})), std::vector<uint64_t>{55});
  EXPECT_EQ(ok_results(h.invoke("sum", {1})), std::vector<uint64_t>{1});
}

TEST(InterpControl, IfWithParameters) {
  // (local.get 0) (if (param i32) (result i32) (local.get 1) (then 1 i32.add) (else 2 i32.mul))
  ModuleBytes m;
  m.types = {func_type({kI32, kI32}, {kI32}), func_type({kI32}, {kI32})};
  m.func(0, cat({local_get(0), local_get(1), {op::kIf, 1}, i32c(1), {kI32Add, op::kElse}, i32c(2),
                 {kI32Mul, op::kEnd, op::kEnd}}));
  // An if without else whose params are its results.
  m.func(0, cat({local_get(0), local_get(1), {op::kIf, 1}, i32c(1), {kI32Add, op::kEnd, op::kEnd}}));
  m.exports = {export_func("f", 0), export_func("g", 1)};
  Harness h;
  MOSAIC_LOAD(h, m.build());
  EXPECT_EQ(ok_results(h.invoke("f", {5, 1})), std::vector<uint64_t>{6});
  EXPECT_EQ(ok_results(h.invoke("f", {5, 0})), std::vector<uint64_t>{10});
  EXPECT_EQ(ok_results(h.invoke("g", {5, 1})), std::vector<uint64_t>{6});
  EXPECT_EQ(ok_results(h.invoke("g", {5, 0})), std::vector<uint64_t>{5});
}

TEST(InterpControl, UnreachableCodeIsSkipped) {
  // (block (result i32) 1 (br 0) 2 i32.add (block unreachable) (if (then) (else)) (loop)) — all after br
  ModuleBytes m;
  m.types = {func_type({}, {kI32}), func_type({}, {})};
  m.func(0, cat({{op::kBlock, kI32}, i32c(1), br(0), i32c(2), {kI32Add, op::kBlock, op::kEmpty, op::kUnreachable,
                 op::kEnd}, i32c(0), {op::kIf, op::kEmpty, op::kElse, op::kEnd, op::kLoop, op::kEmpty, op::kEnd,
                 op::kEnd, op::kEnd}}));
  m.func(1, {op::kUnreachable, op::kEnd});
  m.exports = {export_func("f", 0), export_func("trap", 1)};
  Harness h;
  MOSAIC_LOAD(h, m.build());
  EXPECT_EQ(ok_results(h.invoke("f")), std::vector<uint64_t>{1});
  EXPECT_TRUE(traps_with(h.invoke("trap"), "unreachable"));
}

TEST(InterpControl, BranchesToTheFunctionLabelReturn) {
  ModuleBytes m;
  m.types = {func_type({}, {kI32}), func_type({kI32}, {kI32})};
  // (block (block 5 (br 2))) 6
  m.func(0, cat({{op::kBlock, op::kEmpty, op::kBlock, op::kEmpty}, i32c(5), br(2), {op::kEnd, op::kEnd}, i32c(6),
                 {op::kEnd}}));
  // (block 9 (br_if 1 (local.get 0)) drop) 3
  m.func(1, cat({{op::kBlock, op::kEmpty}, i32c(9), local_get(0), br_if(1), {op::kDrop, op::kEnd}, i32c(3),
                 {op::kEnd}}));
  // (block (block (if (local.get 0) (then 42 return)))) 7
  m.func(1, cat({{op::kBlock, op::kEmpty, op::kBlock, op::kEmpty}, local_get(0), {op::kIf, op::kEmpty}, i32c(42),
                 {op::kReturn, op::kEnd, op::kEnd, op::kEnd}, i32c(7), {op::kEnd}}));
  // br_table to the function label: (block 11 (br_table 0 1 (local.get 0)) ) with results
  m.func(1, cat({{op::kBlock, kI32}, i32c(11), local_get(0), {op::kBrTable, 1, 0, 1, op::kEnd}, i32c(1),
                 {kI32Add, op::kEnd}}));
  m.exports = {export_func("br", 0), export_func("br_if", 1), export_func("return", 2), export_func("br_table", 3)};
  Harness h;
  MOSAIC_LOAD(h, m.build());
  EXPECT_EQ(ok_results(h.invoke("br")), std::vector<uint64_t>{5});
  EXPECT_EQ(ok_results(h.invoke("br_if", {1})), std::vector<uint64_t>{9});
  EXPECT_EQ(ok_results(h.invoke("br_if", {0})), std::vector<uint64_t>{3});
  EXPECT_EQ(ok_results(h.invoke("return", {1})), std::vector<uint64_t>{42});
  EXPECT_EQ(ok_results(h.invoke("return", {0})), std::vector<uint64_t>{7});
  EXPECT_EQ(ok_results(h.invoke("br_table", {0})), std::vector<uint64_t>{12});
  EXPECT_EQ(ok_results(h.invoke("br_table", {1})), std::vector<uint64_t>{11});
}

TEST(InterpControl, SelectOfEveryWidth) {
  ModuleBytes m;
  m.types = {func_type({kI32}, {kI64})};
  m.func(0, cat({i64c(10), i64c(-20), local_get(0), {op::kSelect, op::kEnd}}));
  // (i64x2.extract_lane 1 (select (result v128) (v128.const 1 2) (v128.const 3 4) (local.get 0)))
  m.func(0, cat({v128c(1, 2), v128c(3, 4), local_get(0), {0x1c, 1, kV128}, fd(0x1d), {1, op::kEnd}}));
  m.exports = {export_func("i64", 0), export_func("v128", 1)};
  Harness h;
  MOSAIC_LOAD(h, m.build());
  EXPECT_EQ(ok_results(h.invoke("i64", {1})), std::vector<uint64_t>{10});
  EXPECT_EQ(ok_results(h.invoke("i64", {0})), std::vector<uint64_t>{uint64_t(-20)});
  EXPECT_EQ(ok_results(h.invoke("v128", {1})), std::vector<uint64_t>{2});
  EXPECT_EQ(ok_results(h.invoke("v128", {0})), std::vector<uint64_t>{4});
}

TEST(InterpControl, LocalsStartAtZeroOnEveryCall) {
  // (local i64 v128) returns local 1 + lane 0 of local 2, then writes them: a second call sees zeros again.
  ModuleBytes m;
  m.types = {func_type({}, {kI64})};
  m.func(0, cat({local_get(0), local_get(1), fd(0x1d), {0, 0x7c}, i64c(5), local_set(0), v128c(7, 7), local_set(1),
                 {op::kEnd}}),
         {{1, kI64}, {1, kV128}});
  m.exports = {export_func("f", 0)};
  Harness h;
  MOSAIC_LOAD(h, m.build());
  EXPECT_EQ(ok_results(h.invoke("f")), std::vector<uint64_t>{0});
  EXPECT_EQ(ok_results(h.invoke("f")), std::vector<uint64_t>{0});
}

}  // namespace
}  // namespace mosaic::exec::interp::test
