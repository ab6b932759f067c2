#include "valid/func_validator.h"

#include <gtest/gtest.h>

#include <vector>

#include "wasm_builder.h"

namespace mosaic::valid::test {
namespace {

using namespace op;

// A module with one function of type [params] -> [results] (plus a memory when asked).
Bytes one_func(const Bytes& params, const Bytes& results, const Bytes& body,
               const std::vector<std::pair<uint32_t, uint8_t>>& locals = {}, bool memory = false) {
  ModuleBytes m;
  m.types.push_back(func_type(params, results));
  m.func(0, body, locals);
  if (memory) m.memories.push_back({0x00, 0x01});
  return m.build();
}

Bytes v128_const() {
  Bytes b = {kPrefixFD, 0x0c};
  b.resize(b.size() + 16, 0);
  return b;
}

// ---- type errors -----------------------------------------------------------------------------------

TEST(FuncValidator, AcceptsWellTypedArithmetic) {
  EXPECT_TRUE(valid(one_func({kI32, kI32}, {kI32}, {kLocalGet, 0, kLocalGet, 1, kI32Add, kEnd})));
}

TEST(FuncValidator, OperandTypeMismatch) {
  // i32.add over an i64 operand; the error is at the i32.add.
  Bytes m = one_func({}, {kI32}, {kI32Const, 1, kI64Const, 2, kI32Add, kEnd});
  EXPECT_TRUE(invalid_with(m, "type mismatch"));
  auto r = validate_bytes(m);
  ASSERT_FALSE(r);
  EXPECT_EQ(m[r.error().offset], kI32Add);
}

TEST(FuncValidator, MissingOperand) {
  EXPECT_TRUE(invalid_with(one_func({}, {kI32}, {kI32Const, 1, kI32Add, kEnd}), "type mismatch"));
}

TEST(FuncValidator, WrongResultAtEnd) {
  EXPECT_TRUE(invalid_with(one_func({}, {kI32}, {kI64Const, 1, kEnd}), "type mismatch"));
  EXPECT_TRUE(invalid_with(one_func({}, {kI32}, {kEnd}), "type mismatch"));
  EXPECT_TRUE(invalid_with(one_func({}, {}, {kI32Const, 1, kEnd}), "type mismatch"));
}

TEST(FuncValidator, IfWithoutElseMustNotChangeTheStackType) {
  EXPECT_TRUE(invalid_with(one_func({}, {kI32}, {kI32Const, 1, kIf, kI32, kI32Const, 1, kEnd, kEnd}),
                           "type mismatch"));
  EXPECT_TRUE(valid(one_func({}, {kI32}, {kI32Const, 1, kIf, kI32, kI32Const, 1, kElse, kI32Const, 2, kEnd, kEnd})));
}

TEST(FuncValidator, BlockWithTypeIndexTakesParameters) {
  ModuleBytes m;
  m.types.push_back(func_type({}, {kI64}));
  m.types.push_back(func_type({kI32, kI32}, {kI64, kI32}));
  // i32.const 1; i32.const 2; block (type 1) i32.add; i64.const 0; drop; i64.const 7; i32.const 0; end; drop
  m.func(0, {kI32Const, 1, kI32Const, 2, kBlock, 1, kI32Add, kDrop, kI64Const, 7, kI32Const, 0, kEnd, kDrop, kEnd});
  EXPECT_TRUE(valid(m.build()));
}

TEST(FuncValidator, BrTableArityMustAgree) {
  // block (result i32) block  i32.const 0 br_table 0 1  end end: labels of arity 0 and 1.
  Bytes body = {kBlock, kI32, kBlock, kEmpty, kI32Const, 0, kBrTable, 1, 0, 1, kEnd, kI32Const, 0, kEnd, kEnd};
  EXPECT_TRUE(invalid_with(one_func({}, {kI32}, body), "type mismatch"));
}

TEST(FuncValidator, UntypedSelectRejectsReferences) {
  Bytes body = {kRefNull, kFuncRef, kRefNull, kFuncRef, kI32Const, 1, kSelect, kDrop, kEnd};
  EXPECT_TRUE(invalid_with(one_func({}, {}, body), "type mismatch"));
  // select t with one type is fine.
  Bytes typed = {kRefNull, kFuncRef, kRefNull, kFuncRef, kI32Const, 1, 0x1c, 1, kFuncRef, kDrop, kEnd};
  EXPECT_TRUE(valid(one_func({}, {}, typed)));
}

TEST(FuncValidator, ImmutableGlobal) {
  ModuleBytes m;
  m.types.push_back(func_type({}, {}));
  m.globals.push_back({kI32, 0x00, kI32Const, 0, kEnd});
  m.func(0, {kI32Const, 1, kGlobalSet, 0, kEnd});
  EXPECT_TRUE(invalid_with(m.build(), "global is immutable"));
}

TEST(FuncValidator, MemoryAlignmentAndLanes) {
  // i32.load with align 2^3 > 4 bytes.
  EXPECT_TRUE(invalid_with(one_func({}, {}, {kI32Const, 0, kI32Load, 3, 0, kDrop, kEnd}, {}, true),
                           "alignment must not be larger than natural"));
  EXPECT_TRUE(valid(one_func({}, {}, {kI32Const, 0, kI32Load, 2, 0, kDrop, kEnd}, {}, true)));
  // i8x16.extract_lane_s 16 is out of range; 15 is the last lane.
  Bytes bad = v128_const();
  append(bad, {kPrefixFD, 0x15, 16, kDrop, kEnd});
  EXPECT_TRUE(invalid_with(one_func({}, {}, bad), "invalid lane index"));
  Bytes good = v128_const();
  append(good, {kPrefixFD, 0x15, 15, kDrop, kEnd});
  EXPECT_TRUE(valid(one_func({}, {}, good)));
  // v128.load32_lane (0x56) has four lanes.
  Bytes lane = {kI32Const, 0};
  append(lane, v128_const());
  append(lane, {kPrefixFD, 0x56, 2, 0, 4, kDrop, kEnd});
  EXPECT_TRUE(invalid_with(one_func({}, {}, lane, {}, true), "invalid lane index"));
}

// ---- unknown indices -------------------------------------------------------------------------------

TEST(FuncValidator, UnknownIndices) {
  EXPECT_TRUE(invalid_with(one_func({kI32}, {}, {kLocalGet, 1, kDrop, kEnd}), "unknown local 1"));
  EXPECT_TRUE(invalid_with(one_func({}, {}, {kLocalGet, 3, kDrop, kEnd}, {{3, kI64}}), "unknown local 3"));
  EXPECT_TRUE(invalid_with(one_func({}, {}, {kGlobalGet, 0, kDrop, kEnd}), "unknown global 0"));
  EXPECT_TRUE(invalid_with(one_func({}, {}, {kCall, 1, kEnd}), "unknown function 1"));
  EXPECT_TRUE(invalid_with(one_func({}, {}, {kBr, 1, kEnd}), "unknown label"));
  EXPECT_TRUE(invalid_with(one_func({}, {}, {kBlock, 5, kEnd, kEnd}), "unknown type"));
  EXPECT_TRUE(invalid_with(one_func({}, {}, {kI32Const, 0, kI32Load, 2, 0, kDrop, kEnd}), "unknown memory 0"));
  EXPECT_TRUE(invalid_with(one_func({}, {}, {kI32Const, 0, kTableGet, 0, kDrop, kEnd}), "unknown table 0"));
  EXPECT_TRUE(invalid_with(one_func({}, {}, {kPrefixFC, 0x0d, 0, kEnd}), "unknown elem segment 0"));
  ModuleBytes m;
  m.types.push_back(func_type({}, {}));
  m.data_count.push_back(0);
  m.func(0, {kPrefixFC, 0x09, 0, kEnd});
  EXPECT_TRUE(invalid_with(m.build(), "unknown data segment 0"));
}

TEST(FuncValidator, LocalsOfSeveralRuns) {
  // Locals: param i32, then 2 x i64, then 1 x f32: local 2 is i64, local 3 is f32.
  std::vector<std::pair<uint32_t, uint8_t>> locals = {{2, kI64}, {1, kF32}};
  EXPECT_TRUE(valid(one_func({kI32}, {kI64}, {kLocalGet, 2, kEnd}, locals)));
  EXPECT_TRUE(invalid_with(one_func({kI32}, {kI64}, {kLocalGet, 3, kEnd}, locals), "type mismatch"));
  EXPECT_TRUE(invalid_with(one_func({kI32}, {kI64}, {kLocalGet, 4, kEnd}, locals), "unknown local 4"));
}

TEST(FuncValidator, UndeclaredFunctionReference) {
  EXPECT_TRUE(invalid_with(one_func({}, {}, {kRefFunc, 0, kDrop, kEnd}), "undeclared function reference"));
  // An export declares the reference (C.refs).
  ModuleBytes m;
  m.types.push_back(func_type({}, {}));
  m.func(0, {kRefFunc, 0, kDrop, kEnd});
  m.exports.push_back(cat({uleb(1), {'f'}, {0x00, 0x00}}));
  auto r = validate_bytes(m.build());
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->declared_refs, std::vector<bool>{true});
}

// ---- unreachable code ------------------------------------------------------------------------------

TEST(FuncValidator, UnreachableStackIsPolymorphic) {
  EXPECT_TRUE(valid(one_func({}, {kI32}, {kUnreachable, kEnd})));
  EXPECT_TRUE(valid(one_func({}, {kI32}, {kUnreachable, kI32Add, kEnd})));
  EXPECT_TRUE(valid(one_func({}, {}, {kUnreachable, kI32Add, kDrop, kEnd})));
  EXPECT_TRUE(valid(one_func({}, {kI64}, {kI64Const, 1, kReturn, kSelect, kEnd})));
  EXPECT_TRUE(valid(one_func({}, {}, {kBlock, kEmpty, kBr, 0, kRefIsNull, kDrop, kEnd, kEnd})));
  EXPECT_TRUE(valid(one_func({}, {kI32}, {kBlock, kI32, kUnreachable, kEnd, kEnd})));
  // Known operands are still checked.
  EXPECT_TRUE(invalid_with(one_func({}, {}, {kUnreachable, kI64Const, 0, kI32Add, kDrop, kEnd}), "type mismatch"));
  EXPECT_TRUE(invalid_with(one_func({}, {kI32}, {kUnreachable, kI64Const, 0, kEnd}), "type mismatch"));
  // Too many values at the end of an unreachable block.
  EXPECT_TRUE(invalid_with(one_func({}, {}, {kUnreachable, kI32Const, 0, kEnd}), "type mismatch"));
  // Polymorphism is per frame: a block inside unreachable code starts with an empty, non-polymorphic stack.
  EXPECT_TRUE(invalid_with(one_func({}, {}, {kUnreachable, kBlock, kEmpty, kI32Add, kDrop, kEnd, kEnd}),
                           "type mismatch"));
}

// ---- heights ---------------------------------------------------------------------------------------

TEST(FuncValidator, HeightsCountV128AsTwoSlots) {
  // (func (param v128 i32) (local i64)
  //   local.get 0  local.get 1  i8x16.replace_lane 0
  //   block (result v128) v128.const 0 end
  //   i8x16.add  drop  end)
  Bytes body = {kLocalGet, 0, kLocalGet, 1, kPrefixFD, 0x17, 0, kBlock, kV128};
  append(body, v128_const());
  append(body, {kEnd, kPrefixFD, 0x6e, kDrop, kEnd});
  auto r = validate_bytes(one_func({kV128, kI32}, {}, body, {{1, kI64}}));
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->funcs.size(), 1u);
  const FuncInfo& f = r->funcs[0];
  //                     get get repl blk const end add drop end
  std::vector<uint32_t> h{0,  2,  3,   2,  2,    4,  4,  2,   0};
  EXPECT_EQ(f.heights, h);
  EXPECT_EQ(f.max_height, 4u);
  EXPECT_EQ(f.local_slots, 4u);  // v128 (2) + i32 + i64
}

TEST(FuncValidator, HeightsAtElseEndAndInUnreachableCode) {
  // (func (result i32)
  //   i32.const 1  if (result i64) i64.const 2 else i64.const 3 i64.const 4 i64.add end  drop
  //   block (result i32) i32.const 5 br 0 i64.const 6 drop end)
  Bytes body = {kI32Const, 1, kIf,       kI64,      kI64Const, 2, kElse, kI64Const, 3, kI64Const, 4, kI64Add, kEnd,
                kDrop,     kBlock, kI32, kI32Const, 5,         kBr, 0, kI64Const, 6, kDrop,     kEnd, kEnd};
  auto r = validate_bytes(one_func({}, {kI32}, body));
  ASSERT_TRUE(r) << r.error().to_string();
  const FuncInfo& f = r->funcs[0];
  // const if const else const const add end drop block const br const drop end end
  std::vector<uint32_t> h{0, 1, 0, 1, 0, 1, 2, 1, 1, 0, 0, 1, 0, 1, 0, 1};
  EXPECT_EQ(f.heights, h);
  EXPECT_EQ(f.max_height, 2u);
  EXPECT_EQ(f.local_slots, 0u);
}

}  // namespace
}  // namespace mosaic::valid::test
