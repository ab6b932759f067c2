// component_spectest: runs the Component Model's reference tests (.wast in wasmtime's component dialect)
// through mosaic's component API.
//
//   component_spectest [PATH...]   .wast files or folders of them (searched recursively); by default the
//                                  component-model suite in $MOSAIC_TESTSUITE or ../shared/testsuite.
//
// Scripts are converted to JSON + .wasm by tools/component-wast/wast2json.mjs (node and jco); the build's
// component_spec_json target does that, and this tool does it again for a script whose JSON is missing or
// older than the script when node is available.

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "mosaic/version.h"
#include "wast/component_suite.h"
#include "wast/script_error.h"

#ifndef MOSAIC_SOURCE_DIR
#define MOSAIC_SOURCE_DIR "."
#endif
#ifndef MOSAIC_NODE
#define MOSAIC_NODE ""
#endif

namespace {

namespace fs = std::filesystem;

fs::path default_testsuite() {
  if (const char* env = std::getenv("MOSAIC_TESTSUITE"); env && *env) return env;
  return (fs::path(MOSAIC_SOURCE_DIR) / ".." / "shared" / "testsuite").lexically_normal();
}

fs::path build_dir(const char* argv0) {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) exe = fs::absolute(argv0);
  return exe.parent_path();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Runs the Component Model's reference tests (.wast) through mosaic's component API.",
               "component_spectest"};
  std::vector<std::string> paths;
  std::string expected_path =
      (fs::path(MOSAIC_SOURCE_DIR) / "tests" / "component_spec" / "expected-failures.txt").string();
  std::string json_root;
  std::string node = MOSAIC_NODE;
  std::string converter =
      (fs::path(MOSAIC_SOURCE_DIR) / "tools" / "component-wast" / "wast2json.mjs").string();
  bool verbose = false;
  bool quiet = false;
  bool no_isolate = false;
  bool print_list = false;
  bool no_expected = false;
  unsigned timeout = 300;
  app.add_option("paths", paths, ".wast files or folders of them (default: TESTSUITE/component-model)");
  app.add_option("--expected-failures", expected_path, "List of known failures and skipped files")
      ->capture_default_str();
  app.add_flag("--no-expected-failures", no_expected, "Use no expected-failure list");
  app.add_option("--json", json_root, "Folder of the converted scripts (default: BUILD/component-spec-json)");
  app.add_option("--node", node, "node, to convert scripts whose JSON is missing or stale (empty: never)")
      ->capture_default_str();
  app.add_option("--converter", converter, "The converter script")->capture_default_str();
  auto* verbose_flag =
      app.add_flag("-v,--verbose", verbose, "Show every failure and skip, the expected ones too");
  app.add_flag("-q,--quiet", quiet, "Show only one line per file and the summary")->excludes(verbose_flag);
  app.add_flag(
      "--print-failures-list", print_list,
      "End with the unexpected failures as entries of the expected-failure list (FILE:LINE  reason)");
  app.add_flag("--no-isolate", no_isolate, "Run scripts in this process instead of a child each");
  app.add_option("--timeout", timeout, "Seconds one script may run before it is stopped")
      ->capture_default_str();
  app.set_version_flag("--version", std::string("component_spectest (mosaic) ") + mosaic::kVersion);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  try {
    mosaic::wast::ComponentSuiteOptions options;
    if (paths.empty()) {
      fs::path suite = default_testsuite() / "component-model";
      if (!fs::is_directory(suite)) {
        std::cerr << "component_spectest: no component-model suite at " << suite.string()
                  << " (set MOSAIC_TESTSUITE or pass .wast paths)\n";
        return 2;
      }
      options.paths.push_back(suite);
    } else {
      options.paths.assign(paths.begin(), paths.end());
    }
    options.json_root = json_root.empty() ? build_dir(argv[0]) / "component-spec-json" : fs::path(json_root);
    options.node = node;
    options.converter = converter;
    if (!no_expected && !expected_path.empty() && fs::exists(expected_path))
      options.expected = mosaic::wast::ExpectedFailures::load(expected_path);
    options.detail = verbose ? mosaic::wast::Detail::Verbose
                     : quiet ? mosaic::wast::Detail::Quiet
                             : mosaic::wast::Detail::Normal;
    options.isolate = !no_isolate;
    options.print_list = print_list;
    options.timeout = std::chrono::seconds(timeout);
    return mosaic::wast::run_component_suite(options, std::cout);
  } catch (const mosaic::wast::ScriptError& e) {
    std::cerr << "component_spectest: " << e.what() << "\n";
    return 2;
  }
}
