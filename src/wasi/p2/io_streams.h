#pragma once
// wasi:io/streams' functions (io_streams.cpp), as a table: add_io_streams defines each at its path, and tests
// call them directly with the Values a guest's call would lift.

#include <span>
#include <string_view>

#include "wasi/p2/host_function.h"

namespace mosaic::wasi::p2 {


std::span<const HostFunction> io_streams_functions();

}  // namespace mosaic::wasi::p2
