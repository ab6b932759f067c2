// fuzz_canon: the canonical ABI's lifting and lowering (CanonicalABI.md). From the input it derives a value
// type (records, tuples, variants, enums, options, results, flags, lists, fixed-size lists, strings; bounded
// nesting), a string encoding and the bytes of guest memory, then checks:
//  1. load (and lift_flat from fuzzed core values) out of that memory gives a value of the type or a trap,
//     never a crash; a value it gives stores and loads back equal, and lowers and lifts back equal;
//  2. a value generated for the type stores and loads back equal, and lowers and lifts back equal (through
//     lower_flat_values / lift_flat_values, which spill to memory past MAX_FLAT_PARAMS).
// Any inequality aborts.

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "common.h"
#include "component/canon/abi.h"
#include "support/utf8.h"
#include "component/canon/canon.h"
#include "mosaic/engine.h"
#include "mosaic/extern.h"
#include "mosaic/func.h"
#include "mosaic/store.h"

namespace {

using namespace mosaic;
using namespace mosaic::component;
using component::canon::LiftLowerContext;

constexpr uint32_t kPages = 4;
constexpr uint32_t kFuzzedBytes = 65536;  // memory below this holds fuzz data; the allocator works above it
constexpr uint32_t kMaxDepth = 4;

ValTypePtr make(ValType t) { return std::make_shared<const ValType>(std::move(t)); }

std::vector<std::string> labels(size_t n, const char* prefix) {
  std::vector<std::string> v;
  for (size_t i = 0; i < n; ++i) v.push_back(prefix + std::to_string(i));
  return v;
}

ValTypePtr gen_type(FuzzedDataProvider& in, uint32_t depth) {
  static const TypeKind kPrims[] = {TypeKind::Bool,  TypeKind::S8,  TypeKind::U8,  TypeKind::S16,
                                    TypeKind::U16,   TypeKind::S32, TypeKind::U32, TypeKind::S64,
                                    TypeKind::U64,   TypeKind::F32, TypeKind::F64, TypeKind::Char,
                                    TypeKind::String};
  int choice = depth >= kMaxDepth ? 0 : in.ConsumeIntegralInRange<int>(0, 11);
  ValType t;
  switch (choice) {
    case 0: return ValType::primitive(kPrims[in.ConsumeIntegralInRange<size_t>(0, std::size(kPrims) - 1)]);
    case 1:
      t.kind = TypeKind::List;
      t.element = gen_type(in, depth + 1);
      break;
    case 2:
      t.kind = TypeKind::FixedList;
      t.element = gen_type(in, depth + 1);
      t.length = in.ConsumeIntegralInRange<uint32_t>(1, 4);
      break;
    case 3: {
      t.kind = TypeKind::Record;
      size_t n = in.ConsumeIntegralInRange<size_t>(1, 4);
      for (size_t i = 0; i < n; ++i) t.fields.push_back({"f" + std::to_string(i), gen_type(in, depth + 1)});
      break;
    }
    case 4: {
      t.kind = TypeKind::Tuple;
      size_t n = in.ConsumeIntegralInRange<size_t>(1, 4);
      for (size_t i = 0; i < n; ++i) t.types.push_back(gen_type(in, depth + 1));
      break;
    }
    case 5: {
      t.kind = TypeKind::Variant;
      // Up to 260 cases: discriminants of 1 and 2 bytes.
      size_t n = in.ConsumeBool() ? in.ConsumeIntegralInRange<size_t>(1, 4)
                                  : in.ConsumeIntegralInRange<size_t>(1, 260);
      for (size_t i = 0; i < n; ++i) {
        ValTypePtr payload = i < 4 && in.ConsumeBool() ? gen_type(in, depth + 1) : nullptr;
        t.cases.push_back({"c" + std::to_string(i), payload});
      }
      break;
    }
    case 6:
      t.kind = TypeKind::Enum;
      t.labels = labels(in.ConsumeBool() ? in.ConsumeIntegralInRange<size_t>(1, 4)
                                         : in.ConsumeIntegralInRange<size_t>(1, 260),
                        "e");
      break;
    case 7:
      t.kind = TypeKind::Option;
      t.element = gen_type(in, depth + 1);
      break;
    case 8:
      t.kind = TypeKind::Result;
      if (in.ConsumeBool()) t.ok = gen_type(in, depth + 1);
      if (in.ConsumeBool()) t.err = gen_type(in, depth + 1);
      break;
    case 9:
      t.kind = TypeKind::Flags;
      t.labels = labels(in.ConsumeIntegralInRange<size_t>(1, 40), "g");
      break;
    case 10:
      t.kind = TypeKind::List;
      t.element = ValType::primitive(TypeKind::U8);
      break;
    default: return ValType::primitive(TypeKind::String);
  }
  return make(std::move(t));
}

// A Unicode scalar value, mostly from the ranges that change an encoding's choices.
char32_t gen_char(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange<int>(0, 3)) {
    case 0: return in.ConsumeIntegralInRange<char32_t>(0, 0x7f);
    case 1: return in.ConsumeIntegralInRange<char32_t>(0x80, 0xff);
    case 2: {
      char32_t c = in.ConsumeIntegralInRange<char32_t>(0x100, 0xffff);
      return c >= 0xd800 && c <= 0xdfff ? U'\ufffd' : c;
    }
    default: return in.ConsumeIntegralInRange<char32_t>(0x10000, 0x10ffff);
  }
}

