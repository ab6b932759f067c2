#include "wast/component_suite.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "mosaic/engine.h"
#include "wast/component_script.h"
#include "wast/isolated_script.h"
#include "wast/script_error.h"

extern char** environ;

namespace mosaic::wast {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct CommandRef {
  uint32_t line = 0;
  std::string command;
};

struct Counts {
  size_t passed = 0;           // every pass, the two kinds below included
  size_t different_error = 0;  // assert_invalid/malformed: an error, but of the other kind or message
  size_t jco_checked = 0;      // text-format assert_malformed rejected by jco's parser
  size_t failed = 0;
  size_t expected_failed = 0;
  size_t skipped = 0;

  void add(const Counts& o) {
    passed += o.passed;
    different_error += o.different_error;
    jco_checked += o.jco_checked;
    failed += o.failed;
    expected_failed += o.expected_failed;
    skipped += o.skipped;
  }
};

struct Totals {
  Counts all;
  std::map<std::string, Counts> folders;
  std::map<std::string, size_t> failure_reasons;
  std::map<std::string, size_t> skip_reasons;
  std::vector<std::string> list_entries;  // unexpected failures as "FILE:LINE  reason"
  size_t unexpected_passed = 0;
  size_t list_errors = 0;
};

std::string one_line(std::string text) {
  for (size_t at; (at = text.find('\n')) != std::string::npos;) text.replace(at, 1, " / ");
  return text;
}

std::string folder_of(const std::string& display) {
  size_t slash = display.find('/');
  return slash == std::string::npos ? "." : display.substr(0, slash);
}

std::string location(const std::string& file, uint32_t line) {
  return line ? file + ":" + std::to_string(line) : file;
}

// What a failure or skip is about, for the summary of reasons: the error it got (the text after the last
// ", got "), without file names and numbers that make each one unique.
// With `generalize`, numbers become N so that failures of one kind share one key.
std::string reason_key(const std::string& command, const std::string& detail, bool generalize = true) {
  std::string text = detail;
  if (!generalize) {
    if (size_t colon = text.find(".wasm: "); colon != std::string::npos) text = text.substr(colon + 7);
    if (size_t expected = text.find(": expected "); expected != std::string::npos)
      text = text.substr(expected + 2);
    text = one_line(text);
    if (text.size() > 160) text = text.substr(0, 160) + "...";
    return command + ": " + text;
  }
  size_t got = text.rfind(", got ");
  if (got != std::string::npos) {
    text = text.substr(got + 6);
    if (text.starts_with("(") || text == "no result")
      return command + (command == "assert_trap" ? ": returned instead of trapping" : ": wrong result");
  } else if (size_t but = text.find(", but "); but != std::string::npos) {
    text = text.substr(but + 2);
  }
  std::string key;
  bool digits = false;
  for (char c : text) {
    if (generalize && c >= '0' && c <= '9') {
      if (!digits) key += 'N';
      digits = true;
      continue;
    }
    digits = false;
    if (c == '\n') {
      key += " / ";
      continue;
    }
    key += c;
  }
  if (key.size() > 110) key = key.substr(0, 110) + "...";
  return command + ": " + key;
}

std::string read_text(const fs::path& path, size_t max_lines) {
  std::ifstream in(path);
  std::string out, line;
  for (size_t n = 0; n < max_lines && std::getline(in, line); ++n) out += (out.empty() ? "" : "\n") + line;
  return out;
}

// Runs the converter when the JSON is missing or older than the script or the converter.
fs::path ensure_converted(const ComponentSuiteOptions& options, const fs::path& wast,
                          const std::string& name) {
  const std::string stem = wast.stem().string();
  const fs::path dir = options.json_root / folder_of(name) / stem;
  const fs::path json_path = dir / (stem + ".json");
  std::error_code ec;
  auto time_of = [&](const fs::path& p) {
    std::error_code e;
    auto t = fs::last_write_time(p, e);
    return e ? fs::file_time_type::min() : t;
  };
  bool fresh = fs::exists(json_path, ec) && time_of(json_path) >= time_of(wast) &&
               (options.converter.empty() || time_of(json_path) >= time_of(options.converter));
  if (fresh) return json_path;
  if (options.node.empty()) {
    if (fs::exists(json_path, ec)) return json_path;  // stale, but nothing here can convert it again
    throw ScriptError("not converted (" + json_path.string() +
                      " is missing): build the target component_spec_json, or pass --node");
  }
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) throw ScriptError("cannot create " + dir.string() + ": " + ec.message());
  const fs::path log = dir / "wast2json.log";
  std::vector<std::string> args = {options.node, options.converter.string(), wast.string(), "-o",
                                   dir.string()};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  int spawn_error = posix_spawnp(&pid, options.node.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) throw ScriptError("cannot run " + options.node + ": " + std::strerror(spawn_error));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw ScriptError(std::string("waitpid: ") + std::strerror(errno));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw ScriptError("the converter failed on " + wast.string() + ": " + read_text(log, 8));
  return json_path;
}

