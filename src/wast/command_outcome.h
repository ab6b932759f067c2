#pragma once
// CommandOutcome: the result of one command of a spec script, as the runner reports it.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace mosaic::wast {

enum class Verdict : uint8_t { Passed, Failed, Skipped };

const char* to_string(Verdict verdict);
std::optional<Verdict> parse_verdict(std::string_view text);

struct CommandOutcome {
  uint32_t line = 0;    // line of the command in the .wast file
  std::string command;  // "assert_return", "module", ...
  Verdict verdict = Verdict::Passed;
  std::string detail;  // failures: what was expected and what happened; skips: why
};

using OutcomeSink = std::function<void(const CommandOutcome&)>;

}  // namespace mosaic::wast
