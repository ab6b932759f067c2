#include "wast/suite.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "mosaic/engine.h"
#include "wast/isolated_script.h"
#include "wast/script_error.h"
#include "wast/script_runner.h"
#include "wast/wast2json.h"

namespace mosaic::wast {
namespace {

using nlohmann::json;

struct CommandRef {
  uint32_t line = 0;
  std::string command;
};

struct Totals {
  size_t passed = 0;
  size_t failed = 0;
  size_t skipped = 0;
  size_t expected_failed = 0;
  size_t unexpected_passed = 0;
  size_t list_errors = 0;
};

std::vector<CommandRef> read_commands(const std::filesystem::path& json_path) {
  std::ifstream in(json_path);
  if (!in) throw ScriptError("cannot open " + json_path.string());
  json script = json::parse(in, nullptr, false);
  if (script.is_discarded() || !script.contains("commands") || !script["commands"].is_array())
    throw ScriptError(json_path.string() + ": not a wast2json script");
  std::vector<CommandRef> commands;
  for (const json& c : script["commands"]) commands.push_back({c.value("line", 0u), c.value("type", "?")});
  return commands;
}

bool counts(const CommandOutcome& o) { return !(o.command == "register" && o.verdict == Verdict::Passed); }

std::string location(const std::string& file, uint32_t line) {
  return line ? file + ":" + std::to_string(line) : file;
}

class FileRun {
 public:
  FileRun(const SuiteOptions& options, std::ostream& out, Totals& totals, const std::filesystem::path& wast)
      : options_(options), out_(out), totals_(totals), wast_(wast), name_(display_name(wast)) {}

  void run(const Engine& engine) {
    const ExpectedFailure* whole = options_.expected.whole_file(name_);
    std::filesystem::path json_path;
    std::vector<CommandRef> commands;
    try {
      json_path = convert_wast(wast_, options_.out_root, options_.wast2json_args);
      commands = read_commands(json_path);
    } catch (const ScriptError& e) {
      if (whole) {
        out_ << name_ << ": not run (" << whole->reason << ")\n";
        return;
      }
      outcomes_.push_back({0, "convert", Verdict::Failed, e.what()});
      finish();
      return;
    }
    if (whole) {
      size_t tests = 0;
      for (const CommandRef& c : commands) tests += c.command != "register";
      totals_.skipped += tests;
      out_ << name_ << ": 0 passed, 0 failed, " << tests << " skipped (not run: " << whole->reason << ")\n";
      return;
    }

    ScriptOptions script_options;
    if (options_.host_output) script_options.host_output = &out_;
    OutcomeSink sink = [this](const CommandOutcome& o) { outcomes_.push_back(o); };
    std::optional<std::string> abnormal;
    if (options_.isolate) {
      try {
        abnormal = run_script_isolated(engine, json_path, script_options, options_.timeout, sink);
      } catch (const ScriptError& e) {
        abnormal = e.what();
      }
    } else {
      try {
        ScriptRunner(engine, script_options).run_file(json_path, sink);
      } catch (const ScriptError& e) {
        abnormal = std::string("script error: ") + e.what();
      }
    }
    if (abnormal) account_for_abnormal_end(commands, *abnormal);
    finish();
  }

 private:
  void account_for_abnormal_end(const std::vector<CommandRef>& commands, const std::string& how) {
    size_t done = outcomes_.size();
    if (done >= commands.size()) {
      outcomes_.push_back({0, "runner", Verdict::Failed, "the script's runner " + how});
      return;
    }
    outcomes_.push_back({commands[done].line, commands[done].command, Verdict::Failed,
                         "the script's runner " + how + " during this command"});
    for (size_t i = done + 1; i < commands.size(); ++i) {
      if (commands[i].command == "register") continue;
      outcomes_.push_back(
          {commands[i].line, commands[i].command, Verdict::Failed,
           "not run: the script's runner " + how + " at line " + std::to_string(commands[done].line)});
    }
  }

