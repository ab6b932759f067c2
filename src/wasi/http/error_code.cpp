// wasi:http/types#error-code as a component Value, and back.
//
// The host speaks of errors as HttpErrorCode {case name, message}; the guest sees the WIT variant, each case
// with exactly the payload its type has. A message goes into the case's one string slot when it has one
// (internal-error's option<string>, the codings' option<string>, DNS-error's rcode, TLS-alert-received's
// alert-message, a field-size-payload's field-name); a case whose payload is a number takes a message that
// is a decimal number (HTTP-request-body-size "1024"); every other slot is none. The reverse renders the
// payload into the message, so that the two round-trip for those cases.

#include <charconv>
#include <limits>

#include "wasi/http/objects.h"

namespace mosaic::wasi::http {

namespace {

using mc::Value;

// The shape of a case's payload in the WIT.
enum class Payload : uint8_t {
  None,          // no payload
  DnsError,      // DNS-error-payload { rcode: option<string>, info-code: option<u16> }
  TlsAlert,      // TLS-alert-received-payload { alert-id: option<u8>, alert-message: option<string> }
  OptU64,        // option<u64>
  OptU32,        // option<u32>
  OptFieldSize,  // option<field-size-payload>
  FieldSize,     // field-size-payload { field-name: option<string>, field-size: option<u32> }
  OptString,     // option<string>
};

struct Case {
  std::string_view name;
  Payload payload;
};

// Every case of variant error-code, in the WIT's order and spelling.
constexpr Case kCases[] = {
    {"DNS-timeout", Payload::None},
    {"DNS-error", Payload::DnsError},
    {"destination-not-found", Payload::None},
    {"destination-unavailable", Payload::None},
    {"destination-IP-prohibited", Payload::None},
    {"destination-IP-unroutable", Payload::None},
    {"connection-refused", Payload::None},
    {"connection-terminated", Payload::None},
    {"connection-timeout", Payload::None},
    {"connection-read-timeout", Payload::None},
    {"connection-write-timeout", Payload::None},
    {"connection-limit-reached", Payload::None},
    {"TLS-protocol-error", Payload::None},
    {"TLS-certificate-error", Payload::None},
    {"TLS-alert-received", Payload::TlsAlert},
    {"HTTP-request-denied", Payload::None},
    {"HTTP-request-length-required", Payload::None},
    {"HTTP-request-body-size", Payload::OptU64},
    {"HTTP-request-method-invalid", Payload::None},
    {"HTTP-request-URI-invalid", Payload::None},
    {"HTTP-request-URI-too-long", Payload::None},
    {"HTTP-request-header-section-size", Payload::OptU32},
    {"HTTP-request-header-size", Payload::OptFieldSize},
    {"HTTP-request-trailer-section-size", Payload::OptU32},
    {"HTTP-request-trailer-size", Payload::FieldSize},
    {"HTTP-response-incomplete", Payload::None},
    {"HTTP-response-header-section-size", Payload::OptU32},
    {"HTTP-response-header-size", Payload::FieldSize},
    {"HTTP-response-body-size", Payload::OptU64},
    {"HTTP-response-trailer-section-size", Payload::OptU32},
    {"HTTP-response-trailer-size", Payload::FieldSize},
    {"HTTP-response-transfer-coding", Payload::OptString},
    {"HTTP-response-content-coding", Payload::OptString},
    {"HTTP-response-timeout", Payload::None},
    {"HTTP-upgrade-failed", Payload::None},
    {"HTTP-protocol-error", Payload::None},
    {"loop-detected", Payload::None},
    {"configuration-error", Payload::None},
    {"internal-error", Payload::OptString},
};

const Case* find_case(std::string_view name) {
  for (const Case& c : kCases)
    if (c.name == name) return &c;
  return nullptr;
}

Value opt_string(const std::string& s) {
  return s.empty() ? Value::option(std::nullopt) : Value::option(Value::string(s));
}

// The message as a number no larger than `max`, if it is one.
std::optional<uint64_t> number(const std::string& s, uint64_t max) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || n > max) return std::nullopt;
  return n;
}

Value field_size(const std::string& message) {
  return Value::record({{"field-name", opt_string(message)}, {"field-size", Value::option(std::nullopt)}});
}

