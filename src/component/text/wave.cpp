// WAVE values: a type-directed recursive-descent parser and the canonical printer (wasm-wave's README grammar
// and writer).

#include "component/text/wave.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "support/utf8.h"

namespace mosaic::component::text {
namespace {

// ---- UTF-8 -------------------------------------------------------------------------------------------------

using support::append_utf8;

// Decodes one scalar value at `pos` (advancing it); nullopt for ill-formed UTF-8.
std::optional<char32_t> decode_utf8(std::string_view s, size_t& pos) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char b0 = byte(pos);
  size_t len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xe ? 3 : (b0 >> 3) == 0x1e ? 4 : 0;
  if (len == 0 || pos + len > s.size()) return std::nullopt;
  char32_t c = len == 1 ? b0 : len == 2 ? (b0 & 0x1f) : len == 3 ? (b0 & 0x0f) : (b0 & 0x07);
  for (size_t i = 1; i < len; ++i) {
    if ((byte(pos + i) & 0xc0) != 0x80) return std::nullopt;
    c = (c << 6) | (byte(pos + i) & 0x3f);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < kMin[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return std::nullopt;
  pos += len;
  return c;
}

bool is_scalar(uint64_t c) { return c <= 0x10ffff && !(c >= 0xd800 && c <= 0xdfff); }

// ---- keywords and labels -----------------------------------------------------------------------------------

bool is_keyword(std::string_view s) {
  static constexpr std::string_view kKeywords[] = {"true", "false", "some", "none", "ok", "err", "inf", "nan"};
  for (std::string_view k : kKeywords)
    if (s == k) return true;
  return false;
}

bool is_label_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_label_char(char c) { return is_label_start(c) || (c >= '0' && c <= '9') || c == '-'; }

// ---- the parser --------------------------------------------------------------------------------------------

struct Label {
  std::string_view text;  // without the `%`
  bool escaped = false;
  size_t at = 0;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  size_t pos() const { return pos_; }
  void set_pos(size_t p) { pos_ = p; }

  // "invalid value at column N: detail"; the column counts characters, from 1.
  Error error_at(size_t at, const std::string& detail) const {
    size_t column = 1;
    for (size_t i = 0; i < at && i < s_.size(); ++i)
      if ((static_cast<unsigned char>(s_[i]) & 0xc0) != 0x80) ++column;
    return Error(ErrorKind::Usage, at, "invalid value at column " + std::to_string(column) + ": " + detail);
  }

  void skip_space() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else if (c == '/' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '/') {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
      } else {
        break;
      }
    }
  }

  bool at_end() {
    skip_space();
    return pos_ >= s_.size();
  }

  // The next significant character, or 0 at the end.
  char peek() {
    skip_space();
    return pos_ < s_.size() ? s_[pos_] : '\0';
  }

  std::string describe_next() {
    skip_space();
    if (pos_ >= s_.size()) return "end of input";
    size_t end = pos_;
    if (is_label_start(s_[end]) || s_[end] == '%' || s_[end] == '-' || (s_[end] >= '0' && s_[end] <= '9')) {
      ++end;
      while (end < s_.size() && (is_label_char(s_[end]) || s_[end] == '.' || s_[end] == '+')) ++end;
    } else {
      decode_utf8(s_, end) ? void() : void(++end);
    }
    return "`" + std::string(s_.substr(pos_, end - pos_)) + "`";
  }

  Result<void> expect(char c) {
    if (peek() != c) return error_at(pos_, std::string("expected `") + c + "`, found " + describe_next());
    ++pos_;
    return {};
  }

  bool accept(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }

  // A label or keyword, optionally `%`-escaped; nullopt (position unchanged) when there is none.
  std::optional<Label> label() {
    skip_space();
    size_t start = pos_;
    size_t p = pos_;
    bool escaped = p < s_.size() && s_[p] == '%';
    if (escaped) ++p;
    if (p >= s_.size() || !is_label_start(s_[p])) return std::nullopt;
    size_t begin = p;
    while (p < s_.size() && is_label_char(s_[p])) ++p;
    pos_ = p;
    return Label{s_.substr(begin, p - begin), escaped, start};
  }

  // The next label, if it is the unescaped keyword `word`.
  bool accept_keyword(std::string_view word) {
    size_t save = pos_;
    std::optional<Label> l = label();
    if (l && !l->escaped && l->text == word) return true;
    pos_ = save;
    return false;
  }

