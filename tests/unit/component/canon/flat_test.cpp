// lift_flat / lower_flat and lift_flat_values / lower_flat_values: core-value encodings, variant joins,
// spilling past MAX_FLAT_PARAMS / MAX_FLAT_RESULTS, and traps.

#include <cmath>
#include <limits>

#include "canon_harness.h"

namespace mosaic::component::canon::test {
namespace {

using V = Value;

Result<Value> lift(Guest& g, std::vector<Val> flat, const ValTypePtr& t, size_t* consumed = nullptr) {
  auto cx = g.cx();
  CoreValueIter vi{flat, 0};
  auto r = lift_flat(cx, vi, t);
  if (consumed) *consumed = vi.i;
  return r;
}

std::vector<Val> lower(Guest& g, const Value& v, const ValTypePtr& t) {
  auto cx = g.cx();
  std::vector<Val> out;
  auto r = lower_flat(cx, v, t, out);
  EXPECT_TRUE(r.has_value()) << r.error().message;
  return out;
}

std::vector<ValKind> kinds(const std::vector<Val>& vs) {
  std::vector<ValKind> k;
  for (const auto& v : vs) k.push_back(v.kind());
  return k;
}

TEST_F(ComponentCanon, FlatRoundTripsMatchFlattenType) {
  Guest g(store);
  std::vector<std::pair<ValTypePtr, Value>> cases = {
      {prim(TypeKind::S8), V::s8(-128)},
      {prim(TypeKind::U16), V::u16(65535)},
      {prim(TypeKind::S32), V::s32(-1)},
      {prim(TypeKind::U64), V::u64(std::numeric_limits<uint64_t>::max())},
      {prim(TypeKind::S64), V::s64(-7)},
      {prim(TypeKind::F64), V::f64(0.1)},
      {prim(TypeKind::Char), V::make_char(U'𝄞')},
      {prim(TypeKind::String), V::string("héllo ✓ 𝄞")},
      {list_of(prim(TypeKind::String)), V::list({V::string("a"), V::string("✓")})},
      {fixed_list_of(prim(TypeKind::U8), 3), V::fixed_list({V::u8(1), V::u8(2), V::u8(3)})},
      {record_of({{"x", prim(TypeKind::F32)}, {"y", prim(TypeKind::U64)}}),
       V::record({{"x", V::f32(2.5f)}, {"y", V::u64(1) }})},
      {tuple_of({prim(TypeKind::Bool), prim(TypeKind::Char)}), V::tuple({V::make_bool(true), V::make_char(U'x')})},
      {enum_of({"a", "b", "c"}), V::enum_case("c")},
      {option_of(prim(TypeKind::String)), V::option(V::string("some"))},
      {option_of(prim(TypeKind::String)), V::option(std::nullopt)},
      {result_of(prim(TypeKind::F32), prim(TypeKind::U64)), V::ok(V::f32(-0.5f))},
      {result_of(prim(TypeKind::F32), prim(TypeKind::U64)), V::err(V::u64(1ull << 40))},
      {flags_of({"a", "b", "c"}), V::flags({"a", "c"})},
      {flags_of(numbered_labels(40)), V::flags({"l2", "l35"})},
  };
  for (const auto& [t, v] : cases) {
    std::vector<Val> flat = lower(g, v, t);
    EXPECT_EQ(kinds(flat), flatten_type(t)) << to_string(t->kind);
    size_t consumed = 0;
    auto back = lift(g, flat, t, &consumed);
    ASSERT_TRUE(back.has_value()) << back.error().message;
    EXPECT_EQ(*back, v) << to_string(t->kind);
    EXPECT_EQ(consumed, flat.size());
  }
}

TEST_F(ComponentCanon, FlatIntegersWrapAndSignExtend) {
  Guest g(store);
  EXPECT_EQ(*lift(g, {Val::i32(0x1FF)}, prim(TypeKind::U8)), V::u8(255));
  EXPECT_EQ(*lift(g, {Val::i32(0x80)}, prim(TypeKind::S8)), V::s8(-128));
  EXPECT_EQ(*lift(g, {Val::i32(0x17FFF)}, prim(TypeKind::S16)), V::s16(32767));
  EXPECT_EQ(*lift(g, {Val::i32(0x18000)}, prim(TypeKind::S16)), V::s16(-32768));
  EXPECT_EQ(*lift(g, {Val::i32(-1)}, prim(TypeKind::U32)), V::u32(0xFFFFFFFF));
  EXPECT_EQ(*lift(g, {Val::i32(7)}, prim(TypeKind::Bool)), V::make_bool(true));
  EXPECT_EQ(lower(g, V::s8(-1), prim(TypeKind::S8))[0].as_i32(), -1);
  EXPECT_EQ(lower(g, V::u8(255), prim(TypeKind::U8))[0].as_i32(), 255);
  EXPECT_EQ(lower(g, V::u32(0xFFFFFFFF), prim(TypeKind::U32))[0].as_i32(), -1);
}

TEST_F(ComponentCanon, FlatFloatsCanonicalizeNaN) {
  Guest g(store);
  Value f = *lift(g, {Val::f32_bits(0xFFC12345)}, prim(TypeKind::F32));
  EXPECT_EQ(std::bit_cast<uint32_t>(f.as_f32()), 0x7fc00000u);
  Value d = *lift(g, {Val::f64_bits(0x7FF0000000000001)}, prim(TypeKind::F64));
  EXPECT_EQ(std::bit_cast<uint64_t>(d.as_f64()), 0x7ff8000000000000u);
  EXPECT_EQ(lower(g, V::f32(std::bit_cast<float>(0x7FA00000u)), prim(TypeKind::F32))[0].f32_bits(), 0x7fc00000u);
  EXPECT_EQ(lower(g, V::f32(-0.0f), prim(TypeKind::F32))[0].f32_bits(), 0x80000000u);
}

TEST_F(ComponentCanon, FlatCharTraps) {
  Guest g(store);
  for (int32_t bad : {0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0x110000, -1})
    expect_trap(lift(g, {Val::i32(bad)}, prim(TypeKind::Char)), "invalid `char` bit pattern");
}

TEST_F(ComponentCanon, FlatVariantJoinsAndCoerces) {
  Guest g(store);
  // variant { a(f32), b(u64) } flattens to [i32, i64]: an f32 travels as its bits in an i64.
  auto t = variant_of({{"a", prim(TypeKind::F32)}, {"b", prim(TypeKind::U64)}});
  auto flat = lower(g, V::variant("a", V::f32(1.5f)), t);
  ASSERT_EQ(kinds(flat), (std::vector<ValKind>{ValKind::I32, ValKind::I64}));
  EXPECT_EQ(flat[0].as_i32(), 0);
  EXPECT_EQ(uint64_t(flat[1].as_i64()), uint64_t(std::bit_cast<uint32_t>(1.5f)));
  // Lifting wraps the i64 to i32 before reinterpreting it (wrap_i64_to_i32): high bits are ignored.
  EXPECT_EQ(*lift(g, {Val::i32(0), Val::i64(int64_t(0xDEAD00000000ull | std::bit_cast<uint32_t>(1.5f)))}, t),
            V::variant("a", V::f32(1.5f)));
  // variant { a(u32), b(f32) } flattens to [i32, i32].
  auto t2 = variant_of({{"a", prim(TypeKind::U32)}, {"b", prim(TypeKind::F32)}});
  flat = lower(g, V::variant("b", V::f32(-2.0f)), t2);
  ASSERT_EQ(kinds(flat), (std::vector<ValKind>{ValKind::I32, ValKind::I32}));
  EXPECT_EQ(uint32_t(flat[1].as_i32()), std::bit_cast<uint32_t>(-2.0f));
  EXPECT_EQ(*lift(g, flat, t2), V::variant("b", V::f32(-2.0f)));
  // Shorter payloads are padded with zeros, and the padding is consumed when lifting.
  auto t3 = variant_of({{"none", nullptr}, {"pair", tuple_of({prim(TypeKind::U32), prim(TypeKind::F64)})}});
  flat = lower(g, V::variant("none", std::nullopt), t3);
  ASSERT_EQ(kinds(flat), (std::vector<ValKind>{ValKind::I32, ValKind::I32, ValKind::F64}));
  EXPECT_EQ(flat[1].as_i32(), 0);
  size_t consumed = 0;
  EXPECT_EQ(*lift(g, flat, t3, &consumed), V::variant("none", std::nullopt));
  EXPECT_EQ(consumed, 3u);
  // f64 in an i64 slot.
  auto t4 = variant_of({{"d", prim(TypeKind::F64)}, {"n", prim(TypeKind::S64)}});
  flat = lower(g, V::variant("d", V::f64(0.25)), t4);
  EXPECT_EQ(uint64_t(flat[1].as_i64()), std::bit_cast<uint64_t>(0.25));
  EXPECT_EQ(*lift(g, flat, t4), V::variant("d", V::f64(0.25)));
}

TEST_F(ComponentCanon, FlatBadDiscriminantsTrap) {
  Guest g(store);
  expect_trap(lift(g, {Val::i32(2), Val::i32(0)}, variant_of({{"a", nullptr}, {"b", prim(TypeKind::U32)}})),
              "invalid variant discriminant");
  expect_trap(lift(g, {Val::i32(3)}, enum_of({"a", "b", "c"})), "invalid variant discriminant");
  expect_trap(lift(g, {Val::i32(2), Val::i32(0)}, option_of(prim(TypeKind::U32))), "invalid variant discriminant");
  expect_trap(lift(g, {Val::i32(-1), Val::i32(0)}, result_of(prim(TypeKind::U32), nullptr)),
              "invalid variant discriminant");
}

TEST_F(ComponentCanon, FlatWrongCoreValuesAreUsageErrors) {
  Guest g(store);
  expect_usage(lift(g, {}, prim(TypeKind::U32)));
  expect_usage(lift(g, {Val::i64(1)}, prim(TypeKind::U32)));
  expect_usage(lift(g, {Val::i32(1)}, prim(TypeKind::F32)));
}

TEST_F(ComponentCanon, FlatValuesSpillParamsThroughRealloc) {
  Guest g(store);
  std::vector<ValTypePtr> ts;
  std::vector<Value> vs;
  for (uint32_t i = 0; i < 17; ++i) {
    ts.push_back(i == 0 ? prim(TypeKind::U8) : prim(TypeKind::U32));
    vs.push_back(i == 0 ? V::u8(200) : V::u32(i * 1000));
  }
  auto cx = g.cx();
  auto flat = lower_flat_values(cx, MAX_FLAT_PARAMS, vs, ts);
  ASSERT_TRUE(flat.has_value()) << flat.error().message;
  ASSERT_EQ(flat->size(), 1u);  // one pointer to the tuple
  uint32_t ptr = uint32_t((*flat)[0].as_i32());
  EXPECT_EQ(g.calls, (std::vector<ReallocCall>{{0, 0, 4, 68}}));  // tuple<u8, u32 x16>: 4 + 16*4
  EXPECT_EQ(g.data()[ptr], 200);
  EXPECT_EQ(g.get32(ptr + 4), 1000u);
  EXPECT_EQ(g.get32(ptr + 64), 16000u);
  CoreValueIter vi{*flat, 0};
  auto back = lift_flat_values(cx, MAX_FLAT_PARAMS, vi, ts);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(*back, vs);
  // 16 values stay flat.
  ts.pop_back();
  vs.pop_back();
  EXPECT_EQ(lower_flat_values(cx, MAX_FLAT_PARAMS, vs, ts)->size(), 16u);
  expect_usage(lower_flat_values(cx, MAX_FLAT_PARAMS, std::vector<Value>{}, ts));
}

TEST_F(ComponentCanon, FlatValuesResultsThroughPointers) {
  Guest g(store);
  std::vector<ValTypePtr> ts = {tuple_of({prim(TypeKind::U32), prim(TypeKind::String)})};
  std::vector<Value> vs = {V::tuple({V::u32(5), V::string("ok")})};
  auto cx = g.cx();
  // Lowering results with an out-param: stored where the caller said, nothing returned.
  auto flat = lower_flat_values(cx, MAX_FLAT_RESULTS, vs, ts, 256u);
  ASSERT_TRUE(flat.has_value()) << flat.error().message;
  EXPECT_TRUE(flat->empty());
  EXPECT_EQ(g.get32(256), 5u);
  EXPECT_EQ(g.get32(264), 2u);
  // Lifting results from a returned pointer.
  std::array<Val, 1> ret = {Val::i32(256)};
  CoreValueIter vi{ret, 0};
  EXPECT_EQ(*lift_flat_values(cx, MAX_FLAT_RESULTS, vi, ts), vs);
  // Bad pointers.
  expect_trap(lower_flat_values(cx, MAX_FLAT_RESULTS, vs, ts, 258u), "pointer not aligned");
  expect_trap(lower_flat_values(cx, MAX_FLAT_RESULTS, vs, ts, 65532u), "pointer out of bounds");
  std::array<Val, 1> bad = {Val::i32(2)};
  CoreValueIter vb{bad, 0};
  expect_trap(lift_flat_values(cx, MAX_FLAT_RESULTS, vb, ts), "return pointer not aligned");
  std::array<Val, 1> oob = {Val::i32(65532)};
  CoreValueIter vo{oob, 0};
  expect_trap(lift_flat_values(cx, MAX_FLAT_RESULTS, vo, ts), "pointer out of bounds of memory");
  cx.adapter = true;
  CoreValueIter vb2{bad, 0};
  expect_trap(lift_flat_values(cx, MAX_FLAT_RESULTS, vb2, ts), "unaligned pointer");
  expect_trap(lower_flat_values(cx, MAX_FLAT_RESULTS, vs, ts, 258u), "unaligned pointer");
}

}  // namespace
}  // namespace mosaic::component::canon::test
