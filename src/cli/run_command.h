#pragma once
// `mosaic run [--invoke NAME] FILE [ARGS...]`: instantiates a core module and calls one of its functions.

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace mosaic::cli {

struct RunOptions {
  std::string file;
  std::optional<std::string> invoke;  // default: _start
  std::vector<std::string> args;
};

// Prints each result on its own line to `out`. Throws CliError on any failure (a trap: kExitTrap, with the
// backtrace). Returns the exit status.
int run_command(const RunOptions& options, std::ostream& out);

}  // namespace mosaic::cli