  // A label naming a case, field or flag: keywords must be escaped with `%`.
  Result<Label> case_label(const char* what) {
    skip_space();
    size_t at = pos_;
    std::optional<Label> l = label();
    if (!l) return error_at(at, std::string("expected ") + what + ", found " + describe_next());
    if (!l->escaped && is_keyword(l->text))
      return error_at(at, "`" + std::string(l->text) + "` is a WAVE keyword; write the label as %" +
                              std::string(l->text));
    return *l;
  }

  // The text of a number token: -?digits(.digits)?([eE][+-]?digits)?, or inf, -inf, nan.
  Result<std::string_view> number_token(size_t& at) {
    skip_space();
    at = pos_;
    size_t p = pos_;
    if (p < s_.size() && s_[p] == '-') ++p;
    if (s_.substr(p, 3) == "inf" || s_.substr(p, 3) == "nan") {
      size_t end = p + 3;
      if (end < s_.size() && is_label_char(s_[end]))
        return error_at(at, "expected a number, found " + describe_next());
      pos_ = end;
      return s_.substr(at, end - at);
    }
    size_t digits = p;
    while (p < s_.size() && s_[p] >= '0' && s_[p] <= '9') ++p;
    if (p == digits) return error_at(at, "expected a number, found " + describe_next());
    if (p - digits > 1 && s_[digits] == '0') return error_at(at, "a number must not have leading zeros");
    if (p < s_.size() && s_[p] == '.') {
      size_t frac = ++p;
      while (p < s_.size() && s_[p] >= '0' && s_[p] <= '9') ++p;
      if (p == frac) return error_at(at, "expected digits after `.`");
    }
    if (p < s_.size() && (s_[p] == 'e' || s_[p] == 'E')) {
      ++p;
      if (p < s_.size() && (s_[p] == '+' || s_[p] == '-')) ++p;
      size_t exp = p;
      while (p < s_.size() && s_[p] >= '0' && s_[p] <= '9') ++p;
      if (p == exp) return error_at(at, "expected digits in the exponent");
    }
    if (p < s_.size() && is_label_char(s_[p])) {
      pos_ = at;
      return error_at(at, "expected a number, found " + describe_next());
    }
    pos_ = p;
    return s_.substr(at, p - at);
  }

  // One escape sequence after a `\` (pos_ is past the backslash).
  Result<char32_t> escape(size_t at) {
    if (pos_ >= s_.size()) return error_at(at, "unterminated escape");
    char c = s_[pos_++];
    switch (c) {
      case '\\': return U'\\';
      case '"': return U'"';
      case '\'': return U'\'';
      case 't': return U'\t';
      case 'n': return U'\n';
      case 'r': return U'\r';
      case 'u': {
        if (pos_ >= s_.size() || s_[pos_] != '{') return error_at(at, "invalid character escape: expected \\u{...}");
        ++pos_;
        uint64_t v = 0;
        size_t digits = 0;
        while (pos_ < s_.size() && std::isxdigit(static_cast<unsigned char>(s_[pos_]))) {
          char h = s_[pos_++];
          v = v * 16 + uint64_t(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
          if (++digits > 6) return error_at(at, "invalid character escape: too many hex digits");
        }
        if (digits == 0 || pos_ >= s_.size() || s_[pos_] != '}')
          return error_at(at, "invalid character escape: expected \\u{HEX}");
        ++pos_;
        if (!is_scalar(v)) return error_at(at, "invalid character escape: not a Unicode scalar value");
        return char32_t(v);
      }
      default:
        return error_at(at, std::string("invalid character escape `\\") + c + "`");
    }
  }

  Result<char32_t> char_literal() {
    skip_space();
    size_t at = pos_;
    if (pos_ >= s_.size() || s_[pos_] != '\'') return error_at(at, "expected a char, found " + describe_next());
    ++pos_;
    MOSAIC_TRY(reject_end(at, "unterminated char"));
    char32_t c;
    if (s_[pos_] == '\\') {
      ++pos_;
      c = MOSAIC_TRY(escape(pos_ - 1));
    } else if (s_[pos_] == '\'' ) {
      return error_at(at, "empty char");
    } else {
      std::optional<char32_t> d = decode_utf8(s_, pos_);
      if (!d) return error_at(pos_, "invalid UTF-8");
      c = *d;
    }
    if (pos_ >= s_.size() || s_[pos_] != '\'') {
      if (pos_ < s_.size() && s_[pos_] != '\n') return error_at(at, "multiple characters in char value");
      return error_at(at, "unterminated char");
    }
    ++pos_;
    return c;
  }

  Result<void> reject_end(size_t at, const char* what) {
    if (pos_ >= s_.size()) return error_at(at, what);
    return {};
  }

  Result<std::string> string_literal() {
    skip_space();
    size_t at = pos_;
    if (s_.substr(pos_, 3) == "\"\"\"") return multiline_string();
    if (pos_ >= s_.size() || s_[pos_] != '"') return error_at(at, "expected a string, found " + describe_next());
    ++pos_;
    std::string out;
    while (true) {
      if (pos_ >= s_.size() || s_[pos_] == '\n') return error_at(at, "unterminated string");
      char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c == '\\') {
        ++pos_;
        append_utf8(out, MOSAIC_TRY(escape(pos_ - 1)));
        continue;
      }
      std::optional<char32_t> d = decode_utf8(s_, pos_);
      if (!d) return error_at(pos_, "invalid UTF-8");
      append_utf8(out, *d);
    }
  }

