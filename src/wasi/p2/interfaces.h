#pragma once
// One add_* function per WASI 0.2 interface, each in its own file (io_streams.cpp defines wasi:io/streams).
// Each defines the interface's resources (Ctx::define_resource, into ctx->types) and functions
// (Linker::define_func or Linker::define with paths from path(iface, name)), capturing `ctx`.
// Preview2::add_to_linker calls them in this order: an interface's resources are defined before the
// interfaces that use them.

#include <memory>

#include "wasi/p2/ctx.h"

namespace mosaic::wasi::p2 {

void add_io_error(const CtxPtr& ctx, mc::Linker& linker);           // wasi:io/error
void add_io_poll(const CtxPtr& ctx, mc::Linker& linker);            // wasi:io/poll
void add_io_streams(const CtxPtr& ctx, mc::Linker& linker);         // wasi:io/streams
void add_clocks_monotonic(const CtxPtr& ctx, mc::Linker& linker);   // wasi:clocks/monotonic-clock
void add_clocks_wall(const CtxPtr& ctx, mc::Linker& linker);        // wasi:clocks/wall-clock
void add_random(const CtxPtr& ctx, mc::Linker& linker);             // wasi:random/{random,insecure,insecure-seed}
void add_cli_environment(const CtxPtr& ctx, mc::Linker& linker);    // wasi:cli/environment
void add_cli_exit(const CtxPtr& ctx, mc::Linker& linker);           // wasi:cli/exit
void add_cli_stdio(const CtxPtr& ctx, mc::Linker& linker);          // wasi:cli/{stdin,stdout,stderr}
void add_cli_terminal(const CtxPtr& ctx, mc::Linker& linker);       // wasi:cli/terminal-*
void add_filesystem_types(const CtxPtr& ctx, mc::Linker& linker);   // wasi:filesystem/types
void add_filesystem_preopens(const CtxPtr& ctx, mc::Linker& linker);  // wasi:filesystem/preopens
void add_sockets_network(const CtxPtr& ctx, mc::Linker& linker);    // wasi:sockets/{network,instance-network}
void add_sockets_tcp(const CtxPtr& ctx, mc::Linker& linker);        // wasi:sockets/{tcp,tcp-create-socket}
void add_sockets_udp(const CtxPtr& ctx, mc::Linker& linker);        // wasi:sockets/{udp,udp-create-socket}
void add_sockets_ip_name_lookup(const CtxPtr& ctx, mc::Linker& linker);  // wasi:sockets/ip-name-lookup

}  // namespace mosaic::wasi::p2
