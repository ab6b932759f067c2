// wasi:filesystem/preopens: not implemented yet.

#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {

void add_filesystem_preopens(const CtxPtr&, mc::Linker&) {}

}  // namespace mosaic::wasi::p2
