// WASI preview1 through the public API (include/mosaic/wasi/preview1.h): a guest writes "hello" to a stdout
// the embedder chose, reads its arguments, and exits through proc_exit with a status the embedder reads.

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>

#include "mosaic/mosaic.h"
#include "mosaic/wasi/preview1.h"
#include "wasm_bytes.h"

namespace mosaic::api_test {
namespace {

// _start: fd_write(1, iovec at 16 -> "hello\n" at 0) then proc_exit(argc + 40); `noexit` returns normally
// after writing.
Bytes greeter() {
  ModuleBytes m;
  m.types = {func_type({kI32, kI32, kI32, kI32}, {kI32}), func_type({kI32}, {}), func_type({kI32, kI32}, {kI32}),
             func_type({}, {})};
  m.imports = {import_func("wasi_snapshot_preview1", "fd_write", 0),
               import_func("wasi_snapshot_preview1", "proc_exit", 1),
               import_func("wasi_snapshot_preview1", "args_sizes_get", 2)};
  m.funcs = {uleb(3), uleb(3)};
  m.memories = {limits(1)};
  m.exports = {export_("memory", 2, 0), export_("_start", 0, 3), export_("noexit", 0, 4)};
  m.datas = {data_active(0, "hello\n"), data_active(16, std::string_view("\0\0\0\0\6\0\0\0", 8))};
  // fd_write(1, 16, 1, 32); drop
  Bytes write = cat({i32_const(1), i32_const(16), i32_const(1), i32_const(32), {0x10}, uleb(0), {0x1a}});
  // args_sizes_get(40, 44); drop; proc_exit(load(40) + 40)
  Bytes exit = cat({i32_const(40), i32_const(44), {0x10}, uleb(2), {0x1a}, i32_const(40), {0x28, 0x02, 0x00},
                    i32_const(40), {0x6a}, {0x10}, uleb(1)});
  m.codes = {code({}, cat({write, exit, {0x0b}})), code({}, cat({write, {0x0b}}))};
  return m.build();
}

struct Pipe {
  int read = -1, write = -1;
  Pipe() {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    read = fds[0];
    write = fds[1];
  }
  ~Pipe() {
    close(read);
    if (write >= 0) close(write);
  }
  std::string drain() {
    close(write);
    write = -1;
    std::string out;
    char buf[256];
    for (ssize_t n; (n = ::read(read, buf, sizeof buf)) > 0;) out.append(buf, size_t(n));
    return out;
  }
};

TEST(ApiWasi, WritesToTheChosenStdoutAndExitsWithItsStatus) {
  Pipe out;
  wasi::WasiConfig config;
  config.args = {"greeter", "a", "b"};
  config.stdout_fd = out.write;
  auto ctx = wasi::Preview1::create(config);
  ASSERT_TRUE(ctx) << ctx.error().to_string();

  Engine engine;
  Bytes bytes = greeter();
  auto module = Module::compile(engine, bytes);
  ASSERT_TRUE(module) << module.error().to_string();
  Store store(engine);
  Linker linker;
  ctx->add_to_linker(linker, store);
  auto instance = linker.instantiate(store, *module);
  ASSERT_TRUE(instance) << instance.error().to_string();

  auto start = instance->get_export(store, "_start");
  ASSERT_TRUE(start && start->func());
  auto result = start->func()->call(store, {});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::Exit);
  EXPECT_EQ(ctx->exit_code(), std::optional<uint32_t>(43));
  EXPECT_EQ(out.drain(), "hello\n");
}

TEST(ApiWasi, ReturningNormallyLeavesNoExitCode) {
  Pipe out;
  wasi::WasiConfig config;
  config.stdout_fd = out.write;
  auto ctx = wasi::Preview1::create(config);
  ASSERT_TRUE(ctx);
  Engine engine;
  Bytes bytes = greeter();
  auto module = Module::compile(engine, bytes);
  ASSERT_TRUE(module);
  Store store(engine);
  Linker linker;
  ctx->add_to_linker(linker, store);
  auto instance = linker.instantiate(store, *module);
  ASSERT_TRUE(instance);
  auto noexit = instance->get_export(store, "noexit");
  ASSERT_TRUE(noexit && noexit->func());
  EXPECT_TRUE(noexit->func()->call(store, {}));
  EXPECT_FALSE(ctx->exit_code());
  EXPECT_EQ(out.drain(), "hello\n");
}

TEST(ApiWasi, EveryPreview1FunctionIsDefined) {
  auto ctx = wasi::Preview1::create({});
  ASSERT_TRUE(ctx);
  Engine engine;
  Store store(engine);
  Linker linker;
  ctx->add_to_linker(linker, store);
  for (const char* name :
       {"args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_res_get", "clock_time_get",
        "fd_advise", "fd_allocate", "fd_close", "fd_datasync", "fd_fdstat_get", "fd_fdstat_set_flags",
        "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size", "fd_filestat_set_times", "fd_pread",
        "fd_prestat_get", "fd_prestat_dir_name", "fd_pwrite", "fd_read", "fd_readdir", "fd_renumber", "fd_seek",
        "fd_sync", "fd_tell", "fd_write", "path_create_directory", "path_filestat_get",
        "path_filestat_set_times", "path_link", "path_open", "path_readlink", "path_remove_directory",
        "path_rename", "path_symlink", "path_unlink_file", "poll_oneoff", "proc_exit", "proc_raise",
        "sched_yield", "random_get", "sock_accept", "sock_recv", "sock_send", "sock_shutdown"}) {
    auto item = linker.get("wasi_snapshot_preview1", name);
    EXPECT_TRUE(item && item->func()) << name;
  }
}

TEST(ApiWasi, MissingPreopenIsAnIoErrorNamingIt) {
  wasi::WasiConfig config;
  config.dirs.push_back({"/no/such/dir/for/mosaic", "/"});
  auto ctx = wasi::Preview1::create(config);
  ASSERT_FALSE(ctx);
  EXPECT_EQ(ctx.error().kind, ErrorKind::Io);
  EXPECT_NE(ctx.error().message.find("/no/such/dir/for/mosaic"), std::string::npos);
}

}  // namespace
}  // namespace mosaic::api_test
