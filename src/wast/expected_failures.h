#pragma once
// ExpectedFailures: the checked-in list of spec commands known to fail (tests/spec/expected-failures.txt).
//
//   # comment
//   core/elem.wast:123  reason        the command(s) at line 123 of core/elem.wast are known to fail
//   core/foo.wast:*     reason        the whole file is not run; its tests count as skipped
//
// Files are named like the runner names them: the .wast file's folder and name, e.g. core/i32.wast.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mosaic::wast {

struct ExpectedFailure {
  std::string file;
  std::optional<uint32_t> line;  // nullopt: the whole file
  std::string reason;
  uint32_t list_line = 0;  // where the entry is in the list, for messages
};

class ExpectedFailures {
 public:
  // Throws ScriptError naming the list's file and line on a bad entry.
  static ExpectedFailures parse(std::string_view text, std::string_view origin = "expected-failures");
  static ExpectedFailures load(const std::filesystem::path& path);

  const ExpectedFailure* find(std::string_view file, uint32_t line) const;
  const ExpectedFailure* whole_file(std::string_view file) const;
  std::vector<const ExpectedFailure*> for_file(std::string_view file) const;
  size_t size() const { return entries_.size(); }
  const std::string& origin() const { return origin_; }

 private:
  std::vector<ExpectedFailure> entries_;
  std::string origin_;
};

}  // namespace mosaic::wast
