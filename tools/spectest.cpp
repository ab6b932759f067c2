// spectest: runs the official WebAssembly spec scripts (.wast) through mosaic's public API.
//
//   spectest [PATH...]     .wast files or folders of them; by default the core suite, found in
//                          $MOSAIC_TESTSUITE or ../shared/testsuite beside the project root.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "mosaic/version.h"
#include "wast/script_error.h"
#include "wast/suite.h"

#ifndef MOSAIC_SOURCE_DIR
#define MOSAIC_SOURCE_DIR "."
#endif

namespace {

namespace fs = std::filesystem;

fs::path default_testsuite() {
  if (const char* env = std::getenv("MOSAIC_TESTSUITE"); env && *env) return env;
  return (fs::path(MOSAIC_SOURCE_DIR) / ".." / "shared" / "testsuite").lexically_normal();
}

// The build folder is the one that holds this executable.
fs::path build_dir(const char* argv0) {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) exe = fs::absolute(argv0);
  return exe.parent_path();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Runs WebAssembly spec scripts (.wast) through mosaic's public API.", "spectest"};
  std::vector<std::string> paths;
  std::string expected_path =
      (fs::path(MOSAIC_SOURCE_DIR) / "tests" / "spec" / "expected-failures.txt").string();
  std::string out_dir;
  std::vector<std::string> wast2json_args;
  bool verbose = false;
  bool quiet = false;
  bool no_isolate = false;
  bool host_output = false;
  bool fuel = false;
  unsigned timeout = 900;
  app.add_option("paths", paths, ".wast files or folders of .wast files (default: TESTSUITE/core)");
  app.add_option("--expected-failures", expected_path, "List of known failures")->capture_default_str();
  app.add_option("--out", out_dir, "Folder for wast2json's output (default: BUILD/spectest-out)");
  app.add_option("--wast2json-arg", wast2json_args,
                 "An option for wast2json, e.g. --enable-tail-call (repeatable)")
      ->allow_extra_args(false);
  auto* verbose_flag = app.add_flag("-v,--verbose", verbose, "Show every failure, the expected ones too");
  app.add_flag("-q,--quiet", quiet, "Show only one line per file and the summary")->excludes(verbose_flag);
  app.add_flag("--no-isolate", no_isolate,
               "Run scripts in this process (for a debugger) instead of a child each");
  app.add_option("--timeout", timeout, "Seconds one script may run before it is stopped")
      ->capture_default_str();
  app.add_flag("--host-output", host_output, "Show the calls of spectest.print*");
  app.add_flag("--fuel", fuel, "Run with fuel metering (Config::consume_fuel; fuel never runs out)");
  app.set_version_flag("--version", std::string("spectest (mosaic) ") + mosaic::kVersion);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  try {
    mosaic::wast::SuiteOptions options;
    if (paths.empty()) {
      fs::path suite = default_testsuite();
      if (!fs::is_directory(suite / "core")) {
        std::cerr << "spectest: no spec suite at " << suite.string()
                  << " (set MOSAIC_TESTSUITE to the WebAssembly/testsuite checkout or pass .wast paths)\n";
        return 2;
      }
      options.paths.push_back(suite / "core");
    } else {
      options.paths.assign(paths.begin(), paths.end());
    }
    options.out_root = out_dir.empty() ? build_dir(argv[0]) / "spectest-out" : fs::path(out_dir);
    if (!expected_path.empty() && fs::exists(expected_path))
      options.expected = mosaic::wast::ExpectedFailures::load(expected_path);
    options.wast2json_args = wast2json_args;
    options.detail = verbose ? mosaic::wast::Detail::Verbose
                     : quiet ? mosaic::wast::Detail::Quiet
                             : mosaic::wast::Detail::Normal;
    options.isolate = !no_isolate;
    options.timeout = std::chrono::seconds(timeout);
    options.host_output = host_output;
    options.fuel = fuel;
    return mosaic::wast::run_suite(options, std::cout);
  } catch (const mosaic::wast::ScriptError& e) {
    std::cerr << "spectest: " << e.what() << "\n";
    return 2;
  }
}