  // """ NEWLINE lines... INDENT""": the whitespace before the closing quotes is removed from every line; the
  // newline before the closing line is not part of the value.
  Result<std::string> multiline_string() {
    size_t at = pos_;
    pos_ += 3;
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\r')) ++pos_;
    if (pos_ >= s_.size() || s_[pos_] != '\n')
      return error_at(at, "invalid multiline string: the opening \"\"\" must end its line");
    ++pos_;
    // Find the closing line: optional spaces then """.
    std::vector<std::string_view> lines;
    std::string_view indent;
    while (true) {
      if (pos_ >= s_.size()) return error_at(at, "unterminated multiline string");
      size_t eol = s_.find('\n', pos_);
      std::string_view line = s_.substr(pos_, eol == std::string_view::npos ? s_.size() - pos_ : eol - pos_);
      size_t ws = line.find_first_not_of(" \t");
      if (ws != std::string_view::npos && line.substr(ws, 3) == "\"\"\"") {
        indent = line.substr(0, ws);
        pos_ += ws + 3;
        break;
      }
      lines.push_back(line);
      if (eol == std::string_view::npos) return error_at(at, "unterminated multiline string");
      pos_ = eol + 1;
    }
    std::string out;
    for (size_t i = 0; i < lines.size(); ++i) {
      std::string_view line = lines[i];
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.substr(0, indent.size()) != indent && line.find_first_not_of(" \t") != std::string_view::npos)
        return error_at(at, "invalid multiline string: a line is indented less than the closing \"\"\"");
      line.remove_prefix(std::min(indent.size(), line.size()));
      if (i) out += '\n';
      // Escapes work as in one-line strings.
      Parser inner(line);
      while (inner.pos_ < line.size()) {
        if (line[inner.pos_] == '\\') {
          ++inner.pos_;
          Result<char32_t> c = inner.escape(inner.pos_ - 1);
          if (!c) return error_at(at, "invalid character escape in multiline string");
          append_utf8(out, *c);
        } else {
          std::optional<char32_t> d = decode_utf8(line, inner.pos_);
          if (!d) return error_at(at, "invalid UTF-8");
          append_utf8(out, *d);
        }
      }
    }
    return out;
  }

  // ---- typed values ----

