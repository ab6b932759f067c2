#include "valid/const_expr.h"

#include <gtest/gtest.h>

#include <vector>

#include "wasm_builder.h"

namespace mosaic::valid::test {
namespace {

using namespace op;

// An import of global "m" "g" with the given type and mutability.
Bytes global_import(uint8_t type, bool is_mutable) {
  return cat({uleb(1), {'m'}, uleb(1), {'g'}, {0x03, type, uint8_t(is_mutable ? 1 : 0)}});
}

Bytes module_with_global(uint8_t type, const Bytes& init, const std::vector<Bytes>& imports = {}) {
  ModuleBytes m;
  m.imports = imports;
  m.globals.push_back(cat({{type, 0x00}, init}));
  return m.build();
}

TEST(ConstExpr, AcceptsConstants) {
  EXPECT_TRUE(valid(module_with_global(kI32, {kI32Const, 0x7f, kEnd})));
  EXPECT_TRUE(valid(module_with_global(kI64, {kI64Const, 5, kEnd})));
  EXPECT_TRUE(valid(module_with_global(kExternRef, {kRefNull, kExternRef, kEnd})));
  Bytes v = {kPrefixFD, 0x0c};
  v.resize(18, 0);
  v.push_back(kEnd);
  EXPECT_TRUE(valid(module_with_global(kV128, v)));
}

TEST(ConstExpr, TypeMismatch) {
  EXPECT_TRUE(invalid_with(module_with_global(kI32, {kI64Const, 0, kEnd}), "type mismatch"));
  EXPECT_TRUE(invalid_with(module_with_global(kI32, {kEnd}), "type mismatch"));
  EXPECT_TRUE(invalid_with(module_with_global(kI32, {kI32Const, 0, kI32Const, 0, kEnd}), "type mismatch"));
  EXPECT_TRUE(invalid_with(module_with_global(kFuncRef, {kRefNull, kExternRef, kEnd}), "type mismatch"));
}

TEST(ConstExpr, NonConstantInstructions) {
  EXPECT_TRUE(invalid_with(module_with_global(kI32, {kI32Const, 1, kI32Const, 2, kI32Add, kEnd}),
                           "constant expression required"));
  EXPECT_TRUE(invalid_with(module_with_global(kI32, {0x01, kEnd}), "constant expression required"));
}

TEST(ConstExpr, GlobalGetNamesAnImportedImmutableGlobal) {
  EXPECT_TRUE(valid(module_with_global(kI32, {kGlobalGet, 0, kEnd}, {global_import(kI32, false)})));
  EXPECT_TRUE(invalid_with(module_with_global(kI32, {kGlobalGet, 0, kEnd}, {global_import(kI32, true)}),
                           "constant expression required"));
  EXPECT_TRUE(invalid_with(module_with_global(kI32, {kGlobalGet, 0, kEnd}, {global_import(kI64, false)}),
                           "type mismatch"));
  // Wasm 2.0: a defined global is not visible in constant expressions.
  EXPECT_TRUE(invalid_with(module_with_global(kI32, {kGlobalGet, 0, kEnd}), "unknown global 0"));
  ModuleBytes two;
  two.globals.push_back({kI32, 0x00, kI32Const, 0, kEnd});
  two.globals.push_back({kI32, 0x00, kGlobalGet, 0, kEnd});
  EXPECT_TRUE(invalid_with(two.build(), "unknown global 0"));
}

TEST(ConstExpr, RefFuncDeclaresTheFunction) {
  ModuleBytes m;
  m.types.push_back(func_type({}, {}));
  m.func(0, {kRefFunc, 1, kDrop, kEnd});
  m.func(0, {kEnd});
  m.globals.push_back({kFuncRef, 0x00, kRefFunc, 1, kEnd});
  auto r = validate_bytes(m.build());
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->declared_refs, (std::vector<bool>{false, true}));

  ModuleBytes bad;
  bad.globals.push_back({kFuncRef, 0x00, kRefFunc, 3, kEnd});
  EXPECT_TRUE(invalid_with(bad.build(), "unknown function 3"));
}

TEST(ConstExpr, SegmentOffsets) {
  // Active data segment at offset (i64.const 0): type mismatch; with a memory index beyond the space.
  ModuleBytes m;
  m.memories.push_back({0x00, 0x01});
  m.datas.push_back({0x00, kI64Const, 0, kEnd, 0x00});
  EXPECT_TRUE(invalid_with(m.build(), "type mismatch"));
  ModuleBytes e;
  e.types.push_back(func_type({}, {}));
  e.func(0, {kEnd});
  e.tables.push_back({kFuncRef, 0x00, 0x01});
  e.elems.push_back(cat({{0x00, kI32Const, 0, kEnd}, vec({uleb(0)})}));
  EXPECT_TRUE(valid(e.build()));
  ModuleBytes e2 = e;
  e2.elems[0] = cat({{0x00, kI32Const, 0, kI32Const, 1, kI32Add, kEnd}, vec({uleb(0)})});
  EXPECT_TRUE(invalid_with(e2.build(), "constant expression required"));
}

}  // namespace
}  // namespace mosaic::valid::test
