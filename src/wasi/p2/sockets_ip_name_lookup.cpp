// wasi:sockets/ip-name-lookup: not implemented yet.

#include "wasi/p2/interfaces.h"

namespace mosaic::wasi::p2 {

void add_sockets_ip_name_lookup(const CtxPtr&, mc::Linker&) {}

}  // namespace mosaic::wasi::p2