// The string in an option<string> (empty for none or a value of another shape).
std::string string_of(const Value* option) {
  if (!option || option->kind() != mc::TypeKind::Option || !option->is_some()) return {};
  const Value* s = option->payload();
  return s && s->kind() == mc::TypeKind::String ? s->as_string() : std::string();
}

// The number in an option<uN>, rendered in decimal (empty for none).
std::string number_of(const Value* option) {
  if (!option || option->kind() != mc::TypeKind::Option || !option->is_some()) return {};
  const Value* n = option->payload();
  return n ? std::to_string(n->as_unsigned()) : std::string();
}

// A record's field by name.
const Value* field(const Value* record, std::string_view name) {
  if (!record || record->kind() != mc::TypeKind::Record) return nullptr;
  for (size_t i = 0; i < record->field_names().size() && i < record->items().size(); ++i)
    if (record->field_names()[i] == name) return &record->items()[i];
  return nullptr;
}

// "name" or "name (size N)" or "size N" from a field-size-payload.
std::string render_field_size(const Value* record) {
  std::string name = string_of(field(record, "field-name"));
  std::string size = number_of(field(record, "field-size"));
  if (size.empty()) return name;
  return name.empty() ? size : name + " (" + size + ")";
}

}  // namespace

mc::Value error_code_value(const HttpErrorCode& error) {
  const Case* c = find_case(error.code);
  // A code wasi:http does not have: the guest sees an internal error that names it.
  if (!c)
    return Value::variant("internal-error", opt_string(error.message.empty() ? error.code : error.message));
  const std::string& m = error.message;
  std::string name(c->name);
  switch (c->payload) {
    case Payload::None: return Value::variant(std::move(name), std::nullopt);
    case Payload::DnsError:
      return Value::variant(std::move(name), Value::record({{"rcode", opt_string(m)},
                                                            {"info-code", Value::option(std::nullopt)}}));
    case Payload::TlsAlert:
      return Value::variant(std::move(name), Value::record({{"alert-id", Value::option(std::nullopt)},
                                                            {"alert-message", opt_string(m)}}));
    case Payload::OptU64: {
      auto n = number(m, std::numeric_limits<uint64_t>::max());
      return Value::variant(std::move(name), Value::option(n ? std::optional(Value::u64(*n)) : std::nullopt));
    }
    case Payload::OptU32: {
      auto n = number(m, std::numeric_limits<uint32_t>::max());
      return Value::variant(std::move(name),
                            Value::option(n ? std::optional(Value::u32(uint32_t(*n))) : std::nullopt));
    }
    case Payload::OptFieldSize:
      return Value::variant(std::move(name),
                            Value::option(m.empty() ? std::nullopt : std::optional(field_size(m))));
    case Payload::FieldSize: return Value::variant(std::move(name), field_size(m));
    case Payload::OptString: return Value::variant(std::move(name), opt_string(m));
  }
  return Value::variant("internal-error", opt_string(m));
}

HttpErrorCode error_code_from(const mc::Value& value) {
  if (value.kind() != mc::TypeKind::Variant) return {"internal-error", "not an error-code"};
  const Case* c = find_case(value.case_name());
  if (!c) return {"internal-error", "unknown error-code `" + value.case_name() + "`"};
  HttpErrorCode out{std::string(c->name), {}};
  const Value* p = value.payload();
  switch (c->payload) {
    case Payload::None: break;
    case Payload::DnsError: {
      out.message = string_of(field(p, "rcode"));
      std::string info = number_of(field(p, "info-code"));
      if (!info.empty())
        out.message +=
            (out.message.empty() ? "info-code " : " (info-code ") + info + (out.message.empty() ? "" : ")");
      break;
    }
    case Payload::TlsAlert: {
      out.message = string_of(field(p, "alert-message"));
      std::string id = number_of(field(p, "alert-id"));
      if (!id.empty())
        out.message += (out.message.empty() ? "alert " : " (alert ") + id + (out.message.empty() ? "" : ")");
      break;
    }
    case Payload::OptU64:
    case Payload::OptU32: out.message = number_of(p); break;
    case Payload::OptFieldSize:
      if (p && p->kind() == mc::TypeKind::Option && p->is_some())
        out.message = render_field_size(p->payload());
      break;
    case Payload::FieldSize: out.message = render_field_size(p); break;
    case Payload::OptString: out.message = string_of(p); break;
  }
  return out;
}

}  // namespace mosaic::wasi::http
