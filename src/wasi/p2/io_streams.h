#pragma once
// wasi:io/streams' functions (io_streams.cpp), as a table: add_io_streams defines each at its path, and tests
// call them directly with the Values a guest's call would lift.

#include <span>
#include <string_view>

#include "wasi/p2/ctx.h"

namespace mosaic::wasi::p2 {

struct StreamFunction {
  std::string_view item;  // "[method]input-stream.read"
  size_t params;          // including the `self` handle
  Result<mc::Value> (*call)(Ctx& ctx, std::span<const mc::Value> args);
};

std::span<const StreamFunction> io_streams_functions();

}  // namespace mosaic::wasi::p2
