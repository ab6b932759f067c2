// wasi:io/poll: not implemented yet.

#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {

void add_io_poll(const CtxPtr&, mc::Linker&) {}

}  // namespace mosaic::wasi::p2
