// Runs the assertions of the official spec tests (testsuite/core/*.wast) that exercise a single numeric or
// SIMD instruction, directly against src/exec/interp/ops*.h, without the decoder or the interpreter.
//
// For every module of a .wast script, each exported function whose body is one Simple or Trapping
// instruction (opcodes.def) applied to its parameters or to constants, folded `(op (local.get 0) ...)` or
// flat `local.get 0 ... op`, is recognised. Every `assert_return` / `assert_trap` invoking such a function
// is then evaluated by calling ops::Name through a dispatch table generated from opcodes.def, and the
// result is compared as the reference interpreter does (exact bits, or nan:canonical / nan:arithmetic).
//
// The testsuite is found through $MOSAIC_TESTSUITE, or as shared/testsuite in a parent of the working
// directory; the test is skipped when it is not there.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "binary/opcode.h"
#include "exec/interp/ops.h"

namespace mosaic::exec {
namespace {

namespace fs = std::filesystem;
using binary::ValType;

// ---- s-expressions ----

struct SExpr {
  bool list = false;
  bool string = false;  // a "..." atom (kept with its escapes)
  std::string atom;
  std::vector<SExpr> items;

  bool is(std::string_view a) const { return !list && !string && atom == a; }
  bool head(std::string_view a) const { return list && !items.empty() && items[0].is(a); }
};

class Parser {
 public:
  explicit Parser(std::string text) : s_(std::move(text)) {}

  // All top-level forms; false on a syntax error.
  bool parse_all(std::vector<SExpr>* out) {
    while (true) {
      skip_space();
      if (pos_ >= s_.size()) return true;
      SExpr e;
      if (!parse(&e)) return false;
      out->push_back(std::move(e));
    }
  }

 private:
  void skip_space() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else if (c == ';' && pos_ + 1 < s_.size() && s_[pos_ + 1] == ';') {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
      } else if (c == '(' && pos_ + 1 < s_.size() && s_[pos_ + 1] == ';') {
        int depth = 0;
        while (pos_ + 1 < s_.size()) {
          if (s_[pos_] == '(' && s_[pos_ + 1] == ';') {
            ++depth;
            pos_ += 2;
          } else if (s_[pos_] == ';' && s_[pos_ + 1] == ')') {
            pos_ += 2;
            if (--depth == 0) break;
          } else {
            ++pos_;
          }
        }
      } else {
        return;
      }
    }
  }

  bool parse(SExpr* e) {
    skip_space();
    if (pos_ >= s_.size()) return false;
    char c = s_[pos_];
    if (c == '(') {
      ++pos_;
      e->list = true;
      while (true) {
        skip_space();
        if (pos_ >= s_.size()) return false;
        if (s_[pos_] == ')') {
          ++pos_;
          return true;
        }
        SExpr item;
        if (!parse(&item)) return false;
        e->items.push_back(std::move(item));
      }
    }
    if (c == ')') return false;
    if (c == '"') {
      size_t start = ++pos_;
      while (pos_ < s_.size() && s_[pos_] != '"') pos_ += s_[pos_] == '\\' ? 2 : 1;
      if (pos_ >= s_.size()) return false;
      e->string = true;
      e->atom = s_.substr(start, pos_ - start);
      ++pos_;
      return true;
    }
    size_t start = pos_;
    while (pos_ < s_.size()) {
      char d = s_[pos_];
      if (d == ' ' || d == '\t' || d == '\n' || d == '\r' || d == '(' || d == ')' || d == '"') break;
      if (d == ';' && pos_ + 1 < s_.size() && s_[pos_ + 1] == ';') break;
      ++pos_;
    }
    e->atom = s_.substr(start, pos_ - start);
    return true;
  }

  std::string s_;
  size_t pos_ = 0;
};

// ---- values and literals ----

struct Value {
  ValType type = ValType::I32;
  uint64_t lo = 0;  // i32/f32: low 32 bits; v128: bytes 0-7
  uint64_t hi = 0;  // v128: bytes 8-15
};

