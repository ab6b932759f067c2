// Linear memory instances: reservation, growth and its limits (spec 4.5.3.9).

#include <gtest/gtest.h>

#include "exec/runtime.h"

namespace mosaic::exec {
namespace {

std::unique_ptr<MemoryInst> make(uint64_t min, std::optional<uint64_t> max) {
  auto r = MemoryInst::create(binary::MemoryType{{min, max}});
  EXPECT_TRUE(r) << (r ? "" : r.error().to_string());
  return r ? std::move(r).value() : nullptr;
}

TEST(RuntimeMemory, InitialPagesAreZeroAndWritable) {
  auto mem = make(2, 4);
  ASSERT_TRUE(mem);
  EXPECT_EQ(mem->pages(), 2u);
  EXPECT_EQ(mem->size, 2 * binary::kPageSize);
  EXPECT_GE(mem->reserved, 4 * binary::kPageSize);
  for (uint64_t i = 0; i < mem->size; i += 4096) EXPECT_EQ(mem->data[i], 0);
  mem->data[0] = 1;
  mem->data[mem->size - 1] = 2;
  EXPECT_EQ(mem->data[mem->size - 1], 2);
}

TEST(RuntimeMemory, GrowReturnsOldSizeAndKeepsTheBase) {
  auto mem = make(1, 5);
  ASSERT_TRUE(mem);
  uint8_t* base = mem->data;
  mem->data[10] = 42;
  EXPECT_EQ(mem->grow(0), 1);
  EXPECT_EQ(mem->grow(2), 1);
  EXPECT_EQ(mem->pages(), 3u);
  EXPECT_EQ(mem->data, base);
  EXPECT_EQ(mem->data[10], 42);
  EXPECT_EQ(mem->data[3 * binary::kPageSize - 1], 0);
  mem->data[3 * binary::kPageSize - 1] = 7;
  EXPECT_EQ(mem->grow(2), 3);
  EXPECT_EQ(mem->pages(), 5u);
  EXPECT_EQ(mem->type.limits.min, 5u);
}

TEST(RuntimeMemory, GrowPastTheMaximumFails) {
  auto mem = make(0, 10);
  ASSERT_TRUE(mem);
  EXPECT_EQ(mem->grow(1), 0);
  EXPECT_EQ(mem->grow(1), 1);
  EXPECT_EQ(mem->grow(2), 2);
  EXPECT_EQ(mem->grow(6), 4);
  EXPECT_EQ(mem->grow(0), 10);
  EXPECT_EQ(mem->grow(1), -1);
  EXPECT_EQ(mem->grow(0x10000), -1);
  EXPECT_EQ(mem->pages(), 10u);
}

TEST(RuntimeMemory, UnboundedStopsAt65536Pages) {
  auto mem = make(0, std::nullopt);
  ASSERT_TRUE(mem);
  EXPECT_EQ(mem->max_pages, binary::kMaxPages);
  EXPECT_EQ(mem->grow(1), 0);
  EXPECT_EQ(mem->grow(2), 1);
  EXPECT_EQ(mem->grow(800), 3);
  EXPECT_EQ(mem->grow(0x10000), -1);
  EXPECT_EQ(mem->grow(64736), -1);  // 803 + 64736 > 65536
  EXPECT_EQ(mem->grow(1), 803);
  EXPECT_EQ(mem->grow(uint64_t(1) << 40), -1);
  EXPECT_EQ(mem->grow(UINT64_MAX), -1);
  EXPECT_EQ(mem->pages(), 804u);
}

TEST(RuntimeMemory, ZeroPages) {
  auto fixed = make(0, 0);
  ASSERT_TRUE(fixed);
  EXPECT_EQ(fixed->size, 0u);
  EXPECT_EQ(fixed->grow(0), 0);
  EXPECT_EQ(fixed->grow(1), -1);

  auto open = make(0, std::nullopt);
  ASSERT_TRUE(open);
  EXPECT_EQ(open->size, 0u);
  EXPECT_EQ(open->grow(0), 0);
  EXPECT_EQ(open->size, 0u);
}

TEST(RuntimeMemory, ManyUnboundedMemoriesCoexist) {
  std::vector<std::unique_ptr<MemoryInst>> mems;
  for (int i = 0; i < 64; ++i) {
    mems.push_back(make(1, std::nullopt));
    ASSERT_TRUE(mems.back());
    mems.back()->data[0] = uint8_t(i);
  }
  for (int i = 0; i < 64; ++i) EXPECT_EQ(mems[i]->data[0], uint8_t(i));
}

TEST(RuntimeMemory, StoreOwnsItsMemories) {
  Store store(Config{});
  auto mem = store.add_memory(binary::MemoryType{{1, 2}});
  ASSERT_TRUE(mem);
  EXPECT_EQ((*mem)->pages(), 1u);
  EXPECT_EQ((*mem)->grow(1), 1);
  EXPECT_EQ((*mem)->grow(1), -1);
}

}  // namespace
}  // namespace mosaic::exec
