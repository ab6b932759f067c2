#include "wast/expected_failures.h"

#include <gtest/gtest.h>

#include "wast/script_error.h"

namespace mosaic::wast {
namespace {

TEST(ExpectedFailures, ParsesLinesWholeFilesAndComments) {
  ExpectedFailures list = ExpectedFailures::parse(
      "# known failures\n"
      "\n"
      "core/elem.wast:123  the reason, with spaces\n"
      "  core/foo.wast:*\tnot supported yet  \n",
      "list.txt");
  EXPECT_EQ(list.size(), 2u);
  const ExpectedFailure* e = list.find("core/elem.wast", 123);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->reason, "the reason, with spaces");
  EXPECT_EQ(e->list_line, 3u);
  EXPECT_EQ(list.find("core/elem.wast", 124), nullptr);
  EXPECT_EQ(list.whole_file("core/elem.wast"), nullptr);
  ASSERT_NE(list.whole_file("core/foo.wast"), nullptr);
  EXPECT_EQ(list.whole_file("core/foo.wast")->reason, "not supported yet");
  EXPECT_EQ(list.for_file("core/elem.wast").size(), 1u);
}

TEST(ExpectedFailures, RejectsBadEntriesWithTheirLine) {
  EXPECT_THROW(ExpectedFailures::parse("core/elem.wast:12\n"), ScriptError);          // no reason
  EXPECT_THROW(ExpectedFailures::parse("core/elem.wast reason\n"), ScriptError);      // no line
  EXPECT_THROW(ExpectedFailures::parse("core/elem.wast:x12 reason\n"), ScriptError);  // bad line
  EXPECT_THROW(ExpectedFailures::parse("core/elem.wast:0 reason\n"), ScriptError);
  try {
    (void)ExpectedFailures::parse("# ok\ncore/a.wast:1 fine\nbad\n", "list.txt");
    FAIL();
  } catch (const ScriptError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("list.txt:3:", 0), 0u) << e.what();
  }
}

}  // namespace
}  // namespace mosaic::wast
