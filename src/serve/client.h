#pragma once
// The HTTP client behind wasi:http/outgoing-handler in `mosaic serve` (make_http_client, mosaic/serve.h):
// plain HTTP/1.1 over one connection per request, blocking like the guest that uses it; each phase has its
// timeout (connect, first byte, between bytes). Only the allowed hosts can be called.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mosaic::serve {

struct Authority {
  std::string host;  // without the brackets of an IPv6 address
  uint16_t port = 80;
};
// "host", "host:port", "[v6]", "[v6]:port"; nullopt when malformed.
std::optional<Authority> parse_authority(std::string_view authority, uint16_t default_port);

// `allowed`: entries "*", "HOST" (any port), "HOST:PORT", "[V6]" or "[V6]:PORT"; host names compare
// without regard to case.
bool host_allowed(const std::vector<std::string>& allowed, const Authority& target);

}  // namespace mosaic::serve