using mosaic::support::append_utf8;

Value gen_value(FuzzedDataProvider& in, const ValType& t) {
  switch (t.kind) {
    case TypeKind::Bool: return Value::make_bool(in.ConsumeBool());
    case TypeKind::S8: return Value::s8(in.ConsumeIntegral<int8_t>());
    case TypeKind::U8: return Value::u8(in.ConsumeIntegral<uint8_t>());
    case TypeKind::S16: return Value::s16(in.ConsumeIntegral<int16_t>());
    case TypeKind::U16: return Value::u16(in.ConsumeIntegral<uint16_t>());
    case TypeKind::S32: return Value::s32(in.ConsumeIntegral<int32_t>());
    case TypeKind::U32: return Value::u32(in.ConsumeIntegral<uint32_t>());
    case TypeKind::S64: return Value::s64(in.ConsumeIntegral<int64_t>());
    case TypeKind::U64: return Value::u64(in.ConsumeIntegral<uint64_t>());
    case TypeKind::F32: {
      // Lifting canonicalizes NaNs: generate the canonical one.
      float f = std::bit_cast<float>(in.ConsumeIntegral<uint32_t>());
      return Value::f32(std::isnan(f) ? std::bit_cast<float>(0x7fc00000u) : f);
    }
    case TypeKind::F64: {
      double d = std::bit_cast<double>(in.ConsumeIntegral<uint64_t>());
      return Value::f64(std::isnan(d) ? std::bit_cast<double>(0x7ff8000000000000ull) : d);
    }
    case TypeKind::Char: return Value::make_char(gen_char(in));
    case TypeKind::String: {
      std::string s;
      size_t n = in.ConsumeIntegralInRange<size_t>(0, 40);
      for (size_t i = 0; i < n; ++i) append_utf8(s, gen_char(in));
      return Value::string(std::move(s));
    }
    case TypeKind::List: {
      size_t n = in.ConsumeIntegralInRange<size_t>(0, 8);
      if (t.element->kind == TypeKind::U8 && in.ConsumeBool()) {
        n = in.ConsumeIntegralInRange<size_t>(0, 200);
        return Value::bytes(in.ConsumeBytes<uint8_t>(n));
      }
      std::vector<Value> items;
      for (size_t i = 0; i < n; ++i) items.push_back(gen_value(in, *t.element));
      return Value::list(std::move(items));
    }
    case TypeKind::FixedList: {
      std::vector<Value> items;
      for (uint32_t i = 0; i < t.length; ++i) items.push_back(gen_value(in, *t.element));
      return Value::fixed_list(std::move(items));
    }
    case TypeKind::Record: {
      std::vector<std::pair<std::string, Value>> fields;
      for (const Field& f : t.fields) fields.emplace_back(f.name, gen_value(in, *f.type));
      return Value::record(std::move(fields));
    }
    case TypeKind::Tuple: {
      std::vector<Value> items;
      for (const ValTypePtr& e : t.types) items.push_back(gen_value(in, *e));
      return Value::tuple(std::move(items));
    }
    case TypeKind::Variant: {
      const Case& c = t.cases[in.ConsumeIntegralInRange<size_t>(0, t.cases.size() - 1)];
      if (!c.type) return Value::variant(c.name, std::nullopt);
      return Value::variant(c.name, gen_value(in, *c.type));
    }
    case TypeKind::Enum:
      return Value::enum_case(t.labels[in.ConsumeIntegralInRange<size_t>(0, t.labels.size() - 1)]);
    case TypeKind::Option:
      if (in.ConsumeBool()) return Value::option(std::nullopt);
      return Value::option(gen_value(in, *t.element));
    case TypeKind::Result: {
      bool err = in.ConsumeBool();
      const ValTypePtr& p = err ? t.err : t.ok;
      std::optional<Value> payload;
      if (p) payload = gen_value(in, *p);
      return err ? Value::err(std::move(payload)) : Value::ok(std::move(payload));
    }
    case TypeKind::Flags: {
      std::vector<std::string> set;
      for (const std::string& l : t.labels)
        if (in.ConsumeBool()) set.push_back(l);
      return Value::flags(std::move(set));
    }
    default: fuzz::fail("gen_value: unexpected type");
  }
}

