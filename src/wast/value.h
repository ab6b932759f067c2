#pragma once
// Values of wast2json scripts: arguments (exact values) and expected results (patterns that may hold NaN
// patterns or "any non-null reference"). Integers and floats are written as unsigned decimal strings of their
// bits; a v128 has a lane type and one string per lane.

#include <array>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "mosaic/val.h"

namespace mosaic::wast {

enum class LaneType : uint8_t { I8, I16, I32, I64, F32, F64 };
enum class NanPattern : uint8_t { None, Canonical, Arithmetic };
enum class RefPattern : uint8_t { Null, NonNull, Host };

inline constexpr size_t kMaxLanes = 16;

size_t lane_count(LaneType lane);
const char* to_string(LaneType lane);
std::optional<LaneType> parse_lane_type(std::string_view text);
std::optional<ValKind> parse_val_kind(std::string_view text);

struct ValuePattern {
  ValKind kind = ValKind::I32;
  uint64_t bits = 0;                  // i32, i64, f32, f64: the bits; externref with ref == Host: the payload
  NanPattern nan = NanPattern::None;  // f32, f64
  LaneType lane_type = LaneType::I32;     // v128
  V128 v128{};                            // v128: lanes that are not NaN patterns
  std::array<NanPattern, 4> lane_nans{};  // v128 with f32 or f64 lanes
  RefPattern ref = RefPattern::Null;      // funcref, externref
};

// Parses a bit pattern written as an unsigned decimal (or, leniently, a negative decimal) of `width` bits.
// Throws ScriptError.
uint64_t parse_bits(std::string_view text, unsigned width);

// An argument: {"type": "i32", "value": "42"}. Throws ScriptError.
Val parse_value(const nlohmann::json& j);
// An expected result. Throws ScriptError.
ValuePattern parse_pattern(const nlohmann::json& j);

bool matches(const ValuePattern& pattern, const Val& value);

// "i32:42 (0x2a)", "f32:1.5 (0x3fc00000)", "v128:i32x4 1 2 3 4", "externref:7", "funcref:null".
// `lanes` chooses how a v128 is shown, so that expected and actual values read alike.
std::string format_value(const Val& value, LaneType lanes = LaneType::I32);
std::string format_pattern(const ValuePattern& pattern);
std::string format_values(std::span<const Val> values, std::span<const ValuePattern> like = {});
std::string format_patterns(std::span<const ValuePattern> patterns);

}  // namespace mosaic::wast
