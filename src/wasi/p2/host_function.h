#pragma once
// A WASI 0.2 host function as a table entry: each interface file lists its functions, its add_* defines them in a
// linker, and tests call them directly with the Values a guest's call would lift.

#include <span>
#include <string_view>

#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {

// `call` gets the arguments and gives the one result (a WIT result's err for the failures the interface
// reports; an Error, a trap, for misuse such as a bad handle).
struct HostFunction {
  std::string_view iface;  // "wasi:sockets/tcp"
  std::string_view item;   // "[method]tcp-socket.start-bind"
  size_t params;           // including a method's `self`
  Result<mc::Value> (*call)(Ctx& ctx, std::span<const mc::Value> args);
};

// Defines each function at path(iface, item), calling it with `ctx`. Its arguments are counted first: an
// importer's type that does not fit is a Usage error, never a read past the arguments.
void define_functions(const CtxPtr& ctx, mc::Linker& linker, std::span<const HostFunction> functions);

}  // namespace mosaic::wasi::p2
