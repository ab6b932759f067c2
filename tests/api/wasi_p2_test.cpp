// WASI 0.2 through the public API (include/mosaic/wasi/preview2.h): Preview2::create's errors, run's refusal of
// a component that is not a command, and whole programs: the project's preview1 test programs (tests/wasi)
// wrapped as command components by jco's preview1 adapter (<build>/tests/wasi_p2/components, built by the
// wasi_p2_programs target; the tests that need them skip without). Through the adapter they reach
// wasi:cli/environment, exit, stdin/stdout/stderr, terminal-*, wasi:clocks and wasi:random, with the standard
// streams on the descriptors the embedder puts in WasiConfig.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <pty.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "mosaic/component/component.h"
#include "mosaic/component/instance.h"
#include "mosaic/component/linker.h"
#include "mosaic/engine.h"
#include "mosaic/store.h"
#include "mosaic/wasi/preview2.h"

namespace mosaic::api_test {
namespace {

namespace stdfs = std::filesystem;
using wasi::Preview2;
using wasi::WasiConfig;

// <build>/tests/wasi_p2/components, next to this binary (<build>/tests/unit_tests).
stdfs::path components_dir() {
  std::error_code ec;
  stdfs::path exe = stdfs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return exe.parent_path() / "wasi_p2" / "components";
}

#define LOAD_PROGRAM(var, program)                                                                              \
  std::vector<uint8_t> var;                                                                                     \
  {                                                                                                             \
    stdfs::path p = components_dir() / (std::string(program) + ".wasm");                                      \
    std::ifstream in(p, std::ios::binary);                                                                      \
    if (!in) GTEST_SKIP() << p << " is not built (target wasi_p2_programs: needs clang for wasm32-wasi and jco)"; \
    var.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());                           \
  }

// A scratch file: standard input, or where a program's output goes.
class TempFile {
 public:
  explicit TempFile(const std::string& contents = "") {
    char tmpl[] = "/tmp/mosaic_wasi_p2_XXXXXX";
    fd_ = ::mkstemp(tmpl);
    path_ = tmpl;
    if (!contents.empty()) {
      EXPECT_EQ(::write(fd_, contents.data(), contents.size()), ssize_t(contents.size()));
    }
    ::lseek(fd_, 0, SEEK_SET);
  }
  ~TempFile() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  int fd() const { return fd_; }
  std::string read() const {
    std::ifstream in(path_, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }

 private:
  int fd_ = -1;
  std::string path_;
};

struct Outcome {
  Result<uint32_t> status = 0u;
  std::optional<uint32_t> exit_code;
};

// Compiles `bytes`, defines WASI 0.2 for `config` and runs the command.
Outcome run_command(const std::vector<uint8_t>& bytes, const WasiConfig& config) {
  Engine engine;
  Store store(engine);
  auto component = component::Component::compile(engine, bytes);
  if (!component) return {component.error(), std::nullopt};
  auto wasi = Preview2::create(config);
  if (!wasi) return {wasi.error(), std::nullopt};
  component::Linker linker;
  wasi->add_to_linker(linker);
  auto instance = linker.instantiate(store, *component);
  if (!instance) return {instance.error(), std::nullopt};
  Outcome o;
  o.status = wasi->run(store, *instance);
  o.exit_code = wasi->exit_code();
  return o;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(WasiP2Api, CreateReportsAMissingDirectory) {
  WasiConfig config;
  config.dirs.push_back({"/nonexistent/mosaic-p2-dir", "/data"});
  auto wasi = Preview2::create(config);
  ASSERT_FALSE(wasi);
  EXPECT_EQ(wasi.error().kind, ErrorKind::Io);
  EXPECT_TRUE(contains(wasi.error().message, "/nonexistent/mosaic-p2-dir")) << wasi.error().message;

  config.dirs = {{"/", "/"}};
  EXPECT_TRUE(Preview2::create(config));
}

TEST(WasiP2Api, RunRefusesAComponentThatIsNotACommand) {
  // The empty component: it exports nothing, so no wasi:cli/run.
  const std::vector<uint8_t> empty = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  Outcome o = run_command(empty, WasiConfig{});
  ASSERT_FALSE(o.status);
  EXPECT_EQ(o.status.error().kind, ErrorKind::Usage);
  EXPECT_TRUE(contains(o.status.error().message, "wasi:cli/run")) << o.status.error().message;
  EXPECT_FALSE(o.exit_code);
}

// exit.wasm MODE N: the adapter turns proc_exit(0) into exit(ok) and any other status into exit(err).
TEST(WasiP2Api, ExitStatuses) {
  LOAD_PROGRAM(bytes, "exit");
  struct Case {
    std::vector<std::string> args;
    uint32_t status;
    std::optional<uint32_t> exit_code;
    std::string output;
  };
  const std::vector<Case> cases = {
      {{"exit", "0"}, 0, 0u, "mode exit 0\natexit handler ran\n"},
      {{"exit", "3"}, 1, 1u, "mode exit 3\natexit handler ran\n"},
      {{"raw", "7"}, 1, 1u, "mode raw 7\nunbuffered before proc_exit\n"},
      {{"return", "5"}, 1, 1u, "mode return 5\natexit handler ran\n"},
      // main returning 0 returns from wasi:cli/run without calling exit.
      {{"return", "0"}, 0, std::nullopt, "mode return 0\natexit handler ran\n"},
  };
  for (const Case& c : cases) {
    TempFile out;
    WasiConfig config;
    config.args = {"exit.wasm"};
    config.args.insert(config.args.end(), c.args.begin(), c.args.end());
    config.stdout_fd = out.fd();
    Outcome o = run_command(bytes, config);
    ASSERT_TRUE(o.status) << c.args[0] << " " << c.args[1] << ": " << o.status.error().to_string();
    EXPECT_EQ(*o.status, c.status) << c.args[0] << " " << c.args[1];
    EXPECT_EQ(o.exit_code, c.exit_code) << c.args[0] << " " << c.args[1];
    EXPECT_EQ(out.read(), c.output) << c.args[0] << " " << c.args[1];
  }

  TempFile out;
  WasiConfig config;
  config.args = {"exit.wasm", "trap"};
  config.stdout_fd = out.fd();
  Outcome o = run_command(bytes, config);
  ASSERT_FALSE(o.status);
  EXPECT_EQ(o.status.error().kind, ErrorKind::Trap);
  EXPECT_FALSE(o.exit_code);
  EXPECT_EQ(out.read(), "mode trap 0\n");
}

TEST(WasiP2Api, ArgumentsAndEnvironment) {
  LOAD_PROGRAM(bytes, "args_env");
  TempFile out;
  WasiConfig config;
  config.args = {"args_env.wasm", "hello world", "ünï"};
  config.env = {"MOSAIC_SET=value", "MOSAIC_EMPTY=", "MOSAIC_EQ=a=b"};
  config.stdout_fd = out.fd();
  Outcome o = run_command(bytes, config);
  ASSERT_TRUE(o.status) << o.status.error().to_string();
  EXPECT_EQ(*o.status, 0u);
  std::string text = out.read();
  EXPECT_TRUE(contains(text,
                       "argc=3\n"
                       "argv[0]=<args_env.wasm> (13 bytes)\n"
                       "argv[1]=<hello world> (11 bytes)\n"
                       "argv[2]=<ünï> (5 bytes)\n"
                       "env[0]=<MOSAIC_SET=value>\n"
                       "env[1]=<MOSAIC_EMPTY=>\n"
                       "env[2]=<MOSAIC_EQ=a=b>\n"
                       "env count=3\n"))
      << text;
  EXPECT_TRUE(contains(text, "getenv(MOSAIC_SET)=<value>")) << text;
  EXPECT_TRUE(contains(text, "getenv(MOSAIC_EMPTY)=<>")) << text;
}

TEST(WasiP2Api, StandardStreamsAreTheConfiguredDescriptors) {
  LOAD_PROGRAM(bytes, "stdio");
  std::string input = "first line\n";
  for (int i = 0; i < 3000; ++i) input += "input line " + std::to_string(i) + "\n";  // more than one read
  input += "last\n";
  TempFile in(input), out, err;
  WasiConfig config;
  config.args = {"stdio.wasm"};
  config.stdin_fd = in.fd();
  config.stdout_fd = out.fd();
  config.stderr_fd = err.fd();
  Outcome o = run_command(bytes, config);
  ASSERT_TRUE(o.status) << o.status.error().to_string();
  EXPECT_EQ(*o.status, 0u);
  std::string text = out.read();
  EXPECT_TRUE(contains(text, "stdin: " + std::to_string(input.size()) + " bytes, 3002 lines")) << text.substr(0, 300);
  EXPECT_TRUE(contains(text, "first line: <first line>\nlast line: <last>\n")) << text.substr(0, 300);
  EXPECT_TRUE(contains(text, "line 1999 of a larger block")) << text.size();
  // Files are not terminals.
  EXPECT_TRUE(contains(text, "isatty: 0 0 0\n"));
  EXPECT_EQ(err.read(), "this goes to stderr\n");
}

// With stdout and stderr on a pseudo-terminal, wasi:cli/terminal-stdout and -stderr give handles (the adapter's
// isatty asks them); stdin, a file, has none.
TEST(WasiP2Api, TerminalsAreReported) {
  LOAD_PROGRAM(bytes, "stdio");
  int master = -1, slave = -1;
  if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) GTEST_SKIP() << "no pseudo-terminal";
  std::string seen;
  std::thread reader([&] {
    char buf[4096];
    for (ssize_t n; (n = ::read(master, buf, sizeof buf)) > 0;) seen.append(buf, size_t(n));
  });
  TempFile in("x\n");
  WasiConfig config;
  config.args = {"stdio.wasm"};
  config.stdin_fd = in.fd();
  config.stdout_fd = slave;
  config.stderr_fd = slave;
  Outcome o = run_command(bytes, config);
  ::close(slave);  // the reader sees the end (EIO) once the slave side is closed
  reader.join();
  ::close(master);
  ASSERT_TRUE(o.status) << o.status.error().to_string();
  EXPECT_EQ(*o.status, 0u);
  EXPECT_TRUE(contains(seen, "isatty: 0 1 1")) << seen.substr(seen.size() > 200 ? seen.size() - 200 : 0);
  EXPECT_TRUE(contains(seen, "this goes to stderr"));
}

// The realtime and monotonic clocks as the program sees them. (Its random_get of 1 MiB then ends in the
// adapter's own assertion: the program's heap has grown over the pages the adapter took, which `jco run`
// shows too; tests/wasi_p2/README.md.)
TEST(WasiP2Api, Clocks) {
  LOAD_PROGRAM(bytes, "clocks_random");
  TempFile out, err;
  WasiConfig config;
  config.args = {"clocks_random.wasm"};
  config.stdout_fd = out.fd();
  config.stderr_fd = err.fd();
  run_command(bytes, config);
  std::string text = out.read();
  for (const char* line : {"realtime: res_get OK, time_get OK\n", "realtime: resolution in (0, 1s]: yes\n",
                           "monotonic: res_get OK, time_get OK\n", "monotonic: resolution in (0, 1s]: yes\n",
                           "realtime plausible: yes\n", "monotonic went backwards: 0 times\n",
                           "monotonic advanced: yes\n"})
    EXPECT_TRUE(contains(text, line)) << line << "\n" << text;
  EXPECT_FALSE(contains(text, "time() agrees")) << text;  // the CHECK's failure message
}

}  // namespace
}  // namespace mosaic::api_test
