#pragma once
// The pure semantics of every Simple, Trapping, Load, Store, LoadLane and StoreLane instruction of
// opcodes.def, one inline function per entry in namespace mosaic::exec::ops, named as the entry's Name:
//
//   Simple     R Name(P1 a, P2 b, ...)            (+ uint8_t lane for LaneIdx; I8x16Shuffle takes the
//                                                    16 lane indices as const uint8_t*)
//   Trapping   TrapCode Name(P1 a, ..., R* out)   (TrapCode::None on success)
//   Load       R Name(const uint8_t* p)
//   Store      void Name(uint8_t* p, V value)
//   LoadLane   V128 Name(const uint8_t* p, V128 v, uint8_t lane)
//   StoreLane  void Name(uint8_t* p, V128 v, uint8_t lane)
//
// with I32 -> uint32_t, I64 -> uint64_t, F32 -> float, F64 -> double, V128 -> exec::V128 (v128.h).
// Memory operators receive a pointer to the bytes already bounds-checked by the executor.

#include "exec/interp/ops_common.h"
#include "exec/interp/ops_convert.h"
#include "exec/interp/ops_float.h"
#include "exec/interp/ops_int.h"
#include "exec/interp/ops_memory.h"
#include "exec/interp/ops_simd_common.h"
#include "exec/interp/ops_simd_float.h"
#include "exec/interp/ops_simd_int.h"
#include "exec/interp/ops_simd_lane.h"
#include "exec/interp/v128.h"
