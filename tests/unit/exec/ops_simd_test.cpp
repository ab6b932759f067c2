// Tests of the vector operators of src/exec/interp/ops*.h (spec 4.3.1, 4.4.3): V128 itself, the vector
// memory operators (not reachable from ops_spec_test.cpp, which has no memory), and the cases of the SIMD
// spec tests that are easiest to get wrong: shuffle/swizzle, saturation, narrowing, q15mulr, dot, masks.

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>

#include "exec/interp/ops.h"

namespace mosaic::exec {
namespace {

template <typename T, typename... Ts>
V128 make(Ts... lanes) {
  static_assert(sizeof...(Ts) * sizeof(T) == 16);
  V128Lanes<T> a = {static_cast<T>(lanes)...};
  return v128_from_lanes(a);
}

template <typename T>
V128Lanes<T> lanes(V128 v) {
  return v128_lanes<T>(v);
}

V128 iota() {
  V128 v;
  for (int i = 0; i < 16; ++i) v.bytes[i] = static_cast<uint8_t>(i);
  return v;
}

// ---- V128 ----

TEST(OpsV128, LanesAndSlotsAreLittleEndian) {
  V128 v = iota();
  EXPECT_EQ(v.get<uint16_t>(1), 0x0302);
  EXPECT_EQ(v.get<uint32_t>(3), 0x0f0e'0d0cu);
  EXPECT_EQ(v.get<uint64_t>(0), 0x0706'0504'0302'0100ull);
  v.set<int16_t>(7, -2);
  EXPECT_EQ(v.bytes[14], 0xfe);
  EXPECT_EQ(v.bytes[15], 0xff);
  uint64_t s[2];
  v128_to_slots(v, s);
  EXPECT_EQ(s[0], 0x0706'0504'0302'0100ull);
  EXPECT_EQ(s[1], 0xfffe'0d0c'0b0a'0908ull);
  EXPECT_EQ(v128_from_slots(s), v);
  v.set<float>(0, -0.0f);
  EXPECT_EQ(v.get<uint32_t>(0), 0x8000'0000u);
  EXPECT_EQ(v128_zero().get<uint64_t>(1), 0u);
}

// ---- memory ----

TEST(OpsSimdMemory, LoadAndStore) {
  uint8_t mem[40];
  for (int i = 0; i < 40; ++i) mem[i] = static_cast<uint8_t>(0xf0 + i);
  V128 v = ops::V128Load(mem + 3);  // unaligned
  EXPECT_EQ(v.bytes[0], 0xf3);
  EXPECT_EQ(v.bytes[15], 0x02);
  uint8_t out[20] = {};
  ops::V128Store(out + 1, v);
  EXPECT_EQ(std::memcmp(out + 1, mem + 3, 16), 0);
  EXPECT_EQ(out[0], 0);
  EXPECT_EQ(out[17], 0);
}

TEST(OpsSimdMemory, LoadExtend) {
  const uint8_t mem[8] = {0x80, 0x7f, 0xff, 0x01, 0x00, 0x80, 0xff, 0xff};
  EXPECT_EQ(lanes<int16_t>(ops::V128Load8x8S(mem)), (V128Lanes<int16_t>{-128, 127, -1, 1, 0, -128, -1, -1}));
  EXPECT_EQ(lanes<uint16_t>(ops::V128Load8x8U(mem)),
            (V128Lanes<uint16_t>{0x80, 0x7f, 0xff, 0x01, 0x00, 0x80, 0xff, 0xff}));
  EXPECT_EQ(lanes<int32_t>(ops::V128Load16x4S(mem)), (V128Lanes<int32_t>{0x7f80, 0x1ff, -32768, -1}));
  EXPECT_EQ(lanes<uint32_t>(ops::V128Load16x4U(mem)), (V128Lanes<uint32_t>{0x7f80, 0x1ff, 0x8000, 0xffff}));
  EXPECT_EQ(lanes<int64_t>(ops::V128Load32x2S(mem)), (V128Lanes<int64_t>{0x01ff'7f80, -32768}));
  EXPECT_EQ(lanes<uint64_t>(ops::V128Load32x2U(mem)), (V128Lanes<uint64_t>{0x01ff'7f80, 0xffff'8000u}));
}

TEST(OpsSimdMemory, LoadSplatAndZero) {
  const uint8_t mem[8] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x88};
  EXPECT_EQ(ops::V128Load8Splat(mem + 7), ops::I8x16Splat(0x88));
  EXPECT_EQ(ops::V128Load16Splat(mem), ops::I16x8Splat(0x0201));
  EXPECT_EQ(ops::V128Load32Splat(mem), ops::I32x4Splat(0x0403'0201));
  EXPECT_EQ(ops::V128Load64Splat(mem), ops::I64x2Splat(0x8807'0605'0403'0201ull));
  EXPECT_EQ(ops::V128Load32Zero(mem), make<uint32_t>(0x0403'0201u, 0, 0, 0));
  EXPECT_EQ(ops::V128Load64Zero(mem), make<uint64_t>(0x8807'0605'0403'0201ull, 0));
}

TEST(OpsSimdMemory, LaneLoadsAndStores) {
  const uint8_t mem[8] = {0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8};
  V128 base = iota();
  V128 v = ops::V128Load8Lane(mem, base, 15);
  EXPECT_EQ(v.bytes[15], 0xa1);
  EXPECT_EQ(v.bytes[14], 14);
  v = ops::V128Load16Lane(mem, base, 3);
  EXPECT_EQ(v.get<uint16_t>(3), 0xa2a1);
  EXPECT_EQ(v.get<uint16_t>(2), 0x0504);
  v = ops::V128Load32Lane(mem, base, 1);
  EXPECT_EQ(v.get<uint32_t>(1), 0xa4a3'a2a1u);
  EXPECT_EQ(v.get<uint32_t>(0), 0x0302'0100u);
  v = ops::V128Load64Lane(mem, base, 1);
  EXPECT_EQ(v.get<uint64_t>(1), 0xa8a7'a6a5'a4a3'a2a1ull);
  EXPECT_EQ(v.get<uint64_t>(0), 0x0706'0504'0302'0100ull);

  uint8_t out[10] = {};
  ops::V128Store8Lane(out, base, 9);
  EXPECT_EQ(out[0], 9);
  EXPECT_EQ(out[1], 0);
  ops::V128Store16Lane(out, base, 7);
  EXPECT_EQ(out[0], 14);
  EXPECT_EQ(out[1], 15);
  EXPECT_EQ(out[2], 0);
  ops::V128Store32Lane(out + 1, base, 2);
  EXPECT_EQ(out[1], 8);
  EXPECT_EQ(out[4], 11);
  EXPECT_EQ(out[5], 0);
  ops::V128Store64Lane(out + 2, base, 0);
  EXPECT_EQ(out[1], 8);
  EXPECT_EQ(out[2], 0);
  EXPECT_EQ(out[9], 7);
}

// ---- lanes ----

TEST(OpsSimdLane, SplatExtractReplace) {
  V128 v = ops::I8x16Splat(0x1ff);
  EXPECT_EQ(ops::I8x16ExtractLaneS(v, 5), 0xffff'ffffu);
  EXPECT_EQ(ops::I8x16ExtractLaneU(v, 5), 0xffu);
  v = ops::I16x8Splat(0x18000);
  EXPECT_EQ(ops::I16x8ExtractLaneS(v, 7), 0xffff'8000u);
  EXPECT_EQ(ops::I16x8ExtractLaneU(v, 7), 0x8000u);
  v = ops::I8x16ReplaceLane(v, 0x17f, 0);
  EXPECT_EQ(v.bytes[0], 0x7f);
  EXPECT_EQ(v.bytes[1], 0x80);
  v = ops::I16x8ReplaceLane(v, 0xabcd'1234, 2);
  EXPECT_EQ(ops::I16x8ExtractLaneU(v, 2), 0x1234u);
  v = ops::I64x2ReplaceLane(v, 0x1122'3344'5566'7788ull, 1);
  EXPECT_EQ(ops::I64x2ExtractLane(v, 1), 0x1122'3344'5566'7788ull);
  EXPECT_EQ(ops::I32x4ExtractLane(v, 2), 0x5566'7788u);
  v = ops::F32x4ReplaceLane(v, std::bit_cast<float>(0x7fa0'0001u), 3);  // NaN bits kept
  EXPECT_EQ(std::bit_cast<uint32_t>(ops::F32x4ExtractLane(v, 3)), 0x7fa0'0001u);
  v = ops::F64x2ReplaceLane(ops::F64x2Splat(1.5), -0.0, 0);
  EXPECT_EQ(std::bit_cast<uint64_t>(ops::F64x2ExtractLane(v, 0)), 0x8000'0000'0000'0000ull);
  EXPECT_EQ(ops::F64x2ExtractLane(v, 1), 1.5);
  EXPECT_EQ(ops::F32x4ExtractLane(ops::F32x4Splat(-2.5f), 3), -2.5f);
}

TEST(OpsSimdLane, ShuffleAndSwizzle) {
  V128 a = iota();
  V128 b = ops::V128Not(iota());  // 0xff, 0xfe, ...
  const uint8_t idx[16] = {31, 0, 16, 15, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 30, 14};
  V128 r = ops::I8x16Shuffle(a, b, idx);
  EXPECT_EQ(r.bytes[0], 0xf0);
  EXPECT_EQ(r.bytes[1], 0);
  EXPECT_EQ(r.bytes[2], 0xff);
  EXPECT_EQ(r.bytes[3], 15);
  EXPECT_EQ(r.bytes[14], 0xf1);
  EXPECT_EQ(r.bytes[15], 14);

  V128 sel = make<uint8_t>(0, 15, 16, 255, 128, 17, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x8f);
  V128 s = ops::I8x16Swizzle(b, sel);
  EXPECT_EQ(s.bytes[0], 0xff);
  EXPECT_EQ(s.bytes[1], 0xf0);
  EXPECT_EQ(s.bytes[2], 0);  // index >= 16 gives 0
  EXPECT_EQ(s.bytes[3], 0);
  EXPECT_EQ(s.bytes[4], 0);
  EXPECT_EQ(s.bytes[5], 0);
  EXPECT_EQ(s.bytes[6], 0xfe);
  EXPECT_EQ(s.bytes[15], 0);  // 0x8f is not taken modulo 16
}

TEST(OpsSimdLane, Bitwise) {
  V128 a = make<uint64_t>(0xff00'ff00'f0f0'0000ull, 0x1234'5678'9abc'def0ull);
  V128 b = make<uint64_t>(0x0ff0'0ff0'ffff'0000ull, 0xffff'0000'ffff'0000ull);
  EXPECT_EQ(ops::V128And(a, b), make<uint64_t>(0x0f00'0f00'f0f0'0000ull, 0x1234'0000'9abc'0000ull));
  EXPECT_EQ(ops::V128Andnot(a, b), make<uint64_t>(0xf000'f000'0000'0000ull, 0x0000'5678'0000'def0ull));
  EXPECT_EQ(ops::V128Or(a, b), make<uint64_t>(0xfff0'fff0'ffff'0000ull, 0xffff'5678'ffff'def0ull));
  EXPECT_EQ(ops::V128Xor(a, b), make<uint64_t>(0xf0f0'f0f0'0f0f'0000ull, 0xedcb'5678'6543'def0ull));
  EXPECT_EQ(ops::V128Not(a), make<uint64_t>(0x00ff'00ff'0f0f'ffffull, 0xedcb'a987'6543'210full));
  V128 mask = make<uint64_t>(0xffff'ffff'0000'0000ull, 0x0f0f'0f0f'0f0f'0f0full);
  EXPECT_EQ(ops::V128Bitselect(a, b, mask),
            make<uint64_t>(0xff00'ff00'ffff'0000ull, 0xf2f4'0608'fafc'0e00ull));
  EXPECT_EQ(ops::V128AnyTrue(v128_zero()), 0u);
  EXPECT_EQ(ops::V128AnyTrue(make<uint64_t>(0, 0x8000'0000'0000'0000ull)), 1u);
}

// ---- integer lanes ----

TEST(OpsSimdInt, MasksAllTrueBitmask) {
  V128 v = make<int8_t>(-1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, -128);
  EXPECT_EQ(ops::I8x16Bitmask(v), 0x8001u);
  EXPECT_EQ(ops::I8x16AllTrue(v), 1u);
  v.bytes[7] = 0;
  EXPECT_EQ(ops::I8x16AllTrue(v), 0u);
  EXPECT_EQ(ops::I16x8Bitmask(make<int16_t>(-1, 0, -32768, 32767, 0, 0, 0, -2)), 0x85u);
  EXPECT_EQ(ops::I16x8AllTrue(make<uint16_t>(0x100, 1, 1, 1, 1, 1, 1, 1)), 1u);
  EXPECT_EQ(ops::I32x4Bitmask(make<uint32_t>(0x8000'0000u, 0x7fff'ffffu, 0xffff'ffffu, 0)), 0x5u);
  EXPECT_EQ(ops::I32x4AllTrue(make<uint32_t>(1, 1, 0, 1)), 0u);
  EXPECT_EQ(ops::I64x2Bitmask(make<uint64_t>(1, 0x8000'0000'0000'0000ull)), 0x2u);
  EXPECT_EQ(ops::I64x2AllTrue(make<uint64_t>(0x1'0000'0000ull, 1)), 1u);
  EXPECT_EQ(ops::I8x16Eq(iota(), iota()), ops::I8x16Splat(0xff));
  EXPECT_EQ(ops::I16x8LtS(ops::I16x8Splat(0x8000), ops::I16x8Splat(0)), ops::I16x8Splat(0xffff));
  EXPECT_EQ(ops::I16x8LtU(ops::I16x8Splat(0x8000), ops::I16x8Splat(0)), v128_zero());
  EXPECT_EQ(ops::I64x2GeS(ops::I64x2Splat(~uint64_t{0}), ops::I64x2Splat(0)), v128_zero());
}

TEST(OpsSimdInt, Saturation) {
  V128 a = make<int8_t>(127, -128, 100, -100, 1, 0, -1, 127, 0, 0, 0, 0, 0, 0, 0, 0);
  V128 b = make<int8_t>(1, -1, 100, -100, -1, 0, -128, -128, 0, 0, 0, 0, 0, 0, 0, 0);
  EXPECT_EQ(lanes<int8_t>(ops::I8x16AddSatS(a, b)),
            (V128Lanes<int8_t>{127, -128, 127, -128, 0, 0, -128, -1, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(lanes<int8_t>(ops::I8x16SubSatS(a, b)),
            (V128Lanes<int8_t>{126, -127, 0, 0, 2, 0, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(lanes<uint8_t>(ops::I8x16AddSatU(ops::I8x16Splat(200), ops::I8x16Splat(100))),
            lanes<uint8_t>(ops::I8x16Splat(255)));
  EXPECT_EQ(ops::I8x16SubSatU(ops::I8x16Splat(100), ops::I8x16Splat(200)), v128_zero());
  EXPECT_EQ(ops::I16x8AddSatS(ops::I16x8Splat(0x7fff), ops::I16x8Splat(1)), ops::I16x8Splat(0x7fff));
  EXPECT_EQ(ops::I16x8SubSatS(ops::I16x8Splat(0x8000), ops::I16x8Splat(1)), ops::I16x8Splat(0x8000));
  EXPECT_EQ(ops::I16x8AddSatU(ops::I16x8Splat(0xffff), ops::I16x8Splat(0xffff)), ops::I16x8Splat(0xffff));
  EXPECT_EQ(ops::I16x8SubSatU(ops::I16x8Splat(1), ops::I16x8Splat(0xffff)), v128_zero());
  // wrapping forms
  EXPECT_EQ(ops::I8x16Add(ops::I8x16Splat(0xff), ops::I8x16Splat(2)), ops::I8x16Splat(1));
  EXPECT_EQ(ops::I16x8Mul(ops::I16x8Splat(0xffff), ops::I16x8Splat(0xffff)), ops::I16x8Splat(1));
  EXPECT_EQ(ops::I16x8Mul(ops::I16x8Splat(0x8000), ops::I16x8Splat(0x8000)), v128_zero());
  EXPECT_EQ(ops::I32x4Mul(ops::I32x4Splat(0x8000'0001u), ops::I32x4Splat(3)), ops::I32x4Splat(0x8000'0003u));
  EXPECT_EQ(ops::I64x2Neg(ops::I64x2Splat(0x8000'0000'0000'0000ull)),
            ops::I64x2Splat(0x8000'0000'0000'0000ull));
  EXPECT_EQ(ops::I8x16Abs(ops::I8x16Splat(0x80)), ops::I8x16Splat(0x80));
  EXPECT_EQ(ops::I16x8Abs(ops::I16x8Splat(0xffff)), ops::I16x8Splat(1));
  EXPECT_EQ(ops::I32x4Abs(ops::I32x4Splat(0x8000'0000u)), ops::I32x4Splat(0x8000'0000u));
  EXPECT_EQ(ops::I64x2Abs(ops::I64x2Splat(~uint64_t{0} - 4)), ops::I64x2Splat(5));
  EXPECT_EQ(ops::I8x16AvgrU(ops::I8x16Splat(255), ops::I8x16Splat(254)), ops::I8x16Splat(255));
  EXPECT_EQ(ops::I16x8AvgrU(ops::I16x8Splat(0xffff), ops::I16x8Splat(0)), ops::I16x8Splat(0x8000));
}

TEST(OpsSimdInt, Narrow) {
  V128 a = make<int16_t>(-129, -128, 127, 128, 255, 256, -1, 0);
  V128 b = make<int16_t>(32767, -32768, 1, 2, 3, 4, 5, 6);
  EXPECT_EQ(lanes<int8_t>(ops::I8x16NarrowI16x8S(a, b)),
            (V128Lanes<int8_t>{-128, -128, 127, 127, 127, 127, -1, 0, 127, -128, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(lanes<uint8_t>(ops::I8x16NarrowI16x8U(a, b)),
            (V128Lanes<uint8_t>{0, 0, 127, 128, 255, 255, 0, 0, 255, 0, 1, 2, 3, 4, 5, 6}));
  V128 c = make<int32_t>(-32769, 32768, 65535, 65536);
  V128 d = make<int32_t>(-1, 0, 0x7fff'ffff, -0x7fff'ffff - 1);
  EXPECT_EQ(lanes<int16_t>(ops::I16x8NarrowI32x4S(c, d)),
            (V128Lanes<int16_t>{-32768, 32767, 32767, 32767, -1, 0, 32767, -32768}));
  EXPECT_EQ(lanes<uint16_t>(ops::I16x8NarrowI32x4U(c, d)),
            (V128Lanes<uint16_t>{0, 32768, 65535, 65535, 0, 0, 65535, 0}));
}

TEST(OpsSimdInt, Q15MulrDotExtmulExtadd) {
  V128 a = make<int16_t>(-32768, -32768, 32767, 16384, -16384, 1, -1, 0x4000);
  V128 b = make<int16_t>(-32768, 32767, 32767, 16384, 16384, 1, 1, 1);
  EXPECT_EQ(lanes<int16_t>(ops::I16x8Q15mulrSatS(a, b)),
            (V128Lanes<int16_t>{32767, -32767, 32766, 8192, -8192, 0, 0, 1}));

  V128 x = make<int16_t>(-32768, -32768, 32767, 32767, 1, 2, -3, 4);
  V128 y = make<int16_t>(-32768, -32768, 32767, 32767, 5, 6, 7, 8);
  // 2 * 2^30 wraps to INT32_MIN
  EXPECT_EQ(lanes<int32_t>(ops::I32x4DotI16x8S(x, y)),
            (V128Lanes<int32_t>{std::numeric_limits<int32_t>::min(), 2 * 32767 * 32767, 17, 11}));

  V128 u = ops::I16x8Splat(0xffff);
  EXPECT_EQ(ops::I32x4ExtmulLowI16x8U(u, u), ops::I32x4Splat(0xfffe'0001u));
  EXPECT_EQ(ops::I32x4ExtmulHighI16x8S(u, u), ops::I32x4Splat(1));
  EXPECT_EQ(ops::I32x4ExtmulLowI16x8S(ops::I16x8Splat(0x8000), ops::I16x8Splat(0x8000)),
            ops::I32x4Splat(0x4000'0000u));
  EXPECT_EQ(ops::I16x8ExtmulHighI8x16U(ops::I8x16Splat(255), ops::I8x16Splat(255)), ops::I16x8Splat(0xfe01));
  EXPECT_EQ(ops::I16x8ExtmulLowI8x16S(ops::I8x16Splat(0x80), ops::I8x16Splat(0x7f)),
            ops::I16x8Splat(static_cast<uint16_t>(-128 * 127)));
  EXPECT_EQ(ops::I64x2ExtmulHighI32x4U(ops::I32x4Splat(0xffff'ffffu), ops::I32x4Splat(0xffff'ffffu)),
            ops::I64x2Splat(0xffff'fffe'0000'0001ull));
  EXPECT_EQ(ops::I64x2ExtmulLowI32x4S(ops::I32x4Splat(0x8000'0000u), ops::I32x4Splat(0x8000'0000u)),
            ops::I64x2Splat(0x4000'0000'0000'0000ull));

  EXPECT_EQ(ops::I16x8ExtaddPairwiseI8x16S(ops::I8x16Splat(0x80)),
            ops::I16x8Splat(static_cast<uint16_t>(-256)));
  EXPECT_EQ(ops::I16x8ExtaddPairwiseI8x16U(ops::I8x16Splat(0xff)), ops::I16x8Splat(510));
  EXPECT_EQ(ops::I32x4ExtaddPairwiseI16x8S(ops::I16x8Splat(0x8000)),
            ops::I32x4Splat(static_cast<uint32_t>(-65536)));
  EXPECT_EQ(ops::I32x4ExtaddPairwiseI16x8U(ops::I16x8Splat(0xffff)), ops::I32x4Splat(0x1fffe));
}

TEST(OpsSimdInt, ExtendAndShifts) {
  V128 v = make<int8_t>(-1, 2, -3, 4, -5, 6, -7, 8, -128, 127, 0, 1, 2, 3, 4, 5);
  EXPECT_EQ(lanes<int16_t>(ops::I16x8ExtendLowI8x16S(v)), (V128Lanes<int16_t>{-1, 2, -3, 4, -5, 6, -7, 8}));
  EXPECT_EQ(lanes<int16_t>(ops::I16x8ExtendHighI8x16S(v)), (V128Lanes<int16_t>{-128, 127, 0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(lanes<uint16_t>(ops::I16x8ExtendHighI8x16U(v)),
            (V128Lanes<uint16_t>{128, 127, 0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(lanes<uint16_t>(ops::I16x8ExtendLowI8x16U(v)),
            (V128Lanes<uint16_t>{255, 2, 253, 4, 251, 6, 249, 8}));
  EXPECT_EQ(lanes<int64_t>(ops::I64x2ExtendHighI32x4S(make<int32_t>(0, 0, -5, 7))),
            (V128Lanes<int64_t>{-5, 7}));
  EXPECT_EQ(lanes<uint64_t>(ops::I64x2ExtendLowI32x4U(make<int32_t>(-5, 7, 0, 0))),
            (V128Lanes<uint64_t>{0xffff'fffbu, 7}));
  EXPECT_EQ(lanes<int32_t>(ops::I32x4ExtendLowI16x8S(make<int16_t>(-1, 1, -32768, 3, 0, 0, 0, 0))),
            (V128Lanes<int32_t>{-1, 1, -32768, 3}));
  EXPECT_EQ(lanes<uint32_t>(ops::I32x4ExtendHighI16x8U(make<int16_t>(0, 0, 0, 0, -1, 1, -32768, 3))),
            (V128Lanes<uint32_t>{0xffff, 1, 0x8000, 3}));

  // counts are taken modulo the lane width
  EXPECT_EQ(ops::I8x16Shl(ops::I8x16Splat(0xff), 9), ops::I8x16Splat(0xfe));
  EXPECT_EQ(ops::I8x16ShrS(ops::I8x16Splat(0x80), 7), ops::I8x16Splat(0xff));
  EXPECT_EQ(ops::I8x16ShrS(ops::I8x16Splat(0x80), 8), ops::I8x16Splat(0x80));
  EXPECT_EQ(ops::I8x16ShrU(ops::I8x16Splat(0x80), 0xffff'ffffu), ops::I8x16Splat(0x01));
  EXPECT_EQ(ops::I16x8Shl(ops::I16x8Splat(0xffff), 15), ops::I16x8Splat(0x8000));
  EXPECT_EQ(ops::I16x8ShrS(ops::I16x8Splat(0x8000), 17), ops::I16x8Splat(0xc000));
  EXPECT_EQ(ops::I16x8ShrU(ops::I16x8Splat(0x8000), 31), ops::I16x8Splat(0x0001));
  EXPECT_EQ(ops::I32x4Shl(ops::I32x4Splat(1), 32), ops::I32x4Splat(1));
  EXPECT_EQ(ops::I32x4ShrS(ops::I32x4Splat(0x8000'0000u), 63), ops::I32x4Splat(0xffff'ffffu));
  EXPECT_EQ(ops::I64x2ShrS(ops::I64x2Splat(0x8000'0000'0000'0000ull), 0x40),
            ops::I64x2Splat(0x8000'0000'0000'0000ull));
  EXPECT_EQ(ops::I64x2ShrU(ops::I64x2Splat(0x8000'0000'0000'0000ull), 0x7f), ops::I64x2Splat(1));
  EXPECT_EQ(ops::I64x2Shl(ops::I64x2Splat(3), 65), ops::I64x2Splat(6));

  EXPECT_EQ(
      ops::I8x16Popcnt(make<uint8_t>(0, 1, 3, 7, 0xf, 0x1f, 0x3f, 0x7f, 0xff, 0x80, 0x55, 0xaa, 2, 4, 8, 16)),
      make<uint8_t>(0, 1, 2, 3, 4, 5, 6, 7, 8, 1, 4, 4, 1, 1, 1, 1));
  EXPECT_EQ(ops::I8x16MinS(ops::I8x16Splat(0x80), ops::I8x16Splat(0x7f)), ops::I8x16Splat(0x80));
  EXPECT_EQ(ops::I8x16MinU(ops::I8x16Splat(0x80), ops::I8x16Splat(0x7f)), ops::I8x16Splat(0x7f));
  EXPECT_EQ(ops::I32x4MaxS(ops::I32x4Splat(0xffff'ffffu), ops::I32x4Splat(0)), ops::I32x4Splat(0));
  EXPECT_EQ(ops::I32x4MaxU(ops::I32x4Splat(0xffff'ffffu), ops::I32x4Splat(0)), ops::I32x4Splat(0xffff'ffffu));
}

// ---- float lanes ----

TEST(OpsSimdFloat, MinMaxPminPmax) {
  const float nan = std::bit_cast<float>(0x7fa0'0001u);  // signalling
  V128 a = make<float>(0.0f, -0.0f, nan, 1.0f);
  V128 b = make<float>(-0.0f, 0.0f, 1.0f, nan);
  V128Lanes<uint32_t> mn = lanes<uint32_t>(ops::F32x4Min(a, b));
  EXPECT_EQ(mn[0], 0x8000'0000u);
  EXPECT_EQ(mn[1], 0x8000'0000u);
  EXPECT_EQ(mn[2] & 0x7fc0'0000u, 0x7fc0'0000u);  // arithmetic NaN
  EXPECT_EQ(mn[3] & 0x7fc0'0000u, 0x7fc0'0000u);
  V128Lanes<uint32_t> mx = lanes<uint32_t>(ops::F32x4Max(a, b));
  EXPECT_EQ(mx[0], 0u);
  EXPECT_EQ(mx[1], 0u);
  // pmin/pmax return an operand bit for bit: b < a ? b : a, a < b ? b : a
  V128Lanes<uint32_t> pn = lanes<uint32_t>(ops::F32x4Pmin(a, b));
  EXPECT_EQ(pn[0], 0u);            // -0 < 0 is false: a
  EXPECT_EQ(pn[1], 0x8000'0000u);  // a
  EXPECT_EQ(pn[2], 0x7fa0'0001u);  // unordered: a, unchanged
  EXPECT_EQ(pn[3], std::bit_cast<uint32_t>(1.0f));
  V128Lanes<uint32_t> px = lanes<uint32_t>(ops::F32x4Pmax(a, b));
  EXPECT_EQ(px[2], 0x7fa0'0001u);
  EXPECT_EQ(px[3], std::bit_cast<uint32_t>(1.0f));
  V128Lanes<double> dn = lanes<double>(ops::F64x2Pmin(make<double>(2.0, -1.0), make<double>(1.0, -2.0)));
  EXPECT_EQ(dn[0], 1.0);
  EXPECT_EQ(dn[1], -2.0);
  V128Lanes<uint64_t> dm = lanes<uint64_t>(ops::F64x2Min(make<double>(0.0, 3.0), make<double>(-0.0, 2.0)));
  EXPECT_EQ(dm[0], 0x8000'0000'0000'0000ull);
  EXPECT_EQ(std::bit_cast<double>(dm[1]), 2.0);
}

TEST(OpsSimdFloat, SignOpsAndRounding) {
  V128 v = make<uint32_t>(0x7fa0'0001u, 0xffc0'0000u, 0x8000'0000u, 0x3fc0'0000u /* 1.5 */);
  EXPECT_EQ(lanes<uint32_t>(ops::F32x4Abs(v)),
            (V128Lanes<uint32_t>{0x7fa0'0001u, 0x7fc0'0000u, 0, 0x3fc0'0000u}));
  EXPECT_EQ(lanes<uint32_t>(ops::F32x4Neg(v)),
            (V128Lanes<uint32_t>{0xffa0'0001u, 0x7fc0'0000u, 0, 0xbfc0'0000u}));
  EXPECT_EQ(lanes<float>(ops::F32x4Nearest(make<float>(0.5f, 1.5f, 2.5f, -2.5f))),
            (V128Lanes<float>{0.0f, 2.0f, 2.0f, -2.0f}));
  EXPECT_EQ(lanes<uint32_t>(ops::F32x4Ceil(make<float>(-0.5f, 0.5f, -1.5f, 1.0f))),
            (V128Lanes<uint32_t>{0x8000'0000u, std::bit_cast<uint32_t>(1.0f), std::bit_cast<uint32_t>(-1.0f),
                                 std::bit_cast<uint32_t>(1.0f)}));
  EXPECT_EQ(lanes<double>(ops::F64x2Floor(make<double>(-0.5, 4503599627370495.5))),
            (V128Lanes<double>{-1.0, 4503599627370495.0}));
  EXPECT_EQ(lanes<double>(ops::F64x2Trunc(make<double>(-1.9, 1e300))), (V128Lanes<double>{-1.0, 1e300}));
  EXPECT_EQ(lanes<double>(ops::F64x2Nearest(make<double>(-0.5, 3.5))), (V128Lanes<double>{-0.0, 4.0}));
  EXPECT_EQ(lanes<uint64_t>(ops::F64x2Abs(ops::F64x2Splat(-0.0))), (V128Lanes<uint64_t>{0, 0}));
}

TEST(OpsSimdFloat, Conversions) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::bit_cast<float>(0x7fc0'0000u);
  EXPECT_EQ(
      lanes<int32_t>(ops::I32x4TruncSatF32x4S(make<float>(nan, -inf, 2147483648.0f, -1.9f))),
      (V128Lanes<int32_t>{0, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max(), -1}));
  EXPECT_EQ(lanes<uint32_t>(ops::I32x4TruncSatF32x4U(make<float>(nan, -1.0f, 4294967296.0f, 4294967040.0f))),
            (V128Lanes<uint32_t>{0, 0, 0xffff'ffffu, 4294967040u}));
  EXPECT_EQ(
      lanes<int32_t>(ops::I32x4TruncSatF64x2SZero(make<double>(-2147483648.9, 2147483647.9))),
      (V128Lanes<int32_t>{std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max(), 0, 0}));
  EXPECT_EQ(lanes<uint32_t>(ops::I32x4TruncSatF64x2UZero(make<double>(-0.9, 4294967296.0))),
            (V128Lanes<uint32_t>{0, 0xffff'ffffu, 0, 0}));
  EXPECT_EQ(
      lanes<float>(ops::F32x4ConvertI32x4S(make<int32_t>(-1, 0x0100'0001, 0x7fff'ffff, -0x7fff'ffff - 1))),
      (V128Lanes<float>{-1.0f, 16777216.0f, 2147483648.0f, -2147483648.0f}));
  EXPECT_EQ(
      lanes<float>(ops::F32x4ConvertI32x4U(make<uint32_t>(0xffff'ffffu, 0x0100'0003u, 0xffff'ff7fu, 1))),
      (V128Lanes<float>{4294967296.0f, 16777220.0f, 4294967040.0f, 1.0f}));
  EXPECT_EQ(lanes<double>(ops::F64x2ConvertLowI32x4S(make<int32_t>(-1, -0x7fff'ffff - 1, 5, 6))),
            (V128Lanes<double>{-1.0, -2147483648.0}));
  EXPECT_EQ(lanes<double>(ops::F64x2ConvertLowI32x4U(make<int32_t>(-1, 2, 5, 6))),
            (V128Lanes<double>{4294967295.0, 2.0}));

  V128Lanes<uint32_t> d = lanes<uint32_t>(
      ops::F32x4DemoteF64x2Zero(make<double>(std::bit_cast<double>(0x7ff4'0000'0000'0000ull), 0x1p-150)));
  EXPECT_EQ(d[0] & 0x7fc0'0000u, 0x7fc0'0000u);
  EXPECT_EQ(d[1], 0u);
  EXPECT_EQ(d[2], 0u);
  EXPECT_EQ(d[3], 0u);
  V128Lanes<uint64_t> p = lanes<uint64_t>(ops::F64x2PromoteLowF32x4(make<float>(nan, -0.0f, 7.0f, 8.0f)));
  EXPECT_EQ(p[0] & 0x7fff'ffff'ffff'ffffull, 0x7ff8'0000'0000'0000ull);
  EXPECT_EQ(p[1], 0x8000'0000'0000'0000ull);
}

TEST(OpsSimdFloat, Comparisons) {
  const float nan = std::bit_cast<float>(0x7fc0'0000u);
  V128 a = make<float>(nan, 0.0f, 1.0f, 2.0f);
  V128 b = make<float>(nan, -0.0f, 2.0f, 1.0f);
  EXPECT_EQ(lanes<uint32_t>(ops::F32x4Eq(a, b)), (V128Lanes<uint32_t>{0, 0xffff'ffffu, 0, 0}));
  EXPECT_EQ(lanes<uint32_t>(ops::F32x4Ne(a, b)),
            (V128Lanes<uint32_t>{0xffff'ffffu, 0, 0xffff'ffffu, 0xffff'ffffu}));
  EXPECT_EQ(lanes<uint32_t>(ops::F32x4Lt(a, b)), (V128Lanes<uint32_t>{0, 0, 0xffff'ffffu, 0}));
  EXPECT_EQ(lanes<uint32_t>(ops::F32x4Ge(a, b)), (V128Lanes<uint32_t>{0, 0xffff'ffffu, 0, 0xffff'ffffu}));
  EXPECT_EQ(lanes<uint64_t>(ops::F64x2Le(make<double>(1.0, 3.0), make<double>(1.0, 2.0))),
            (V128Lanes<uint64_t>{~uint64_t{0}, 0}));
  EXPECT_EQ(lanes<uint64_t>(ops::F64x2Gt(make<double>(1.0, 3.0), make<double>(1.0, 2.0))),
            (V128Lanes<uint64_t>{0, ~uint64_t{0}}));
}

}  // namespace
}  // namespace mosaic::exec
