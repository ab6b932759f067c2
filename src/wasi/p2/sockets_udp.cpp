// wasi:sockets/udp, udp-create-socket: not implemented yet.

#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {

void add_sockets_udp(const CtxPtr&, mc::Linker&) {}

}  // namespace mosaic::wasi::p2
