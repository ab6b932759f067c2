#include "wast/command_outcome.h"

namespace mosaic::wast {

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::Passed: return "passed";
    case Verdict::Failed: return "failed";
    case Verdict::Skipped: return "skipped";
  }
  return "?";
}

std::optional<Verdict> parse_verdict(std::string_view text) {
  for (Verdict v : {Verdict::Passed, Verdict::Failed, Verdict::Skipped})
    if (text == to_string(v)) return v;
  return std::nullopt;
}

}  // namespace mosaic::wast