  Result<Value> value(const ValTypePtr& type, size_t depth) {
    skip_space();
    if (!type) return error_at(pos_, "no type");
    if (depth >= kMaxWaveDepth) return error_at(pos_, "nesting too deep");
    size_t at = pos_;
    switch (type->kind) {
      case TypeKind::Bool:
        if (accept_keyword("true")) return Value::make_bool(true);
        if (accept_keyword("false")) return Value::make_bool(false);
        return error_at(at, "expected a bool, found " + describe_next());
      case TypeKind::S8: return signed_int(type->kind, -128, 127);
      case TypeKind::S16: return signed_int(type->kind, -32768, 32767);
      case TypeKind::S32: return signed_int(type->kind, INT32_MIN, INT32_MAX);
      case TypeKind::S64: return signed_int(type->kind, INT64_MIN, INT64_MAX);
      case TypeKind::U8: return unsigned_int(type->kind, UINT8_MAX);
      case TypeKind::U16: return unsigned_int(type->kind, UINT16_MAX);
      case TypeKind::U32: return unsigned_int(type->kind, UINT32_MAX);
      case TypeKind::U64: return unsigned_int(type->kind, UINT64_MAX);
      case TypeKind::F32:
      case TypeKind::F64: return floating(type->kind);
      case TypeKind::Char: return Value::make_char(MOSAIC_TRY(char_literal()));
      case TypeKind::String: return Value::string(MOSAIC_TRY(string_literal()));
      case TypeKind::List:
      case TypeKind::FixedList: {
        MOSAIC_TRY(expect('['));
        std::vector<Value> items;
        while (!accept(']')) {
          items.push_back(MOSAIC_TRY(value(type->element, depth + 1)));
          if (!accept(',')) {
            MOSAIC_TRY(expect(']'));
            break;
          }
        }
        if (type->kind == TypeKind::List) {
          if (type->element && type->element->kind == TypeKind::U8) {  // held as bytes, as lifting does
            std::vector<uint8_t> bytes;
            bytes.reserve(items.size());
            for (const Value& item : items) bytes.push_back(uint8_t(item.as_unsigned()));
            return Value::bytes(std::move(bytes));
          }
          return Value::list(std::move(items));
        }
        if (items.size() != type->length)
          return error_at(at, "expected " + std::to_string(type->length) + " elements, found " +
                                  std::to_string(items.size()));
        return Value::fixed_list(std::move(items));
      }
      case TypeKind::Tuple: {
        MOSAIC_TRY(expect('('));
        std::vector<Value> items;
        for (size_t i = 0; i < type->types.size(); ++i) {
          if (i) MOSAIC_TRY(expect(','));
          if (peek() == ')')
            return error_at(pos_, "expected " + std::to_string(type->types.size()) + " tuple elements, found " +
                                      std::to_string(i));
          items.push_back(MOSAIC_TRY(value(type->types[i], depth + 1)));
        }
        accept(',');
        if (peek() != ')')
          return error_at(pos_, "expected `)` after " + std::to_string(type->types.size()) +
                                    " tuple elements, found " + describe_next());
        ++pos_;
        return Value::tuple(std::move(items));
      }
      case TypeKind::Record: return record(type, depth);
      case TypeKind::Flags: return flags(type);
      case TypeKind::Variant: {
        Label l = MOSAIC_TRY(case_label("a variant case"));
        const Case* c = nullptr;
        for (const Case& k : type->cases)
          if (k.name == l.text) c = &k;
        if (!c) return error_at(l.at, "unknown case `" + std::string(l.text) + "` (expected " + cases_of(*type) + ")");
        if (!c->type) {
          if (peek() == '(') return error_at(pos_, "case `" + c->name + "` has no payload");
          return Value::variant(c->name, std::nullopt);
        }
        if (peek() != '(') return error_at(pos_, "case `" + c->name + "` needs a payload: " + c->name + "(...)");
        ++pos_;
        Value payload = MOSAIC_TRY(value(c->type, depth + 1));
        MOSAIC_TRY(expect(')'));
        return Value::variant(c->name, std::move(payload));
      }
      case TypeKind::Enum: {
        Label l = MOSAIC_TRY(case_label("an enum case"));
        for (const std::string& name : type->labels)
          if (name == l.text) return Value::enum_case(name);
        return error_at(l.at, "unknown case `" + std::string(l.text) + "` (expected " + cases_of(*type) + ")");
      }
      case TypeKind::Option: {
        if (accept_keyword("none")) return Value::option(std::nullopt);
        if (accept_keyword("some")) {
          MOSAIC_TRY(expect('('));
          Value payload = MOSAIC_TRY(value(type->element, depth + 1));
          MOSAIC_TRY(expect(')'));
          return Value::option(std::move(payload));
        }
        // The "flat" form: a bare value is some(value).
        return Value::option(MOSAIC_TRY(value(type->element, depth + 1)));
      }
      case TypeKind::Result: {
        bool is_ok = accept_keyword("ok");
        bool is_err = !is_ok && accept_keyword("err");
        if (!is_ok && !is_err) {
          // The "flat" form: a bare value is ok(value).
          if (!type->ok) return error_at(at, "expected `ok` or `err`, found " + describe_next());
          return Value::ok(MOSAIC_TRY(value(type->ok, depth + 1)));
        }
        const ValTypePtr& payload_type = is_ok ? type->ok : type->err;
        const char* name = is_ok ? "ok" : "err";
        std::optional<Value> payload;
        if (peek() == '(') {
          if (!payload_type) return error_at(pos_, std::string("`") + name + "` has no payload in this result type");
          ++pos_;
          payload = MOSAIC_TRY(value(payload_type, depth + 1));
          MOSAIC_TRY(expect(')'));
        } else if (payload_type) {
          return error_at(pos_, std::string("`") + name + "` needs a payload: " + name + "(...)");
        }
        return is_ok ? Value::ok(std::move(payload)) : Value::err(std::move(payload));
      }
      case TypeKind::Own:
      case TypeKind::Borrow:
        return error_at(at, "resource handles cannot be written as WAVE values");
      case TypeKind::ErrorContext:
      case TypeKind::Stream:
      case TypeKind::Future:
        return error_at(at, std::string("values of type ") + to_string(type->kind) +
                                " cannot be written as WAVE values");
    }
    return error_at(at, "unsupported type");
  }

