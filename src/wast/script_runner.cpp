#include "wast/script_runner.h"

#include <limits>
#include <exception>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <nlohmann/json.hpp>

#include "wast/script_error.h"
#include "wast/spectest_module.h"

namespace mosaic::wast {
namespace {

using nlohmann::json;

const std::string& string_field(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string())
    throw ScriptError(std::string("command without a \"") + key + "\" string");
  return it->get_ref<const std::string&>();
}

const json* optional_string(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? &*it : nullptr;
}

std::vector<uint8_t> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScriptError("cannot open " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string describe(const Error& error) {
  return std::string(to_string(error.kind)) + " error \"" + error.message + "\"";
}

bool kind_in(ErrorKind kind, std::initializer_list<ErrorKind> kinds) {
  for (ErrorKind k : kinds)
    if (k == kind) return true;
  return false;
}

std::string kinds_text(std::initializer_list<ErrorKind> kinds) {
  std::string out;
  for (ErrorKind k : kinds) out += (out.empty() ? "" : " or ") + std::string(to_string(k));
  return out;
}

// The reference interpreter's rule: the actual message must start with the expected text.
void check_error(const Error& error, std::initializer_list<ErrorKind> kinds, const std::string& text,
                 CommandOutcome& outcome) {
  if (!kind_in(error.kind, kinds)) {
    outcome.verdict = Verdict::Failed;
    outcome.detail = "expected " + kinds_text(kinds) + " error \"" + text + "\", got " + describe(error);
  } else if (!error.message.starts_with(text)) {
    outcome.verdict = Verdict::Failed;
    outcome.detail = "expected message starting with \"" + text + "\", got " + describe(error);
  }
}

std::vector<Val> parse_args(const json& action) {
  std::vector<Val> args;
  auto it = action.find("args");
  if (it == action.end()) return args;
  if (!it->is_array()) throw ScriptError("action args is not an array");
  for (const json& arg : *it) args.push_back(parse_value(arg));
  return args;
}

std::vector<ValuePattern> parse_expected(const json& command) {
  std::vector<ValuePattern> expected;
  auto it = command.find("expected");
  if (it == command.end()) return expected;
  if (!it->is_array()) throw ScriptError("expected is not an array");
  for (const json& e : *it) expected.push_back(parse_pattern(e));
  return expected;
}

std::string action_text(const json& action) {
  std::string out = string_field(action, "type") + " ";
  if (const json* module = optional_string(action, "module")) out += module->get<std::string>() + ".";
  out += "\"" + string_field(action, "field") + "\"";
  if (action.contains("args")) {
    std::vector<Val> args = parse_args(action);
    out += format_values(args);
  }
  return out;
}

}  // namespace

ScriptRunner::ScriptRunner(const Engine& engine, ScriptOptions options)
    : engine_(engine), options_(options) {}

void ScriptRunner::reset() {
  current_.reset();
  named_.clear();
  linker_ = Linker{};
  store_.reset();
  store_.emplace(engine_);
  if (engine_.config().consume_fuel) store_->set_fuel(std::numeric_limits<uint64_t>::max());
  Result<void> defined = define_spectest_module(linker_, *store_, options_.host_output);
  if (!defined) throw ScriptError("cannot create the spectest module: " + defined.error().to_string());
}

void ScriptRunner::run_file(const std::filesystem::path& json_path, const OutcomeSink& sink) {
  std::ifstream in(json_path);
  if (!in) throw ScriptError("cannot open " + json_path.string());
  json script;
  try {
    script = json::parse(in);
  } catch (const json::exception& e) {
    throw ScriptError(json_path.string() + ": " + e.what());
  }
  run_json(script, json_path.parent_path(), sink);
}

void ScriptRunner::run_json(const json& script, const std::filesystem::path& module_dir,
                            const OutcomeSink& sink) {
  module_dir_ = module_dir;
  reset();
  auto commands = script.find("commands");
  if (commands == script.end() || !commands->is_array())
    throw ScriptError("script without a \"commands\" array");
  for (const json& command : *commands) {
    sink(run_command(command));
  }
}

CommandOutcome ScriptRunner::run_command(const json& command) {
  CommandOutcome outcome;
  outcome.command = string_field(command, "type");
  auto line = command.find("line");
  if (line != command.end() && line->is_number_unsigned()) outcome.line = line->get<uint32_t>();
  const std::string& type = outcome.command;
  try {
    if (type == "module") {
      module_command(command, outcome);
    } else if (type == "register") {
      register_command(command, outcome);
    } else if (type == "action") {
      ActionResult result = run_action(command.at("action"));
      if (result.error) {
        outcome.verdict = Verdict::Failed;
        outcome.detail = action_text(command.at("action")) + ": " + describe(*result.error);
      }
    } else if (type == "assert_return") {
      assert_return(command, outcome);
    } else if (type == "assert_trap") {
      assert_action_error(command, ErrorKind::Trap, outcome);
    } else if (type == "assert_exhaustion") {
      assert_action_error(command, ErrorKind::Exhausted, outcome);
    } else if (type == "assert_malformed") {
      if (string_field(command, "module_type") == "text") {
        outcome.verdict = Verdict::Skipped;
        outcome.detail = "text-format module (.wat): mosaic reads binaries only";
      } else {
        assert_module_error(command, ErrorKind::Malformed, outcome);
      }
    } else if (type == "assert_invalid") {
      if (string_field(command, "module_type") == "text") {
        outcome.verdict = Verdict::Skipped;
        outcome.detail = "text-format module (.wat): mosaic reads binaries only";
      } else {
        assert_module_error(command, ErrorKind::Invalid, outcome);
      }
    } else if (type == "assert_unlinkable") {
      assert_module_error(command, ErrorKind::Unlinkable, outcome);
    } else if (type == "assert_uninstantiable") {
      assert_module_error(command, ErrorKind::Uninstantiable, outcome);
    } else {
      outcome.verdict = Verdict::Skipped;
      outcome.detail = "unknown command type";
    }
  } catch (const ScriptError& e) {
    outcome.verdict = Verdict::Failed;
    outcome.detail = std::string("cannot run the command: ") + e.what();
  } catch (const std::exception& e) {
    outcome.verdict = Verdict::Failed;
    outcome.detail = std::string("exception: ") + e.what();
  }
  return outcome;
}

Result<Module> ScriptRunner::compile(const json& command) const {
  std::vector<uint8_t> bytes = read_bytes(module_dir_ / string_field(command, "filename"));
  return Module::compile(engine_, bytes);
}

void ScriptRunner::module_command(const json& command, CommandOutcome& outcome) {
  const json* name = optional_string(command, "name");
  current_.reset();
  if (name) named_.erase(name->get<std::string>());
  Result<Module> module = compile(command);
  if (!module) {
    outcome.verdict = Verdict::Failed;
    outcome.detail = "module did not compile: " + describe(module.error());
    return;
  }
  Result<Instance> instance = linker_.instantiate(*store_, *module);
  if (!instance) {
    outcome.verdict = Verdict::Failed;
    outcome.detail = "module did not instantiate: " + describe(instance.error());
    return;
  }
  current_ = *instance;
  if (name) named_.insert_or_assign(name->get<std::string>(), *instance);
}

void ScriptRunner::register_command(const json& command, CommandOutcome& outcome) {
  const std::string& as = string_field(command, "as");
  std::optional<Instance> instance = current_;
  if (const json* name = optional_string(command, "name")) {
    auto it = named_.find(name->get_ref<const std::string&>());
    instance = it == named_.end() ? std::nullopt : std::optional<Instance>(it->second);
  }
  if (!instance) {
    outcome.verdict = Verdict::Failed;
    outcome.detail = "register \"" + as + "\": no such module (did it fail to instantiate?)";
    return;
  }
  linker_.define_instance(*store_, as, *instance);
}

Result<Instance> ScriptRunner::find_instance(const json& action) const {
  if (const json* name = optional_string(action, "module")) {
    auto it = named_.find(name->get_ref<const std::string&>());
    if (it == named_.end())
      return Error(ErrorKind::Usage,
                        "no module named " + name->get<std::string>() + " (did it fail to instantiate?)");
    return it->second;
  }
  if (!current_) return Error(ErrorKind::Usage, "no current module (did it fail to instantiate?)");
  return *current_;
}

ScriptRunner::ActionResult ScriptRunner::run_action(const json& action) {
  ActionResult result;
  Result<Instance> instance = find_instance(action);
  if (!instance) {
    result.error = std::move(instance).error();
    return result;
  }
  const std::string& type = string_field(action, "type");
  const std::string& field = string_field(action, "field");
  std::optional<Extern> item = instance->get_export(*store_, field);
  if (!item) {
    result.error = Error(ErrorKind::Usage, "unknown export \"" + field + "\"");
    return result;
  }
  if (type == "invoke") {
    const Func* func = item->func();
    if (!func) {
      result.error = Error(ErrorKind::Usage, "export \"" + field + "\" is not a function");
      return result;
    }
    std::vector<Val> args = parse_args(action);
    Result<std::vector<Val>> values = func->call(*store_, args);
    if (values)
      result.values = std::move(values).value();
    else
      result.error = std::move(values).error();
  } else if (type == "get") {
    const Global* global = item->global();
    if (!global) {
      result.error = Error(ErrorKind::Usage, "export \"" + field + "\" is not a global");
      return result;
    }
    result.values.push_back(global->get(*store_));
  } else {
    throw ScriptError("unknown action type \"" + type + "\"");
  }
  return result;
}

void ScriptRunner::assert_return(const json& command, CommandOutcome& outcome) {
  const json& action = command.at("action");
  std::vector<ValuePattern> expected = parse_expected(command);
  ActionResult result = run_action(action);
  if (result.error) {
    outcome.verdict = Verdict::Failed;
    outcome.detail =
        action_text(action) + ": expected " + format_patterns(expected) + ", got " + describe(*result.error);
    return;
  }
  bool same = result.values.size() == expected.size();
  for (size_t i = 0; same && i < expected.size(); ++i) same = matches(expected[i], result.values[i]);
  if (!same) {
    outcome.verdict = Verdict::Failed;
    outcome.detail = action_text(action) + ": expected " + format_patterns(expected) + ", got " +
                     format_values(result.values, expected);
  }
}

void ScriptRunner::assert_action_error(const json& command, ErrorKind kind, CommandOutcome& outcome) {
  const json& action = command.at("action");
  const std::string& text = string_field(command, "text");
  ActionResult result = run_action(action);
  if (!result.error) {
    outcome.verdict = Verdict::Failed;
    outcome.detail = action_text(action) + ": expected " + to_string(kind) + " \"" + text + "\", got " +
                     format_values(result.values);
    return;
  }
  check_error(*result.error, {kind}, text, outcome);
  if (outcome.verdict == Verdict::Failed) outcome.detail = action_text(action) + ": " + outcome.detail;
}

void ScriptRunner::assert_module_error(const json& command, ErrorKind kind, CommandOutcome& outcome) {
  const std::string& text = string_field(command, "text");
  const std::string& file = string_field(command, "filename");
  Result<Module> module = compile(command);
  if (kind == ErrorKind::Malformed || kind == ErrorKind::Invalid) {
    if (module) {
      outcome.verdict = Verdict::Failed;
      outcome.detail =
          file + ": expected " + to_string(kind) + " error \"" + text + "\", but the module compiled";
    } else {
      check_error(module.error(), {kind}, text, outcome);
      if (outcome.verdict == Verdict::Failed) outcome.detail = file + ": " + outcome.detail;
    }
    return;
  }
  if (!module) {
    outcome.verdict = Verdict::Failed;
    outcome.detail = file + ": expected " + to_string(kind) + " error \"" + text +
                     "\", but the module did not compile: " + describe(module.error());
    return;
  }
  Result<Instance> instance = linker_.instantiate(*store_, *module);
  if (instance) {
    outcome.verdict = Verdict::Failed;
    outcome.detail =
        file + ": expected " + to_string(kind) + " error \"" + text + "\", but the module instantiated";
    return;
  }
  // A start function that traps makes the module uninstantiable; engines may report it as the trap itself.
  if (kind == ErrorKind::Uninstantiable)
    check_error(instance.error(), {ErrorKind::Uninstantiable, ErrorKind::Trap}, text, outcome);
  else
    check_error(instance.error(), {kind}, text, outcome);
  if (outcome.verdict == Verdict::Failed) outcome.detail = file + ": " + outcome.detail;
}

}  // namespace mosaic::wast
