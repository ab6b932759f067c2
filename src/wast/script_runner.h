#pragma once
// ScriptRunner: runs the commands of one wast2json script (a .json file and the .wasm files beside it)
// through the public API only, in one Store, and reports each command's outcome.

#include <filesystem>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "mosaic/mosaic.h"
#include "wast/command_outcome.h"
#include "wast/value.h"

namespace mosaic::wast {

struct ScriptOptions {
  std::ostream* host_output = nullptr;  // where spectest.print* write their calls; nowhere when null
};

// Every command is reported, `register` included (a caller counting like wabt's spectest-interp leaves out
// the registers that passed). A `module` passes when it instantiates; a text-format assert_malformed is
// skipped (mosaic reads binaries only).
class ScriptRunner {
 public:
  ScriptRunner(const Engine& engine, ScriptOptions options);

  // Throws ScriptError when the script cannot be read or a command cannot be understood.
  void run_file(const std::filesystem::path& json_path, const OutcomeSink& sink);
  void run_json(const nlohmann::json& script, const std::filesystem::path& module_dir,
                const OutcomeSink& sink);

 private:
  struct ActionResult {
    std::optional<Error> error;
    std::vector<Val> values;
  };

  void reset();
  CommandOutcome run_command(const nlohmann::json& command);
  void module_command(const nlohmann::json& command, CommandOutcome& outcome);
  void register_command(const nlohmann::json& command, CommandOutcome& outcome);
  void assert_return(const nlohmann::json& command, CommandOutcome& outcome);
  void assert_action_error(const nlohmann::json& command, ErrorKind kind, CommandOutcome& outcome);
  void assert_module_error(const nlohmann::json& command, ErrorKind kind, CommandOutcome& outcome);

  ActionResult run_action(const nlohmann::json& action);
  Result<Instance> find_instance(const nlohmann::json& action) const;
  Result<Module> compile(const nlohmann::json& command) const;

  const Engine& engine_;
  ScriptOptions options_;
  std::filesystem::path module_dir_;
  std::optional<Store> store_;
  Linker linker_;
  std::optional<Instance> current_;
  std::map<std::string, Instance, std::less<>> named_;
};

}  // namespace mosaic::wast
