// The values of `mosaic serve`'s -W options: durations (timeout) and byte sizes (max-memory-size).
#include <charconv>
#include <cstdint>
#include <limits>

#include "mosaic/serve.h"

namespace mosaic::serve {

namespace {

// The leading decimal number of `text`, and the rest.
bool split_number(std::string_view text, uint64_t& number, std::string_view& suffix) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end == text.data()) return false;
  suffix = text.substr(size_t(end - text.data()));
  return true;
}

}  // namespace

std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text) {
  uint64_t n = 0;
  std::string_view unit;
  if (!split_number(text, n, unit)) return std::nullopt;
  struct Unit {
    std::string_view name;
    uint64_t ns;
  };
  static constexpr Unit kUnits[] = {{"", 1'000'000'000},   {"s", 1'000'000'000},    {"ms", 1'000'000},
                                    {"us", 1'000},         {"\xce\xbcs", 1'000},    {"ns", 1},
                                    {"m", 60'000'000'000}, {"h", 3'600'000'000'000}};
  for (const Unit& u : kUnits) {
    if (unit != u.name) continue;
    if (n > uint64_t(std::numeric_limits<int64_t>::max()) / u.ns) return std::nullopt;
    return std::chrono::nanoseconds(int64_t(n * u.ns));
  }
  return std::nullopt;
}

std::optional<uint64_t> parse_byte_size(std::string_view text) {
  uint64_t n = 0;
  std::string_view unit;
  if (!split_number(text, n, unit)) return std::nullopt;
  struct Unit {
    std::string_view name;
    unsigned shift;
  };
  static constexpr Unit kUnits[] = {{"", 0},   {"B", 0},    {"K", 10}, {"KiB", 10}, {"M", 20},  {"MiB", 20},
                                    {"G", 30}, {"GiB", 30}, {"k", 10}, {"KB", 10},  {"MB", 20}, {"GB", 30}};
  for (const Unit& u : kUnits) {
    if (unit != u.name) continue;
    if (u.shift && n > (std::numeric_limits<uint64_t>::max() >> u.shift)) return std::nullopt;
    return n << u.shift;
  }
  return std::nullopt;
}

}  // namespace mosaic::serve
