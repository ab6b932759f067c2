// mosaic: the command-line front end of the mosaic WebAssembly runtime.
//
//   mosaic run [--dir HOST[::GUEST]]... [--env NAME[=VALUE]]... [--tcplisten HOST:PORT]... [-S NAME[=y|n]]...
//              [-W NAME=VALUE]... [--invoke NAME] FILE [ARGS...]
//   mosaic serve [--addr HOST:PORT] [--dir ...] [--env ...] [-S ...] [-W ...] COMPONENT
//   mosaic validate FILE
//   mosaic inspect FILE
//
// Exit status: 0 success; 1 the file or module is at fault; 2 the command line is at fault; 134 the guest
// trapped (as wasmtime).

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <string_view>

#include "cli/cli_error.h"
#include "cli/inspect_command.h"
#include "cli/run_command.h"
#include "cli/serve_command.h"
#include "cli/validate_command.h"
#include "cli/wasm_limits.h"
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

// `mosaic run [OPTIONS] FILE [ARGS...]`: as with wasmtime, everything after FILE belongs to the guest, even
// what looks like an option. Returns the index of FILE in argv (argc when there is none).
int find_run_file(int argc, char** argv) {
  static const std::string_view kWithValue[] = {"--dir", "--env", "--invoke", "--tcplisten", "-S", "-W"};
  int i = 1;
  while (i < argc && std::string_view(argv[i]) != "run") {
    if (argv[i][0] != '-') return argc;  // another subcommand
    ++i;
  }
  for (++i; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") return i + 1 < argc ? i + 1 : argc;
    if (arg.size() < 2 || arg[0] != '-') return i;
    for (std::string_view option : kWithValue)
      if (arg == option) ++i;
  }
  return argc;
}

}  // namespace

int main(int argc, char** argv) {
  // A guest writing to a closed pipe gets the error EPIPE, as under wasmtime, instead of the whole process
  // dying of SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"mosaic: a WebAssembly runtime", "mosaic"};
  app.set_version_flag("-V,--version", std::string("mosaic ") + mosaic::kVersion);
  app.require_subcommand(1);

  mosaic::cli::RunOptions run;
  std::string invoke;
  CLI::App* run_cmd = app.add_subcommand(
      "run", "Run a WASI program (a preview1 module or a WASI 0.2 command component), or call one function");
  run_cmd->add_option("--invoke", invoke,
                      "Call this exported function instead of _start; ARGS are its arguments, one per "
                      "parameter. For a component: a call in WAVE, e.g. 'greet(\"world\", [1, 2])' or "
                      "'local:demo/api#add(1, 2)'");
  run_cmd->add_option("--dir", run.dirs,
                      "Give the guest a host directory, as HOST or HOST::GUEST (the name the guest sees)")
      ->allow_extra_args(false);
  run_cmd->add_option("--env", run.env, "Set NAME=VALUE in the guest's environment, or pass NAME on from the host")
      ->allow_extra_args(false);
  run_cmd->add_option("--tcplisten", run.tcp_listen,
                      "Listen on HOST:PORT; the guest accepts connections on it (descriptor 3, 4, ...)")
      ->allow_extra_args(false);
  run_cmd->add_option("-S", run.wasi_options,
                      "WASI 0.2 option NAME[=y|n]: inherit-network (sockets may bind and connect), "
                      "allow-ip-name-lookup, tcp, udp (on by default)")
      ->allow_extra_args(false);
  run_cmd->add_option("-W", run.wasm_options, mosaic::cli::kWasmLimitsHelp)->allow_extra_args(false);
  run_cmd->add_option("file", run.file, "The module or component file (.wasm)")->required();
  run_cmd->footer(
      "Everything after FILE is passed to the guest: its arguments (argv[0] is FILE), or with --invoke the "
      "function's arguments.");

  mosaic::cli::ServeOptions serve;
  CLI::App* serve_cmd = app.add_subcommand(
      "serve", "Serve HTTP with a wasi:http component (wasi:http/incoming-handler), a fresh instance per request");
  serve_cmd->add_option("--addr", serve.addr, "Listen on HOST:PORT ([IPV6]:PORT; port 0: any free port)")
      ->capture_default_str();
  serve_cmd->add_option("--dir", serve.dirs, "Give the guests a host directory, as HOST or HOST::GUEST")
      ->allow_extra_args(false);
  serve_cmd->add_option("--env", serve.env, "Set NAME=VALUE in the guests' environment, or pass NAME on")
      ->allow_extra_args(false);
  serve_cmd->add_option("-S", serve.wasi_options, "WASI option: allow-http=HOST[:PORT], inherit-network, ...")
      ->allow_extra_args(false);
  serve_cmd->add_option("-W", serve.wasm_options, "Limit: timeout=DURATION, max-memory-size=BYTES")
      ->allow_extra_args(false);
  serve_cmd->add_option("--max-connections", serve.max_connections,
                        "Connections served at once; more are answered 503")
      ->capture_default_str();
  serve_cmd->add_flag("!--no-access-log", serve.access_log, "Do not log a line per request");
  serve_cmd->add_option("component", serve.file, "The component file (.wasm)")->required();
  serve_cmd->footer(mosaic::cli::kServeFooter);

  std::string validate_file;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Decode and validate a module or component; prints ok");
  validate_cmd->add_option("file", validate_file, "The module or component file (.wasm)")->required();

  std::string inspect_file;
  CLI::App* inspect_cmd = app.add_subcommand(
      "inspect", "Print a component's type as WIT, or a module's imports and exports");
  inspect_cmd->add_option("file", inspect_file, "The module or component file (.wasm)")->required();

  const int file_index = find_run_file(argc, argv);
  const int parsed_count = file_index < argc ? file_index + 1 : argc;
  for (int i = parsed_count; i < argc; ++i) run.args.emplace_back(argv[i]);

  try {
    app.parse(parsed_count, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "error: " << e.what() << "\n";
    CLI::App* context = run_cmd->parsed()        ? run_cmd
                        : serve_cmd->parsed()      ? serve_cmd
                        : validate_cmd->parsed() ? validate_cmd
                        : inspect_cmd->parsed()  ? inspect_cmd
                                                 : &app;
    std::cerr << "Run `mosaic" << (context == &app ? "" : " " + context->get_name())
              << " --help` for usage.\n";
    return mosaic::cli::kExitUsage;
  }

  try {
    if (run_cmd->parsed()) {
      if (run_cmd->count("--invoke")) run.invoke = invoke;
      return mosaic::cli::run_command(run, std::cout);
    }
    if (serve_cmd->parsed()) return mosaic::cli::serve_command(serve);
    if (inspect_cmd->parsed()) return mosaic::cli::inspect_command(inspect_file, std::cout);
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
