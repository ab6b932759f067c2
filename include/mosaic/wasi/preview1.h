#pragma once
// WASI preview1 (wasi_snapshot_preview1) for classic modules: the guest's arguments, environment, preopened
// directories and listening sockets, and the host functions that give them to it.
//
//   mosaic::wasi::WasiConfig config;
//   config.args = {"app.wasm", "--flag"};
//   config.dirs.push_back({"/srv/data", "/data"});
//   auto wasi = mosaic::wasi::Preview1::create(config);      // opens the directories now
//   wasi->add_to_linker(linker, store);                      // defines every wasi_snapshot_preview1 import
//   ... instantiate, call "_start" ...
//   if (error.kind == ErrorKind::Exit) status = *wasi->exit_code();
//
// Sandbox: the guest reaches files only through its preopened directories and never outside them (no `..`
// past a preopen, no absolute path, no symlink that leads out, resolved by the kernel beneath the preopen's
// descriptor where it can: openat2 RESOLVE_BENEATH).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mosaic/linker.h"
#include "mosaic/result.h"
#include "mosaic/store.h"
#include "mosaic/wasi/config.h"

namespace mosaic::wasi {

namespace p1 {
class Ctx;
}

class Preview1 {
 public:
  // Io error naming the directory that cannot be opened or the address that cannot be bound.
  static Result<Preview1> create(const WasiConfig& config);
  Preview1(Preview1&&) noexcept;
  Preview1& operator=(Preview1&&) noexcept;
  ~Preview1();

  // Defines all 46 wasi_snapshot_preview1 functions in `linker`, bound to `store`. A guest calling
  // proc_exit ends its call with an Error of kind Exit; exit_code() then holds the status.
  void add_to_linker(Linker& linker, Store& store);

  std::optional<uint32_t> exit_code() const;

 private:
  explicit Preview1(std::shared_ptr<p1::Ctx> ctx);
  std::shared_ptr<p1::Ctx> ctx_;
};

}  // namespace mosaic::wasi
