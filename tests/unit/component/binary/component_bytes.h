#pragma once
// Helpers that build component binaries byte by byte for the component decoder's tests (Binary.md).

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace mosaic::component::binary::test {

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

// A name: its length, then its bytes.
inline Bytes str(const std::string& s) { return cat({uleb(s.size()), Bytes(s.begin(), s.end())}); }

// A vec of `n` elements whose encodings are concatenated in `items`.
inline Bytes vec(uint32_t n, const Bytes& items) { return cat({uleb(n), items}); }

inline Bytes section(uint8_t id, const Bytes& content) {
  return cat({Bytes{id}, uleb(content.size()), content});
}

inline Bytes preamble() { return {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00}; }
inline Bytes core_preamble() { return {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}; }

inline Bytes component(std::initializer_list<Bytes> sections) {
  Bytes out = preamble();
  for (const Bytes& s : sections) out.insert(out.end(), s.begin(), s.end());
  return out;
}

// Section ids (Binary.md Component Definitions).
enum : uint8_t {
  kCustomId = 0,
  kCoreModuleId = 1,
  kCoreInstanceId = 2,
  kCoreTypeId = 3,
  kComponentId = 4,
  kInstanceId = 5,
  kAliasId = 6,
  kTypeId = 7,
  kCanonId = 8,
  kStartId = 9,
  kImportId = 10,
  kExportId = 11,
  kValueId = 12,
};

}  // namespace mosaic::component::binary::test
