// mosaic::wasi::Preview1: the public face of wasi/p1. Its functions become host functions of the store and
// definitions of the linker under "wasi_snapshot_preview1".

#include "mosaic/wasi/preview1.h"

#include <utility>

#include "exec/runtime.h"
#include "mosaic/func.h"
#include "wasi/p1/ctx.h"
#include "wasi/p1/registry.h"

namespace mosaic::wasi {

Preview1::Preview1(std::shared_ptr<p1::Ctx> ctx) : ctx_(std::move(ctx)) {}
Preview1::Preview1(Preview1&&) noexcept = default;
Preview1& Preview1::operator=(Preview1&&) noexcept = default;
Preview1::~Preview1() = default;

Result<Preview1> Preview1::create(const WasiConfig& config) {
  std::unique_ptr<p1::Ctx> ctx = MOSAIC_TRY(p1::Ctx::create(config));
  return Preview1(std::shared_ptr<p1::Ctx>(std::move(ctx)));
}

void Preview1::add_to_linker(Linker& linker, Store& store) {
  for (p1::HostFunction& f : p1::host_functions(ctx_)) {
    exec::FuncInst* inst = store.impl().add_host_func(std::move(f.type), std::move(f.body));
    linker.define(p1::kModuleName, f.name, Func(inst));
  }
}

std::optional<uint32_t> Preview1::exit_code() const { return ctx_->exit_code; }

}  // namespace mosaic::wasi
