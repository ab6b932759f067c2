// elem_size, alignment, flatten_type and flatten_functype against CanonicalABI.md's tables.

#include "canon_harness.h"

namespace mosaic::component::canon::test {
namespace {

TEST_F(ComponentCanon, SizesOfPrimitives) {
  struct Row {
    TypeKind k;
    uint32_t size, align;
  };
  for (Row r : {Row{TypeKind::Bool, 1, 1}, Row{TypeKind::S8, 1, 1}, Row{TypeKind::U8, 1, 1}, Row{TypeKind::S16, 2, 2},
                Row{TypeKind::U16, 2, 2}, Row{TypeKind::S32, 4, 4}, Row{TypeKind::U32, 4, 4}, Row{TypeKind::S64, 8, 8},
                Row{TypeKind::U64, 8, 8}, Row{TypeKind::F32, 4, 4}, Row{TypeKind::F64, 8, 8}, Row{TypeKind::Char, 4, 4},
                Row{TypeKind::String, 8, 4}}) {
    EXPECT_EQ(elem_size(prim(r.k)), r.size) << to_string(r.k);
    EXPECT_EQ(alignment(prim(r.k)), r.align) << to_string(r.k);
  }
}

TEST_F(ComponentCanon, SizesOfCompounds) {
  auto u8 = prim(TypeKind::U8), u16 = prim(TypeKind::U16), u32 = prim(TypeKind::U32), u64 = prim(TypeKind::U64);
  EXPECT_EQ(elem_size(list_of(u64)), 8u);
  EXPECT_EQ(alignment(list_of(u64)), 4u);
  EXPECT_EQ(elem_size(fixed_list_of(u16, 3)), 6u);
  EXPECT_EQ(alignment(fixed_list_of(u16, 3)), 2u);
  // record { a: u8, b: u32, c: u16 }: a@0, b@4, c@8, size 12 (aligned to 4).
  auto rec = record_of({{"a", u8}, {"b", u32}, {"c", u16}});
  EXPECT_EQ(elem_size(rec), 12u);
  EXPECT_EQ(alignment(rec), 4u);
  EXPECT_EQ(elem_size(tuple_of({u8, u64})), 16u);
  EXPECT_EQ(alignment(tuple_of({u8, u64})), 8u);
  EXPECT_EQ(elem_size(option_of(u8)), 2u);
  EXPECT_EQ(elem_size(option_of(u64)), 16u);
  EXPECT_EQ(alignment(option_of(u64)), 8u);
  EXPECT_EQ(elem_size(result_of(u32, prim(TypeKind::String))), 12u);
  EXPECT_EQ(elem_size(result_of(nullptr, nullptr)), 1u);
  EXPECT_EQ(elem_size(enum_of({"a", "b"})), 1u);
  auto res = std::make_shared<ResourceType>();
  EXPECT_EQ(elem_size(handle_of(TypeKind::Own, res)), 4u);
  EXPECT_EQ(alignment(handle_of(TypeKind::Borrow, res)), 4u);
}

TEST_F(ComponentCanon, DiscriminantSizes) {
  // discriminant_type: u8 up to 256 cases, u16 up to 65536, u32 beyond.
  EXPECT_EQ(elem_size(enum_of(numbered_labels(256))), 1u);
  EXPECT_EQ(elem_size(enum_of(numbered_labels(257))), 2u);
  EXPECT_EQ(alignment(enum_of(numbered_labels(257))), 2u);
  EXPECT_EQ(elem_size(enum_of(numbered_labels(65536))), 2u);
  EXPECT_EQ(elem_size(enum_of(numbered_labels(65537))), 4u);
  // A u8 payload after a u16 discriminant: size 3 rounded to 4.
  std::vector<Case> cases;
  for (int i = 0; i < 300; ++i) cases.push_back({"c" + std::to_string(i), i == 0 ? prim(TypeKind::U8) : nullptr});
  EXPECT_EQ(elem_size(variant_of(cases)), 4u);
}

TEST_F(ComponentCanon, FlagsSizes) {
  EXPECT_EQ(elem_size(flags_of(numbered_labels(1))), 1u);
  EXPECT_EQ(elem_size(flags_of(numbered_labels(8))), 1u);
  EXPECT_EQ(elem_size(flags_of(numbered_labels(9))), 2u);
  EXPECT_EQ(alignment(flags_of(numbered_labels(16))), 2u);
  EXPECT_EQ(elem_size(flags_of(numbered_labels(17))), 4u);
  EXPECT_EQ(elem_size(flags_of(numbered_labels(32))), 4u);
  // More than 32 labels: one u32 per 32 labels.
  EXPECT_EQ(elem_size(flags_of(numbered_labels(33))), 8u);
  EXPECT_EQ(alignment(flags_of(numbered_labels(33))), 4u);
  EXPECT_EQ(flatten_type(flags_of(numbered_labels(65))).size(), 3u);
  EXPECT_EQ(flatten_type(flags_of(numbered_labels(32))).size(), 1u);
}

TEST_F(ComponentCanon, FlattenJoinsVariantPayloads) {
  using V = std::vector<ValKind>;
  const auto I32 = ValKind::I32, I64 = ValKind::I64, F32 = ValKind::F32, F64 = ValKind::F64;
  EXPECT_EQ(flatten_type(variant_of({{"a", prim(TypeKind::U32)}, {"b", prim(TypeKind::F32)}})), (V{I32, I32}));
  EXPECT_EQ(flatten_type(variant_of({{"a", prim(TypeKind::F32)}, {"b", prim(TypeKind::F32)}})), (V{I32, F32}));
  EXPECT_EQ(flatten_type(variant_of({{"a", prim(TypeKind::F32)}, {"b", prim(TypeKind::U64)}})), (V{I32, I64}));
  EXPECT_EQ(flatten_type(variant_of({{"a", prim(TypeKind::F64)}, {"b", prim(TypeKind::F32)}})), (V{I32, I64}));
  EXPECT_EQ(flatten_type(option_of(prim(TypeKind::F64))), (V{I32, F64}));
  EXPECT_EQ(flatten_type(variant_of({{"a", nullptr}, {"b", tuple_of({prim(TypeKind::U8), prim(TypeKind::F64)})}})),
            (V{I32, I32, F64}));
  EXPECT_EQ(flatten_type(record_of({{"s", prim(TypeKind::String)}, {"n", prim(TypeKind::U64)}})), (V{I32, I32, I64}));
  EXPECT_EQ(flatten_type(fixed_list_of(prim(TypeKind::F32), 3)), (V{F32, F32, F32}));
  EXPECT_EQ(flatten_type(enum_of({"x"})), (V{I32}));
}

TEST_F(ComponentCanon, FlattenFunctypeSpillsToMemory) {
  FuncType ft;
  for (int i = 0; i < 16; ++i) ft.params.push_back({"p" + std::to_string(i), prim(TypeKind::U32)});
  ft.result = prim(TypeKind::U64);
  auto lift = flatten_functype(ft, FlattenContext::Lift);
  EXPECT_EQ(lift.params.size(), 16u);
  EXPECT_EQ(lift.results, std::vector<ValKind>{ValKind::I64});
  ft.params.push_back({"p16", prim(TypeKind::U32)});  // 17 > MAX_FLAT_PARAMS: one pointer
  ft.result = tuple_of({prim(TypeKind::U32), prim(TypeKind::U32)});  // 2 > MAX_FLAT_RESULTS
  lift = flatten_functype(ft, FlattenContext::Lift);
  EXPECT_EQ(lift.params, std::vector<ValKind>{ValKind::I32});
  EXPECT_EQ(lift.results, std::vector<ValKind>{ValKind::I32});
  auto lower = flatten_functype(ft, FlattenContext::Lower);
  EXPECT_EQ(lower.params, (std::vector<ValKind>{ValKind::I32, ValKind::I32}));
  EXPECT_TRUE(lower.results.empty());
}

TEST_F(ComponentCanon, HugeFixedListSizesDoNotOverflow) {
  auto big = fixed_list_of(fixed_list_of(prim(TypeKind::U64), 0xFFFFFFFF), 0xFFFFFFFF);
  EXPECT_EQ(elem_size(big), UINT32_MAX);  // saturated
  EXPECT_GT(flatten_type(big).size(), MAX_FLAT_PARAMS);
  FuncType ft;
  ft.params.push_back({"x", big});
  EXPECT_EQ(flatten_functype(ft, FlattenContext::Lift).params, std::vector<ValKind>{ValKind::I32});
}

}  // namespace
}  // namespace mosaic::component::canon::test
