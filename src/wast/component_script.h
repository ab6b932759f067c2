#pragma once
// ComponentScriptRunner: runs the commands of one converted component script (the .json and .wasm files of
// tools/component-wast/wast2json.mjs) through the public component API, in one Store, and reports each
// command's outcome.
//
// Commands: `component` (compile; instantiate unless it is a definition), `component_instance` (instantiate a
// named definition), `register` (the instance's exports become importable under a name), `action`,
// `assert_return`, `assert_trap`, `assert_invalid`, `assert_malformed`, `assert_unlinkable`, and `skip` (a
// form the converter could not convert; reported as skipped with its reason). Actions without an instance
// name use the most recently instantiated component.

#include <filesystem>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "mosaic/component/component.h"
#include "mosaic/component/instance.h"
#include "mosaic/component/linker.h"
#include "mosaic/engine.h"
#include "mosaic/store.h"
#include "wast/command_outcome.h"

namespace mosaic::wast {

// Passed outcomes whose detail starts with one of these are counted apart from the plain passes:
// a text-format assert_malformed whose text jco's parser rejected (mosaic never saw it), and an
// assert_invalid/assert_malformed that got an error of the other of the two kinds, or a message without the
// expected text.
inline constexpr std::string_view kJcoChecked = "text-malformed, checked by jco: ";
inline constexpr std::string_view kDifferentError = "different error: ";

class ComponentScriptRunner {
 public:
  explicit ComponentScriptRunner(const Engine& engine);
  ~ComponentScriptRunner();

  // Throws ScriptError when the script cannot be read or a command cannot be understood.
  void run_file(const std::filesystem::path& json_path, const OutcomeSink& sink);
  void run_json(const nlohmann::json& script, const std::filesystem::path& wasm_dir, const OutcomeSink& sink);

 private:
  // Why there is no instance: which command failed, or was skipped (a form the converter could not convert).
  // Commands that need the instance fail with the reason, or are skipped when the cause was skipped.
  struct Missing {
    std::string why;
    bool skipped = false;
  };
  struct Current {
    std::optional<component::Instance> instance;
    Missing missing;
  };

  CommandOutcome run_command(const nlohmann::json& command);
  void component_command(const nlohmann::json& command, CommandOutcome& outcome);
  void instance_command(const nlohmann::json& command, CommandOutcome& outcome);
  void register_command(const nlohmann::json& command, CommandOutcome& outcome);
  void assert_return(const nlohmann::json& command, CommandOutcome& outcome);
  void assert_trap(const nlohmann::json& command, CommandOutcome& outcome);
  void assert_compile_error(const nlohmann::json& command, ErrorKind kind, CommandOutcome& outcome);
  void assert_unlinkable(const nlohmann::json& command, CommandOutcome& outcome);
  void instantiate(const component::Component& component, const std::optional<std::string>& name,
                   uint32_t line, CommandOutcome& outcome);

  // A Usage error when there is no instance or no such function.
  Result<std::vector<component::Value>> invoke(const nlohmann::json& action);
  // Whether the action's instance is missing because of a skipped command: then the outcome is a skip.
  bool skip_for_missing_instance(const nlohmann::json& action, CommandOutcome& outcome);
  Result<component::Component> compile(const nlohmann::json& command) const;

  const Engine& engine_;
  std::filesystem::path wasm_dir_;
  std::optional<Store> store_;
  component::Linker linker_;
  Current current_;
  std::map<std::string, component::Instance, std::less<>> instances_;
  std::map<std::string, component::Component, std::less<>> definitions_;
  std::map<std::string, Missing, std::less<>> missing_;  // names whose command failed or was skipped
};

}  // namespace mosaic::wast
