#include "wast/wast2json.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "wast/script_error.h"

extern char** environ;

namespace mosaic::wast {
namespace {

constexpr char kTool[] = "wast2json";
constexpr size_t kMaxMessageLines = 8;

// The first kMaxMessageLines lines of the log.
std::string read_message(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string message;
  std::string line;
  size_t lines = 0;
  while (std::getline(in, line)) {
    if (++lines <= kMaxMessageLines) message += (message.empty() ? "" : "\n") + line;
  }
  if (lines > kMaxMessageLines)
    message += "\n... " + std::to_string(lines - kMaxMessageLines) + " more lines in " + path.string();
  return message;
}

}  // namespace

std::filesystem::path convert_wast(const std::filesystem::path& wast, const std::filesystem::path& out_root,
                                   const std::vector<std::string>& extra_args) {
  const std::string name = wast.stem().string();
  const std::filesystem::path dir = out_root / name;
  const std::filesystem::path json = dir / (name + ".json");
  const std::filesystem::path log = dir / "wast2json.log";
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir, ec);
  if (ec) throw ScriptError("cannot create " + dir.string() + ": " + ec.message());

  std::vector<std::string> args = {kTool};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  args.insert(args.end(), {wast.string(), "-o", json.string()});
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  int spawn_error = posix_spawnp(&pid, kTool, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) {
    std::string why = std::strerror(spawn_error);
    if (spawn_error == ENOENT) why = "not found on PATH (install the Debian package wabt)";
    throw ScriptError(std::string("cannot run ") + kTool + ": " + why);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw ScriptError(std::string("waitpid: ") + std::strerror(errno));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string message = read_message(log);
    throw ScriptError(std::string(kTool) + " failed on " + wast.string() +
                      (message.empty() ? "" : ":\n" + message));
  }
  return json;
}

}  // namespace mosaic::wast
