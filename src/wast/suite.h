#pragma once
// Suite: converts and runs a list of .wast scripts, applies the expected-failure list, and prints one line
// per file and a closing "N passed, M failed, K skipped" line.

#include <chrono>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "wast/expected_failures.h"

namespace mosaic::wast {

enum class Detail : uint8_t {
  Quiet,    // per-file lines and the summary only
  Normal,   // plus the first kMaxDetailsPerFile unexpected failures of each file
  Verbose,  // plus every failure, the expected ones too
};

inline constexpr size_t kMaxDetailsPerFile = 20;

struct SuiteOptions {
  std::vector<std::filesystem::path> paths;  // .wast files, or folders whose *.wast files are run
  std::filesystem::path out_root;            // where wast2json's output goes: OUT_ROOT/<name>/<name>.json
  std::vector<std::string> wast2json_args;   // e.g. --enable-tail-call, for proposals' scripts
  ExpectedFailures expected;
  Detail detail = Detail::Normal;
  bool isolate = true;                // one child process per script
  std::chrono::seconds timeout{900};  // per script, when isolated
  bool host_output = false;           // show spectest.print* calls
  bool fuel = false;                  // run with fuel metering (Config::consume_fuel), fuel without end
};

// The .wast files named by `paths`, folders expanded (not recursively) and sorted. Throws ScriptError when a
// path does not exist or names no .wast file.
std::vector<std::filesystem::path> collect_scripts(const std::vector<std::filesystem::path>& paths);

// "core/i32.wast": the script's folder and file name, as the expected-failure list names it.
std::string display_name(const std::filesystem::path& wast);

// Returns the exit status: 0 when every failure was expected and no listed failure passed.
int run_suite(const SuiteOptions& options, std::ostream& out);

}  // namespace mosaic::wast
