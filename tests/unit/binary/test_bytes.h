#pragma once
// Helpers that build module binaries byte by byte for the binary-layer tests.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace mosaic::binary::test {

using Bytes = std::vector<uint8_t>;

inline Bytes uleb(uint64_t v) {
  Bytes out;
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    if (v != 0) b |= 0x80;
    out.push_back(b);
  } while (v != 0);
  return out;
}

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline Bytes str(const std::string& s) { return cat({uleb(s.size()), Bytes(s.begin(), s.end())}); }

inline Bytes section(uint8_t id, const Bytes& content) {
  return cat({Bytes{id}, uleb(content.size()), content});
}

inline Bytes header() { return {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}; }

inline Bytes module(std::initializer_list<Bytes> sections) {
  Bytes out = header();
  for (const Bytes& s : sections) out.insert(out.end(), s.begin(), s.end());
  return out;
}

// A code-section entry: size, local runs, body (which must end with 0x0b).
inline Bytes func_body(const Bytes& locals_and_body) {
  return cat({uleb(locals_and_body.size()), locals_and_body});
}

}  // namespace mosaic::binary::test
