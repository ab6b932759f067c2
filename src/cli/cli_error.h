#pragma once
// CliError: a failure the `mosaic` command reports as "error: <message>" and an exit status.

#include <stdexcept>
#include <string>
#include <vector>

namespace mosaic::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;   // the module or file is at fault
inline constexpr int kExitUsage = 2;   // the command line is at fault
inline constexpr int kExitTrap = 134;  // the guest trapped (wasmtime's status: 128 + SIGABRT)

class CliError : public std::runtime_error {
 public:
  CliError(int exit_code, const std::string& message, std::vector<std::string> backtrace = {})
      : std::runtime_error(message), exit_code_(exit_code), backtrace_(std::move(backtrace)) {}
  int exit_code() const { return exit_code_; }
  const std::vector<std::string>& backtrace() const { return backtrace_; }

 private:
  int exit_code_;
  std::vector<std::string> backtrace_;
};

}  // namespace mosaic::cli