// A store with one memory and a bump-allocator realloc above the fuzzed bytes.
struct Guest {
  explicit Guest(Store& store, ast::StringEncoding enc) : store(store) {
    mem = Memory::create(store, MemoryType{Limits{kPages, kPages}}).value();
    realloc = mosaic::Func::create(
        store, mosaic::FuncType{{ValKind::I32, ValKind::I32, ValKind::I32, ValKind::I32}, {ValKind::I32}},
        [this](Caller&, std::span<const Val> a, std::span<Val> r) -> Result<void> {
          uint32_t old_ptr = uint32_t(a[0].as_i32()), old_size = uint32_t(a[1].as_i32());
          uint32_t align = uint32_t(a[2].as_i32()), new_size = uint32_t(a[3].as_i32());
          MOSAIC_FUZZ_CHECK(align == 1 || align == 2 || align == 4 || align == 8);
          uint64_t p = (uint64_t(next) + align - 1) / align * align;
          uint64_t end = uint64_t(kPages) * 65536;
          if (p + new_size > end) return mosaic::trap("fuzz realloc: out of memory");
          uint8_t* d = mem.data(this->store);
          if (old_ptr != 0) {
            MOSAIC_FUZZ_CHECK(uint64_t(old_ptr) + old_size <= end);
            std::memmove(d + p, d + old_ptr, std::min(old_size, new_size));
          }
          next = uint32_t(p + new_size);
          r[0] = Val::i32(int32_t(p));
          return ok();
        });
    opts.memory = mem;
    opts.realloc = realloc;
    opts.encoding = enc;
  }
  LiftLowerContext cx() { return LiftLowerContext{store, opts, &inst, &resources}; }

  Store& store;
  Memory mem;
  mosaic::Func realloc;
  rt::CanonOptions opts;
  rt::ComponentInstance inst;
  rt::ResourceMap resources;
  uint32_t next = kFuzzedBytes;
};

// Errors lifting or lowering may give for guest-controlled memory: traps (including the allocator's), and
// resource exhaustion.
void check_clean(const Error& e) {
  if (e.kind != ErrorKind::Trap && e.kind != ErrorKind::Exhausted) {
    std::fprintf(stderr, "unexpected error kind %s: %s\n", to_string(e.kind), e.message.c_str());
    fuzz::fail("lift/lower error of an unexpected kind");
  }
}

void check_equal(const Value& a, const Value& b, const char* what) {
  if (!(a == b)) fuzz::fail(what);
}

// Stores v (of type t) at a fresh pointer and loads it back.
void store_load_round_trip(Guest& g, const Value& v, const ValTypePtr& t) {
  auto cx = g.cx();
  auto ptr = canon::allocate(cx, canon::alignment(t), canon::elem_size(t));
  if (!ptr) return check_clean(ptr.error());
  auto stored = canon::store(cx, v, t, *ptr);
  if (!stored) return check_clean(stored.error());
  auto back = canon::load(cx, *ptr, t);
  if (!back) {
    std::fprintf(stderr, "load after store: %s\n", back.error().message.c_str());
    fuzz::fail("a stored value does not load back");
  }
  check_equal(v, *back, "store/load round trip differs");
}