  static std::string cases_of(const ValType& type) {
    std::string out;
    auto add = [&](const std::string& n) { out += (out.empty() ? "" : ", ") + print_label(n); };
    for (const Case& c : type.cases) add(c.name);
    for (const std::string& l : type.labels) add(l);
    return out;
  }

  Result<Value> signed_int(TypeKind kind, int64_t min, int64_t max) {
    size_t at = 0;
    std::string_view tok = MOSAIC_TRY(number_token(at));
    int64_t v = 0;
    auto [end, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
    if (end != tok.data() + tok.size() && ec == std::errc())
      return error_at(at, "expected an integer, found `" + std::string(tok) + "`");
    if (ec == std::errc::invalid_argument) return error_at(at, "expected an integer, found `" + std::string(tok) + "`");
    if (ec == std::errc::result_out_of_range || v < min || v > max)
      return error_at(at, std::string(tok) + " is out of range for " + to_string(kind));
    switch (kind) {
      case TypeKind::S8: return Value::s8(int8_t(v));
      case TypeKind::S16: return Value::s16(int16_t(v));
      case TypeKind::S32: return Value::s32(int32_t(v));
      default: return Value::s64(v);
    }
  }

  Result<Value> unsigned_int(TypeKind kind, uint64_t max) {
    size_t at = 0;
    std::string_view tok = MOSAIC_TRY(number_token(at));
    bool negative = !tok.empty() && tok[0] == '-';
    std::string_view digits = negative ? tok.substr(1) : tok;
    uint64_t v = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec == std::errc::invalid_argument || (ec == std::errc() && end != digits.data() + digits.size()))
      return error_at(at, "expected an integer, found `" + std::string(tok) + "`");
    if (ec == std::errc::result_out_of_range || v > max || (negative && v != 0))
      return error_at(at, std::string(tok) + " is out of range for " + to_string(kind));
    switch (kind) {
      case TypeKind::U8: return Value::u8(uint8_t(v));
      case TypeKind::U16: return Value::u16(uint16_t(v));
      case TypeKind::U32: return Value::u32(uint32_t(v));
      default: return Value::u64(v);
    }
  }

  Result<Value> floating(TypeKind kind) {
    size_t at = 0;
    std::string tok(MOSAIC_TRY(number_token(at)));
    bool f32 = kind == TypeKind::F32;
    if (tok == "nan" || tok == "-nan") {
      if (tok == "-nan") return error_at(at, "expected a number, found `-nan`");
      return f32 ? Value::f32(std::numeric_limits<float>::quiet_NaN())
                 : Value::f64(std::numeric_limits<double>::quiet_NaN());
    }
    if (tok == "inf" || tok == "-inf") {
      bool neg = tok[0] == '-';
      return f32 ? Value::f32(neg ? -INFINITY : INFINITY)
                 : Value::f64(neg ? -double(INFINITY) : double(INFINITY));
    }
    // strtod/strtof round correctly and overflow to infinity, as Rust's from_str does.
    if (f32) return Value::f32(std::strtof(tok.c_str(), nullptr));
    return Value::f64(std::strtod(tok.c_str(), nullptr));
  }

