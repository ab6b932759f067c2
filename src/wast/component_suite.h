#pragma once
// Component suite: runs the Component Model's reference tests (component-model/test/**/*.wast, wasmtime's
// component wast dialect), converted to JSON by tools/component-wast/wast2json.mjs, applies the
// expected-failure list, and prints one line per file, per-folder totals, the most common failure reasons,
// and a closing "N passed, M failed, K skipped" line.

#include <chrono>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "wast/expected_failures.h"
#include "wast/suite.h"

namespace mosaic::wast {

struct ComponentSuiteOptions {
  std::vector<std::filesystem::path> paths;  // .wast files, or folders searched recursively for them
  std::filesystem::path json_root;           // converted scripts: JSON_ROOT/<folder>/<name>/<name>.json
  // How to convert a script whose JSON is missing or older than the .wast: `node CONVERTER WAST -o DIR`.
  // Empty node: no conversion here (the build's component_spec_json target converts).
  std::string node;
  std::filesystem::path converter;
  ExpectedFailures expected;
  Detail detail = Detail::Normal;
  bool isolate = true;                // one child process per script
  bool print_list = false;            // end with the unexpected failures in the expected-failure list's form
  std::chrono::seconds timeout{300};  // per script, when isolated
};

// The .wast files under `paths`, folders searched recursively, sorted. Throws ScriptError when a path does
// not exist or names no .wast file.
std::vector<std::filesystem::path> collect_component_scripts(const std::vector<std::filesystem::path>& paths);

// Returns the exit status: 0 when every failure was expected and no listed failure passed.
int run_component_suite(const ComponentSuiteOptions& options, std::ostream& out);

}  // namespace mosaic::wast
