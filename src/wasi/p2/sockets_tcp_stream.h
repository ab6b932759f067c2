#pragma once
// The input and output streams of a connected tcp-socket (finish-connect, accept), as wasmtime's TcpReader and
// TcpWriter (crates/wasi/src/p2/tcp.rs): reads give what has arrived (end of stream: closed), writes go out
// without blocking, whatever the socket cannot take yet is kept and sent by flush; a peer gone is `closed`.
// They use recv/send with MSG_NOSIGNAL, so a closed peer never raises SIGPIPE. Dropping the input stream shuts
// the socket down for receiving, dropping the output stream for sending (the peer sees the end of stream).

#include <memory>

#include "wasi/p2/io.h"

namespace mosaic::wasi::p2 {

// The most one read returns, and what check-write permits at a time (wasmtime's MAX_READ_SIZE_ALLOC).
inline constexpr uint64_t kSocketChunk = 64 * 1024;

std::unique_ptr<InputStream> tcp_input_stream(std::shared_ptr<FdHolder> fd);
std::unique_ptr<OutputStream> tcp_output_stream(std::shared_ptr<FdHolder> fd);

// A source ready when poll(2) reports `events` on the descriptor (or an error or hang-up on it).
std::shared_ptr<PollSource> socket_fd_source(std::shared_ptr<FdHolder> fd, short events);
// Whether poll(2) reports `events` (or an error or hang-up) on `fd` now, or within `timeout_ms` (-1: wait).
bool fd_ready(int fd, short events, int timeout_ms = 0);

}  // namespace mosaic::wasi::p2