  Result<Value> record(const ValTypePtr& type, size_t depth) {
    size_t at = pos_;
    MOSAIC_TRY(expect('{'));
    std::vector<std::optional<Value>> values(type->fields.size());
    if (accept(':')) {
      MOSAIC_TRY(expect('}'));
    } else {
      if (peek() == '}') return error_at(pos_, "expected a record field (an empty record is written {:})");
      while (true) {
        Label l = MOSAIC_TRY(case_label("a record field"));
        size_t index = type->fields.size();
        for (size_t i = 0; i < type->fields.size(); ++i)
          if (type->fields[i].name == l.text) index = i;
        if (index == type->fields.size())
          return error_at(l.at, "unknown field `" + std::string(l.text) + "`");
        if (values[index]) return error_at(l.at, "duplicate field `" + std::string(l.text) + "`");
        MOSAIC_TRY(expect(':'));
        values[index] = MOSAIC_TRY(value(type->fields[index].type, depth + 1));
        bool comma = accept(',');
        if (accept('}')) break;
        if (!comma) return error_at(pos_, "expected `,` or `}`, found " + describe_next());
      }
    }
    std::vector<std::pair<std::string, Value>> fields;
    for (size_t i = 0; i < type->fields.size(); ++i) {
      const Field& f = type->fields[i];
      if (!values[i]) {
        // Fields of option type may be left out: they are none.
        if (f.type && f.type->kind == TypeKind::Option) {
          values[i] = Value::option(std::nullopt);
        } else {
          return error_at(at, "missing field `" + f.name + "`");
        }
      }
      fields.emplace_back(f.name, std::move(*values[i]));
    }
    return Value::record(std::move(fields));
  }

  Result<Value> flags(const ValTypePtr& type) {
    MOSAIC_TRY(expect('{'));
    std::vector<bool> set(type->labels.size());
    while (!accept('}')) {
      Label l = MOSAIC_TRY(case_label("a flag"));
      size_t index = type->labels.size();
      for (size_t i = 0; i < type->labels.size(); ++i)
        if (type->labels[i] == l.text) index = i;
      if (index == type->labels.size()) return error_at(l.at, "unknown flag `" + std::string(l.text) + "`");
      if (set[index]) return error_at(l.at, "duplicate flag `" + std::string(l.text) + "`");
      set[index] = true;
      if (!accept(',')) {
        MOSAIC_TRY(expect('}'));
        break;
      }
    }
    std::vector<std::string> names;
    for (size_t i = 0; i < set.size(); ++i)
      if (set[i]) names.push_back(type->labels[i]);
    return Value::flags(std::move(names));
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

// ---- printing ----------------------------------------------------------------------------------------------

// Characters Rust's char::escape_debug writes as \u{..} although they are not control characters: the
// common invisible format characters and combining marks (grapheme extenders).
bool escaped_invisible(char32_t c) {
  return c == 0xad || (c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) ||
         (c >= 0x2060 && c <= 0x2064) || c == 0xfeff;
}

void print_char(std::string& out, char32_t c) {
  switch (c) {
    case U'\\': out += "\\\\"; return;
    case U'"': out += "\\\""; return;
    case U'\'': out += "\\'"; return;
    case U'\t': out += "\\t"; return;
    case U'\r': out += "\\r"; return;
    case U'\n': out += "\\n"; return;
    default: break;
  }
  if (c < 0x20 || (c >= 0x7f && c < 0xa0) || escaped_invisible(c)) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "\\u{%x}", unsigned(c));
    out += buf;
    return;
  }
  append_utf8(out, c);
}

// Rust's Display for floats: the shortest digits that read back to the same value, in positional notation.
template <class F>
void print_float(std::string& out, F f) {
  if (std::isnan(f)) {
    out += "nan";
    return;
  }
  if (std::isinf(f)) {
    out += f < 0 ? "-inf" : "inf";
    return;
  }
  // The shortest round-trip digits come from to_chars in scientific form (d.ddde±x); they are then laid out
  // positionally, padded with zeros, as Rust does.
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific);
  if (ec != std::errc()) {
    out += "nan";
    return;
  }
  std::string_view sci(buf, size_t(end - buf));
  bool negative = sci.front() == '-';
  if (negative) sci.remove_prefix(1);
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e))
    if (c != '.') digits += c;
  int exponent = std::atoi(std::string(sci.substr(e + 1)).c_str());
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  if (negative) out += '-';
  int point = exponent + 1;  // digits before the decimal point
  if (point <= 0) {
    out += "0.";
    out.append(size_t(-point), '0');
    out += digits;
  } else if (size_t(point) >= digits.size()) {
    out += digits;
    out.append(size_t(point) - digits.size(), '0');
  } else {
    out += digits.substr(0, size_t(point));
    out += '.';
    out += digits.substr(size_t(point));
  }
}

