#pragma once
// The wasi_snapshot_preview1 import table: every function of functions.def as a host function bound to one
// guest's context.

#include <memory>
#include <string_view>
#include <vector>

#include "binary/types.h"
#include "exec/runtime.h"
#include "wasi/p1/ctx.h"

namespace mosaic::wasi::p1 {

inline constexpr std::string_view kModuleName = "wasi_snapshot_preview1";

struct HostFunction {
  std::string_view name;
  binary::FuncType type;
  exec::HostFunc body;
};

std::vector<HostFunction> host_functions(std::shared_ptr<Ctx> ctx);

}  // namespace mosaic::wasi::p1
