#pragma once
// A small assembler of binary modules for the validator's tests (spec 5.5): sections are built from byte
// vectors, function bodies are written as raw opcode bytes.

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "binary/decode.h"
#include "valid/validate.h"

namespace mosaic::valid::test {

using Bytes = std::vector<uint8_t>;

namespace op {
inline constexpr uint8_t kUnreachable = 0x00, kBlock = 0x02, kLoop = 0x03, kIf = 0x04, kElse = 0x05, kEnd = 0x0b,
                         kBr = 0x0c, kBrIf = 0x0d, kBrTable = 0x0e, kReturn = 0x0f, kCall = 0x10, kDrop = 0x1a,
                         kSelect = 0x1b, kLocalGet = 0x20, kLocalSet = 0x21, kGlobalGet = 0x23, kGlobalSet = 0x24,
                         kTableGet = 0x25, kI32Load = 0x28, kI32Const = 0x41, kI64Const = 0x42, kI32Add = 0x6a,
                         kI64Add = 0x7c, kRefNull = 0xd0, kRefIsNull = 0xd1, kRefFunc = 0xd2, kPrefixFC = 0xfc,
                         kPrefixFD = 0xfd;
// Value types and the empty block type.
inline constexpr uint8_t kI32 = 0x7f, kI64 = 0x7e, kF32 = 0x7d, kF64 = 0x7c, kV128 = 0x7b, kFuncRef = 0x70,
                         kExternRef = 0x6f, kEmpty = 0x40;
}  // namespace op

inline void append(Bytes& out, const Bytes& b) { out.insert(out.end(), b.begin(), b.end()); }

inline Bytes uleb(uint64_t v) {
  Bytes b;
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    if (v) byte |= 0x80;
    b.push_back(byte);
  } while (v);
  return b;
}

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) append(out, p);
  return out;
}

// vec(items): a count and the items.
inline Bytes vec(const std::vector<Bytes>& items) {
  Bytes out = uleb(items.size());
  for (const Bytes& i : items) append(out, i);
  return out;
}

inline Bytes section(uint8_t id, const Bytes& contents) { return cat({{id}, uleb(contents.size()), contents}); }

inline Bytes func_type(const Bytes& params, const Bytes& results) {
  return cat({{0x60}, uleb(params.size()), params, uleb(results.size()), results});
}

// A code entry: local runs (count, type) and the body, which must include its final `end`.
inline Bytes code(const std::vector<std::pair<uint32_t, uint8_t>>& locals, const Bytes& body) {
  Bytes inner = uleb(locals.size());
  for (auto [n, t] : locals) append(inner, cat({uleb(n), {t}}));
  append(inner, body);
  return cat({uleb(inner.size()), inner});
}

struct ModuleBytes {
  std::vector<Bytes> types, imports, funcs, tables, memories, globals, exports, elems, codes, datas;
  std::vector<uint32_t> start;
  std::vector<uint32_t> data_count;

  Bytes build() const {
    Bytes m = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    auto add = [&](uint8_t id, const std::vector<Bytes>& items) {
      if (!items.empty()) append(m, section(id, vec(items)));
    };
    add(1, types);
    add(2, imports);
    add(3, funcs);
    add(4, tables);
    add(5, memories);
    add(6, globals);
    add(7, exports);
    if (!start.empty()) append(m, section(8, uleb(start[0])));
    add(9, elems);
    if (!data_count.empty()) append(m, section(12, uleb(data_count[0])));
    add(10, codes);
    add(11, datas);
    return m;
  }

  // A defined function of type `type_index` with the given locals and body.
  ModuleBytes& func(uint32_t type_index, const Bytes& body, const std::vector<std::pair<uint32_t, uint8_t>>& locals = {}) {
    funcs.push_back(uleb(type_index));
    codes.push_back(code(locals, body));
    return *this;
  }
};

// Decodes (which must succeed) and validates.
inline Result<Module> validate_bytes(const Bytes& bytes) {
  auto decoded = binary::decode(bytes);
  if (!decoded) return std::move(decoded).error();
  return validate(std::move(*decoded));
}

// Success when the module decodes and then fails validation with a message that starts with `prefix`.
inline ::testing::AssertionResult invalid_with(const Bytes& bytes, const std::string& prefix) {
  auto decoded = binary::decode(bytes);
  if (!decoded) return ::testing::AssertionFailure() << "malformed: " << decoded.error().to_string();
  auto v = validate(std::move(*decoded));
  if (v) return ::testing::AssertionFailure() << "validated, expected \"" << prefix << "\"";
  if (v.error().kind != ErrorKind::Invalid)
    return ::testing::AssertionFailure() << "error kind " << to_string(v.error().kind) << ": " << v.error().to_string();
  if (v.error().message.rfind(prefix, 0) != 0)
    return ::testing::AssertionFailure() << "got \"" << v.error().to_string() << "\", expected \"" << prefix << "\"";
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult valid(const Bytes& bytes) {
  auto v = validate_bytes(bytes);
  if (!v) return ::testing::AssertionFailure() << v.error().to_string();
  return ::testing::AssertionSuccess();
}

}  // namespace mosaic::valid::test
