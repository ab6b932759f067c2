#pragma once
// Preprocessor predicates over the columns of opcodes.def, so that the interpreter's specialised handlers
// are generated from the one opcode table (DESIGN.md convention 5) instead of from a second list:
//
//   MOSAIC_INTERP_IS_BINARY(Kind, Imm, Params)           1 for a Simple or Trapping entry without
//                                                        immediates whose two params have one scalar type
//                                                        (i32.add, i64.lt_s, f64.mul, i32.div_u ...), else 0
//   MOSAIC_INTERP_IS_TEST(Kind, Imm, Params, Results)    1 for such a Simple entry with an i32 result (a
//                                                        comparison, or i32 arithmetic), which a branch on
//                                                        its result can absorb, else 0
//   MOSAIC_INTERP_IS_PURE_BINARY(Kind, Imm, Params)      1 for such a Simple entry (no trap), else 0
//   MOSAIC_INTERP_IS_MEM(Kind)                           1 for a Load or Store entry (not the lane forms)
//   MOSAIC_INTERP_WHEN(cond, tokens...)                  the tokens when cond is 1, nothing when it is 0

#define MOSAIC_INTERP_PASTE(a, b) a##b
#define MOSAIC_INTERP_XPASTE(a, b) MOSAIC_INTERP_PASTE(a, b)

#define MOSAIC_INTERP_WHEN(cond, ...) MOSAIC_INTERP_XPASTE(MOSAIC_INTERP_WHEN_, cond)(__VA_ARGS__)
#define MOSAIC_INTERP_WHEN_0(...)
#define MOSAIC_INTERP_WHEN_1(...) __VA_ARGS__

// A parenthesised param list: 1 when it is two params of one scalar type.
#define MOSAIC_INTERP_PAIR(...) \
  MOSAIC_INTERP_PAIR_SELECT(__VA_ARGS__, MOSAIC_INTERP_PAIR3, MOSAIC_INTERP_PAIR2, MOSAIC_INTERP_PAIR1, )(__VA_ARGS__)
#define MOSAIC_INTERP_PAIR_SELECT(_1, _2, _3, N, ...) N
#define MOSAIC_INTERP_PAIR1(a) 0
#define MOSAIC_INTERP_PAIR3(a, b, c) 0
#define MOSAIC_INTERP_PAIR2(a, b) MOSAIC_INTERP_PAIR2_##a##_##b
#define MOSAIC_INTERP_PAIR2_I32_I32 1
#define MOSAIC_INTERP_PAIR2_I64_I64 1
#define MOSAIC_INTERP_PAIR2_F32_F32 1
#define MOSAIC_INTERP_PAIR2_F64_F64 1
#define MOSAIC_INTERP_PAIR2_V128_V128 0
#define MOSAIC_INTERP_PAIR2_V128_I32 0
#define MOSAIC_INTERP_PAIR2_V128_I64 0
#define MOSAIC_INTERP_PAIR2_V128_F32 0
#define MOSAIC_INTERP_PAIR2_V128_F64 0

#define MOSAIC_INTERP_IS_BINARY(Kind, Imm, Params) MOSAIC_INTERP_BINARY_##Kind(Imm, Params)
#define MOSAIC_INTERP_BINARY_Special(Imm, Params) 0
#define MOSAIC_INTERP_BINARY_Load(Imm, Params) 0
#define MOSAIC_INTERP_BINARY_Store(Imm, Params) 0
#define MOSAIC_INTERP_BINARY_LoadLane(Imm, Params) 0
#define MOSAIC_INTERP_BINARY_StoreLane(Imm, Params) 0
#define MOSAIC_INTERP_BINARY_Simple(Imm, Params) MOSAIC_INTERP_BINARY_IMM_##Imm(Params)
#define MOSAIC_INTERP_BINARY_Trapping(Imm, Params) MOSAIC_INTERP_BINARY_IMM_##Imm(Params)
#define MOSAIC_INTERP_BINARY_IMM_None(Params) MOSAIC_INTERP_PAIR Params
#define MOSAIC_INTERP_BINARY_IMM_LaneIdx(Params) 0
#define MOSAIC_INTERP_BINARY_IMM_Shuffle(Params) 0

#define MOSAIC_INTERP_RESULT_I32(r) MOSAIC_INTERP_RESULT_I32_##r
#define MOSAIC_INTERP_RESULT_I32_I32 1
#define MOSAIC_INTERP_RESULT_I32_I64 0
#define MOSAIC_INTERP_RESULT_I32_F32 0
#define MOSAIC_INTERP_RESULT_I32_F64 0
#define MOSAIC_INTERP_RESULT_I32_V128 0

#define MOSAIC_INTERP_AND(a, b) MOSAIC_INTERP_AND_(a, b)
#define MOSAIC_INTERP_AND_(a, b) MOSAIC_INTERP_AND_##a##b
#define MOSAIC_INTERP_AND_00 0
#define MOSAIC_INTERP_AND_01 0
#define MOSAIC_INTERP_AND_10 0
#define MOSAIC_INTERP_AND_11 1

#define MOSAIC_INTERP_IS_TEST(Kind, Imm, Params, Results) MOSAIC_INTERP_TEST_##Kind(Imm, Params, Results)
#define MOSAIC_INTERP_TEST_Special(Imm, Params, Results) 0
#define MOSAIC_INTERP_TEST_Load(Imm, Params, Results) 0
#define MOSAIC_INTERP_TEST_Store(Imm, Params, Results) 0
#define MOSAIC_INTERP_TEST_LoadLane(Imm, Params, Results) 0
#define MOSAIC_INTERP_TEST_StoreLane(Imm, Params, Results) 0
#define MOSAIC_INTERP_TEST_Trapping(Imm, Params, Results) 0
#define MOSAIC_INTERP_TEST_Simple(Imm, Params, Results) \
  MOSAIC_INTERP_AND(MOSAIC_INTERP_BINARY_IMM_##Imm(Params), MOSAIC_INTERP_RESULT_I32 Results)

#define MOSAIC_INTERP_IS_MEM(Kind) MOSAIC_INTERP_MEM_##Kind
#define MOSAIC_INTERP_MEM_Special 0
#define MOSAIC_INTERP_MEM_Simple 0
#define MOSAIC_INTERP_MEM_Trapping 0
#define MOSAIC_INTERP_MEM_Load 1
#define MOSAIC_INTERP_MEM_Store 1
#define MOSAIC_INTERP_MEM_LoadLane 0
#define MOSAIC_INTERP_MEM_StoreLane 0

#define MOSAIC_INTERP_IS_PURE_BINARY(Kind, Imm, Params) MOSAIC_INTERP_PURE_BINARY_##Kind(Imm, Params)
#define MOSAIC_INTERP_PURE_BINARY_Special(Imm, Params) 0
#define MOSAIC_INTERP_PURE_BINARY_Load(Imm, Params) 0
#define MOSAIC_INTERP_PURE_BINARY_Store(Imm, Params) 0
#define MOSAIC_INTERP_PURE_BINARY_LoadLane(Imm, Params) 0
#define MOSAIC_INTERP_PURE_BINARY_StoreLane(Imm, Params) 0
#define MOSAIC_INTERP_PURE_BINARY_Trapping(Imm, Params) 0
#define MOSAIC_INTERP_PURE_BINARY_Simple(Imm, Params) MOSAIC_INTERP_BINARY_IMM_##Imm(Params)
