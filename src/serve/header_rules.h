#pragma once
// Which header fields pass between a connection and a guest. The fields that describe one connection
// (RFC 9110 §7.6.1: Connection and the fields it names, Keep-Alive, Transfer-Encoding, Upgrade, and the
// Proxy-Connection of old clients) belong to the server, which frames each message itself; and no field
// may carry a CR, LF or NUL, which would split the message.

#include <string>
#include <string_view>

#include "mosaic/wasi/http.h"

namespace mosaic::serve {

// Beast's string views (boost::string_view) as the standard's.
template <class View>
std::string_view std_view(const View& v) {
  return {v.data(), v.size()};
}

bool equals_ignoring_case(std::string_view a, std::string_view b);
bool is_connection_header(std::string_view name);
// An RFC 9110 §5.1 token as name, and a value without CR, LF or NUL.
bool valid_field(std::string_view name, std::string_view value);
// The end of a chunked body (RFC 9112 §7.1): the last chunk, the trailer fields that may pass, the blank
// line.
std::string last_chunk(const wasi::HttpFields& trailers);

}  // namespace mosaic::serve
