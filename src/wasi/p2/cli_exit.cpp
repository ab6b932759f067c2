// wasi:cli/exit: not implemented yet.

#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {

void add_cli_exit(const CtxPtr&, mc::Linker&) {}

}  // namespace mosaic::wasi::p2
