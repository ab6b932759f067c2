// wasi:sockets/tcp, tcp-create-socket: not implemented yet.

#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {

void add_sockets_tcp(const CtxPtr&, mc::Linker&) {}

}  // namespace mosaic::wasi::p2
