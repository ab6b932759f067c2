// wasi:io/streams: not implemented yet.

#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {

void add_io_streams(const CtxPtr&, mc::Linker&) {}

}  // namespace mosaic::wasi::p2
