#pragma once
// WASI 0.2 for components: the host side of wasi:io, wasi:clocks, wasi:random, wasi:cli, wasi:filesystem and
// wasi:sockets (the interfaces of the wasi:cli/command world, WIT in wit/wasi-0.2.12/), defined in a
// component Linker. Imports of any 0.2.x version find them (the Linker's semver matching).
//
//   mosaic::wasi::WasiConfig config;
//   config.args = {"app.wasm"};
//   config.dirs.push_back({"/srv/data", "/data"});
//   auto wasi = mosaic::wasi::Preview2::create(config);       // opens the directories now
//   mosaic::component::Linker linker;
//   wasi->add_to_linker(linker);
//   auto instance = linker.instantiate(store, component);
//   auto status = mosaic::wasi::Preview2::run(store, *instance);   // calls wasi:cli/run#run
//
// The sandbox is preview1's: files only beneath the preopened directories (src/wasi/fs/sandbox.h); no network
// unless WasiConfig allows it.

#include <cstdint>
#include <memory>
#include <optional>

#include "mosaic/component/instance.h"
#include "mosaic/component/linker.h"
#include "mosaic/result.h"
#include "mosaic/store.h"
#include "mosaic/wasi/config.h"

namespace mosaic::wasi {

namespace p2 {
class Ctx;
}

class Preview2 {
 public:
  // Io error naming the directory that cannot be opened.
  static Result<Preview2> create(const WasiConfig& config);
  Preview2(Preview2&&) noexcept;
  Preview2& operator=(Preview2&&) noexcept;
  ~Preview2();

  // Defines every function and resource of the WASI 0.2 interfaces in `linker` (one linker per Preview2).
  // A guest calling wasi:cli/exit#exit ends its call with an Error of kind Exit; exit_code() holds the
  // status.
  void add_to_linker(component::Linker& linker);

  std::optional<uint32_t> exit_code() const;

  // Many guests, one linker (a server's instance per request): the functions add_to_linker defined act on
  // the Preview2 attached to the store they are called in, and on this one in stores with none attached.
  // fresh() makes the state of another guest: the same configuration and preopened directories, no handles.
  Preview2 fresh() const;
  void attach(Store& store) const;

  const std::shared_ptr<p2::Ctx>& impl() const { return ctx_; }

  // Runs a command: calls the instance's wasi:cli/run@0.2.x#run. The exit status: 0 when run returns ok, 1
  // when it returns err, the status given to wasi:cli/exit when the guest exits; a trap is an Error. A Usage
  // error when the instance exports no wasi:cli/run.
  Result<uint32_t> run(Store& store, const component::Instance& instance);

 private:
  explicit Preview2(std::shared_ptr<p2::Ctx> ctx);
  std::shared_ptr<p2::Ctx> ctx_;
};

}  // namespace mosaic::wasi
