#include "wast/expected_failures.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include "wast/script_error.h"

namespace mosaic::wast {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

ExpectedFailures ExpectedFailures::parse(std::string_view text, std::string_view origin) {
  ExpectedFailures list;
  list.origin_ = origin;
  uint32_t list_line = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++list_line;
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;

    auto fail = [&](const std::string& why) {
      throw ScriptError(std::string(origin) + ":" + std::to_string(list_line) + ": " + why);
    };
    size_t space = line.find_first_of(" \t");
    std::string_view location = line.substr(0, space);
    std::string_view reason = space == std::string_view::npos ? std::string_view() : trim(line.substr(space));
    size_t colon = location.rfind(':');
    if (colon == std::string_view::npos || colon == 0) fail("expected FILE:LINE or FILE:* then a reason");
    if (reason.empty()) fail("an entry needs a reason");

    ExpectedFailure entry;
    entry.file = location.substr(0, colon);
    entry.reason = reason;
    entry.list_line = list_line;
    std::string_view where = location.substr(colon + 1);
    if (where != "*") {
      uint32_t number = 0;
      auto [ptr, ec] = std::from_chars(where.data(), where.data() + where.size(), number);
      if (ec != std::errc() || ptr != where.data() + where.size() || number == 0) fail("bad line number");
      entry.line = number;
    }
    list.entries_.push_back(std::move(entry));
  }
  return list;
}

ExpectedFailures ExpectedFailures::load(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw ScriptError("cannot open " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  return parse(text.str(), path.string());
}

const ExpectedFailure* ExpectedFailures::find(std::string_view file, uint32_t line) const {
  for (const ExpectedFailure& e : entries_)
    if (e.file == file && e.line == line) return &e;
  return nullptr;
}

const ExpectedFailure* ExpectedFailures::whole_file(std::string_view file) const {
  for (const ExpectedFailure& e : entries_)
    if (e.file == file && !e.line) return &e;
  return nullptr;
}

std::vector<const ExpectedFailure*> ExpectedFailures::for_file(std::string_view file) const {
  std::vector<const ExpectedFailure*> out;
  for (const ExpectedFailure& e : entries_)
    if (e.file == file) out.push_back(&e);
  return out;
}

}  // namespace mosaic::wast
