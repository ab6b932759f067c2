// wasi:cli/stdin, stdout, stderr: not implemented yet.

#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {

void add_cli_stdio(const CtxPtr&, mc::Linker&) {}

}  // namespace mosaic::wasi::p2
