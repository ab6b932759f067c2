#pragma once
// Streams over host descriptors: the standard streams, files (wasi:filesystem's read-via-stream,
// write-via-stream, append-via-stream) and sockets (wasi:sockets/tcp's streams).

#include <cstdint>
#include <memory>

#include "wasi/p2/io.h"

namespace mosaic::wasi::p2 {

enum class FdStreamKind : uint8_t {
  Pipe,    // stdio, pipes, terminals, sockets: read(2)/write(2) as data comes; readiness from poll(2)
  File,    // a regular file from `offset` on (pread/pwrite); always ready; the stream's offset advances
  Append,  // a file written at its end, whatever its size is at each write; always ready
};

std::unique_ptr<InputStream> fd_input_stream(std::shared_ptr<FdHolder> fd, FdStreamKind kind, uint64_t offset = 0);
std::unique_ptr<OutputStream> fd_output_stream(std::shared_ptr<FdHolder> fd, FdStreamKind kind,
                                               uint64_t offset = 0);

}  // namespace mosaic::wasi::p2
