#include <gtest/gtest.h>

#include "mosaic/serve.h"
#include "serve/access_log.h"

namespace mosaic::serve {
namespace {

using namespace std::chrono_literals;

TEST(ServeUnits, Durations) {
  EXPECT_EQ(parse_duration("10s"), std::chrono::nanoseconds(10s));
  EXPECT_EQ(parse_duration("500ms"), std::chrono::nanoseconds(500ms));
  EXPECT_EQ(parse_duration("2m"), std::chrono::nanoseconds(2min));
  EXPECT_EQ(parse_duration("1h"), std::chrono::nanoseconds(1h));
  EXPECT_EQ(parse_duration("7"), std::chrono::nanoseconds(7s));
  EXPECT_EQ(parse_duration("250us"), std::chrono::nanoseconds(250us));
  EXPECT_EQ(parse_duration("3ns"), std::chrono::nanoseconds(3));
  EXPECT_FALSE(parse_duration(""));
  EXPECT_FALSE(parse_duration("s"));
  EXPECT_FALSE(parse_duration("10x"));
  EXPECT_FALSE(parse_duration("-1s"));
  EXPECT_FALSE(parse_duration("99999999999999999999h"));
  EXPECT_FALSE(parse_duration("9999999999h"));  // overflows nanoseconds
}

TEST(ServeUnits, ByteSizes) {
  EXPECT_EQ(parse_byte_size("65536"), 65536u);
  EXPECT_EQ(parse_byte_size("64K"), 65536u);
  EXPECT_EQ(parse_byte_size("64KiB"), 65536u);
  EXPECT_EQ(parse_byte_size("16M"), uint64_t(16) << 20);
  EXPECT_EQ(parse_byte_size("1G"), uint64_t(1) << 30);
  EXPECT_FALSE(parse_byte_size("1T"));
  EXPECT_FALSE(parse_byte_size("M"));
  EXPECT_FALSE(parse_byte_size("99999999999999999G"));
}

TEST(ServeAccessLog, Format) {
  AccessRecord r;
  r.peer = "127.0.0.1:54321";
  r.method = "GET";
  r.target = "/path";
  r.status = 200;
  r.body_bytes = 15;
  r.total_ms = 1.8712;
  r.instantiate_ms = 0.314;
  EXPECT_EQ(format_access_line(r),
            "127.0.0.1:54321 \"GET /path HTTP/1.1\" 200 15 1.87ms (instantiate 0.31ms)");
  r.status = 0;
  r.instantiate_ms.reset();
  r.target = "/a\"b\n";
  r.version = 10;
  r.note = "aborted";
  EXPECT_EQ(format_access_line(r), "127.0.0.1:54321 \"GET /a\\x22b\\x0A HTTP/1.0\" - 15 1.87ms aborted");
}

}  // namespace
}  // namespace mosaic::serve
