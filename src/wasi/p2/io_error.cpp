// wasi:io/error: not implemented yet.

#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {

void add_io_error(const CtxPtr&, mc::Linker&) {}

}  // namespace mosaic::wasi::p2
