#pragma once
// A harness for the interpreter's tests: hand-assembled modules (valid/test's ModuleBytes) are decoded,
// validated, compiled and instantiated in a store, and their exports called through interp::call with
// slot-encoded values.

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "../valid/wasm_builder.h"
#include "binary/decode.h"
#include "exec/interp/interp.h"
#include "exec/runtime.h"
#include "valid/validate.h"

namespace mosaic::exec::interp::test {

using valid::test::Bytes;
using valid::test::cat;
using valid::test::func_type;
using valid::test::ModuleBytes;
using valid::test::section;
using valid::test::uleb;
using valid::test::vec;
namespace op = valid::test::op;

inline Bytes sleb(int64_t v) {
  Bytes b;
  for (;;) {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    const bool done = (v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40));
    b.push_back(done ? byte : byte | 0x80);
    if (done) return b;
  }
}

inline Bytes name(const std::string& s) {
  Bytes b = uleb(s.size());
  b.insert(b.end(), s.begin(), s.end());
  return b;
}

// Instruction encoders for bodies.
inline Bytes i32c(int32_t v) { return cat({{op::kI32Const}, sleb(v)}); }
inline Bytes i64c(int64_t v) { return cat({{op::kI64Const}, sleb(v)}); }
inline Bytes local_get(uint32_t i) { return cat({{op::kLocalGet}, uleb(i)}); }
inline Bytes local_set(uint32_t i) { return cat({{op::kLocalSet}, uleb(i)}); }
inline Bytes local_tee(uint32_t i) { return cat({{0x22}, uleb(i)}); }
inline Bytes call(uint32_t f) { return cat({{op::kCall}, uleb(f)}); }
inline Bytes br(uint32_t l) { return cat({{op::kBr}, uleb(l)}); }
inline Bytes br_if(uint32_t l) { return cat({{op::kBrIf}, uleb(l)}); }
inline Bytes memarg(uint32_t align, uint32_t offset) { return cat({uleb(align), uleb(offset)}); }
inline Bytes fc(uint32_t sub) { return cat({{op::kPrefixFC}, uleb(sub)}); }
inline Bytes fd(uint32_t sub) { return cat({{op::kPrefixFD}, uleb(sub)}); }
inline Bytes v128c(uint64_t lo, uint64_t hi) {
  Bytes b = fd(0x0c);
  for (int i = 0; i < 8; ++i) b.push_back(uint8_t(lo >> (8 * i)));
  for (int i = 0; i < 8; ++i) b.push_back(uint8_t(hi >> (8 * i)));
  return b;
}

// An export entry: name, kind, index.
inline Bytes export_entry(const std::string& n, uint8_t kind, uint32_t index) {
  return cat({name(n), {kind}, uleb(index)});
}
inline Bytes export_func(const std::string& n, uint32_t index) { return export_entry(n, 0, index); }

// A "name" custom section naming functions (spec 7.4.2, subsection 1).
inline Bytes name_section(const std::vector<std::pair<uint32_t, std::string>>& names) {
  std::vector<Bytes> entries;
  for (const auto& [i, n] : names) entries.push_back(cat({uleb(i), name(n)}));
  Bytes sub = vec(entries);
  return section(0, cat({name("name"), {1}, uleb(sub.size()), sub}));
}

inline uint64_t f32_slot(float f) { return std::bit_cast<uint32_t>(f); }
inline uint64_t f64_slot(double d) { return std::bit_cast<uint64_t>(d); }

class Harness {
 public:
  explicit Harness(Config config = {}) : store_(std::make_unique<Store>(config)) {}

  Store& store() { return *store_; }
  Instance* instance() { return instance_; }

  // Decodes, validates, compiles and instantiates; the error of the first stage that fails.
  Result<Instance*> load(const Bytes& bytes, const std::vector<ExternVal>& imports = {}) {
    auto decoded = binary::decode(bytes);
    if (!decoded) return std::move(decoded).error();
    auto validated = valid::validate(std::move(*decoded));
    if (!validated) return std::move(validated).error();
    auto compiled = compile(std::move(*validated), store_->config());
    if (!compiled) return std::move(compiled).error();
    auto inst = store_->instantiate(*compiled, imports);
    if (!inst) return std::move(inst).error();
    instance_ = *inst;
    return instance_;
  }

  FuncInst* func(const std::string& export_name) {
    auto e = instance_->find_export(export_name);
    if (!e || e->kind != binary::ExternKind::Func) return nullptr;
    return static_cast<FuncInst*>(e->ptr);
  }

  // Calls an export with slot arguments; the result slots (as many as the function type has).
  Result<std::vector<uint64_t>> invoke(const std::string& export_name, std::vector<uint64_t> args = {}) {
    FuncInst* f = func(export_name);
    if (!f) return Error(ErrorKind::Usage, "no export " + export_name);
    size_t result_slots = 0;
    for (binary::ValType t : f->type->results) result_slots += binary::slot_count(t);
    std::vector<uint64_t> results(result_slots + 1);
    Result<void> r = interp::call(*store_, f, args.data(), results.data());
    if (!r) return std::move(r).error();
    results.resize(result_slots);
    return results;
  }

 private:
  std::unique_ptr<Store> store_;
  Instance* instance_ = nullptr;
};

// The module must load; ADD_FAILURE otherwise.
#define MOSAIC_LOAD(harness, bytes, ...)                                          \
  do {                                                                            \
    auto mosaic_loaded_ = (harness).load((bytes)__VA_OPT__(, ) __VA_ARGS__);               \
    ASSERT_TRUE(mosaic_loaded_.has_value()) << mosaic_loaded_.error().to_string(); \
  } while (0)

// The call must succeed; its results.
inline std::vector<uint64_t> ok_results(Result<std::vector<uint64_t>> r) {
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().to_string());
  return r ? *r : std::vector<uint64_t>{};
}

// The call must trap with a message starting with `prefix`.
inline ::testing::AssertionResult traps_with(const Result<std::vector<uint64_t>>& r, const std::string& prefix) {
  if (r) return ::testing::AssertionFailure() << "returned normally";
  if (r.error().message.rfind(prefix, 0) != 0)
    return ::testing::AssertionFailure() << "got \"" << r.error().message << "\", expected \"" << prefix << "\"";
  return ::testing::AssertionSuccess();
}

}  // namespace mosaic::exec::interp::test
