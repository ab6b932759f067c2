// mosaic: the command-line front end of the mosaic WebAssembly runtime.
//
//   mosaic run [--invoke NAME] FILE [ARGS...]     (also: mosaic run FILE --invoke NAME ARGS...)
//   mosaic validate FILE
//
// Exit status: 0 success; 1 the file or module is at fault; 2 the command line is at fault; 134 the guest
// trapped (as wasmtime).

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/cli_error.h"
#include "cli/run_command.h"
#include "cli/validate_command.h"
#include "mosaic/version.h"

namespace {

using mosaic::cli::CliError;

// The backtrace, innermost frame first; a run of frames of one function (deep recursion) is one line.
void print_error(const CliError& e) {
  std::cerr << "error: " << e.what() << "\n";
  const std::vector<std::string>& frames = e.backtrace();
  if (frames.empty()) return;
  std::cerr << "wasm backtrace:\n";
  for (size_t i = 0; i < frames.size();) {
    if (frames[i].starts_with("... ")) {
      std::cerr << "  " << frames[i] << "\n";
      ++i;
      continue;
    }
    size_t end = i + 1;
    while (end < frames.size() && frames[end] == frames[i]) ++end;
    std::cerr << "  " << i;
    if (end - i > 1) std::cerr << "-" << end - 1;
    std::cerr << ": " << frames[i] << "\n";
    i = end;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mosaic: a WebAssembly runtime", "mosaic"};
  app.set_version_flag("-V,--version", std::string("mosaic ") + mosaic::kVersion);
  app.require_subcommand(1);

  mosaic::cli::RunOptions run;
  std::string invoke;
  CLI::App* run_cmd = app.add_subcommand("run", "Run a WebAssembly module");
  run_cmd->add_option("--invoke", invoke, "The exported function to call (default: _start)");
  run_cmd->add_option("file", run.file, "The module file (.wasm)")->required();
  run_cmd->add_option("args", run.args,
                      "Arguments for the function, one per parameter (use -- before "
                      "arguments that start with a dash, such as -inf)");

  std::string validate_file;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Decode and validate a module; prints ok");
  validate_cmd->add_option("file", validate_file, "The module file (.wasm)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "error: " << e.what() << "\n";
    CLI::App* context = run_cmd->parsed() ? run_cmd : validate_cmd->parsed() ? validate_cmd : &app;
    std::cerr << "Run `mosaic" << (context == &app ? "" : " " + context->get_name())
              << " --help` for usage.\n";
    return mosaic::cli::kExitUsage;
  }

  try {
    if (run_cmd->parsed()) {
      if (run_cmd->count("--invoke")) run.invoke = invoke;
      return mosaic::cli::run_command(run, std::cout);
    }
    return mosaic::cli::validate_command(validate_file, std::cout);
  } catch (const CliError& e) {
    std::cout.flush();
    print_error(e);
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return mosaic::cli::kExitError;
  }
}
