#include "wast/isolated_script.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>

#include "wast/script_error.h"

namespace mosaic::wast {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(size_t(n));
  }
  return true;
}

std::string to_line(const CommandOutcome& outcome) {
  json j = {{"line", outcome.line}, {"command", outcome.command}, {"verdict", to_string(outcome.verdict)}};
  if (!outcome.detail.empty()) j["detail"] = outcome.detail;
  // Invalid UTF-8 in a detail (a module name from a test of names) is replaced, not thrown on.
  return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

[[noreturn]] void run_child(int fd, const ScriptBody& body) {
  int status = 0;
  try {
    body([fd](const CommandOutcome& outcome) {
      if (!write_all(fd, to_line(outcome))) std::_Exit(3);
    });
  } catch (const std::exception& e) {
    write_all(fd, json{{"error", e.what()}}.dump(-1, ' ', false, json::error_handler_t::replace) + "\n");
    status = 2;
  }
  ::close(fd);
  std::cout.flush();
  std::exit(status);  // exit, not _exit: a sanitizer's leak check runs at exit
}

std::string describe_status(int status) {
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    return "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  return "exited with status " + std::to_string(WEXITSTATUS(status));
}

}  // namespace

std::optional<std::string> run_script_isolated(const Engine& engine, const std::filesystem::path& json_path,
                                               const ScriptOptions& options, std::chrono::seconds timeout,
                                               const OutcomeSink& sink) {
  return run_isolated(
      [&](const OutcomeSink& report) {
        ScriptRunner runner(engine, options);
        runner.run_file(json_path, report);
      },
      timeout, sink);
}

std::optional<std::string> run_isolated(const ScriptBody& body, std::chrono::seconds timeout,
                                        const OutcomeSink& sink) {
  int fds[2];
  if (::pipe(fds) != 0) throw ScriptError(std::string("pipe: ") + std::strerror(errno));
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw ScriptError(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::close(fds[0]);
    run_child(fds[1], body);
  }
  ::close(fds[1]);

  std::optional<std::string> abnormal;
  std::string buffer;
  const Clock::time_point deadline = Clock::now() + timeout;
  bool timed_out = false;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd pfd{fds[0], POLLIN, 0};
    int ready = ::poll(&pfd, 1, int(std::min<long long>(left, 1000)));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    char chunk[1 << 16];
    ssize_t n = ::read(fds[0], chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buffer.append(chunk, size_t(n));
    size_t start = 0;
    for (size_t end; (end = buffer.find('\n', start)) != std::string::npos; start = end + 1) {
      json j = json::parse(std::string_view(buffer).substr(start, end - start), nullptr, false);
      if (j.is_discarded()) continue;
      if (j.contains("error")) {
        abnormal = "script error: " + j["error"].get<std::string>();
        continue;
      }
      CommandOutcome outcome;
      outcome.line = j.value("line", 0u);
      outcome.command = j.value("command", "");
      outcome.verdict = parse_verdict(j.value("verdict", "")).value_or(Verdict::Failed);
      outcome.detail = j.value("detail", "");
      sink(outcome);
    }
    buffer.erase(0, start);
  }
  ::close(fds[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) return "timed out after " + std::to_string(timeout.count()) + " s";
  if (abnormal) return abnormal;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return describe_status(status);
  return std::nullopt;
}

}  // namespace mosaic::wast