// Lowers v to flat values (spilling to memory past MAX_FLAT_PARAMS) and lifts them back.
void lower_lift_round_trip(Guest& g, const Value& v, const ValTypePtr& t) {
  auto cx = g.cx();
  std::vector<Value> vs = {v, v};
  std::vector<ValTypePtr> ts = {t, t};
  auto flat = canon::lower_flat_values(cx, canon::MAX_FLAT_PARAMS, vs, ts);
  if (!flat) return check_clean(flat.error());
  canon::CoreValueIter vi{*flat, 0};
  auto back = canon::lift_flat_values(cx, canon::MAX_FLAT_PARAMS, vi, ts);
  if (!back) {
    std::fprintf(stderr, "lift after lower: %s\n", back.error().message.c_str());
    fuzz::fail("lowered values do not lift back");
  }
  MOSAIC_FUZZ_CHECK(vi.i == flat->size());
  MOSAIC_FUZZ_CHECK(back->size() == 2);
  check_equal(v, (*back)[0], "lower/lift round trip differs (first)");
  check_equal(v, (*back)[1], "lower/lift round trip differs (second)");
}

// Both round trips for a value that must be of type t.
void round_trips(Guest& g, const Value& v, const ValTypePtr& t) {
  auto checked = canon::check_value(v, t);
  if (!checked) {
    std::fprintf(stderr, "check_value: %s\n", checked.error().message.c_str());
    fuzz::fail("value is not of its type");
  }
  store_load_round_trip(g, v, t);
  lower_lift_round_trip(g, v, t);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A small stack: a store's stack is allocated with it, and only the realloc function runs.
  static Engine engine([] {
    Config c;
    c.max_stack_bytes = size_t(64) << 10;
    return c;
  }());
  FuzzedDataProvider in(data, size);
  static const ast::StringEncoding kEncodings[] = {ast::StringEncoding::Utf8, ast::StringEncoding::Utf16,
                                                   ast::StringEncoding::Latin1Utf16};
  ast::StringEncoding enc = kEncodings[in.ConsumeIntegralInRange<int>(0, 2)];
  ValTypePtr t = gen_type(in, 0);
  Store store(engine);
  Guest g(store, enc);

  // 2. A generated value (consumes input first, so that the memory gets what is left).
  Value generated = gen_value(in, *t);
  round_trips(g, generated, t);

  // 1. Values lifted from fuzzed memory and fuzzed flat values.
  uint32_t ptr = in.ConsumeBool() ? in.ConsumeIntegralInRange<uint32_t>(0, 64) * 8
                                  : in.ConsumeIntegralInRange<uint32_t>(0, kPages * 65536 + 16);
  std::vector<uint32_t> words;
  for (size_t i = 0, n = canon::flatten_type(t).size(); i < n; ++i) {
    // Small pointers and lengths now and then, so that flat strings and lists land in the fuzzed bytes.
    words.push_back(in.ConsumeBool() ? in.ConsumeIntegralInRange<uint32_t>(0, 256)
                                     : in.ConsumeIntegral<uint32_t>());
  }
  std::vector<uint8_t> bytes = in.ConsumeRemainingBytes<uint8_t>();
  if (!bytes.empty())
    std::memcpy(g.mem.data(store), bytes.data(), std::min<size_t>(bytes.size(), kFuzzedBytes));

  auto cx = g.cx();
  auto loaded = canon::load(cx, ptr, t);
  if (!loaded) {
    check_clean(loaded.error());
  } else {
    round_trips(g, *loaded, t);
  }

  std::vector<ValKind> kinds = canon::flatten_type(t);
  std::vector<Val> flat;
  for (size_t i = 0; i < kinds.size(); ++i) {
    uint64_t w = words[i];
    switch (kinds[i]) {
      case ValKind::I32: flat.push_back(Val::i32(int32_t(w))); break;
      case ValKind::I64: flat.push_back(Val::i64(int64_t(w * 0x9e3779b97f4a7c15ull))); break;
      case ValKind::F32: flat.push_back(Val::f32_bits(uint32_t(w))); break;
      case ValKind::F64: flat.push_back(Val::f64_bits(w << 32 | w)); break;
      default: fuzz::fail("flatten_type: unexpected core type");
    }
  }
  canon::CoreValueIter vi{flat, 0};
  auto cx2 = g.cx();
  auto lifted = canon::lift_flat(cx2, vi, t);
  if (!lifted) {
    check_clean(lifted.error());
  } else {
    MOSAIC_FUZZ_CHECK(vi.i == flat.size());
    round_trips(g, *lifted, t);
  }
  return 0;
}
