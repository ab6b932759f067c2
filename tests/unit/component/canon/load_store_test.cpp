// load / store: round trips of every type, exact byte layouts, and the traps on bad memory contents.

#include <cmath>
#include <limits>

#include "canon_harness.h"

namespace mosaic::component::canon::test {
namespace {

using V = Value;
using Bytes = std::vector<uint8_t>;

// A type that holds one of everything, and a value of it.
ValTypePtr everything_type() {
  return record_of({
      {"b", prim(TypeKind::Bool)},
      {"s8", prim(TypeKind::S8)},
      {"u8", prim(TypeKind::U8)},
      {"s16", prim(TypeKind::S16)},
      {"u16", prim(TypeKind::U16)},
      {"s32", prim(TypeKind::S32)},
      {"u32", prim(TypeKind::U32)},
      {"s64", prim(TypeKind::S64)},
      {"u64", prim(TypeKind::U64)},
      {"f32", prim(TypeKind::F32)},
      {"f64", prim(TypeKind::F64)},
      {"c", prim(TypeKind::Char)},
      {"s", prim(TypeKind::String)},
      {"l", list_of(prim(TypeKind::U16))},
      {"fl", fixed_list_of(prim(TypeKind::S8), 3)},
      {"t", tuple_of({prim(TypeKind::U8), prim(TypeKind::String)})},
      {"v", variant_of({{"none", nullptr}, {"num", prim(TypeKind::F64)}, {"text", prim(TypeKind::String)}})},
      {"e", enum_of({"red", "green", "blue"})},
      {"o", option_of(list_of(prim(TypeKind::String)))},
      {"r", result_of(prim(TypeKind::U32), prim(TypeKind::String))},
      {"f", flags_of({"read", "write", "exec"})},
      {"big", flags_of(numbered_labels(40))},
  });
}

Value everything_value() {
  return V::record({
      {"b", V::make_bool(true)},
      {"s8", V::s8(-5)},
      {"u8", V::u8(250)},
      {"s16", V::s16(-30000)},
      {"u16", V::u16(60000)},
      {"s32", V::s32(-2000000000)},
      {"u32", V::u32(4000000000u)},
      {"s64", V::s64(std::numeric_limits<int64_t>::min())},
      {"u64", V::u64(std::numeric_limits<uint64_t>::max())},
      {"f32", V::f32(1.5f)},
      {"f64", V::f64(-2.25)},
      {"c", V::make_char(U'𝄞')},
      {"s", V::string("héllo ✓ 𝄞")},
      {"l", V::list({V::u16(1), V::u16(2), V::u16(65535)})},
      {"fl", V::fixed_list({V::s8(-1), V::s8(0), V::s8(1)})},
      {"t", V::tuple({V::u8(7), V::string("")})},
      {"v", V::variant("text", V::string("payload"))},
      {"e", V::enum_case("blue")},
      {"o", V::option(V::list({V::string("a"), V::string("bc")}))},
      {"r", V::err(V::string("bad"))},
      {"f", V::flags({"read", "exec"})},
      {"big", V::flags({"l0", "l33", "l39"})},
  });
}

TEST_F(ComponentCanon, StoreLoadRoundTripsEveryType) {
  for (auto enc : {ast::StringEncoding::Utf8, ast::StringEncoding::Utf16, ast::StringEncoding::Latin1Utf16}) {
    Guest g(store, enc);
    auto cx = g.cx();
    auto t = everything_type();
    Value v = everything_value();
    ASSERT_TRUE(canon::store(cx, v, t, 64).has_value());
    auto back = canon::load(cx, 64, t);
    ASSERT_TRUE(back.has_value()) << back.error().message;
    EXPECT_EQ(*back, v);
  }
}

TEST_F(ComponentCanon, StoreLoadVariantsOfEveryCase) {
  Guest g(store);
  auto cx = g.cx();
  auto t = variant_of({{"none", nullptr}, {"num", prim(TypeKind::F64)}, {"text", prim(TypeKind::String)}});
  for (const Value& v : {V::variant("none", std::nullopt), V::variant("num", V::f64(3.0)),
                         V::variant("text", V::string("x"))}) {
    ASSERT_TRUE(canon::store(cx, v, t, 8).has_value());
    EXPECT_EQ(*canon::load(cx, 8, t), v);
  }
  auto o = option_of(prim(TypeKind::U32));
  for (const Value& v : {V::option(std::nullopt), V::option(V::u32(9))}) {
    ASSERT_TRUE(canon::store(cx, v, o, 8).has_value());
    EXPECT_EQ(*canon::load(cx, 8, o), v);
  }
  auto r = result_of(nullptr, prim(TypeKind::U8));
  for (const Value& v : {V::ok(std::nullopt), V::err(V::u8(3))}) {
    ASSERT_TRUE(canon::store(cx, v, r, 8).has_value());
    EXPECT_EQ(*canon::load(cx, 8, r), v);
  }
}

TEST_F(ComponentCanon, ExactLayouts) {
  Guest g(store);
  auto cx = g.cx();
  // record { a: u8, b: u32, c: u16 } at 16: a@16, b@20, c@24.
  auto rec = record_of({{"a", prim(TypeKind::U8)}, {"b", prim(TypeKind::U32)}, {"c", prim(TypeKind::U16)}});
  std::memset(g.data() + 16, 0xAA, 12);
  ASSERT_TRUE(canon::store(cx, V::record({{"a", V::u8(1)}, {"b", V::u32(0x04030201)}, {"c", V::u16(0x0605)}}), rec, 16));
  EXPECT_EQ(g.bytes(16, 12), (Bytes{1, 0xAA, 0xAA, 0xAA, 1, 2, 3, 4, 5, 6, 0xAA, 0xAA}));
  // option<u32>: discriminant byte, payload at 4.
  ASSERT_TRUE(canon::store(cx, V::option(V::u32(7)), option_of(prim(TypeKind::U32)), 32));
  EXPECT_EQ(g.bytes(32, 8), (Bytes{1, 0, 0, 0, 7, 0, 0, 0}));
  // result<_, u8> error(9): discriminant 1, payload at 1.
  ASSERT_TRUE(canon::store(cx, V::err(V::u8(9)), result_of(nullptr, prim(TypeKind::U8)), 40));
  EXPECT_EQ(g.bytes(40, 2), (Bytes{1, 9}));
  // A 300-case enum has a u16 discriminant.
  auto e = enum_of(numbered_labels(300));
  ASSERT_TRUE(canon::store(cx, V::enum_case("l258"), e, 48));
  EXPECT_EQ(g.bytes(48, 2), (Bytes{2, 1}));
  // flags: bit i is label i; 40 labels take two u32s.
  ASSERT_TRUE(canon::store(cx, V::flags({"l1", "l9"}), flags_of(numbered_labels(10)), 52));
  EXPECT_EQ(g.bytes(52, 2), (Bytes{2, 2}));
  ASSERT_TRUE(canon::store(cx, V::flags({"l0", "l33"}), flags_of(numbered_labels(40)), 56));
  EXPECT_EQ(g.bytes(56, 8), (Bytes{1, 0, 0, 0, 2, 0, 0, 0}));
  // bool, s16, f32, char.
  ASSERT_TRUE(canon::store(cx, V::make_bool(true), prim(TypeKind::Bool), 64));
  EXPECT_EQ(g.bytes(64, 1), Bytes{1});
  ASSERT_TRUE(canon::store(cx, V::s16(-2), prim(TypeKind::S16), 66));
  EXPECT_EQ(g.bytes(66, 2), (Bytes{0xFE, 0xFF}));
  ASSERT_TRUE(canon::store(cx, V::f32(1.0f), prim(TypeKind::F32), 68));
  EXPECT_EQ(g.bytes(68, 4), (Bytes{0, 0, 0x80, 0x3F}));
  ASSERT_TRUE(canon::store(cx, V::make_char(U'✓'), prim(TypeKind::Char), 72));
  EXPECT_EQ(g.bytes(72, 4), (Bytes{0x13, 0x27, 0, 0}));
  // list<u16>: (ptr, length) with the elements where realloc put them.
  g.next = 2000;
  ASSERT_TRUE(canon::store(cx, V::list({V::u16(1), V::u16(0x0302)}), list_of(prim(TypeKind::U16)), 80));
  EXPECT_EQ(g.get32(80), 2000u);
  EXPECT_EQ(g.get32(84), 2u);
  EXPECT_EQ(g.bytes(2000, 4), (Bytes{1, 0, 2, 3}));
  EXPECT_EQ(g.calls.back(), (ReallocCall{0, 0, 2, 4}));
  // string "hé" in UTF-8: 3 bytes.
  g.next = 3000;
  ASSERT_TRUE(canon::store(cx, V::string("hé"), prim(TypeKind::String), 88));
  EXPECT_EQ(g.get32(88), 3000u);
  EXPECT_EQ(g.get32(92), 3u);
  EXPECT_EQ(g.bytes(3000, 3), (Bytes{'h', 0xC3, 0xA9}));
}

TEST_F(ComponentCanon, LoadBoolIsNonZero) {
  Guest g(store);
  auto cx = g.cx();
  g.data()[8] = 0x80;
  EXPECT_EQ(*canon::load(cx, 8, prim(TypeKind::Bool)), V::make_bool(true));
  g.data()[8] = 0;
  EXPECT_EQ(*canon::load(cx, 8, prim(TypeKind::Bool)), V::make_bool(false));
}

TEST_F(ComponentCanon, LoadCanonicalizesNaN) {
  Guest g(store);
  auto cx = g.cx();
  g.put32(8, 0x7fc00001);
  Value f = *canon::load(cx, 8, prim(TypeKind::F32));
  EXPECT_TRUE(std::isnan(f.as_f32()));
  EXPECT_EQ(std::bit_cast<uint32_t>(f.as_f32()), 0x7fc00000u);
  g.put32(16, 1);
  g.put32(20, 0xfff00000);  // a negative signalling NaN
  Value d = *canon::load(cx, 16, prim(TypeKind::F64));
  EXPECT_EQ(std::bit_cast<uint64_t>(d.as_f64()), 0x7ff8000000000000u);
}

TEST_F(ComponentCanon, LoadTrapsOnBadChar) {
  Guest g(store);
  auto cx = g.cx();
  for (uint32_t bad : {0xD800u, 0xDFFFu, 0x110000u, 0xFFFFFFFFu}) {
    g.put32(8, bad);
    expect_trap(canon::load(cx, 8, prim(TypeKind::Char)), "invalid `char` bit pattern");
  }
  g.put32(8, 0x10FFFF);
  EXPECT_TRUE(canon::load(cx, 8, prim(TypeKind::Char)).has_value());
}

TEST_F(ComponentCanon, LoadTrapsOnBadDiscriminants) {
  Guest g(store);
  auto cx = g.cx();
  g.data()[8] = 2;
  expect_trap(canon::load(cx, 8, variant_of({{"a", nullptr}, {"b", prim(TypeKind::U8)}})),
              "invalid variant discriminant");
  expect_trap(canon::load(cx, 8, option_of(prim(TypeKind::U8))), "invalid variant discriminant");
  expect_trap(canon::load(cx, 8, result_of(prim(TypeKind::U8), nullptr)), "invalid variant discriminant");
  g.data()[8] = 3;
  expect_trap(canon::load(cx, 8, enum_of({"a", "b", "c"})), "invalid variant discriminant");
  g.data()[8] = 2;
  EXPECT_EQ(*canon::load(cx, 8, enum_of({"a", "b", "c"})), V::enum_case("c"));
}

TEST_F(ComponentCanon, LoadStoreTrapOutOfBoundsAndMisaligned) {
  Guest g(store);
  auto cx = g.cx();
  expect_trap(canon::load(cx, 65536, prim(TypeKind::U32)), "pointer out of bounds");
  expect_trap(canon::load(cx, 0xFFFFFFF8, prim(TypeKind::U64)), "pointer out of bounds");
  expect_trap(canon::load(cx, 2, prim(TypeKind::U32)), "pointer not aligned");
  expect_trap(canon::store(cx, V::u32(1), prim(TypeKind::U32), 65536), "pointer out of bounds");
  expect_trap(canon::store(cx, V::u64(1), prim(TypeKind::U64), 4), "pointer not aligned");
  EXPECT_TRUE(canon::load(cx, 65532, prim(TypeKind::U32)).has_value());
}

TEST_F(ComponentCanon, LoadListTraps) {
  Guest g(store);
  auto cx = g.cx();
  auto t = list_of(prim(TypeKind::U32));
  g.put32(8, 2);  // misaligned element pointer
  g.put32(12, 1);
  expect_trap(canon::load(cx, 8, t), "list pointer is not aligned");
  g.put32(8, 65532);  // two u32s from 65532 run past the end
  g.put32(12, 2);
  expect_trap(canon::load(cx, 8, t), "list pointer/length out of bounds of memory");
  g.put32(8, 0);
  g.put32(12, 0x40000000);  // 4 GiB of elements: more than any memory holds (no overflow in the check)
  expect_trap(canon::load(cx, 8, t), "list pointer/length out of bounds of memory");
  g.put32(8, 0xFFFFFFF0);  // empty list, pointer out of bounds
  g.put32(12, 0);
  expect_trap(canon::load(cx, 8, t), "out of bounds");
  g.put32(8, 65536);  // empty list at the very end is fine
  EXPECT_EQ(*canon::load(cx, 8, t), V::list({}));
  // In a component-to-component call the texts are the fused adapter's.
  cx.adapter = true;
  g.put32(8, 2);
  g.put32(12, 1);
  expect_trap(canon::load(cx, 8, t), "unaligned pointer");
  g.put32(8, 65532);
  g.put32(12, 2);
  expect_trap(canon::load(cx, 8, t), "list content out-of-bounds");
}

TEST_F(ComponentCanon, StoreListCallsReallocEvenWhenEmpty) {
  Guest g(store);
  auto cx = g.cx();
  ASSERT_TRUE(canon::store(cx, V::list({}), list_of(prim(TypeKind::U8)), 8));
  ASSERT_EQ(g.calls.size(), 1u);
  EXPECT_EQ(g.calls[0], (ReallocCall{0, 0, 1, 0}));
  EXPECT_FALSE(g.may_leave_in_realloc[0]);  // realloc runs with may_leave cleared
  EXPECT_TRUE(g.inst.may_leave);            // and it is restored
}

TEST_F(ComponentCanon, ReallocResultIsChecked) {
  Guest g(store);
  auto cx = g.cx();
  auto t = list_of(prim(TypeKind::U32));
  Value v = V::list({V::u32(1), V::u32(2)});
  g.forced = 0xFFFFFFFF;  // misaligned: the alignment check comes first
  expect_trap(canon::store(cx, v, t, 8), "realloc return: result not aligned");
  g.forced = 0xFFFFFFFC;  // aligned but beyond the end
  expect_trap(canon::store(cx, v, t, 8), "realloc return: beyond end of memory");
  expect_trap(canon::store(cx, V::list({}), t, 8), "realloc return: beyond end of memory");
  g.forced = 65528;  // the last 8 bytes: fits
  EXPECT_TRUE(canon::store(cx, v, t, 8).has_value());
  cx.adapter = true;
  g.forced = 2;
  expect_trap(canon::store(cx, v, t, 8), "unaligned pointer");
  g.forced = 0xFFFFFFFC;
  expect_trap(canon::store(cx, v, t, 8), "list content out-of-bounds");
}

TEST_F(ComponentCanon, ReallocTrapPropagatesAndRestoresMayLeave) {
  Guest g(store);
  auto trapping = mosaic::Func::create(
      store, mosaic::FuncType{{ValKind::I32, ValKind::I32, ValKind::I32, ValKind::I32}, {ValKind::I32}},
      [](Caller&, std::span<const Val>, std::span<Val>) -> Result<void> { return mosaic::trap("unreachable"); });
  g.opts.realloc = trapping;
  auto cx = g.cx();
  expect_trap(canon::store(cx, V::list({}), list_of(prim(TypeKind::U8)), 8), "unreachable");
  EXPECT_TRUE(g.inst.may_leave);
}

TEST_F(ComponentCanon, MissingMemoryOrReallocIsAnError) {
  Guest g(store);
  g.opts.realloc.reset();
  auto cx = g.cx();
  expect_usage(canon::store(cx, V::string("x"), prim(TypeKind::String), 8));
  g.opts.memory.reset();
  expect_usage(canon::load(cx, 8, prim(TypeKind::U8)));
}

TEST_F(ComponentCanon, StoreRejectsValuesOfTheWrongShape) {
  Guest g(store);
  auto cx = g.cx();
  expect_usage(canon::store(cx, V::u8(1), prim(TypeKind::U32), 8));
  expect_usage(canon::store(cx, V::variant("zzz", std::nullopt), variant_of({{"a", nullptr}}), 8));
  expect_usage(canon::store(cx, V::variant("a", std::nullopt), variant_of({{"a", prim(TypeKind::U8)}}), 8));
  EXPECT_TRUE(canon::store(cx, V::option(std::nullopt), option_of(prim(TypeKind::U8)), 8).has_value());
  expect_usage(canon::store(cx, V::option(std::nullopt), result_of(nullptr, nullptr), 8));
  expect_usage(canon::store(cx, V::flags({"nope"}), flags_of({"a"}), 8));
  expect_usage(canon::store(cx, V::record({{"x", V::u8(1)}}), record_of({{"y", prim(TypeKind::U8)}}), 8));
  expect_usage(canon::store(cx, V::fixed_list({V::u8(1)}), fixed_list_of(prim(TypeKind::U8), 2), 8));
  expect_usage(canon::store(cx, V::make_char(0xD800), prim(TypeKind::Char), 8));
  // Record fields are matched by label, in any order.
  auto rec = record_of({{"a", prim(TypeKind::U8)}, {"b", prim(TypeKind::U8)}});
  ASSERT_TRUE(canon::store(cx, V::record({{"b", V::u8(2)}, {"a", V::u8(1)}}), rec, 8));
  EXPECT_EQ(g.bytes(8, 2), (Bytes{1, 2}));
}

// A list of strings that all point at one range lifts many times the guest's memory: lifting stops at the
// context's budget of host memory (kMaxLiftedBytes, 2 GiB, by default; 1 MiB and 4 KiB here, the 4 KiB for the
// list's own Values). Each 32 KiB string counts twice its bytes (the most its UTF-8 text can take), 64 KiB:
// 16 fit, 17 do not.
TEST_F(ComponentCanon, LiftingIsBoundedInHostMemory) {
  Guest g(store);
  std::memset(g.data() + 32768, 'a', 32768);
  for (uint32_t i = 0; i < 17; ++i) {
    g.put32(64 + 8 * i, 32768);
    g.put32(64 + 8 * i + 4, 32768);
  }
  const ValTypePtr strings = list_of(prim(TypeKind::String));
  g.put32(0, 64);
  g.put32(4, 16);
  auto cx = g.cx();
  cx.lift_budget = (1 << 20) + 4096;
  Result<Value> sixteen = canon::load(cx, 0, strings);
  ASSERT_TRUE(sixteen) << sixteen.error().message;
  EXPECT_EQ(sixteen->items().size(), 16u);
  g.put32(4, 17);
  auto cx17 = g.cx();
  cx17.lift_budget = (1 << 20) + 4096;
  expect_trap(canon::load(cx17, 0, strings), "the lifted values would take more than 1052672 bytes of host memory");
  EXPECT_EQ(g.cx().lift_budget, kMaxLiftedBytes);
}

TEST_F(ComponentCanon, DeeplyNestedValuesAreBounded) {
  Guest g(store);
  auto cx = g.cx();
  ValTypePtr t = prim(TypeKind::U8);
  Value v = V::u8(1);
  for (int i = 0; i < 1100; ++i) {
    t = option_of(t);
    v = V::option(v);
  }
  expect_trap(canon::store(cx, v, t, 8), "value nesting too deep");
  expect_usage(check_value(v, t));
}

}  // namespace
}  // namespace mosaic::component::canon::test
