// wasi:clocks/wall-clock: not implemented yet.

#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {

void add_clocks_wall(const CtxPtr&, mc::Linker&) {}

}  // namespace mosaic::wasi::p2
