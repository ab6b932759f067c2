#pragma once
// Hand assembly of small binary modules (spec 5.5) for the public API's tests: each section is a vector of
// already-encoded entries; function bodies are raw opcode bytes ending in `end` (0x0b).

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace mosaic::api_test {

using Bytes = std::vector<uint8_t>;

inline constexpr uint8_t kI32 = 0x7f, kI64 = 0x7e, kF32 = 0x7d, kF64 = 0x7c, kV128 = 0x7b, kFuncRef = 0x70,
                         kExternRef = 0x6f;

inline Bytes uleb(uint64_t v) {
  Bytes b;
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    if (v != 0) byte |= 0x80;
    b.push_back(byte);
  } while (v != 0);
  return b;
}

inline Bytes sleb(int64_t v) {
  Bytes b;
  bool more = true;
  while (more) {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    more = !((v == 0 && (byte & 0x40) == 0) || (v == -1 && (byte & 0x40) != 0));
    if (more) byte |= 0x80;
    b.push_back(byte);
  }
  return b;
}

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline Bytes name(std::string_view s) { return cat({uleb(s.size()), Bytes(s.begin(), s.end())}); }

inline Bytes i32_const(int32_t v) { return cat({{0x41}, sleb(v)}); }

inline Bytes func_type(Bytes params, Bytes results) {
  return cat({{0x60}, uleb(params.size()), params, uleb(results.size()), results});
}

// Limits: min only, or min and max.
inline Bytes limits(uint32_t min, std::optional<uint32_t> max = std::nullopt) {
  return max ? cat({{0x01}, uleb(min), uleb(*max)}) : cat({{0x00}, uleb(min)});
}

inline Bytes import_func(std::string_view mod, std::string_view field, uint32_t type) {
  return cat({name(mod), name(field), {0x00}, uleb(type)});
}
inline Bytes import_table(std::string_view mod, std::string_view field, uint8_t elem, Bytes lim) {
  return cat({name(mod), name(field), {0x01, elem}, lim});
}
inline Bytes import_memory(std::string_view mod, std::string_view field, Bytes lim) {
  return cat({name(mod), name(field), {0x02}, lim});
}
inline Bytes import_global(std::string_view mod, std::string_view field, uint8_t type, bool is_mutable) {
  return cat({name(mod), name(field), {0x03, type, uint8_t(is_mutable ? 1 : 0)}});
}

// kind: 0 func, 1 table, 2 memory, 3 global.
inline Bytes export_(std::string_view field, uint8_t kind, uint32_t index) {
  return cat({name(field), {kind}, uleb(index)});
}

// A code entry with `local_runs` (count, type) and a body that ends in 0x0b.
inline Bytes code(std::vector<std::pair<uint32_t, uint8_t>> local_runs, Bytes body) {
  Bytes inner = uleb(local_runs.size());
  for (auto [n, t] : local_runs) inner = cat({inner, uleb(n), {t}});
  inner = cat({inner, body});
  return cat({uleb(inner.size()), inner});
}

// An active element segment for table 0 (flags 0): offset, function indices.
inline Bytes elem_active(int32_t offset, std::vector<uint32_t> funcs) {
  Bytes b = cat({{0x00}, i32_const(offset), {0x0b}, uleb(funcs.size())});
  for (uint32_t f : funcs) b = cat({b, uleb(f)});
  return b;
}

// An active data segment for memory 0 (flags 0).
inline Bytes data_active(int32_t offset, std::string_view bytes) {
  return cat({{0x00}, i32_const(offset), {0x0b}, name(bytes)});
}

struct ModuleBytes {
  std::vector<Bytes> types, imports, funcs, tables, memories, globals, exports, elems, codes, datas;
  std::optional<uint32_t> start;

  Bytes build() const {
    Bytes m = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    auto add = [&](uint8_t id, const std::vector<Bytes>& items) {
      if (items.empty()) return;
      Bytes contents = uleb(items.size());
      for (const Bytes& i : items) contents = cat({contents, i});
      m = cat({m, {id}, uleb(contents.size()), contents});
    };
    add(1, types);
    add(2, imports);
    add(3, funcs);
    add(4, tables);
    add(5, memories);
    add(6, globals);
    add(7, exports);
    if (start) {
      Bytes s = uleb(*start);
      m = cat({m, {8}, uleb(s.size()), s});
    }
    add(9, elems);
    add(10, codes);
    add(11, datas);
    return m;
  }
};

}  // namespace mosaic::api_test
