#pragma once
// The functions of wasi:filesystem/types and wasi:filesystem/preopens as a table, which add_filesystem_types
// and add_filesystem_preopens define in a Linker and tests call directly.

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

#include "wasi/p2/ctx.h"

namespace mosaic::wasi::p2 {

// One function: its item name in the interface ("[method]descriptor.open-at", "filesystem-error-code"), its
// parameter count (a method's first parameter is `self`), and its body, giving the one result Value (an error
// Value for a failure the WIT's result type reports; an Error, a trap, for misuse such as a bad handle).
struct FilesystemFunction {
  std::string_view item;
  size_t params;
  Result<mc::Value> (*call)(Ctx& ctx, std::span<const mc::Value> args);
};

// Every function of wasi:filesystem/types, in the WIT's order.
std::span<const FilesystemFunction> filesystem_types_functions();

// Defines `fn` in `linker` at path(iface, fn.item), calling it with `ctx`.
void define_filesystem_function(const std::shared_ptr<Ctx>& ctx, mc::Linker& linker, std::string_view iface,
                                const FilesystemFunction& fn);

// The one function of wasi:filesystem/preopens: get-directories.
Result<mc::Value> get_directories(Ctx& ctx, std::span<const mc::Value> args);

}  // namespace mosaic::wasi::p2