  void finish() {
    std::map<uint32_t, const ExpectedFailure*> listed;
    for (const ExpectedFailure* e : options_.expected.for_file(name_))
      if (e->line) listed[*e->line] = e;
    std::map<uint32_t, bool> line_failed;  // lines with a non-skipped outcome: did any fail?

    size_t passed = 0, failed = 0, skipped = 0, expected = 0, shown = 0, hidden = 0;
    for (const CommandOutcome& o : outcomes_) {
      if (!counts(o)) continue;
      if (o.verdict == Verdict::Skipped) {
        ++skipped;
        continue;
      }
      bool& any_failed = line_failed[o.line];
      if (o.verdict == Verdict::Passed) {
        ++passed;
        continue;
      }
      any_failed = true;
      ++failed;
      auto entry = listed.find(o.line);
      bool is_expected = o.line != 0 && entry != listed.end();
      if (is_expected) ++expected;
      bool show = options_.detail == Detail::Verbose ||
                  (options_.detail == Detail::Normal && !is_expected && shown < kMaxDetailsPerFile);
      if (show) {
        ++shown;
        out_ << location(name_, o.line) << ": " << o.command << " failed";
        if (is_expected) out_ << " (expected: " << entry->second->reason << ")";
        out_ << ": " << o.detail << "\n";
      } else if (!is_expected) {
        ++hidden;
      }
    }
    if (hidden && options_.detail == Detail::Normal)
      out_ << name_ << ": ... and " << hidden << " more failures (--verbose shows them all)\n";

    for (const auto& [line, entry] : listed) {
      auto seen = line_failed.find(line);
      if (seen == line_failed.end()) {
        ++totals_.list_errors;
        out_ << location(name_, line) << ": listed as an expected failure (" << options_.expected.origin()
             << ":" << entry->list_line << ") but no test runs at this line\n";
      } else if (!seen->second) {
        ++totals_.unexpected_passed;
        out_ << location(name_, line) << ": unexpectedly passed; remove it from "
             << options_.expected.origin() << ":" << entry->list_line << " (\"" << entry->reason << "\")\n";
      }
    }

    out_ << name_ << ": " << passed << " passed, " << failed << " failed, " << skipped << " skipped";
    if (expected) out_ << " (" << expected << " expected failure" << (expected == 1 ? "" : "s") << ")";
    out_ << "\n";
    out_.flush();
    totals_.passed += passed;
    totals_.failed += failed;
    totals_.skipped += skipped;
    totals_.expected_failed += expected;
  }

  const SuiteOptions& options_;
  std::ostream& out_;
  Totals& totals_;
  std::filesystem::path wast_;
  std::string name_;
  std::vector<CommandOutcome> outcomes_;
};

}  // namespace

std::vector<std::filesystem::path> collect_scripts(const std::vector<std::filesystem::path>& paths) {
  std::vector<std::filesystem::path> scripts;
  for (const std::filesystem::path& path : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      std::vector<std::filesystem::path> found;
      for (const auto& entry : std::filesystem::directory_iterator(path, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".wast") found.push_back(entry.path());
      if (ec) throw ScriptError("cannot list " + path.string() + ": " + ec.message());
      if (found.empty()) throw ScriptError(path.string() + ": no .wast files in this folder");
      std::sort(found.begin(), found.end());
      scripts.insert(scripts.end(), found.begin(), found.end());
    } else if (std::filesystem::is_regular_file(path, ec)) {
      scripts.push_back(path);
    } else {
      throw ScriptError(path.string() + ": no such file or folder");
    }
  }
  return scripts;
}

std::string display_name(const std::filesystem::path& wast) {
  std::filesystem::path absolute = std::filesystem::absolute(wast).lexically_normal();
  std::string folder = absolute.parent_path().filename().string();
  return folder.empty() ? absolute.filename().string() : folder + "/" + absolute.filename().string();
}

int run_suite(const SuiteOptions& options, std::ostream& out) {
  std::vector<std::filesystem::path> scripts = collect_scripts(options.paths);
  Config config;
  config.consume_fuel = options.fuel;
  Engine engine(config);
  Totals totals;
  for (const std::filesystem::path& wast : scripts) FileRun(options, out, totals, wast).run(engine);

  size_t unexpected = totals.failed - totals.expected_failed;
  if (totals.expected_failed)
    out << "expected failures: " << totals.expected_failed << " (listed in " << options.expected.origin()
        << ")\n";
  if (unexpected) out << "unexpected failures: " << unexpected << "\n";
  if (totals.unexpected_passed) out << "unexpectedly passed: " << totals.unexpected_passed << "\n";
  if (totals.list_errors) out << "stale expected-failure entries: " << totals.list_errors << "\n";
  out << totals.passed << " passed, " << totals.failed << " failed, " << totals.skipped << " skipped\n";
  out.flush();
  return unexpected || totals.unexpected_passed || totals.list_errors ? 1 : 0;
}

}  // namespace mosaic::wast