enum class NanPattern : uint8_t { Exact, Canonical, Arithmetic };

// An expected result: a value, with a NaN pattern per float lane (one lane for scalars).
struct Expected {
  Value value;
  int float_lane_bits = 0;  // 32 or 64 when the value (or v128 shape) is floating-point
  std::array<NanPattern, 4> nan{};
};

std::string strip_underscores(std::string_view s) {
  std::string r;
  for (char c : s)
    if (c != '_') r += c;
  return r;
}

// Integer literal (decimal or 0x hex, optional sign), wrapped to 64 bits.
std::optional<uint64_t> parse_int(std::string_view text) {
  std::string s = strip_underscores(text);
  bool neg = false;
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  if (i >= s.size()) return std::nullopt;
  int base = 10;
  if (s.size() - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
    base = 16;
    i += 2;
  }
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    int d;
    char c = s[i];
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (base == 16 && c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (base == 16 && c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  return neg ? ~v + 1 : v;
}

// Float literal of N bits (32 or 64): bits and NaN pattern.
std::optional<std::pair<uint64_t, NanPattern>> parse_float(std::string_view text, int n) {
  std::string s = strip_underscores(text);
  bool neg = !s.empty() && s[0] == '-';
  std::string body = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? s.substr(1) : s;
  const uint64_t sign = neg ? (n == 32 ? 0x8000'0000ull : 0x8000'0000'0000'0000ull) : 0;
  const uint64_t exp_all = n == 32 ? 0x7f80'0000ull : 0x7ff0'0000'0000'0000ull;
  const uint64_t quiet = n == 32 ? 0x0040'0000ull : 0x0008'0000'0000'0000ull;
  if (body == "nan:canonical") return std::pair{exp_all | quiet, NanPattern::Canonical};
  if (body == "nan:arithmetic") return std::pair{exp_all | quiet, NanPattern::Arithmetic};
  if (body == "inf") return std::pair{sign | exp_all, NanPattern::Exact};
  if (body == "nan") return std::pair{sign | exp_all | quiet, NanPattern::Exact};
  if (body.rfind("nan:0x", 0) == 0) {
    std::optional<uint64_t> payload = parse_int(body.substr(4));
    if (!payload) return std::nullopt;
    return std::pair{sign | exp_all | *payload, NanPattern::Exact};
  }
  char* end = nullptr;
  uint64_t bits;
  if (n == 32) {
    bits = std::bit_cast<uint32_t>(std::strtof(s.c_str(), &end));  // correctly rounded (no double step)
  } else {
    bits = std::bit_cast<uint64_t>(std::strtod(s.c_str(), &end));
  }
  if (end != s.c_str() + s.size()) return std::nullopt;
  return std::pair{bits, NanPattern::Exact};
}

// (i32.const 1), (f32.const nan:canonical), (v128.const f32x4 ...).
std::optional<Expected> parse_const(const SExpr& e) {
  if (!e.list || e.items.empty() || e.items[0].list) return std::nullopt;
  const std::string& op = e.items[0].atom;
  Expected x;
  if (op == "i32.const" || op == "i64.const") {
    if (e.items.size() != 2) return std::nullopt;
    std::optional<uint64_t> v = parse_int(e.items[1].atom);
    if (!v) return std::nullopt;
    x.value.type = op == "i32.const" ? ValType::I32 : ValType::I64;
    x.value.lo = op == "i32.const" ? (*v & 0xffff'ffffu) : *v;
    return x;
  }
  if (op == "f32.const" || op == "f64.const") {
    if (e.items.size() != 2) return std::nullopt;
    int n = op == "f32.const" ? 32 : 64;
    auto f = parse_float(e.items[1].atom, n);
    if (!f) return std::nullopt;
    x.value.type = n == 32 ? ValType::F32 : ValType::F64;
    x.value.lo = f->first;
    x.float_lane_bits = n;
    x.nan[0] = f->second;
    return x;
  }
  if (op == "v128.const") {
    if (e.items.size() < 2) return std::nullopt;
    const std::string& shape = e.items[1].atom;
    int lanes = 0;
    int bits = 0;
    bool is_float = shape[0] == 'f';
    if (shape == "i8x16") lanes = 16, bits = 8;
    if (shape == "i16x8") lanes = 8, bits = 16;
    if (shape == "i32x4" || shape == "f32x4") lanes = 4, bits = 32;
    if (shape == "i64x2" || shape == "f64x2") lanes = 2, bits = 64;
    if (lanes == 0 || e.items.size() != static_cast<size_t>(lanes) + 2) return std::nullopt;
    V128 v = v128_zero();
    for (int i = 0; i < lanes; ++i) {
      uint64_t lane;
      const std::string& text = e.items[static_cast<size_t>(i) + 2].atom;
      if (is_float) {
        auto f = parse_float(text, bits);
        if (!f) return std::nullopt;
        lane = f->first;
        x.nan[static_cast<size_t>(i)] = f->second;
      } else {
        std::optional<uint64_t> iv = parse_int(text);
        if (!iv) return std::nullopt;
        lane = *iv;
      }
      std::memcpy(v.bytes + i * bits / 8, &lane, static_cast<size_t>(bits / 8));
    }
    x.value.type = ValType::V128;
    uint64_t slots[2];
    v128_to_slots(v, slots);
    x.value.lo = slots[0];
    x.value.hi = slots[1];
    x.float_lane_bits = is_float ? bits : 0;
    return x;
  }
  return std::nullopt;
}

// ---- calling ops:: from values ----

template <typename T>
T from_value(const Value& v) {
  if constexpr (std::is_same_v<T, uint32_t>) {
    return static_cast<uint32_t>(v.lo);
  } else if constexpr (std::is_same_v<T, uint64_t>) {
    return v.lo;
  } else if constexpr (std::is_same_v<T, float>) {
    return std::bit_cast<float>(static_cast<uint32_t>(v.lo));
  } else if constexpr (std::is_same_v<T, double>) {
    return std::bit_cast<double>(v.lo);
  } else {
    static_assert(std::is_same_v<T, V128>);
    const uint64_t slots[2] = {v.lo, v.hi};
    return v128_from_slots(slots);
  }
}

template <typename T>
Value to_value(T x) {
  Value v;
  if constexpr (std::is_same_v<T, uint32_t>) {
    v.type = ValType::I32;
    v.lo = x;
  } else if constexpr (std::is_same_v<T, uint64_t>) {
    v.type = ValType::I64;
    v.lo = x;
  } else if constexpr (std::is_same_v<T, float>) {
    v.type = ValType::F32;
    v.lo = std::bit_cast<uint32_t>(x);
  } else if constexpr (std::is_same_v<T, double>) {
    v.type = ValType::F64;
    v.lo = std::bit_cast<uint64_t>(x);
  } else {
    static_assert(std::is_same_v<T, V128>);
    uint64_t slots[2];
    v128_to_slots(x, slots);
    v.type = ValType::V128;
    v.lo = slots[0];
    v.hi = slots[1];
  }
  return v;
}

struct Outcome {
  TrapCode trap = TrapCode::None;
  Value value;
};

struct Imms {
  uint8_t lane = 0;
  uint8_t shuffle[16] = {};
};

// The argument for parameter P at position I: a wasm operand, or an immediate / the result pointer.
template <typename P, size_t I>
P pick(const Value* args, const Imms& imms, void* out) {
  if constexpr (std::is_same_v<P, uint8_t>) {
    return imms.lane;
  } else if constexpr (std::is_same_v<P, const uint8_t*>) {
    return imms.shuffle;
  } else if constexpr (std::is_pointer_v<P>) {
    return static_cast<P>(out);
  } else {
    return from_value<P>(args[I]);
  }
}

template <typename... Ts>
using Last = std::tuple_element_t<sizeof...(Ts) - 1, std::tuple<Ts...>>;

template <typename R, typename... Ps, size_t... I>
Outcome invoke(R (*fn)(Ps...), const Value* args, const Imms& imms, std::index_sequence<I...>) {
  Outcome o;
  if constexpr (std::is_same_v<R, TrapCode>) {
    std::remove_pointer_t<Last<Ps...>> out{};
    o.trap = fn(pick<Ps, I>(args, imms, &out)...);
    o.value = to_value(out);
  } else {
    o.value = to_value(fn(pick<Ps, I>(args, imms, nullptr)...));
  }
  return o;
}

template <typename R, typename... Ps>
Outcome invoke(R (*fn)(Ps...), const Value* args, const Imms& imms) {
  return invoke(fn, args, imms, std::index_sequence_for<Ps...>{});
}

using Invoker = Outcome (*)(const Value*, const Imms&);

struct OpEntry {
  Invoker invoke;
  binary::ImmKind imm;
  size_t arity;
};

// The number of wasm operands: arity_of_fn<void (I32, I32)> is 2.
template <typename F>
constexpr size_t arity_of_fn = 0;
template <typename... Ts>
constexpr size_t arity_of_fn<void(Ts...)> = sizeof...(Ts);

using I32 = uint32_t;
using I64 = uint64_t;
using F32 = float;
using F64 = double;

// text name -> entry, for every Simple and Trapping instruction.
const std::map<std::string, OpEntry>& op_table() {
  static const std::map<std::string, OpEntry> table = [] {
    std::map<std::string, OpEntry> t;
#define MOSAIC_SPEC_ENTRY(Name, Imm, Params, Text)                                            \
  t[Text] = OpEntry{[](const Value* a, const Imms& im) { return invoke(&ops::Name, a, im); }, \
                    binary::ImmKind::Imm, arity_of_fn<void Params>};
#define MOSAIC_SPEC_Simple MOSAIC_SPEC_ENTRY
#define MOSAIC_SPEC_Trapping MOSAIC_SPEC_ENTRY
#define MOSAIC_SPEC_Special(Name, Imm, Params, Text)
#define MOSAIC_SPEC_Load(Name, Imm, Params, Text)
#define MOSAIC_SPEC_Store(Name, Imm, Params, Text)
#define MOSAIC_SPEC_LoadLane(Name, Imm, Params, Text)
#define MOSAIC_SPEC_StoreLane(Name, Imm, Params, Text)
#define MOSAIC_OP(Name, Prefix, Code, Imm, Kind, Params, Results, MemBytes, Text) \
  MOSAIC_SPEC_##Kind(Name, Imm, Params, Text)
#include "binary/opcodes.def"
    return t;
  }();
  return table;
}

// The spec text of each trap, in TrapCode order.
constexpr const char* kTrapTexts[] = {
#define MOSAIC_TRAP(Name, Text) Text,
#include "exec/trap.def"
};

const char* trap_text(TrapCode code) { return kTrapTexts[static_cast<size_t>(code)]; }

// ---- recognising single-instruction functions ----

// An operand of the instruction: a parameter or a constant.
struct Operand {
  int param = -1;  // index, or -1 for a constant
  Value constant;
};

struct Func {
  const OpEntry* op = nullptr;
  Imms imms;
  std::vector<Operand> operands;
  size_t param_count = 0;
};

using Exports = std::map<std::string, Func>;

bool parse_lane_imms(const OpEntry& op, const std::vector<const SExpr*>& imm_atoms, Imms* imms) {
  size_t want = op.imm == binary::ImmKind::LaneIdx ? 1 : op.imm == binary::ImmKind::Shuffle ? 16 : 0;
  if (imm_atoms.size() != want) return false;
  for (size_t i = 0; i < want; ++i) {
    std::optional<uint64_t> v = parse_int(imm_atoms[i]->atom);
    if (!v || *v > 255) return false;
    if (op.imm == binary::ImmKind::LaneIdx) {
      imms->lane = static_cast<uint8_t>(*v);
    } else {
      imms->shuffle[i] = static_cast<uint8_t>(*v);
    }
  }
  return true;
}

std::optional<Operand> parse_local_get(const SExpr& index, const std::map<std::string, int>& names) {
  Operand o;
  if (!index.atom.empty() && index.atom[0] == '$') {
    auto it = names.find(index.atom);
    if (it == names.end()) return std::nullopt;
    o.param = it->second;
    return o;
  }
  std::optional<uint64_t> v = parse_int(index.atom);
  if (!v) return std::nullopt;
  o.param = static_cast<int>(*v);
  return o;
}

// (func (export "name") (param ...) (result ...) BODY) -> Func, when BODY is a single instruction.
std::optional<std::pair<std::string, Func>> parse_func(const SExpr& f) {
  std::string export_name;
  std::map<std::string, int> names;
  Func fn;
  size_t i = 1;
  if (i < f.items.size() && !f.items[i].list && !f.items[i].string && f.items[i].atom[0] == '$') ++i;
  std::vector<const SExpr*> body;
  for (; i < f.items.size(); ++i) {
    const SExpr& item = f.items[i];
    if (item.head("export") && item.items.size() == 2) {
      export_name = item.items[1].atom;
    } else if (item.head("param")) {
      if (item.items.size() == 3 && item.items[1].atom[0] == '$') {
        names[item.items[1].atom] = static_cast<int>(fn.param_count++);
      } else {
        fn.param_count += item.items.size() - 1;
      }
    } else if (item.head("result")) {
    } else if (item.head("local") || item.head("type")) {
      return std::nullopt;
    } else {
      body.push_back(&item);
    }
  }
  if (export_name.empty() || body.empty()) return std::nullopt;

  const auto& table = op_table();
  std::vector<const SExpr*> imm_atoms;
  if (body.size() == 1 && body[0]->list) {
    // Folded: (op imm* operand*)
    const SExpr& e = *body[0];
    auto it = table.find(e.items[0].atom);
    if (e.items[0].list || it == table.end()) return std::nullopt;
    fn.op = &it->second;
    for (size_t k = 1; k < e.items.size(); ++k) {
      const SExpr& a = e.items[k];
      if (!a.list) {
        if (!fn.operands.empty()) return std::nullopt;
        imm_atoms.push_back(&a);
      } else if (a.head("local.get") && a.items.size() == 2) {
        std::optional<Operand> o = parse_local_get(a.items[1], names);
        if (!o) return std::nullopt;
        fn.operands.push_back(*o);
      } else if (std::optional<Expected> c = parse_const(a); c && c->nan[0] == NanPattern::Exact) {
        fn.operands.push_back(Operand{-1, c->value});
      } else {
        return std::nullopt;
      }
    }
  } else {
    // Flat: local.get N ... op imm*
    size_t k = 0;
    while (k + 1 < body.size() && body[k]->is("local.get")) {
      std::optional<Operand> o = parse_local_get(*body[k + 1], names);
      if (!o) return std::nullopt;
      fn.operands.push_back(*o);
      k += 2;
    }
    if (k >= body.size() || body[k]->list) return std::nullopt;
    auto it = table.find(body[k]->atom);
    if (it == table.end()) return std::nullopt;
    fn.op = &it->second;
    for (++k; k < body.size(); ++k) {
      if (body[k]->list) return std::nullopt;
      imm_atoms.push_back(body[k]);
    }
  }
  if (fn.operands.size() != fn.op->arity) return std::nullopt;
  for (const Operand& o : fn.operands)
    if (o.param >= static_cast<int>(fn.param_count)) return std::nullopt;
  if (!parse_lane_imms(*fn.op, imm_atoms, &fn.imms)) return std::nullopt;
  return std::pair{export_name, fn};
}

Exports parse_module(const SExpr& m) {
  Exports exports;
  for (const SExpr& item : m.items)
    if (item.head("func"))
      if (auto f = parse_func(item)) exports.emplace(std::move(f->first), std::move(f->second));
  return exports;
}

// ---- checking results ----

bool lane_matches(uint64_t actual, uint64_t expected, NanPattern p, int bits) {
  const uint64_t mask = bits == 32 ? 0x7fff'ffffull : 0x7fff'ffff'ffff'ffffull;
  const uint64_t canonical = bits == 32 ? 0x7fc0'0000ull : 0x7ff8'0000'0000'0000ull;
  switch (p) {
    case NanPattern::Exact: return actual == expected;
    case NanPattern::Canonical: return (actual & mask) == canonical;
    case NanPattern::Arithmetic: return (actual & canonical) == canonical;
  }
  return false;
}

bool matches(const Value& actual, const Expected& want) {
  if (actual.type != want.value.type) return false;
  if (want.float_lane_bits == 0) return actual.lo == want.value.lo && actual.hi == want.value.hi;
  const int bits = want.float_lane_bits;
  if (actual.type != ValType::V128) return lane_matches(actual.lo, want.value.lo, want.nan[0], bits);
  const uint64_t a[2] = {actual.lo, actual.hi};
  const uint64_t w[2] = {want.value.lo, want.value.hi};
  const int lanes = 128 / bits;
  for (int i = 0; i < lanes; ++i) {
    const int per_slot = 64 / bits;
    const int shift = (i % per_slot) * bits;
    const uint64_t mask = bits == 64 ? ~uint64_t{0} : 0xffff'ffffull;
    uint64_t av = (a[i / per_slot] >> shift) & mask;
    uint64_t wv = (w[i / per_slot] >> shift) & mask;
    if (!lane_matches(av, wv, want.nan[static_cast<size_t>(i)], bits)) return false;
  }
  return true;
}

std::string show(const Value& v) {
  std::ostringstream os;
  os << std::hex << "0x" << v.lo;
  if (v.type == ValType::V128) os << ":0x" << v.hi;
  return os.str();
}

struct Stats {
  int checked = 0;
  int failed = 0;
};

// Runs the recognised assertions of one script.
void run_script(const fs::path& path, Stats* stats) {
  std::ifstream in(path);
  std::stringstream buf;
  buf << in.rdbuf();
  std::vector<SExpr> forms;
  ASSERT_TRUE(Parser(buf.str()).parse_all(&forms)) << path;

  Exports current;
  std::map<std::string, Exports> named;
  for (const SExpr& form : forms) {
    if (form.head("module")) {
      bool text = form.items.size() < 2 || form.items[1].list || form.items[1].atom[0] == '$';
      bool binary_or_quote = false;
      for (size_t k = 1; k < form.items.size() && k < 3; ++k)
        if (form.items[k].is("binary") || form.items[k].is("quote")) binary_or_quote = true;
      current = text && !binary_or_quote ? parse_module(form) : Exports{};
      if (form.items.size() > 1 && !form.items[1].list && form.items[1].atom[0] == '$')
        named[form.items[1].atom] = current;
      continue;
    }
    bool is_return = form.head("assert_return");
    bool is_trap = form.head("assert_trap");
    if (!(is_return || is_trap) || form.items.size() < 2 || !form.items[1].head("invoke")) continue;
    const SExpr& inv = form.items[1];
    size_t k = 1;
    const Exports* exports = &current;
    if (k < inv.items.size() && !inv.items[k].string && !inv.items[k].list) {
      auto it = named.find(inv.items[k].atom);
      if (it == named.end()) continue;
      exports = &it->second;
      ++k;
    }
    if (k >= inv.items.size() || !inv.items[k].string) continue;
    const std::string where = path.filename().string() + ": " + inv.items[k].atom;
    auto fit = exports->find(inv.items[k].atom);
    if (fit == exports->end()) continue;
    const Func& fn = fit->second;

    std::vector<Value> params;
    bool ok = true;
    for (++k; k < inv.items.size(); ++k) {
      std::optional<Expected> c = parse_const(inv.items[k]);
      if (!c) {
        ok = false;
        break;
      }
      params.push_back(c->value);
    }
    if (!ok || params.size() != fn.param_count) continue;
    std::vector<Value> args;
    for (const Operand& o : fn.operands)
      args.push_back(o.param >= 0 ? params[static_cast<size_t>(o.param)] : o.constant);

    Outcome got = fn.op->invoke(args.data(), fn.imms);
    if (is_trap) {
      if (form.items.size() < 3 || !form.items[2].string) continue;
      ++stats->checked;
      const std::string& msg = form.items[2].atom;
      bool good = got.trap != TrapCode::None && std::string(trap_text(got.trap)).rfind(msg, 0) == 0;
      if (!good) {
        ++stats->failed;
        ADD_FAILURE() << where << ": expected trap \"" << msg << "\", got "
                      << (got.trap == TrapCode::None ? show(got.value) : trap_text(got.trap));
      }
      continue;
    }
    if (form.items.size() != 3) continue;  // single-result instructions only
    std::optional<Expected> want = parse_const(form.items[2]);
    if (!want) continue;
    ++stats->checked;
    if (got.trap != TrapCode::None || !matches(got.value, *want)) {
      ++stats->failed;
      std::string args_text;
      for (const Value& a : args) args_text += " " + show(a);
      ADD_FAILURE() << where << args_text << ": expected " << show(want->value) << ", got "
                    << (got.trap != TrapCode::None ? trap_text(got.trap) : show(got.value));
    }
  }
}

std::optional<fs::path> find_testsuite() {
  if (const char* env = std::getenv("MOSAIC_TESTSUITE")) {
    fs::path p(env);
    if (fs::is_directory(p / "core")) return p / "core";
  }
  std::error_code ec;
  for (fs::path dir = fs::current_path(ec); !dir.empty(); dir = dir.parent_path()) {
    fs::path p = dir / "shared" / "testsuite" / "core";
    if (fs::is_directory(p, ec)) return p;
    if (dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

TEST(OpsSpec, SingleInstructionAssertionsOfTheCoreSuite) {
  std::optional<fs::path> core = find_testsuite();
  if (!core) GTEST_SKIP() << "testsuite not found (set MOSAIC_TESTSUITE)";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(*core))
    if (entry.path().extension() == ".wast") files.push_back(entry.path());
  std::sort(files.begin(), files.end());

  Stats total;
  std::map<std::string, int> per_file;
  for (const fs::path& f : files) {
    Stats s;
    run_script(f, &s);
    per_file[f.filename().string()] = s.checked;
    total.checked += s.checked;
    total.failed += s.failed;
  }
  // The scripts that test instructions in isolation must have been recognised.
  for (const char* name : {"i32.wast", "i64.wast", "f32.wast", "f64.wast", "f32_bitwise.wast", "f32_cmp.wast",
                           "f64_bitwise.wast", "f64_cmp.wast", "conversions.wast", "simd_f32x4_arith.wast",
                           "simd_f64x2_arith.wast", "simd_i16x8_q15mulr_sat_s.wast", "simd_lane.wast",
                           "simd_conversions.wast", "simd_i8x16_sat_arith.wast", "simd_bit_shift.wast",
                           "simd_f32x4_rounding.wast", "simd_i32x4_trunc_sat_f64x2.wast"}) {
    EXPECT_GT(per_file[name], 0) << name;
  }
  std::ostringstream summary;
  for (const auto& [name, n] : per_file)
    if (n > 0) summary << "  " << name << ": " << n << "\n";
  RecordProperty("checked", total.checked);
  std::printf("checked %d assertions (%d failed)\n%s", total.checked, total.failed, summary.str().c_str());
  EXPECT_EQ(total.failed, 0);
}

}  // namespace
}  // namespace mosaic::exec
