#pragma once
// The functions of wasi:filesystem/types and wasi:filesystem/preopens as a table, which add_filesystem_types
// and add_filesystem_preopens define in a Linker and tests call directly.

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

#include "wasi/p2/host_function.h"

namespace mosaic::wasi::p2 {


// Every function of wasi:filesystem/types, in the WIT's order.
std::span<const HostFunction> filesystem_types_functions();


// The one function of wasi:filesystem/preopens: get-directories.
Result<mc::Value> get_directories(Ctx& ctx, std::span<const mc::Value> args);

}  // namespace mosaic::wasi::p2