void print(std::string& out, const Value& v) {
  switch (v.kind()) {
    case TypeKind::Bool: out += v.as_bool() ? "true" : "false"; return;
    case TypeKind::S8:
    case TypeKind::S16:
    case TypeKind::S32:
    case TypeKind::S64: out += std::to_string(v.as_signed()); return;
    case TypeKind::U8:
    case TypeKind::U16:
    case TypeKind::U32:
    case TypeKind::U64: out += std::to_string(v.as_unsigned()); return;
    case TypeKind::F32: print_float(out, v.as_f32()); return;
    case TypeKind::F64: print_float(out, v.as_f64()); return;
    case TypeKind::Char:
      out += '\'';
      print_char(out, v.as_char());
      out += '\'';
      return;
    case TypeKind::String: {
      out += '"';
      const std::string& s = v.as_string();
      for (size_t i = 0; i < s.size();) {
        std::optional<char32_t> c = decode_utf8(s, i);
        if (!c) {  // not produced by lifting (which checks UTF-8); shown as the replacement character
          out += "\xef\xbf\xbd";
          ++i;
          continue;
        }
        print_char(out, *c);
      }
      out += '"';
      return;
    }
    case TypeKind::List:
    case TypeKind::FixedList:
    case TypeKind::Tuple: {
      bool tuple = v.kind() == TypeKind::Tuple;
      out += tuple ? '(' : '[';
      if (v.is_bytes()) {  // a list<u8> held as bytes prints as its u8 values
        std::span<const uint8_t> bytes = v.as_bytes();
        for (size_t i = 0; i < bytes.size(); ++i) {
          if (i) out += ", ";
          out += std::to_string(bytes[i]);
        }
      }
      for (size_t i = 0; i < v.items().size(); ++i) {
        if (i) out += ", ";
        print(out, v.items()[i]);
      }
      out += tuple ? ')' : ']';
      return;
    }
    case TypeKind::Record: {
      out += '{';
      bool first = true;
      for (size_t i = 0; i < v.items().size(); ++i) {
        const Value& field = v.items()[i];
        if (field.kind() == TypeKind::Option && !field.is_some()) continue;
        if (!first) out += ", ";
        first = false;
        out += i < v.field_names().size() ? v.field_names()[i] : "?";
        out += ": ";
        print(out, field);
      }
      if (first) out += ':';
      out += '}';
      return;
    }
    case TypeKind::Variant:
    case TypeKind::Enum:
      out += print_label(v.case_name());
      if (v.kind() == TypeKind::Variant && v.payload()) {
        out += '(';
        print(out, *v.payload());
        out += ')';
      }
      return;
    case TypeKind::Option:
      if (!v.is_some()) {
        out += "none";
        return;
      }
      out += "some(";
      if (v.payload()) print(out, *v.payload());
      out += ')';
      return;
    case TypeKind::Result:
      out += v.is_err() ? "err" : "ok";
      if (v.payload()) {
        out += '(';
        print(out, *v.payload());
        out += ')';
      }
      return;
    case TypeKind::Flags: {
      out += '{';
      for (size_t i = 0; i < v.flag_names().size(); ++i) {
        if (i) out += ", ";
        out += v.flag_names()[i];
      }
      out += '}';
      return;
    }
    case TypeKind::Own:
    case TypeKind::Borrow:
      // WAVE has no syntax for handles; this names the handle without claiming to be readable back.
      out += v.kind() == TypeKind::Own ? "own<" : "borrow<";
      out += std::to_string(v.as_resource().rep);
      out += '>';
      return;
    case TypeKind::ErrorContext:
    case TypeKind::Stream:
    case TypeKind::Future:
      out += to_string(v.kind());
      return;
  }
}

}  // namespace

