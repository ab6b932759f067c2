#include "wast/component_script.h"

#include <exception>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "wast/component_value.h"
#include "wast/script_error.h"

namespace mosaic::wast {
namespace {

using component::Value;
using nlohmann::json;

const std::string& string_field(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string())
    throw ScriptError(std::string("command without a \"") + key + "\" string");
  return it->get_ref<const std::string&>();
}

std::optional<std::string> optional_string(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::vector<uint8_t> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScriptError("cannot open " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string describe(const Error& error) {
  return std::string(to_string(error.kind)) + " error \"" + error.message + "\"";
}

std::vector<Value> parse_args(const json& action) {
  std::vector<Value> args;
  auto it = action.find("args");
  if (it == action.end()) return args;
  if (!it->is_array()) throw ScriptError("action args is not an array");
  for (const json& arg : *it) args.push_back(component_value_from_json(arg));
  return args;
}

std::string action_text(const json& action) {
  std::string out = string_field(action, "type") + " ";
  if (auto instance = optional_string(action, "instance")) out += *instance + " ";
  out += "\"" + string_field(action, "field") + "\"";
  try {
    std::vector<Value> args = parse_args(action);
    out += component_values_text(args);
  } catch (const ScriptError&) {
    out += " <bad args>";
  }
  return out;
}

std::string expected_text(const json& command) {
  auto it = command.find("expected");
  if (it == command.end() || !it->is_array() || it->empty()) return "no result";
  std::string out;
  for (const json& e : *it) out += (out.empty() ? "" : " ") + component_json_text(e);
  return out;
}

std::string line_text(uint32_t line) { return "line " + std::to_string(line); }

constexpr std::string_view kWasmtimeTrapPrefix = "wasm trap: ";

}  // namespace

ComponentScriptRunner::ComponentScriptRunner(const Engine& engine) : engine_(engine) {}
ComponentScriptRunner::~ComponentScriptRunner() = default;

void ComponentScriptRunner::run_file(const std::filesystem::path& json_path, const OutcomeSink& sink) {
  std::ifstream in(json_path);
  if (!in) throw ScriptError("cannot open " + json_path.string());
  json script = json::parse(in, nullptr, false);
  if (script.is_discarded()) throw ScriptError(json_path.string() + ": not JSON");
  run_json(script, json_path.parent_path(), sink);
}

void ComponentScriptRunner::run_json(const json& script, const std::filesystem::path& wasm_dir,
                                     const OutcomeSink& sink) {
  wasm_dir_ = wasm_dir;
  instances_.clear();
  definitions_.clear();
  missing_.clear();
  current_ = Current{};
  linker_ = component::Linker{};
  store_.reset();
  store_.emplace(engine_);
  current_.missing = {"no component before this command", false};
  auto commands = script.find("commands");
  if (commands == script.end() || !commands->is_array())
    throw ScriptError("script without a \"commands\" array");
  for (const json& command : *commands) sink(run_command(command));
}

CommandOutcome ComponentScriptRunner::run_command(const json& command) {
  CommandOutcome outcome;
  outcome.command = string_field(command, "type");
  auto line = command.find("line");
  if (line != command.end() && line->is_number_unsigned()) outcome.line = line->get<uint32_t>();
  const std::string& type = outcome.command;
  try {
    if (type == "component") {
      component_command(command, outcome);
    } else if (type == "component_instance") {
      instance_command(command, outcome);
    } else if (type == "register") {
      register_command(command, outcome);
    } else if (type == "action") {
      if (skip_for_missing_instance(command.at("action"), outcome)) return outcome;
      Result<std::vector<Value>> result = invoke(command.at("action"));
      if (!result) {
        outcome.verdict = Verdict::Failed;
        outcome.detail = action_text(command.at("action")) + ": " + describe(result.error());
      }
    } else if (type == "assert_return") {
      assert_return(command, outcome);
    } else if (type == "assert_trap") {
      assert_trap(command, outcome);
    } else if (type == "assert_invalid") {
      assert_compile_error(command, ErrorKind::Invalid, outcome);
    } else if (type == "assert_malformed") {
      assert_compile_error(command, ErrorKind::Malformed, outcome);
    } else if (type == "assert_unlinkable") {
      assert_unlinkable(command, outcome);
    } else if (type == "skip") {
      // A form the converter could not turn into a binary. A skipped component leaves no instance: the
      // commands that use it are skipped too.
      outcome.command = optional_string(command, "command").value_or("skip");
      outcome.verdict = Verdict::Skipped;
      outcome.detail = optional_string(command, "reason").value_or("not converted");
      if (outcome.command == "component") {
        std::string why = "the component at " + line_text(outcome.line) + " was not converted";
        auto name = optional_string(command, "name");
        if (name) missing_[*name] = {why, true};
        current_ = Current{std::nullopt, {why, true}};
      }
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

Result<component::Component> ComponentScriptRunner::compile(const json& command) const {
  std::vector<uint8_t> bytes = read_bytes(wasm_dir_ / string_field(command, "filename"));
  return component::Component::compile(engine_, std::move(bytes));
}

void ComponentScriptRunner::instantiate(const component::Component& component,
                                        const std::optional<std::string>& name, uint32_t line,
                                        CommandOutcome& outcome) {
  Result<component::Instance> instance = linker_.instantiate(*store_, component);
  if (!instance) {
    outcome.verdict = Verdict::Failed;
    outcome.detail = "component did not instantiate: " + describe(instance.error());
    std::string why = "the component at " + line_text(line) + " did not instantiate";
    if (name) missing_[*name] = {why, false};
    current_ = Current{std::nullopt, {why, false}};
    return;
  }
  current_ = Current{*instance, {}};
  if (name) {
    instances_.insert_or_assign(*name, *instance);
    missing_.erase(*name);
  }
}

void ComponentScriptRunner::component_command(const json& command, CommandOutcome& outcome) {
  std::optional<std::string> name = optional_string(command, "name");
  bool definition = command.value("definition", false);
  if (name) {
    instances_.erase(*name);
    definitions_.erase(*name);
  }
  Result<component::Component> component = compile(command);
  if (!component) {
    outcome.verdict = Verdict::Failed;
    outcome.detail = "component did not compile: " + describe(component.error());
    std::string why = "the component at " + line_text(outcome.line) + " did not compile";
    if (name) missing_[*name] = {why, false};
    if (!definition) current_ = Current{std::nullopt, {why, false}};
    return;
  }
  if (definition) {
    if (name) {
      definitions_.insert_or_assign(*name, *component);
      missing_.erase(*name);
    }
    return;
  }
  instantiate(*component, name, outcome.line, outcome);
}

void ComponentScriptRunner::instance_command(const json& command, CommandOutcome& outcome) {
  const std::string& instance = string_field(command, "instance");
  const std::string& definition = string_field(command, "definition");
  instances_.erase(instance);
  auto it = definitions_.find(definition);
  if (it == definitions_.end()) {
    auto why = missing_.find(definition);
    Missing reason =
        why != missing_.end() ? why->second : Missing{"no component definition " + definition, false};
    missing_[instance] = reason;
    current_ = Current{std::nullopt, reason};
    outcome.verdict = reason.skipped ? Verdict::Skipped : Verdict::Failed;
    outcome.detail = "cannot instantiate " + definition + ": " + reason.why;
    return;
  }
  instantiate(it->second, instance, outcome.line, outcome);
}

void ComponentScriptRunner::register_command(const json& command, CommandOutcome& outcome) {
  const std::string& as = string_field(command, "as");
  std::optional<component::Instance> instance = current_.instance;
  if (auto name = optional_string(command, "name")) {
    auto it = instances_.find(*name);
    instance = it == instances_.end() ? std::nullopt : std::optional<component::Instance>(it->second);
  }
  if (!instance) {
    outcome.verdict = Verdict::Failed;
    outcome.detail = "register \"" + as + "\": no such instance";
    return;
  }
  linker_.define_instance(as, *instance);
}

bool ComponentScriptRunner::skip_for_missing_instance(const json& action, CommandOutcome& outcome) {
  std::optional<std::string> name = optional_string(action, "instance");
  if (name ? instances_.count(*name) : current_.instance.has_value()) return false;
  Missing missing = current_.missing;
  if (name) {
    auto why = missing_.find(*name);
    missing = why != missing_.end() ? why->second : Missing{"no instance named " + *name, false};
  }
  if (!missing.skipped) return false;
  outcome.verdict = Verdict::Skipped;
  outcome.detail = "no instance to invoke: " + missing.why;
  return true;
}

Result<std::vector<Value>> ComponentScriptRunner::invoke(const json& action) {
  const std::string& type = string_field(action, "type");
  if (type != "invoke") throw ScriptError("unknown action type \"" + type + "\"");
  std::optional<component::Instance> instance = current_.instance;
  Missing missing = current_.missing;
  if (auto name = optional_string(action, "instance")) {
    auto it = instances_.find(*name);
    instance.reset();
    if (it != instances_.end()) {
      instance = it->second;
    } else {
      auto why = missing_.find(*name);
      missing = why != missing_.end() ? why->second : Missing{"no instance named " + *name, false};
    }
  }
  if (!instance) return Error(ErrorKind::Usage, "no instance to invoke: " + missing.why);
  const std::string& field = string_field(action, "field");
  std::optional<component::Func> func = instance->get_func(field);
  if (!func) return Error(ErrorKind::Usage, "no exported function \"" + field + "\"");
  std::vector<Value> args = parse_args(action);
  return func->call(*store_, args);
}

void ComponentScriptRunner::assert_return(const json& command, CommandOutcome& outcome) {
  const json& action = command.at("action");
  auto expected = command.find("expected");
  if (expected == command.end() || !expected->is_array()) throw ScriptError("expected is not an array");
  if (skip_for_missing_instance(action, outcome)) return;
  Result<std::vector<Value>> result = invoke(action);
  if (!result) {
    outcome.verdict = Verdict::Failed;
    outcome.detail =
        action_text(action) + ": expected " + expected_text(command) + ", got " + describe(result.error());
    return;
  }
  bool same = result->size() == expected->size();
  for (size_t i = 0; same && i < expected->size(); ++i)
    same = component_value_matches((*expected)[i], (*result)[i]);
  if (!same) {
    std::string got = component_values_text(*result);
    outcome.verdict = Verdict::Failed;
    outcome.detail = action_text(action) + ": expected " + expected_text(command) + ", got " +
                     (got.empty() ? "no result" : got.substr(1));
  }
}

void ComponentScriptRunner::assert_trap(const json& command, CommandOutcome& outcome) {
  // A few scripts write wasmtime's own prefix of trap messages ("wasm trap: unaligned pointer"); the trap's
  // text is what follows it.
  std::string text = string_field(command, "text");
  if (text.starts_with(kWasmtimeTrapPrefix)) text.erase(0, kWasmtimeTrapPrefix.size());
  if (!command.contains("action")) {
    // A component whose instantiation traps (a start function, or a trap in a core instance's start).
    Result<component::Component> component = compile(command);
    if (!component) {
      outcome.verdict = Verdict::Failed;
      outcome.detail =
          "expected trap \"" + text + "\", but the component did not compile: " + describe(component.error());
      return;
    }
    Result<component::Instance> instance = linker_.instantiate(*store_, *component);
    current_ = Current{std::nullopt, {"the component at " + line_text(outcome.line) + " trapped", false}};
    if (instance) {
      outcome.verdict = Verdict::Failed;
      outcome.detail = "expected trap \"" + text + "\", but the component instantiated";
    } else if ((instance.error().kind != ErrorKind::Trap &&
                instance.error().kind != ErrorKind::Uninstantiable) ||
               instance.error().message.find(text) == std::string::npos) {
      outcome.verdict = Verdict::Failed;
      outcome.detail = "expected trap \"" + text + "\", got " + describe(instance.error());
    }
    return;
  }
  const json& action = command.at("action");
  if (skip_for_missing_instance(action, outcome)) return;
  Result<std::vector<Value>> result = invoke(action);
  if (result) {
    std::string got = component_values_text(*result);
    outcome.verdict = Verdict::Failed;
    outcome.detail = action_text(action) + ": expected trap \"" + text + "\", got " +
                     (got.empty() ? "no result" : got.substr(1));
    return;
  }
  // The reference tests' trap texts are substrings of the engines' messages.
  const Error& error = result.error();
  if (error.kind != ErrorKind::Trap || error.message.find(text) == std::string::npos) {
    outcome.verdict = Verdict::Failed;
    outcome.detail = action_text(action) + ": expected trap \"" + text + "\", got " + describe(error);
  }
}

void ComponentScriptRunner::assert_compile_error(const json& command, ErrorKind kind,
                                                 CommandOutcome& outcome) {
  const std::string& text = string_field(command, "text");
  if (!command.contains("filename")) {
    // Only a text form that jco's parser rejected has no binary: the text itself is malformed.
    auto jco_error = optional_string(command, "jco_error");
    if (kind != ErrorKind::Malformed || !jco_error) throw ScriptError("assertion without a \"filename\"");
    outcome.detail = std::string(kJcoChecked) + *jco_error;
    return;
  }
  const std::string& file = string_field(command, "filename");
  Result<component::Component> component = compile(command);
  if (component) {
    outcome.verdict = Verdict::Failed;
    outcome.detail = file + ": expected " + to_string(kind) + " error \"" + text + "\", but it compiled";
    return;
  }
  const Error& error = component.error();
  // The reference tests do not tell decoding from validation errors apart consistently (wasmparser reports
  // both as one kind): the other of the two kinds, or another message, is counted apart, not as a failure.
  if (error.kind != ErrorKind::Invalid && error.kind != ErrorKind::Malformed) {
    outcome.verdict = Verdict::Failed;
    outcome.detail =
        file + ": expected " + to_string(kind) + " error \"" + text + "\", got " + describe(error);
  } else if (error.kind != kind || error.message.find(text) == std::string::npos) {
    outcome.detail = std::string(kDifferentError) + file + ": expected " + to_string(kind) + " error \"" +
                     text + "\", got " + describe(error);
  }
}

void ComponentScriptRunner::assert_unlinkable(const json& command, CommandOutcome& outcome) {
  const std::string& text = string_field(command, "text");
  Result<component::Component> component = compile(command);
  if (!component) {
    outcome.verdict = Verdict::Failed;
    outcome.detail = "expected Unlinkable error \"" + text +
                     "\", but the component did not compile: " + describe(component.error());
    return;
  }
  Result<component::Instance> instance = linker_.instantiate(*store_, *component);
  if (instance) {
    outcome.verdict = Verdict::Failed;
    outcome.detail = "expected Unlinkable error \"" + text + "\", but the component instantiated";
  } else if (instance.error().kind != ErrorKind::Unlinkable) {
    outcome.verdict = Verdict::Failed;
    outcome.detail = "expected Unlinkable error \"" + text + "\", got " + describe(instance.error());
  } else if (instance.error().message.find(text) == std::string::npos) {
    outcome.detail = std::string(kDifferentError) + "expected Unlinkable error \"" + text + "\", got " +
                     describe(instance.error());
  }
}

}  // namespace mosaic::wast
