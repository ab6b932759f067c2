// wasi:http/types#fields: headers and trailers.
//
// A fields resource is a list of (name, value) entries in insertion order. Names are HTTP tokens (RFC 9110
// 5.1), compared case-insensitively and kept as given; values are bytes (RFC 9110 5.5: visible characters,
// spaces, tabs and obs-text, no other control characters). As wasmtime: get and has answer "nothing" for a
// name that is not a token; set, delete and append report header-error.invalid-syntax for it, forbidden for
// a name the host keeps to itself, immutable for the fields of a message (a headers() child, or fields given
// to a constructor); a content-length value must be a decimal number. Mutable fields are bounded (128 KiB,
// counting an overhead per entry): more is a trap, as in wasmtime.

#include <algorithm>
#include <array>

#include "wasi/http/objects.h"

namespace mosaic::wasi::http {

namespace {

using mc::Value;
using Args = std::span<const Value>;

// wasmtime's DEFAULT_FIELD_SIZE_LIMIT and its accounting: the bytes of names and values plus the size of
// the entry itself, so that empty values still count.
constexpr size_t kFieldSizeLimit = 128 * 1024;
constexpr size_t kEntryOverhead = 64;

// wasmtime's DEFAULT_FORBIDDEN_HEADERS: hop-by-hop fields and those the host derives itself.
constexpr std::array<std::string_view, 9> kForbidden = {"connection",
                                                        "keep-alive",
                                                        "proxy-authenticate",
                                                        "proxy-authorization",
                                                        "proxy-connection",
                                                        "transfer-encoding",
                                                        "upgrade",
                                                        "host",
                                                        "http2-settings"};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
         });
}

// tchar of RFC 9110 5.6.2.
bool is_tchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(char(c)) != std::string_view::npos;
}

bool valid_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return is_tchar(c); });
}

// The bytes the http crate's HeaderValue accepts (wasmtime's check): no control characters but tab.
bool valid_value(std::string_view name, std::span<const uint8_t> value) {
  if (iequals(name, "content-length")) {
    // RFC 9110 8.6: 1*DIGIT, and it must fit a u64.
    if (value.empty() || value.size() > 20) return false;
    uint64_t n = 0;
    for (uint8_t b : value) {
      if (b < '0' || b > '9') return false;
      if (n > (UINT64_MAX - (b - '0')) / 10) return false;
      n = n * 10 + (b - '0');
    }
    return true;
  }
  return std::all_of(value.begin(), value.end(),
                     [](uint8_t b) { return (b >= 32 && b != 127) || b == '\t'; });
}

size_t entries_size(const HttpFields& fields) {
  size_t n = 0;
  for (const HttpField& f : fields) n += f.name.size() + f.value.size() + kEntryOverhead;
  return n;
}

Value header_error(std::string_view which) {
  return Value::err(Value::variant(std::string(which), std::nullopt));
}

Result<std::string_view> string_arg(const Value& v, std::string_view what) {
  if (v.kind() != mc::TypeKind::String)
    return Error(ErrorKind::Usage, std::string(what) + ": expected a string");
  return std::string_view(v.as_string());
}

Result<std::string> bytes_arg(const Value& v, std::string_view what) {
  std::vector<uint8_t> bytes;
  if (!v.to_bytes(bytes)) return Error(ErrorKind::Usage, std::string(what) + ": expected list<u8>");
  return std::string(bytes.begin(), bytes.end());
}