std::string print_label(std::string_view label) {
  std::string out;
  if (is_keyword(label)) out += '%';
  out += label;
  return out;
}

std::string print_value(const Value& value) {
  std::string out;
  print(out, value);
  return out;
}

Result<Value> parse_value(std::string_view text, const ValTypePtr& type) {
  Parser p(text);
  Value v = MOSAIC_TRY(p.value(type, 0));
  if (!p.at_end()) return p.error_at(p.pos(), "unexpected " + p.describe_next() + " after the value");
  return v;
}

Result<Call> parse_call(std::string_view text, const FuncLookup& lookup, const std::vector<std::string>& paths) {
  // The name: everything before the first `(`, without surrounding whitespace.
  size_t open = text.find('(');
  Parser p(text);
  if (open == std::string_view::npos)
    return p.error_at(text.size(), "expected a call such as `name(arg, ...)`: no `(`");
  size_t begin = text.find_first_not_of(" \t\r\n");
  size_t end = open;
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  std::string_view name = begin < end ? text.substr(begin, end - begin) : std::string_view{};
  if (name.empty()) return p.error_at(open, "expected a function name before `(`");
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '"' || c == '\'' || c == ')' || c == ',')
      return p.error_at(begin + i, "invalid character in function name `" + std::string(name) + "`");
  }

  // The export path: as written, or with one `.` taken for the `#` between an interface and its function.
  Call call;
  const FuncType* type = lookup(name);
  if (type) call.path = std::string(name);
  if (!type && name.find('#') == std::string_view::npos) {
    for (size_t dot = name.rfind('.'); dot != std::string_view::npos && dot > 0; dot = name.rfind('.', dot - 1)) {
      std::string candidate = std::string(name.substr(0, dot)) + "#" + std::string(name.substr(dot + 1));
      if ((type = lookup(candidate))) {
        call.path = candidate;
        break;
      }
    }
  }
  if (!type && name.find('#') == std::string_view::npos) {
    // A function of an exported interface, named without its interface.
    std::vector<std::string> matches;
    for (const std::string& p : paths) {
      size_t hash = p.rfind('#');
      if (hash != std::string::npos && std::string_view(p).substr(hash + 1) == name) matches.push_back(p);
    }
    if (matches.size() > 1) {
      std::string list;
      for (const std::string& m : matches) list += (list.empty() ? "" : ", ") + m;
      return Error(ErrorKind::Usage, begin, "ambiguous function `" + std::string(name) + "`: " + list);
    }
    if (matches.size() == 1 && (type = lookup(matches[0]))) call.path = matches[0];
  }
  if (!type)
    return Error(ErrorKind::Usage, begin, "unknown function `" + std::string(name) + "`");

  p.set_pos(open + 1);
  for (size_t i = 0; i < type->params.size(); ++i) {
    if (i) {
      if (p.peek() == ')')
        return p.error_at(p.pos(), "`" + std::string(name) + "` takes " + std::to_string(type->params.size()) +
                                       " argument" + (type->params.size() == 1 ? "" : "s") + ", found " +
                                       std::to_string(i));
      MOSAIC_TRY(p.expect(','));
    }
    if (p.peek() == ')')
      return p.error_at(p.pos(), "`" + std::string(name) + "` takes " + std::to_string(type->params.size()) +
                                     " argument" + (type->params.size() == 1 ? "" : "s") + ", found " +
                                     std::to_string(i));
    Result<Value> v = p.value(type->params[i].type, 0);
    if (!v) {
      Error e = std::move(v).error();
      e.message += " (argument `" + type->params[i].name + "`)";
      return e;
    }
    call.args.push_back(std::move(*v));
  }
  if (!type->params.empty()) p.accept(',');
  if (p.peek() != ')') {
    if (p.peek() == '\0') return p.error_at(p.pos(), "expected `)`, found end of input");
    return p.error_at(p.pos(), "`" + std::string(name) + "` takes " + std::to_string(type->params.size()) +
                                   " argument" + (type->params.size() == 1 ? "" : "s") + "; expected `)`, found " +
                                   p.describe_next());
  }
  p.set_pos(p.pos() + 1);
  if (!p.at_end()) return p.error_at(p.pos(), "unexpected " + p.describe_next() + " after the call");
  return call;
}

}  // namespace mosaic::component::text
