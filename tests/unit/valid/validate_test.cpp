#include "valid/validate.h"

#include <gtest/gtest.h>

#include "wasm_builder.h"

namespace mosaic::valid::test {
namespace {

using namespace op;

Bytes export_entry(char name, uint8_t kind, uint32_t index) { return cat({uleb(1), {uint8_t(name)}, {kind}, uleb(index)}); }

Bytes func_import(uint32_t type_index) { return cat({uleb(1), {'m'}, uleb(1), {'f'}, {0x00}, uleb(type_index)}); }

TEST(Validate, EmptyModule) {
  auto r = validate_bytes(ModuleBytes{}.build());
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_TRUE(r->funcs.empty());
  ASSERT_NE(r->binary, nullptr);
  EXPECT_EQ(r->binary->bytes.size(), 8u);
}

TEST(Validate, FuncInfoPerDefinedFunction) {
  ModuleBytes m;
  m.types.push_back(func_type({kI32}, {kI32}));
  m.imports.push_back(func_import(0));
  m.func(0, {kLocalGet, 0, kCall, 0, kEnd});
  m.func(0, {kLocalGet, 0, kEnd}, {{2, kV128}});
  auto r = validate_bytes(m.build());
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->funcs.size(), 2u);
  EXPECT_EQ(r->funcs[0].heights, (std::vector<uint32_t>{0, 1, 1}));
  EXPECT_EQ(r->funcs[1].local_slots, 5u);
  EXPECT_EQ(r->declared_refs.size(), 3u);
}

TEST(Validate, ImportOfUnknownType) {
  ModuleBytes m;
  m.imports.push_back(func_import(0));
  EXPECT_TRUE(invalid_with(m.build(), "unknown type"));
}

TEST(Validate, DuplicateExportName) {
  ModuleBytes m;
  m.types.push_back(func_type({}, {}));
  m.func(0, {kEnd});
  m.exports.push_back(export_entry('a', 0x00, 0));
  m.exports.push_back(export_entry('a', 0x00, 0));
  EXPECT_TRUE(invalid_with(m.build(), "duplicate export name"));
  m.exports[1] = export_entry('b', 0x00, 0);
  EXPECT_TRUE(valid(m.build()));
  m.exports[1] = export_entry('b', 0x00, 1);
  EXPECT_TRUE(invalid_with(m.build(), "unknown function 1"));
  m.exports[1] = export_entry('b', 0x02, 0);
  EXPECT_TRUE(invalid_with(m.build(), "unknown memory 0"));
}

TEST(Validate, Memories) {
  ModuleBytes m;
  m.memories.push_back({0x00, 0x01});
  m.memories.push_back({0x00, 0x01});
  EXPECT_TRUE(invalid_with(m.build(), "multiple memories"));
  ModuleBytes big;
  big.memories.push_back(cat({{0x00}, uleb(65537)}));
  EXPECT_TRUE(invalid_with(big.build(), "memory size must be at most 65536 pages (4GiB)"));
  ModuleBytes max;
  max.memories.push_back(cat({{0x01, 0x00}, uleb(65536)}));
  EXPECT_TRUE(valid(max.build()));
  ModuleBytes inverted;
  inverted.memories.push_back({0x01, 0x02, 0x01});
  EXPECT_TRUE(invalid_with(inverted.build(), "size minimum must not be greater than maximum"));
}

TEST(Validate, TableLimits) {
  ModuleBytes m;
  m.tables.push_back({kFuncRef, 0x01, 0x03, 0x02});
  EXPECT_TRUE(invalid_with(m.build(), "size minimum must not be greater than maximum"));
}

TEST(Validate, StartFunction) {
  ModuleBytes m;
  m.types.push_back(func_type({kI32}, {}));
  m.func(0, {kEnd});
  m.start.push_back(0);
  EXPECT_TRUE(invalid_with(m.build(), "start function"));
  m.start[0] = 1;
  EXPECT_TRUE(invalid_with(m.build(), "unknown function 1"));
}

TEST(Validate, ElementSegments) {
  ModuleBytes m;
  m.types.push_back(func_type({}, {}));
  m.func(0, {kEnd});
  m.tables.push_back({kExternRef, 0x00, 0x01});
  // Active segment of function indices into an externref table.
  m.elems.push_back(cat({{0x00, kI32Const, 0, kEnd}, vec({uleb(0)})}));
  EXPECT_TRUE(invalid_with(m.build(), "type mismatch"));
  // A table index beyond the table space (flags 2: explicit table, elemkind 0x00).
  m.elems[0] = cat({{0x02}, uleb(3), {kI32Const, 0, kEnd, 0x00}, vec({uleb(0)})});
  EXPECT_TRUE(invalid_with(m.build(), "unknown table 3"));
  // A passive segment of an unknown function.
  m.elems[0] = cat({{0x01, 0x00}, vec({uleb(9)})});
  EXPECT_TRUE(invalid_with(m.build(), "unknown function 9"));
  // table.init of a funcref segment into the externref table.
  m.elems[0] = cat({{0x01, 0x00}, vec({uleb(0)})});
  m.codes[0] = code({}, {kI32Const, 0, kI32Const, 0, kI32Const, 0, kPrefixFC, 0x0c, 0, 0, kEnd});
  EXPECT_TRUE(invalid_with(m.build(), "type mismatch"));
}

TEST(Validate, DataSegmentNeedsAMemory) {
  ModuleBytes m;
  m.datas.push_back({0x00, kI32Const, 0, kEnd, 0x00});
  EXPECT_TRUE(invalid_with(m.build(), "unknown memory 0"));
}

}  // namespace
}  // namespace mosaic::valid::test