std::span<const uint8_t> as_span(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

Value bytes_value(const std::string& s) { return Value::bytes(std::vector<uint8_t>(s.begin(), s.end())); }

Result<Fields*> self_of(const Host& host, Ctx& ctx, const Value& v) {
  return ctx.get<Fields>(v, host.types.fields);
}

// The checks every mutation makes, in wasmtime's order: the name's syntax, forbidden, mutable. Empty when
// the change may go ahead, else the header-error case.
std::string_view mutation_error(const Fields& f, std::string_view name) {
  if (!valid_name(name)) return "invalid-syntax";
  if (is_forbidden_header(name)) return "forbidden";
  if (f.immutable) return "immutable";
  return {};
}

Value new_fields(const Host& host, Ctx& ctx, HttpFields entries) {
  return ctx.own(host.types.fields,
                 std::make_unique<Fields>(std::make_shared<HttpFields>(std::move(entries)), false));
}

// constructor(): empty, mutable fields.
Result<std::optional<Value>> construct(const Host& host, Ctx& ctx, Args) { return new_fields(host, ctx, {}); }

// from-list: static func(entries: list<tuple<field-name, field-value>>) -> result<fields, header-error>.
Result<std::optional<Value>> from_list(const Host& host, Ctx& ctx, Args args) {
  if (args[0].kind() != mc::TypeKind::List)
    return Error(ErrorKind::Usage, "fields.from-list: expected a list");
  HttpFields entries;
  size_t size = 0;
  for (const Value& t : args[0].items()) {
    if (t.kind() != mc::TypeKind::Tuple || t.items().size() != 2)
      return Error(ErrorKind::Usage, "fields.from-list: expected tuples");
    std::string_view name = MOSAIC_TRY(string_arg(t.items()[0], "fields.from-list"));
    std::string value = MOSAIC_TRY(bytes_arg(t.items()[1], "fields.from-list"));
    if (!valid_name(name)) return header_error("invalid-syntax");
    if (is_forbidden_header(name)) return header_error("forbidden");
    if (!valid_value(name, as_span(value))) return header_error("invalid-syntax");
    size += name.size() + value.size() + kEntryOverhead;
    if (size > kFieldSizeLimit) return Error(ErrorKind::Trap, "total size of fields exceeds limit");
    entries.push_back({std::string(name), std::move(value)});
  }
  return Value::ok(new_fields(host, ctx, std::move(entries)));
}

// get: func(name: field-name) -> list<field-value>: every value of the name, in order.
Result<std::optional<Value>> get(const Host& host, Ctx& ctx, Args args) {
  Fields* f = MOSAIC_TRY(self_of(host, ctx, args[0]));
  std::string_view name = MOSAIC_TRY(string_arg(args[1], "fields.get"));
  std::vector<Value> values;
  if (valid_name(name))
    for (const HttpField& e : *f->entries)
      if (iequals(e.name, name)) values.push_back(bytes_value(e.value));
  return Value::list(std::move(values));
}

// has: func(name: field-name) -> bool.
Result<std::optional<Value>> has(const Host& host, Ctx& ctx, Args args) {
  Fields* f = MOSAIC_TRY(self_of(host, ctx, args[0]));
  std::string_view name = MOSAIC_TRY(string_arg(args[1], "fields.has"));
  bool found = valid_name(name) && std::any_of(f->entries->begin(), f->entries->end(),
                                               [&](const HttpField& e) { return iequals(e.name, name); });
  return Value::make_bool(found);
}

// set: func(name: field-name, value: list<field-value>) -> result<_, header-error>: the name's values
// become these (at the place of its first entry); an empty list removes the name.
Result<std::optional<Value>> set(const Host& host, Ctx& ctx, Args args) {
  Fields* f = MOSAIC_TRY(self_of(host, ctx, args[0]));
  std::string_view name = MOSAIC_TRY(string_arg(args[1], "fields.set"));
  if (args[2].kind() != mc::TypeKind::List) return Error(ErrorKind::Usage, "fields.set: expected a list");
  if (std::string_view e = mutation_error(*f, name); !e.empty()) return header_error(e);
  std::vector<std::string> values;
  for (const Value& v : args[2].items()) {
    values.push_back(MOSAIC_TRY(bytes_arg(v, "fields.set")));
    if (!valid_value(name, as_span(values.back()))) return header_error("invalid-syntax");
  }
  // The size after the change, checked before anything changes.
  size_t size = 0;
  for (const HttpField& e : *f->entries)
    if (!iequals(e.name, name)) size += e.name.size() + e.value.size() + kEntryOverhead;
  for (const std::string& v : values) size += name.size() + v.size() + kEntryOverhead;
  if (size > kFieldSizeLimit) return Error(ErrorKind::Trap, "total size of fields exceeds limit");
  HttpFields next;
  bool placed = false;
  for (HttpField& e : *f->entries) {
    if (!iequals(e.name, name)) {
      next.push_back(std::move(e));
    } else if (!placed) {
      for (std::string& v : values) next.push_back({std::string(name), std::move(v)});
      placed = true;
    }
  }
  if (!placed)
    for (std::string& v : values) next.push_back({std::string(name), std::move(v)});
  *f->entries = std::move(next);
  return Value::ok(std::nullopt);
}

// delete: func(name: field-name) -> result<_, header-error>; deleting an absent name is fine.
Result<std::optional<Value>> remove(const Host& host, Ctx& ctx, Args args) {
  Fields* f = MOSAIC_TRY(self_of(host, ctx, args[0]));
  std::string_view name = MOSAIC_TRY(string_arg(args[1], "fields.delete"));
  if (std::string_view e = mutation_error(*f, name); !e.empty()) return header_error(e);
  std::erase_if(*f->entries, [&](const HttpField& e) { return iequals(e.name, name); });
  return Value::ok(std::nullopt);
}

// append: func(name: field-name, value: field-value) -> result<_, header-error>.
Result<std::optional<Value>> append(const Host& host, Ctx& ctx, Args args) {
  Fields* f = MOSAIC_TRY(self_of(host, ctx, args[0]));
  std::string_view name = MOSAIC_TRY(string_arg(args[1], "fields.append"));
  std::string value = MOSAIC_TRY(bytes_arg(args[2], "fields.append"));
  if (std::string_view e = mutation_error(*f, name); !e.empty()) return header_error(e);
  if (!valid_value(name, as_span(value))) return header_error("invalid-syntax");
  if (entries_size(*f->entries) + name.size() + value.size() + kEntryOverhead > kFieldSizeLimit)
    return Error(ErrorKind::Trap, "total size of fields exceeds limit");
  f->entries->push_back({std::string(name), std::move(value)});
  return Value::ok(std::nullopt);
}

// entries: func() -> list<tuple<field-name, field-value>>.
Result<std::optional<Value>> entries(const Host& host, Ctx& ctx, Args args) {
  Fields* f = MOSAIC_TRY(self_of(host, ctx, args[0]));
  std::vector<Value> out;
  out.reserve(f->entries->size());
  for (const HttpField& e : *f->entries)
    out.push_back(Value::tuple({Value::string(e.name), bytes_value(e.value)}));
  return Value::list(std::move(out));
}

// clone: func() -> fields: a mutable copy, whatever the original.
Result<std::optional<Value>> clone(const Host& host, Ctx& ctx, Args args) {
  Fields* f = MOSAIC_TRY(self_of(host, ctx, args[0]));
  return new_fields(host, ctx, *f->entries);
}

constexpr HttpFunction kFunctions[] = {
    {kTypes, "[constructor]fields", 0, true, construct},
    {kTypes, "[static]fields.from-list", 1, true, from_list},
    {kTypes, "[method]fields.get", 2, true, get},
    {kTypes, "[method]fields.has", 2, true, has},
    {kTypes, "[method]fields.set", 3, true, set},
    {kTypes, "[method]fields.delete", 2, true, remove},
    {kTypes, "[method]fields.append", 3, true, append},
    {kTypes, "[method]fields.entries", 1, true, entries},
    {kTypes, "[method]fields.clone", 1, true, clone},
};

}  // namespace

bool is_forbidden_header(std::string_view name) {
  return std::any_of(kForbidden.begin(), kForbidden.end(),
                     [&](std::string_view f) { return iequals(f, name); });
}

HttpFields guest_visible(HttpFields fields) {
  std::erase_if(fields, [](const HttpField& f) { return is_forbidden_header(f.name); });
  return fields;
}

mc::Value fields_child(const Host& host, Ctx& ctx, std::shared_ptr<HttpFields> entries) {
  return ctx.own(host.types.fields, std::make_unique<Fields>(std::move(entries), true));
}

Result<std::shared_ptr<HttpFields>> take_fields(const Host& host, Ctx& ctx, const mc::Value& handle) {
  if (handle.kind() != mc::TypeKind::Own) return Error(ErrorKind::Trap, "expected an owned fields handle");
  std::unique_ptr<Fields> f = MOSAIC_TRY(ctx.take<Fields>(handle, host.types.fields));
  return std::move(f->entries);
}

std::span<const HttpFunction> fields_functions() { return kFunctions; }

}  // namespace mosaic::wasi::http
