// wasi:sockets/network, instance-network: not implemented yet.

#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {

void add_sockets_network(const CtxPtr&, mc::Linker&) {}

}  // namespace mosaic::wasi::p2
