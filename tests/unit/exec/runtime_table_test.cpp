// Table instances: growth and its limits (spec 4.5.3.8).

#include <gtest/gtest.h>

#include "exec/runtime.h"

namespace mosaic::exec {
namespace {

TEST(RuntimeTable, GrowFillsWithTheInitialValue) {
  Store store(Config{});
  TableInst* t = store.add_table(binary::TableType{binary::ValType::ExternRef, {1, 10}}, 0);
  ASSERT_EQ(t->elems.size(), 1u);
  EXPECT_EQ(t->elems[0], 0u);
  EXPECT_EQ(t->grow(3, 77), 1);
  ASSERT_EQ(t->elems.size(), 4u);
  EXPECT_EQ(t->elems[0], 0u);
  EXPECT_EQ(t->elems[3], 77u);
  EXPECT_EQ(t->type.limits.min, 4u);
  EXPECT_EQ(t->grow(0, 1), 4);
  EXPECT_EQ(t->grow(6, 1), 4);
  EXPECT_EQ(t->grow(1, 1), -1);
  EXPECT_EQ(t->elems.size(), 10u);
}

TEST(RuntimeTable, GrowPastTheLimitsFails) {
  Store store(Config{});
  TableInst* t = store.add_table(binary::TableType{binary::ValType::FuncRef, {0x10, std::nullopt}}, 0);
  EXPECT_EQ(t->grow(0xfffffff0u, 0), -1);  // would be 2^32 elements
  EXPECT_EQ(t->grow(UINT64_MAX, 0), -1);
  EXPECT_EQ(t->grow(800, 0), 0x10);
  EXPECT_EQ(t->elems.size(), 0x10u + 800);

  Config small;
  small.max_table_elements = 100;
  Store limited(small);
  TableInst* u = limited.add_table(binary::TableType{binary::ValType::FuncRef, {10, std::nullopt}}, 0);
  EXPECT_EQ(u->grow(91, 0), -1);
  EXPECT_EQ(u->grow(90, 0), 10);
}

TEST(RuntimeStore, TypeIdsAreStructural) {
  Store store(Config{});
  binary::FuncType a{{binary::ValType::I32}, {binary::ValType::I64}};
  binary::FuncType b{{binary::ValType::I32, binary::ValType::I64}, {}};
  binary::FuncType c{{}, {binary::ValType::I32, binary::ValType::I64}};
  uint32_t ia = store.type_id(a), ib = store.type_id(b), ic = store.type_id(c);
  EXPECT_NE(ia, ib);
  EXPECT_NE(ib, ic);
  EXPECT_NE(ia, ic);
  EXPECT_EQ(store.type_id(binary::FuncType{{binary::ValType::I32}, {binary::ValType::I64}}), ia);
  FuncInst* f = store.add_host_func(b, nullptr);
  EXPECT_EQ(f->type_id, ib);
  EXPECT_EQ(*f->type, b);
  EXPECT_TRUE(f->is_host());
}

TEST(RuntimeStore, ExternRefsAreDeduplicated) {
  Store store(Config{});
  ExternObj* a = store.extern_ref(5);
  ExternObj* b = store.extern_ref(0);
  EXPECT_NE(a, nullptr);
  EXPECT_NE(b, nullptr);
  EXPECT_NE(a, b);
  EXPECT_EQ(store.extern_ref(5), a);
  EXPECT_EQ(a->host, 5u);
  EXPECT_EQ(b->host, 0u);
}

TEST(RuntimeStore, Globals) {
  Store store(Config{});
  uint64_t v[2] = {1, 2};
  GlobalInst* g = store.add_global(binary::GlobalType{binary::ValType::V128, true}, v);
  EXPECT_EQ(g->value[0], 1u);
  EXPECT_EQ(g->value[1], 2u);
}

}  // namespace
}  // namespace mosaic::exec
