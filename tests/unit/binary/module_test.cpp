#include "binary/module.h"

#include <gtest/gtest.h>

#include <string>

namespace mosaic::binary {
namespace {

TEST(BinaryModule, ToString) {
  EXPECT_EQ(std::string(to_string(ValType::I32)), "i32");
  EXPECT_EQ(std::string(to_string(ValType::F64)), "f64");
  EXPECT_EQ(std::string(to_string(ValType::V128)), "v128");
  EXPECT_EQ(std::string(to_string(ValType::FuncRef)), "funcref");
  EXPECT_EQ(std::string(to_string(ValType::ExternRef)), "externref");
  EXPECT_EQ(std::string(to_string(ExternKind::Func)), "func");
  EXPECT_EQ(std::string(to_string(ExternKind::Table)), "table");
  EXPECT_EQ(std::string(to_string(ExternKind::Memory)), "memory");
  EXPECT_EQ(std::string(to_string(ExternKind::Global)), "global");
}

// Spec 2.5.1: imports come first in each index space, interleaved in the import section.
TEST(BinaryModule, IndexSpaces) {
  Module m;
  m.types = {FuncType{{ValType::I32}, {}}, FuncType{{}, {ValType::I64}}};
  Import g;
  g.kind = ExternKind::Global;
  g.global = {ValType::F32, true};
  Import f;
  f.kind = ExternKind::Func;
  f.func_type = 1;
  Import t;
  t.kind = ExternKind::Table;
  t.table = {ValType::ExternRef, {1, 2}};
  Import mem;
  mem.kind = ExternKind::Memory;
  mem.memory = {{3, std::nullopt}};
  m.imports = {g, f, t, f, mem};
  m.num_imported_funcs = 2;
  m.num_imported_globals = 1;
  m.num_imported_tables = 1;
  m.num_imported_memories = 1;
  m.funcs = {0};
  m.tables = {TableType{ValType::FuncRef, {5, std::nullopt}}};
  m.memories = {};
  m.globals = {Global{{ValType::I64, false}, {}}};

  EXPECT_EQ(m.total_funcs(), 3u);
  EXPECT_EQ(m.func_type_index(0), 1u);
  EXPECT_EQ(m.func_type_index(1), 1u);
  EXPECT_EQ(m.func_type_index(2), 0u);
  EXPECT_EQ(m.func_type(2).params.size(), 1u);
  EXPECT_EQ(m.table_type(0).elem, ValType::ExternRef);
  EXPECT_EQ(m.table_type(1).limits.min, 5u);
  EXPECT_EQ(m.memory_type(0).limits.min, 3u);
  EXPECT_EQ(m.total_memories(), 1u);
  EXPECT_EQ(m.global_type(0).type, ValType::F32);
  EXPECT_TRUE(m.global_type(0).is_mutable);
  EXPECT_EQ(m.global_type(1).type, ValType::I64);
}

}  // namespace
}  // namespace mosaic::binary