std::vector<CommandRef> read_commands(const fs::path& json_path) {
  std::ifstream in(json_path);
  if (!in) throw ScriptError("cannot open " + json_path.string());
  json script = json::parse(in, nullptr, false);
  if (script.is_discarded() || !script.contains("commands") || !script["commands"].is_array())
    throw ScriptError(json_path.string() + ": not a converted component script");
  std::vector<CommandRef> commands;
  for (const json& c : script["commands"]) {
    std::string type = c.value("type", "?");
    if (type == "skip") type = c.value("command", "skip");
    commands.push_back({c.value("line", 0u), type});
  }
  return commands;
}

class FileRun {
 public:
  FileRun(const ComponentSuiteOptions& options, std::ostream& out, Totals& totals, const fs::path& wast)
      : options_(options), out_(out), totals_(totals), wast_(wast), name_(display_name(wast)) {}

  void run(const Engine& engine) {
    const ExpectedFailure* whole = options_.expected.whole_file(name_);
    fs::path json_path;
    std::vector<CommandRef> commands;
    try {
      json_path = ensure_converted(options_, wast_, name_);
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
      Counts c;
      c.skipped = commands.size();
      totals_.all.add(c);
      totals_.folders[folder_of(name_)].add(c);
      totals_.skip_reasons["whole file: " + whole->reason] += commands.size();
      out_ << name_ << ": 0 passed, 0 failed, " << commands.size() << " skipped (not run: " << whole->reason
           << ")\n";
      return;
    }
    OutcomeSink sink = [this](const CommandOutcome& o) { outcomes_.push_back(o); };
    std::optional<std::string> abnormal;
    if (options_.isolate) {
      try {
        abnormal = run_isolated(
            [&](const OutcomeSink& report) {
              ComponentScriptRunner runner(engine);
              runner.run_file(json_path, report);
            },
            options_.timeout, sink);
      } catch (const ScriptError& e) {
        abnormal = e.what();
      }
    } else {
      try {
        ComponentScriptRunner(engine).run_file(json_path, sink);
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
    for (size_t i = done + 1; i < commands.size(); ++i)
      outcomes_.push_back(
          {commands[i].line, commands[i].command, Verdict::Failed,
           "not run: the script's runner " + how + " at line " + std::to_string(commands[done].line)});
  }

  void finish() {
    std::map<uint32_t, const ExpectedFailure*> listed;
    for (const ExpectedFailure* e : options_.expected.for_file(name_))
      if (e->line) listed[*e->line] = e;
    std::map<uint32_t, bool> line_failed;
    Counts c;
    size_t shown = 0, hidden = 0;
    for (const CommandOutcome& o : outcomes_) {
      if (o.verdict == Verdict::Skipped) {
        ++c.skipped;
        ++totals_.skip_reasons[reason_key(o.command, o.detail)];
        if (options_.detail == Detail::Verbose)
          out_ << location(name_, o.line) << ": " << o.command << " skipped: " << one_line(o.detail) << "\n";
        continue;
      }
      bool& any_failed = line_failed[o.line];
      if (o.verdict == Verdict::Passed) {
        ++c.passed;
        if (o.detail.starts_with(kDifferentError)) {
          ++c.different_error;
          if (options_.detail == Detail::Verbose)
            out_ << location(name_, o.line) << ": " << o.command << " passed with a " << one_line(o.detail)
                 << "\n";
        } else if (o.detail.starts_with(kJcoChecked)) {
          ++c.jco_checked;
        }
        continue;
      }
      any_failed = true;
      ++c.failed;
      auto entry = listed.find(o.line);
      bool is_expected = o.line != 0 && entry != listed.end();
      if (is_expected) {
        ++c.expected_failed;
      } else {
        std::string key = reason_key(o.command, o.detail);
        ++totals_.failure_reasons[key];
        if (o.line && !listed_now_.count(o.line)) {
          listed_now_.insert(o.line);
          totals_.list_entries.push_back(location(name_, o.line) + "  " +
                                         reason_key(o.command, o.detail, false));
        }
      }
      bool show = options_.detail == Detail::Verbose ||
                  (options_.detail == Detail::Normal && !is_expected && shown < kMaxDetailsPerFile);
      if (show) {
        ++shown;
        out_ << location(name_, o.line) << ": " << o.command << " failed";
        if (is_expected) out_ << " (expected: " << entry->second->reason << ")";
        out_ << ": " << one_line(o.detail) << "\n";
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
    out_ << name_ << ": ";
    print_counts(out_, c);
    out_ << "\n";
    out_.flush();
    totals_.all.add(c);
    totals_.folders[folder_of(name_)].add(c);
  }

 public:
  static void print_counts(std::ostream& out, const Counts& c) {
    out << c.passed << " passed, " << c.failed << " failed, " << c.skipped << " skipped";
    std::vector<std::string> notes;
    if (c.expected_failed)
      notes.push_back(std::to_string(c.expected_failed) + " expected failure" +
                      (c.expected_failed == 1 ? "" : "s"));
    if (c.different_error)
      notes.push_back(std::to_string(c.different_error) + " passed with a different error kind or message");
    if (c.jco_checked) notes.push_back(std::to_string(c.jco_checked) + " text-malformed, checked by jco");
    if (!notes.empty()) {
      out << " (";
      for (size_t i = 0; i < notes.size(); ++i) out << (i ? "; " : "") << notes[i];
      out << ")";
    }
  }

 private:
  const ComponentSuiteOptions& options_;
  std::ostream& out_;
  Totals& totals_;
  fs::path wast_;
  std::string name_;
  std::vector<CommandOutcome> outcomes_;
  std::set<uint32_t> listed_now_;
};

void print_top(std::ostream& out, const char* title, const std::map<std::string, size_t>& reasons,
               size_t max) {
  if (reasons.empty()) return;
  std::vector<std::pair<size_t, std::string>> sorted;
  for (const auto& [reason, n] : reasons) sorted.emplace_back(n, reason);
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  out << title << "\n";
  for (size_t i = 0; i < sorted.size() && i < max; ++i)
    out << "  " << sorted[i].first << "  " << sorted[i].second << "\n";
  if (sorted.size() > max) out << "  ... and " << sorted.size() - max << " more\n";
}

}  // namespace

std::vector<fs::path> collect_component_scripts(const std::vector<fs::path>& paths) {
  std::vector<fs::path> scripts;
  for (const fs::path& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> found;
      for (const auto& entry : fs::recursive_directory_iterator(path, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".wast") found.push_back(entry.path());
      if (ec) throw ScriptError("cannot list " + path.string() + ": " + ec.message());
      if (found.empty()) throw ScriptError(path.string() + ": no .wast files in this folder");
      std::sort(found.begin(), found.end());
      scripts.insert(scripts.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(path, ec)) {
      scripts.push_back(path);
    } else {
      throw ScriptError(path.string() + ": no such file or folder");
    }
  }
  return scripts;
}

int run_component_suite(const ComponentSuiteOptions& options, std::ostream& out) {
  std::vector<fs::path> scripts = collect_component_scripts(options.paths);
  Engine engine;
  Totals totals;
  for (const fs::path& wast : scripts) FileRun(options, out, totals, wast).run(engine);

  if (totals.folders.size() > 1) {
    out << "per folder:\n";
    for (const auto& [folder, c] : totals.folders) {
      out << "  " << folder << ": ";
      FileRun::print_counts(out, c);
      out << "\n";
    }
  }
  print_top(out, "most common unexpected failures:", totals.failure_reasons, 15);
  print_top(out, "skips:", totals.skip_reasons, 15);
  if (options.print_list && !totals.list_entries.empty()) {
    out << "unexpected failures, in the form of "
        << (options.expected.origin().empty() ? "the expected-failure list" : options.expected.origin())
        << ":\n";
    for (const std::string& entry : totals.list_entries) out << entry << "\n";
  }
  size_t unexpected = totals.all.failed - totals.all.expected_failed;
  if (totals.all.expected_failed)
    out << "expected failures: " << totals.all.expected_failed << " (listed in " << options.expected.origin()
        << ")\n";
  if (unexpected) out << "unexpected failures: " << unexpected << "\n";
  if (totals.unexpected_passed) out << "unexpectedly passed: " << totals.unexpected_passed << "\n";
  if (totals.list_errors) out << "stale expected-failure entries: " << totals.list_errors << "\n";
  FileRun::print_counts(out, totals.all);
  out << "\n";
  out.flush();
  return unexpected || totals.unexpected_passed || totals.list_errors ? 1 : 0;
}

}  // namespace mosaic::wast
