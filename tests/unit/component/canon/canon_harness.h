#pragma once
// Test harness for the canonical ABI: a store with one 1-page memory, a bump-allocator realloc written as a
// host function (it records every call and can be told to return a chosen pointer), a component instance
// and helpers that build component types.

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "component/canon/canon.h"
#include "mosaic/engine.h"
#include "mosaic/extern.h"
#include "mosaic/func.h"
#include "mosaic/store.h"
#include "mosaic/trap.h"

namespace mosaic::component::canon::test {

using rt::CallScope;
using rt::CanonOptions;
using rt::ComponentInstance;

inline ValTypePtr prim(TypeKind k) { return ValType::primitive(k); }
inline ValTypePtr make(ValType t) { return std::make_shared<const ValType>(std::move(t)); }
inline ValTypePtr list_of(ValTypePtr e) {
  ValType t;
  t.kind = TypeKind::List;
  t.element = std::move(e);
  return make(std::move(t));
}
inline ValTypePtr fixed_list_of(ValTypePtr e, uint32_t n) {
  ValType t;
  t.kind = TypeKind::FixedList;
  t.element = std::move(e);
  t.length = n;
  return make(std::move(t));
}
inline ValTypePtr record_of(std::vector<Field> fields) {
  ValType t;
  t.kind = TypeKind::Record;
  t.fields = std::move(fields);
  return make(std::move(t));
}
inline ValTypePtr tuple_of(std::vector<ValTypePtr> ts) {
  ValType t;
  t.kind = TypeKind::Tuple;
  t.types = std::move(ts);
  return make(std::move(t));
}
inline ValTypePtr variant_of(std::vector<Case> cases) {
  ValType t;
  t.kind = TypeKind::Variant;
  t.cases = std::move(cases);
  return make(std::move(t));
}
inline ValTypePtr enum_of(std::vector<std::string> labels) {
  ValType t;
  t.kind = TypeKind::Enum;
  t.labels = std::move(labels);
  return make(std::move(t));
}
inline ValTypePtr flags_of(std::vector<std::string> labels) {
  ValType t;
  t.kind = TypeKind::Flags;
  t.labels = std::move(labels);
  return make(std::move(t));
}
inline ValTypePtr option_of(ValTypePtr e) {
  ValType t;
  t.kind = TypeKind::Option;
  t.element = std::move(e);
  return make(std::move(t));
}
inline ValTypePtr result_of(ValTypePtr ok, ValTypePtr err) {
  ValType t;
  t.kind = TypeKind::Result;
  t.ok = std::move(ok);
  t.err = std::move(err);
  return make(std::move(t));
}
inline ValTypePtr handle_of(TypeKind k, ResourcePtr r) {
  ValType t;
  t.kind = k;
  t.resource = std::move(r);
  return make(std::move(t));
}
inline std::vector<std::string> numbered_labels(size_t n) {
  std::vector<std::string> v;
  for (size_t i = 0; i < n; ++i) v.push_back("l" + std::to_string(i));
  return v;
}

// Expects an error of kind Trap whose message contains `text`.
template <class R>
void expect_trap(const R& r, const std::string& text) {
  ASSERT_FALSE(r.has_value()) << "expected trap: " << text;
  EXPECT_EQ(r.error().kind, ErrorKind::Trap) << r.error().message;
  EXPECT_NE(r.error().message.find(text), std::string::npos) << "message: " << r.error().message;
}
template <class R>
void expect_usage(const R& r) {
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::Usage) << r.error().message;
}

struct ReallocCall {
  uint32_t old_ptr, old_size, align, new_size;
  bool operator==(const ReallocCall&) const = default;
};

// One component instance with its memory and realloc.
class Guest {
 public:
  Guest(Store& store, ast::StringEncoding enc = ast::StringEncoding::Utf8) : store_(store) {
    mem = Memory::create(store, MemoryType{Limits{1, 1}}).value();
    realloc = mosaic::Func::create(
        store, mosaic::FuncType{{ValKind::I32, ValKind::I32, ValKind::I32, ValKind::I32}, {ValKind::I32}},
        [this](Caller&, std::span<const Val> a, std::span<Val> r) -> Result<void> {
          ReallocCall c{uint32_t(a[0].as_i32()), uint32_t(a[1].as_i32()), uint32_t(a[2].as_i32()),
                        uint32_t(a[3].as_i32())};
          calls.push_back(c);
          may_leave_in_realloc.push_back(inst.may_leave);
          if (forced) {
            r[0] = Val::i32(int32_t(*forced));
            return ok();
          }
          uint32_t p = (next + c.align - 1) / c.align * c.align;
          if (c.old_ptr != 0) std::memmove(data() + p, data() + c.old_ptr, std::min(c.old_size, c.new_size));
          next = p + c.new_size;
          r[0] = Val::i32(int32_t(p));
          return ok();
        });
    opts.memory = mem;
    opts.realloc = realloc;
    opts.encoding = enc;
  }
  LiftLowerContext cx(CallScope* scope = nullptr) {
    return LiftLowerContext{store_, opts, &inst, &resources, scope};
  }
  uint8_t* data() { return mem.data(store_); }
  void put32(uint32_t ptr, uint32_t v) { std::memcpy(data() + ptr, &v, 4); }
  uint32_t get32(uint32_t ptr) {
    uint32_t v;
    std::memcpy(&v, data() + ptr, 4);
    return v;
  }
  std::vector<uint8_t> bytes(uint32_t ptr, uint32_t n) { return {data() + ptr, data() + ptr + n}; }

  Memory mem;
  mosaic::Func realloc;
  CanonOptions opts;
  ComponentInstance inst;
  rt::ResourceMap resources;
  uint32_t next = 1024;  // the bump allocator's next free byte
  std::optional<uint32_t> forced;
  std::vector<ReallocCall> calls;
  std::vector<bool> may_leave_in_realloc;

 private:
  Store& store_;
};

class ComponentCanon : public ::testing::Test {
 protected:
  Engine engine;
  Store store{engine};
};

}  // namespace mosaic::component::canon::test
