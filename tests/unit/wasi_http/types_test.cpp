// wasi:http/types (src/wasi/http/{fields,requests,responses,error_code,http}.cpp), called through the
// function tables with the Values a guest's call would lift: fields and every header-error, immutable
// children, the requests' accessors and setters' validation, request-options, response status bounds,
// response-outparam.set against a fake responder, and every error-code case. Results are checked against the
// WIT's types with the canonical ABI's own value check (a Value of the wrong shape would fail lowering).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "component/canon/canon.h"
#include "mosaic/component/component.h"
#include "mosaic/component/linker.h"
#include "mosaic/engine.h"
#include "mosaic/store.h"
#include "wasi/http/objects.h"

namespace mosaic::wasi::http {
namespace {

using mc::TypeKind;
using mc::ValType;
using mc::ValTypePtr;
using mc::Value;

// ---- WIT types, built by hand from wit/wasi-0.2.12/http/package.wit ----

ValTypePtr prim(TypeKind k) { return ValType::primitive(k); }
ValTypePtr option(ValTypePtr t) {
  auto v = std::make_shared<ValType>();
  v->kind = TypeKind::Option;
  v->element = std::move(t);
  return v;
}
ValTypePtr list(ValTypePtr t) {
  auto v = std::make_shared<ValType>();
  v->kind = TypeKind::List;
  v->element = std::move(t);
  return v;
}
ValTypePtr tuple(std::vector<ValTypePtr> ts) {
  auto v = std::make_shared<ValType>();
  v->kind = TypeKind::Tuple;
  v->types = std::move(ts);
  return v;
}
ValTypePtr record(std::vector<mc::Field> fields) {
  auto v = std::make_shared<ValType>();
  v->kind = TypeKind::Record;
  v->fields = std::move(fields);
  return v;
}
ValTypePtr variant(std::vector<mc::Case> cases) {
  auto v = std::make_shared<ValType>();
  v->kind = TypeKind::Variant;
  v->cases = std::move(cases);
  return v;
}
ValTypePtr result(ValTypePtr ok, ValTypePtr err) {
  auto v = std::make_shared<ValType>();
  v->kind = TypeKind::Result;
  v->ok = std::move(ok);
  v->err = std::move(err);
  return v;
}

ValTypePtr field_size_payload() {
  return record(
      {{"field-name", option(prim(TypeKind::String))}, {"field-size", option(prim(TypeKind::U32))}});
}

// variant error-code, case by case as in the WIT.
ValTypePtr error_code_type() {
  auto none = ValTypePtr();
  auto opt_u64 = option(prim(TypeKind::U64));
  auto opt_u32 = option(prim(TypeKind::U32));
  auto opt_string = option(prim(TypeKind::String));
  return variant({
      {"DNS-timeout", none},
      {"DNS-error", record({{"rcode", opt_string}, {"info-code", option(prim(TypeKind::U16))}})},
      {"destination-not-found", none},
      {"destination-unavailable", none},
      {"destination-IP-prohibited", none},
      {"destination-IP-unroutable", none},
      {"connection-refused", none},
      {"connection-terminated", none},
      {"connection-timeout", none},
      {"connection-read-timeout", none},
      {"connection-write-timeout", none},
      {"connection-limit-reached", none},
      {"TLS-protocol-error", none},
      {"TLS-certificate-error", none},
      {"TLS-alert-received",
       record({{"alert-id", option(prim(TypeKind::U8))}, {"alert-message", opt_string}})},
      {"HTTP-request-denied", none},
      {"HTTP-request-length-required", none},
      {"HTTP-request-body-size", opt_u64},
      {"HTTP-request-method-invalid", none},
      {"HTTP-request-URI-invalid", none},
      {"HTTP-request-URI-too-long", none},
      {"HTTP-request-header-section-size", opt_u32},
      {"HTTP-request-header-size", option(field_size_payload())},
      {"HTTP-request-trailer-section-size", opt_u32},
      {"HTTP-request-trailer-size", field_size_payload()},
      {"HTTP-response-incomplete", none},
      {"HTTP-response-header-section-size", opt_u32},
      {"HTTP-response-header-size", field_size_payload()},
      {"HTTP-response-body-size", opt_u64},
      {"HTTP-response-trailer-section-size", opt_u32},
      {"HTTP-response-trailer-size", field_size_payload()},
      {"HTTP-response-transfer-coding", opt_string},
      {"HTTP-response-content-coding", opt_string},
      {"HTTP-response-timeout", none},
      {"HTTP-upgrade-failed", none},
      {"HTTP-protocol-error", none},
      {"loop-detected", none},
      {"configuration-error", none},
      {"internal-error", opt_string},
  });
}

ValTypePtr header_error_type() {
  return variant({{"invalid-syntax", nullptr}, {"forbidden", nullptr}, {"immutable", nullptr}});
}
ValTypePtr method_type() {
  std::vector<mc::Case> cases;
  for (const char* c : {"get", "head", "post", "put", "delete", "connect", "options", "trace", "patch"})
    cases.push_back({c, nullptr});
  cases.push_back({"other", prim(TypeKind::String)});
  return variant(std::move(cases));
}
ValTypePtr scheme_type() {
  return variant({{"HTTP", nullptr}, {"HTTPS", nullptr}, {"other", prim(TypeKind::String)}});
}
ValTypePtr field_value_type() { return list(prim(TypeKind::U8)); }

void expect_fits(const Value& v, const ValTypePtr& t) {
  Result<void> r = mc::canon::check_value(v, t);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
}

Value bytes(std::string_view s) { return Value::bytes(std::vector<uint8_t>(s.begin(), s.end())); }
Value str(std::string_view s) { return Value::string(std::string(s)); }
Value header_err(const char* which) { return Value::err(Value::variant(which, std::nullopt)); }
const Value kOk = Value::ok(std::nullopt);
const Value kErr = Value::err(std::nullopt);
Value none() { return Value::option(std::nullopt); }
Value some(Value v) { return Value::option(std::move(v)); }

// ---- a fake responder ----

struct FakeSink : HttpBodySink {
  std::string* written;
  int* finished;
  bool write(std::span<const uint8_t> b) override {
    written->append(b.begin(), b.end());
    return true;
  }
  bool finish(const HttpFields&) override {
    ++*finished;
    return true;
  }
  void abort() override {}
};

struct FakeResponder : HttpResponder {
  int responded = 0, errors = 0, finished = 0;
  HttpResponseHead head;
  HttpErrorCode error;
  std::string body;
  std::unique_ptr<HttpBodySink> respond(const HttpResponseHead& h) override {
    ++responded;
    head = h;
    auto s = std::make_unique<FakeSink>();
    s->written = &body;
    s->finished = &finished;
    return s;
  }
  void respond_error(const HttpErrorCode& e) override {
    ++errors;
    error = e;
  }
};

// ---- the fixture: a Host whose types are defined in a linker, and a guest's Ctx ----

class HttpTypes : public ::testing::Test {
 protected:
  HttpTypes() {
    host_.wasi = std::make_shared<Ctx>(WasiConfig{});
    host_.wasi->types.error = host_.wasi->define_resource(linker_, "wasi:io/error", "error");
    host_.wasi->types.pollable = host_.wasi->define_resource(linker_, "wasi:io/poll", "pollable");
    host_.wasi->types.input_stream = host_.wasi->define_resource(linker_, "wasi:io/streams", "input-stream");
    host_.wasi->types.output_stream =
        host_.wasi->define_resource(linker_, "wasi:io/streams", "output-stream");
    define_resources(host_, linker_);
  }

  static const HttpFunction* find(std::string_view item) {
    for (auto table : {fields_functions(), request_functions(), response_functions(), body_functions(),
                       outgoing_handler_functions()})
      for (const HttpFunction& f : table)
        if (f.item == item) return &f;
    return nullptr;
  }

  Result<std::optional<Value>> call(std::string_view item, std::vector<Value> args) {
    const HttpFunction* f = find(item);
    if (!f) return Error(ErrorKind::Usage, "no function " + std::string(item));
    EXPECT_EQ(f->params, args.size()) << item;
    return f->call(host_, ctx(), args);
  }
  // A call that must succeed and give a result.
  Value ok(std::string_view item, std::vector<Value> args) {
    Result<std::optional<Value>> r = call(item, std::move(args));
    EXPECT_TRUE(r.has_value()) << item << ": " << (r ? "" : r.error().message);
    if (!r || !*r) {
      ADD_FAILURE() << item << " gave no result";
      return Value();
    }
    return **r;
  }
  // A call that must trap.
  std::string trap(std::string_view item, std::vector<Value> args) {
    Result<std::optional<Value>> r = call(item, std::move(args));
    EXPECT_FALSE(r.has_value()) << item << " did not trap";
    return r ? std::string() : r.error().message;
  }

  Ctx& ctx() { return *host_.wasi; }
  static Value borrow(const Value& own) { return Value::borrow(own.as_resource()); }

  Value new_fields(std::vector<std::pair<std::string, std::string>> entries = {}) {
    std::vector<Value> list;
    for (auto& [n, v] : entries) list.push_back(Value::tuple({str(n), bytes(v)}));
    Value r = ok("[static]fields.from-list", {Value::list(std::move(list))});
    EXPECT_FALSE(r.is_err());
    return *r.payload();
  }
  std::vector<std::pair<std::string, std::string>> entries_of(const Value& fields) {
    Value e = ok("[method]fields.entries", {borrow(fields)});
    expect_fits(e, list(tuple({prim(TypeKind::String), field_value_type()})));
    std::vector<std::pair<std::string, std::string>> out;
    for (const Value& t : e.items()) {
      std::vector<uint8_t> b;
      EXPECT_TRUE(t.items()[1].to_bytes(b));
      out.emplace_back(t.items()[0].as_string(), std::string(b.begin(), b.end()));
    }
    return out;
  }
  Value incoming_request(HttpRequestHead head) {
    auto r = std::make_unique<IncomingRequest>();
    r->headers = std::make_shared<HttpFields>(std::move(head.headers));
    r->head = std::move(head);
    return ctx().own(host_.types.incoming_request, std::move(r));
  }

  mc::Linker linker_;
  Host host_;
};

using Entries = std::vector<std::pair<std::string, std::string>>;

TEST_F(HttpTypes, TablesDefineEveryFunctionOfTheWit) {
  const std::pair<const char*, size_t> expected[] = {
      {"[constructor]fields", 0},
      {"[static]fields.from-list", 1},
      {"[method]fields.get", 2},
      {"[method]fields.has", 2},
      {"[method]fields.set", 3},
      {"[method]fields.delete", 2},
      {"[method]fields.append", 3},
      {"[method]fields.entries", 1},
      {"[method]fields.clone", 1},
      {"[method]incoming-request.method", 1},
      {"[method]incoming-request.path-with-query", 1},
      {"[method]incoming-request.scheme", 1},
      {"[method]incoming-request.authority", 1},
      {"[method]incoming-request.headers", 1},
      {"[method]incoming-request.consume", 1},
      {"[constructor]outgoing-request", 1},
      {"[method]outgoing-request.body", 1},
      {"[method]outgoing-request.method", 1},
      {"[method]outgoing-request.set-method", 2},
      {"[method]outgoing-request.path-with-query", 1},
      {"[method]outgoing-request.set-path-with-query", 2},
      {"[method]outgoing-request.scheme", 1},
      {"[method]outgoing-request.set-scheme", 2},
      {"[method]outgoing-request.authority", 1},
      {"[method]outgoing-request.set-authority", 2},
      {"[method]outgoing-request.headers", 1},
      {"[constructor]request-options", 0},
      {"[method]request-options.connect-timeout", 1},
      {"[method]request-options.set-connect-timeout", 2},
      {"[method]request-options.first-byte-timeout", 1},
      {"[method]request-options.set-first-byte-timeout", 2},
      {"[method]request-options.between-bytes-timeout", 1},
      {"[method]request-options.set-between-bytes-timeout", 2},
      {"[static]response-outparam.set", 2},
      {"[method]response-outparam.send-informational", 3},
      {"[constructor]outgoing-response", 1},
      {"[method]outgoing-response.status-code", 1},
      {"[method]outgoing-response.set-status-code", 2},
      {"[method]outgoing-response.headers", 1},
      {"[method]outgoing-response.body", 1},
  };
  for (auto [item, params] : expected) {
    const HttpFunction* f = find(item);
    ASSERT_NE(f, nullptr) << item;
    EXPECT_EQ(f->params, params) << item;
    EXPECT_EQ(f->iface, kTypes) << item;
    EXPECT_EQ(f->has_result, std::string_view(item) != "[static]response-outparam.set") << item;
  }
  EXPECT_EQ(fields_functions().size() + request_functions().size() + response_functions().size(),
            std::size(expected));
  for (mc::RtResource* t :
       {host_.types.fields, host_.types.incoming_request, host_.types.outgoing_request,
        host_.types.request_options, host_.types.response_outparam, host_.types.incoming_response,
        host_.types.incoming_body, host_.types.future_trailers, host_.types.outgoing_response,
        host_.types.outgoing_body, host_.types.future_incoming_response})
    EXPECT_NE(t, nullptr);
}

TEST_F(HttpTypes, FieldsGetHasAppendSetDelete) {
  Value f = ok("[constructor]fields", {});
  EXPECT_EQ(f.kind(), TypeKind::Own);
  EXPECT_EQ(f.as_resource().type, host_.types.fields);
  Value b = borrow(f);
  EXPECT_EQ(ok("[method]fields.append", {b, str("Content-Type"), bytes("text/plain")}), kOk);
  EXPECT_EQ(ok("[method]fields.append", {b, str("x-a"), bytes("1")}), kOk);
  EXPECT_EQ(ok("[method]fields.append", {b, str("X-A"), bytes("2")}), kOk);
  // Names compare case-insensitively and keep their spelling; values come back in order.
  Value got = ok("[method]fields.get", {b, str("x-A")});
  expect_fits(got, list(field_value_type()));
  EXPECT_EQ(got, Value::list({bytes("1"), bytes("2")}));
  EXPECT_EQ(ok("[method]fields.get", {b, str("missing")}), Value::list({}));
  EXPECT_EQ(ok("[method]fields.has", {b, str("content-type")}), Value::make_bool(true));
  EXPECT_EQ(ok("[method]fields.has", {b, str("nope")}), Value::make_bool(false));
  // A name that is no token: nothing, not an error (as wasmtime).
  EXPECT_EQ(ok("[method]fields.get", {b, str("bad name")}), Value::list({}));
  EXPECT_EQ(ok("[method]fields.has", {b, str("")}), Value::make_bool(false));
  EXPECT_EQ(entries_of(f), (Entries{{"Content-Type", "text/plain"}, {"x-a", "1"}, {"X-A", "2"}}));

  // set replaces every value of the name, where its first entry was.
  EXPECT_EQ(ok("[method]fields.set", {b, str("X-a"), Value::list({bytes("3"), bytes("4")})}), kOk);
  EXPECT_EQ(entries_of(f), (Entries{{"Content-Type", "text/plain"}, {"X-a", "3"}, {"X-a", "4"}}));
  EXPECT_EQ(ok("[method]fields.set", {b, str("new"), Value::list({bytes("")})}), kOk);
  EXPECT_EQ(ok("[method]fields.get", {b, str("NEW")}), Value::list({bytes("")}));
  // An empty list removes the name.
  EXPECT_EQ(ok("[method]fields.set", {b, str("new"), Value::list({})}), kOk);
  EXPECT_EQ(ok("[method]fields.has", {b, str("new")}), Value::make_bool(false));
  EXPECT_EQ(ok("[method]fields.delete", {b, str("x-a")}), kOk);
  EXPECT_EQ(ok("[method]fields.delete", {b, str("absent")}), kOk);
  EXPECT_EQ(entries_of(f), (Entries{{"Content-Type", "text/plain"}}));
  // Values are bytes: anything but control characters (obs-text included), tabs allowed.
  EXPECT_EQ(ok("[method]fields.append", {b, str("x-bin"), bytes("a\tb \xff")}), kOk);
  EXPECT_EQ(ok("[method]fields.get", {b, str("x-bin")}), Value::list({bytes("a\tb \xff")}));
}

TEST_F(HttpTypes, FieldsHeaderErrors) {
  Value f = ok("[constructor]fields", {});
  Value b = borrow(f);
  for (const char* name : {"", "bad name", "a:b", "x(y)", "caf\xc3\xa9", "a\r\nb"}) {
    Value e = ok("[method]fields.append", {b, str(name), bytes("v")});
    expect_fits(e, result(nullptr, header_error_type()));
    EXPECT_EQ(e, header_err("invalid-syntax")) << name;
    EXPECT_EQ(ok("[method]fields.set", {b, str(name), Value::list({bytes("v")})}),
              header_err("invalid-syntax"));
    EXPECT_EQ(ok("[method]fields.delete", {b, str(name)}), header_err("invalid-syntax"));
  }
  for (const char* value : {"a\r\nb", "a\nb", "\x01", "\x7f"}) {
    EXPECT_EQ(ok("[method]fields.append", {b, str("x-v"), bytes(value)}), header_err("invalid-syntax"))
        << value;
    EXPECT_EQ(ok("[method]fields.set", {b, str("x-v"), Value::list({bytes("ok"), bytes(value)})}),
              header_err("invalid-syntax"));
  }
  EXPECT_EQ(ok("[method]fields.append", {b, str("x-nul"), bytes(std::string_view("a\0b", 3))}),
            header_err("invalid-syntax"));
  // content-length is 1*DIGIT and fits a u64.
  for (const char* value : {"", "+1", "-1", "1.0", "12a", " 1", "18446744073709551616"})
    EXPECT_EQ(ok("[method]fields.append", {b, str("Content-Length"), bytes(value)}),
              header_err("invalid-syntax"))
        << value;
  EXPECT_EQ(ok("[method]fields.append", {b, str("content-length"), bytes("18446744073709551615")}), kOk);
  // The forbidden names: any case, every mutation and from-list.
  for (const char* name : {"connection", "Keep-Alive", "proxy-authenticate", "proxy-authorization",
                           "proxy-connection", "Transfer-Encoding", "upgrade", "HOST", "http2-settings"}) {
    EXPECT_TRUE(is_forbidden_header(name));
    EXPECT_EQ(ok("[method]fields.append", {b, str(name), bytes("x")}), header_err("forbidden")) << name;
    EXPECT_EQ(ok("[method]fields.set", {b, str(name), Value::list({bytes("x")})}), header_err("forbidden"));
    EXPECT_EQ(ok("[method]fields.delete", {b, str(name)}), header_err("forbidden"));
    Value r = ok("[static]fields.from-list", {Value::list({Value::tuple({str(name), bytes("x")})})});
    expect_fits(r, result(nullptr, header_error_type()));  // (the ok side is a handle; checked below)
    EXPECT_EQ(r, header_err("forbidden"));
  }
  EXPECT_FALSE(is_forbidden_header("content-type"));
  EXPECT_EQ(ok("[static]fields.from-list", {Value::list({Value::tuple({str("a b"), bytes("x")})})}),
            header_err("invalid-syntax"));
  EXPECT_EQ(ok("[static]fields.from-list", {Value::list({Value::tuple({str("a"), bytes("\n")})})}),
            header_err("invalid-syntax"));
  EXPECT_EQ(entries_of(f), Entries({{"content-length", "18446744073709551615"}}));
}

TEST_F(HttpTypes, FieldsFromListCloneAndGuestVisible) {
  Value f = new_fields({{"a", "1"}, {"B", "2"}, {"a", "3"}});
  EXPECT_EQ(entries_of(f), (Entries{{"a", "1"}, {"B", "2"}, {"a", "3"}}));
  Value c = ok("[method]fields.clone", {borrow(f)});
  EXPECT_EQ(c.kind(), TypeKind::Own);
  EXPECT_NE(c.as_resource().rep, f.as_resource().rep);
  EXPECT_EQ(ok("[method]fields.append", {borrow(c), str("c"), bytes("4")}), kOk);
  EXPECT_EQ(entries_of(f).size(), 3u);  // the clone is a copy
  EXPECT_EQ(entries_of(c).size(), 4u);

  HttpFields net{{"Host", "example.com"},
                 {"Connection", "keep-alive"},
                 {"accept", "*/*"},
                 {"transfer-encoding", "chunked"}};
  EXPECT_EQ(guest_visible(net), (HttpFields{{"accept", "*/*"}}));
}

TEST_F(HttpTypes, FieldsSizeLimitTraps) {
  Value f = ok("[constructor]fields", {});
  std::string big(60 * 1024, 'x');
  EXPECT_EQ(ok("[method]fields.append", {borrow(f), str("a"), bytes(big)}), kOk);
  EXPECT_EQ(ok("[method]fields.append", {borrow(f), str("b"), bytes(big)}), kOk);
  EXPECT_EQ(trap("[method]fields.append", {borrow(f), str("c"), bytes(big)}),
            "total size of fields exceeds limit");
  EXPECT_EQ(trap("[method]fields.set", {borrow(f), str("c"), Value::list({bytes(big)})}),
            "total size of fields exceeds limit");
  // Replacing a name's values counts what goes away.
  EXPECT_EQ(ok("[method]fields.set", {borrow(f), str("b"), Value::list({bytes(big)})}), kOk);
  EXPECT_EQ(entries_of(f).size(), 2u);
  std::vector<Value> many;
  for (int i = 0; i < 3000; ++i) many.push_back(Value::tuple({str("n"), bytes("v")}));
  EXPECT_EQ(trap("[static]fields.from-list", {Value::list(std::move(many))}),
            "total size of fields exceeds limit");
}

TEST_F(HttpTypes, FieldsBadHandlesTrap) {
  Value f = ok("[constructor]fields", {});
  Value opts = ok("[constructor]request-options", {});
  EXPECT_FALSE(trap("[method]fields.get", {borrow(opts), str("a")}).empty());  // another resource's handle
  EXPECT_FALSE(trap("[method]fields.get", {Value::borrow({host_.types.fields, 999}), str("a")}).empty());
  EXPECT_FALSE(trap("[method]fields.entries", {str("not a handle")}).empty());
  EXPECT_FALSE(trap("[method]fields.append", {borrow(f), Value::u32(1), bytes("v")}).empty());
}

TEST_F(HttpTypes, IncomingRequestAccessors) {
  Value req = incoming_request({"GET", "http", "example.com:8080", "/a/b?x=1", {{"Accept", "*/*"}}});
  Value b = borrow(req);
  Value m = ok("[method]incoming-request.method", {b});
  expect_fits(m, method_type());
  EXPECT_EQ(m, Value::variant("get", std::nullopt));
  Value p = ok("[method]incoming-request.path-with-query", {b});
  expect_fits(p, option(prim(TypeKind::String)));
  EXPECT_EQ(p, some(str("/a/b?x=1")));
  Value s = ok("[method]incoming-request.scheme", {b});
  expect_fits(s, option(scheme_type()));
  EXPECT_EQ(s, some(Value::variant("HTTP", std::nullopt)));
  EXPECT_EQ(ok("[method]incoming-request.authority", {b}), some(str("example.com:8080")));
  Value h = ok("[method]incoming-request.headers", {b});
  EXPECT_EQ(h.as_resource().type, host_.types.fields);
  EXPECT_EQ(entries_of(h), (Entries{{"Accept", "*/*"}}));
  // The headers of a request are immutable.
  EXPECT_EQ(ok("[method]fields.append", {borrow(h), str("x"), bytes("y")}), header_err("immutable"));
  EXPECT_EQ(ok("[method]fields.set", {borrow(h), str("x"), Value::list({})}), header_err("immutable"));
  EXPECT_EQ(ok("[method]fields.delete", {borrow(h), str("accept")}), header_err("immutable"));
  // ... but a clone of them is not.
  Value c = ok("[method]fields.clone", {borrow(h)});
  EXPECT_EQ(ok("[method]fields.append", {borrow(c), str("x"), bytes("y")}), kOk);
  EXPECT_EQ(entries_of(h).size(), 1u);

  Value other = incoming_request({"PROPFIND", "https", "", "", {}});
  EXPECT_EQ(ok("[method]incoming-request.method", {borrow(other)}), Value::variant("other", str("PROPFIND")));
  EXPECT_EQ(ok("[method]incoming-request.scheme", {borrow(other)}),
            some(Value::variant("HTTPS", std::nullopt)));
  EXPECT_EQ(ok("[method]incoming-request.authority", {borrow(other)}), none());
  EXPECT_EQ(ok("[method]incoming-request.path-with-query", {borrow(other)}), none());
  Value odd = incoming_request({"DELETE", "ftp", "", "/", {}});
  EXPECT_EQ(ok("[method]incoming-request.method", {borrow(odd)}), Value::variant("delete", std::nullopt));
  Value os = ok("[method]incoming-request.scheme", {borrow(odd)});
  expect_fits(os, option(scheme_type()));
  EXPECT_EQ(os, some(Value::variant("other", str("ftp"))));
  Value nos = incoming_request({"GET", "", "", "/", {}});
  EXPECT_EQ(ok("[method]incoming-request.scheme", {borrow(nos)}), none());
}

TEST_F(HttpTypes, IncomingRequestConsumeOnce) {
  Value req = incoming_request({"POST", "http", "h", "/", {}});
  Value first = ok("[method]incoming-request.consume", {borrow(req)});
  ASSERT_EQ(first.kind(), TypeKind::Result);
  ASSERT_FALSE(first.is_err());
  EXPECT_EQ(first.payload()->kind(), TypeKind::Own);
  EXPECT_EQ(first.payload()->as_resource().type, host_.types.incoming_body);
  EXPECT_EQ(ok("[method]incoming-request.consume", {borrow(req)}), kErr);
}

TEST_F(HttpTypes, OutgoingRequestDefaultsAndSetters) {
  Value h = new_fields({{"x-a", "1"}});
  Value req = ok("[constructor]outgoing-request", {h});
  EXPECT_EQ(req.as_resource().type, host_.types.outgoing_request);
  // The constructor took the fields: their handle is gone.
  EXPECT_FALSE(trap("[method]fields.entries", {borrow(h)}).empty());
  Value b = borrow(req);
  EXPECT_EQ(ok("[method]outgoing-request.method", {b}), Value::variant("get", std::nullopt));
  EXPECT_EQ(ok("[method]outgoing-request.path-with-query", {b}), none());
  EXPECT_EQ(ok("[method]outgoing-request.scheme", {b}), none());
  EXPECT_EQ(ok("[method]outgoing-request.authority", {b}), none());
  Value headers = ok("[method]outgoing-request.headers", {b});
  EXPECT_EQ(entries_of(headers), (Entries{{"x-a", "1"}}));
  EXPECT_EQ(ok("[method]fields.append", {borrow(headers), str("x"), bytes("y")}), header_err("immutable"));

  // method
  Value r = ok("[method]outgoing-request.set-method", {b, Value::variant("post", std::nullopt)});
  expect_fits(r, result(nullptr, nullptr));
  EXPECT_EQ(r, kOk);
  EXPECT_EQ(ok("[method]outgoing-request.method", {b}), Value::variant("post", std::nullopt));
  EXPECT_EQ(ok("[method]outgoing-request.set-method", {b, Value::variant("other", str("PURGE"))}), kOk);
  Value m = ok("[method]outgoing-request.method", {b});
  expect_fits(m, method_type());
  EXPECT_EQ(m, Value::variant("other", str("PURGE")));
  EXPECT_EQ(ok("[method]outgoing-request.set-method", {b, Value::variant("other", str("BAD METHOD"))}), kErr);
  EXPECT_EQ(ok("[method]outgoing-request.set-method", {b, Value::variant("other", str(""))}), kErr);
  EXPECT_EQ(ok("[method]outgoing-request.method", {b}), Value::variant("other", str("PURGE")));
  // A method spelled as a standard one through `other` reads back as that one.
  EXPECT_EQ(ok("[method]outgoing-request.set-method", {b, Value::variant("other", str("PUT"))}), kOk);
  EXPECT_EQ(ok("[method]outgoing-request.method", {b}), Value::variant("put", std::nullopt));

  // path-with-query
  EXPECT_EQ(ok("[method]outgoing-request.set-path-with-query", {b, some(str("/a/b?c=d&e={f}"))}), kOk);
  EXPECT_EQ(ok("[method]outgoing-request.path-with-query", {b}), some(str("/a/b?c=d&e={f}")));
  for (const char* bad : {"/a b", "/a\nb", "/<x>", "/a?b c", "/\x7f"})
    EXPECT_EQ(ok("[method]outgoing-request.set-path-with-query", {b, some(str(bad))}), kErr) << bad;
  EXPECT_EQ(ok("[method]outgoing-request.path-with-query", {b}), some(str("/a/b?c=d&e={f}")));
  EXPECT_EQ(ok("[method]outgoing-request.set-path-with-query", {b, some(str("/p#frag"))}), kOk);
  EXPECT_EQ(ok("[method]outgoing-request.path-with-query", {b}), some(str("/p")));
  EXPECT_EQ(ok("[method]outgoing-request.set-path-with-query", {b, none()}), kOk);
  EXPECT_EQ(ok("[method]outgoing-request.path-with-query", {b}), none());

  // scheme
  EXPECT_EQ(ok("[method]outgoing-request.set-scheme", {b, some(Value::variant("HTTPS", std::nullopt))}), kOk);
  EXPECT_EQ(ok("[method]outgoing-request.scheme", {b}), some(Value::variant("HTTPS", std::nullopt)));
  EXPECT_EQ(ok("[method]outgoing-request.set-scheme", {b, some(Value::variant("other", str("ws+x.y-z")))}),
            kOk);
  EXPECT_EQ(ok("[method]outgoing-request.scheme", {b}), some(Value::variant("other", str("ws+x.y-z"))));
  EXPECT_EQ(ok("[method]outgoing-request.set-scheme", {b, some(Value::variant("other", str("a b")))}), kErr);
  EXPECT_EQ(ok("[method]outgoing-request.set-scheme", {b, some(Value::variant("other", str("h://")))}), kErr);
  EXPECT_EQ(ok("[method]outgoing-request.set-scheme", {b, some(Value::variant("other", str("")))}), kErr);
  EXPECT_EQ(ok("[method]outgoing-request.scheme", {b}), some(Value::variant("other", str("ws+x.y-z"))));
  EXPECT_EQ(ok("[method]outgoing-request.set-scheme", {b, none()}), kOk);
  EXPECT_EQ(ok("[method]outgoing-request.scheme", {b}), none());

  // authority (wasmtime's parse_authority cases)
  for (const char* good : {"example.com", "example.com:443", "127.0.0.1:80", "[::1]", "[2001:db8::1]",
                           "[::1]:443", "user@host:1"}) {
    EXPECT_EQ(ok("[method]outgoing-request.set-authority", {b, some(str(good))}), kOk) << good;
    EXPECT_EQ(ok("[method]outgoing-request.authority", {b}), some(str(good)));
  }
  for (const char* bad : {"example.com:", "example.com:abc", "example.com:65536", "[::1]:abc", "", "a b",
                          "a:1:2", "[::1", "::1]", "a/b", "x@y@z"})
    EXPECT_EQ(ok("[method]outgoing-request.set-authority", {b, some(str(bad))}), kErr) << bad;
  EXPECT_EQ(ok("[method]outgoing-request.authority", {b}), some(str("user@host:1")));
  EXPECT_EQ(ok("[method]outgoing-request.set-authority", {b, none()}), kOk);
  EXPECT_EQ(ok("[method]outgoing-request.authority", {b}), none());
  // Values of the wrong type are the embedder's mistake, not the guest's: a Usage error.
  EXPECT_FALSE(trap("[method]outgoing-request.set-authority", {b, str("x")}).empty());
  EXPECT_FALSE(
      trap("[method]outgoing-request.set-method", {b, Value::variant("nope", std::nullopt)}).empty());
}

TEST_F(HttpTypes, OutgoingRequestBodyOnce) {
  Value req = ok("[constructor]outgoing-request", {new_fields()});
  Value first = ok("[method]outgoing-request.body", {borrow(req)});
  ASSERT_FALSE(first.is_err());
  EXPECT_EQ(first.payload()->as_resource().type, host_.types.outgoing_body);
  EXPECT_EQ(ok("[method]outgoing-request.body", {borrow(req)}), kErr);
}

TEST_F(HttpTypes, RequestOptionsTimeouts) {
  Value o = ok("[constructor]request-options", {});
  EXPECT_EQ(o.as_resource().type, host_.types.request_options);
  Value b = borrow(o);
  for (std::string name : {"connect-timeout", "first-byte-timeout", "between-bytes-timeout"}) {
    Value got = ok("[method]request-options." + name, {b});
    expect_fits(got, option(prim(TypeKind::U64)));
    EXPECT_EQ(got, none());
    EXPECT_EQ(ok("[method]request-options.set-" + name, {b, some(Value::u64(1'500'000'000))}), kOk);
    EXPECT_EQ(ok("[method]request-options." + name, {b}), some(Value::u64(1'500'000'000)));
  }
  EXPECT_EQ(ok("[method]request-options.set-first-byte-timeout", {b, none()}), kOk);
  EXPECT_EQ(ok("[method]request-options.first-byte-timeout", {b}), none());
  const auto* opts = ctx().get<RequestOptions>(b, host_.types.request_options).value();
  EXPECT_EQ(opts->options.connect_timeout_ns, 1'500'000'000u);
  EXPECT_EQ(opts->options.first_byte_timeout_ns, std::nullopt);
  EXPECT_EQ(opts->options.between_bytes_timeout_ns, 1'500'000'000u);
}

TEST_F(HttpTypes, OutgoingResponseStatusHeadersBody) {
  Value h = new_fields({{"content-type", "text/plain"}});
  Value resp = ok("[constructor]outgoing-response", {h});
  EXPECT_EQ(resp.as_resource().type, host_.types.outgoing_response);
  EXPECT_FALSE(trap("[method]fields.entries", {borrow(h)}).empty());
  Value b = borrow(resp);
  Value s = ok("[method]outgoing-response.status-code", {b});
  EXPECT_EQ(s, Value::u16(200));
  for (uint16_t good : {100, 204, 404, 599}) {
    EXPECT_EQ(ok("[method]outgoing-response.set-status-code", {b, Value::u16(good)}), kOk) << good;
    EXPECT_EQ(ok("[method]outgoing-response.status-code", {b}), Value::u16(good));
  }
  for (uint16_t bad : {0, 99, 600, 999, 65535})
    EXPECT_EQ(ok("[method]outgoing-response.set-status-code", {b, Value::u16(bad)}), kErr) << bad;
  EXPECT_EQ(ok("[method]outgoing-response.status-code", {b}), Value::u16(599));
  Value headers = ok("[method]outgoing-response.headers", {b});
  EXPECT_EQ(entries_of(headers), (Entries{{"content-type", "text/plain"}}));
  EXPECT_EQ(ok("[method]fields.set", {borrow(headers), str("x"), Value::list({bytes("1")})}),
            header_err("immutable"));
  Value body = ok("[method]outgoing-response.body", {b});
  ASSERT_FALSE(body.is_err());
  EXPECT_EQ(body.payload()->as_resource().type, host_.types.outgoing_body);
  EXPECT_EQ(ok("[method]outgoing-response.body", {b}), kErr);
}

TEST_F(HttpTypes, ResponseOutparamSetOk) {
  FakeResponder responder;
  Value out = ctx().own(host_.types.response_outparam, std::make_unique<ResponseOutparam>(&responder));
  Value resp = ok("[constructor]outgoing-response", {new_fields({{"x-served-by", "test"}})});
  EXPECT_EQ(ok("[method]outgoing-response.set-status-code", {borrow(resp), Value::u16(201)}), kOk);
  size_t live = ctx().live();
  Result<std::optional<Value>> r = call("[static]response-outparam.set", {out, Value::ok(resp)});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_FALSE(r->has_value());  // no result
  EXPECT_EQ(responder.responded, 1);
  EXPECT_EQ(responder.errors, 0);
  EXPECT_EQ(responder.head.status, 201);
  EXPECT_EQ(responder.head.headers, (HttpFields{{"x-served-by", "test"}}));
  // No body was taken: the response is complete and empty.
  EXPECT_EQ(responder.finished, 1);
  EXPECT_EQ(responder.body, "");
  // Both handles were consumed.
  EXPECT_EQ(ctx().live(), live - 2);
  // Setting again: the outparam is gone, a trap; the responder hears nothing more.
  Value resp2 = ok("[constructor]outgoing-response", {new_fields()});
  EXPECT_FALSE(trap("[static]response-outparam.set", {out, Value::ok(resp2)}).empty());
  EXPECT_FALSE(trap("[static]response-outparam.set", {out, Value::err(error_code_value({"DNS-timeout", ""}))})
                   .empty());
  EXPECT_EQ(responder.responded, 1);
  EXPECT_EQ(responder.errors, 0);
}

TEST_F(HttpTypes, ResponseOutparamSetErr) {
  FakeResponder responder;
  Value out = ctx().own(host_.types.response_outparam, std::make_unique<ResponseOutparam>(&responder));
  Value code = Value::variant("HTTP-request-body-size", some(Value::u64(1024)));
  Result<std::optional<Value>> r = call("[static]response-outparam.set", {out, Value::err(code)});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_FALSE(r->has_value());
  EXPECT_EQ(responder.errors, 1);
  EXPECT_EQ(responder.responded, 0);
  EXPECT_EQ(responder.error.code, "HTTP-request-body-size");
  EXPECT_EQ(responder.error.message, "1024");
  EXPECT_FALSE(trap("[static]response-outparam.set", {out, Value::err(code)}).empty());
  EXPECT_EQ(responder.errors, 1);
}

TEST_F(HttpTypes, ResponseOutparamMisuseTraps) {
  FakeResponder responder;
  Value out = ctx().own(host_.types.response_outparam, std::make_unique<ResponseOutparam>(&responder));
  // A response handle that is not one: a trap, and the outparam is still usable.
  Value fields = ok("[constructor]fields", {});
  EXPECT_FALSE(trap("[static]response-outparam.set", {out, Value::ok(fields)}).empty());
  EXPECT_FALSE(
      trap("[static]response-outparam.set", {fields, Value::err(error_code_value({"DNS-timeout", ""}))})
          .empty());
  EXPECT_EQ(responder.responded + responder.errors, 0);
  EXPECT_EQ(trap("[method]response-outparam.send-informational", {borrow(out), Value::u16(103), fields}),
            "not implemented");
  Value resp = ok("[constructor]outgoing-response", {new_fields()});
  EXPECT_TRUE(call("[static]response-outparam.set", {out, Value::ok(resp)}).has_value());
  EXPECT_EQ(responder.responded, 1);
}

TEST(HttpTypesErrorCode, EveryCaseFitsTheWitType) {
  const ValTypePtr type = error_code_type();
  ASSERT_EQ(type->cases.size(), 39u);
  // The check has teeth: a case without its payload, or with one it does not have, does not fit.
  EXPECT_FALSE(mc::canon::check_value(Value::variant("internal-error", std::nullopt), type).has_value());
  EXPECT_FALSE(mc::canon::check_value(Value::variant("DNS-timeout", none()), type).has_value());
  EXPECT_FALSE(mc::canon::check_value(Value::variant("HTTP-request-body-size", some(Value::u32(1))), type)
                   .has_value());
  for (const mc::Case& c : type->cases) {
    for (const char* message : {"", "42", "some words"}) {
      Value v = error_code_value({c.name, message});
      expect_fits(v, type);
      EXPECT_EQ(v.case_name(), c.name);
      EXPECT_EQ(v.payload() != nullptr, c.type != nullptr) << c.name;
      HttpErrorCode back = error_code_from(v);
      EXPECT_EQ(back.code, c.name);
    }
  }
}

TEST(HttpTypesErrorCode, MessagesGoWhereTheTypeHasRoom) {
  EXPECT_EQ(error_code_value({"internal-error", "boom"}),
            Value::variant("internal-error", some(str("boom"))));
  EXPECT_EQ(error_code_value({"internal-error", ""}), Value::variant("internal-error", none()));
  EXPECT_EQ(error_code_value({"connection-refused", "ignored"}),
            Value::variant("connection-refused", std::nullopt));
  EXPECT_EQ(error_code_value({"HTTP-request-body-size", "10"}),
            Value::variant("HTTP-request-body-size", some(Value::u64(10))));
  EXPECT_EQ(error_code_value({"HTTP-request-body-size", "ten"}),
            Value::variant("HTTP-request-body-size", none()));
  EXPECT_EQ(error_code_value({"HTTP-response-header-section-size", "4294967296"}),
            Value::variant("HTTP-response-header-section-size", none()));  // too big for a u32
  EXPECT_EQ(error_code_value({"HTTP-response-header-section-size", "4294967295"}),
            Value::variant("HTTP-response-header-section-size", some(Value::u32(4294967295u))));
  EXPECT_EQ(
      error_code_value({"DNS-error", "NXDOMAIN"}),
      Value::variant("DNS-error", Value::record({{"rcode", some(str("NXDOMAIN"))}, {"info-code", none()}})));
  EXPECT_EQ(
      error_code_value({"HTTP-request-header-size", "x-big"}),
      Value::variant("HTTP-request-header-size",
                     some(Value::record({{"field-name", some(str("x-big"))}, {"field-size", none()}}))));
  EXPECT_EQ(error_code_value({"HTTP-request-header-size", ""}),
            Value::variant("HTTP-request-header-size", none()));
  // A code wasi:http does not know becomes an internal error that names it.
  EXPECT_EQ(error_code_value({"no-such-code", ""}),
            Value::variant("internal-error", some(str("no-such-code"))));
  EXPECT_EQ(error_code_value({"no-such-code", "why"}), Value::variant("internal-error", some(str("why"))));
  EXPECT_EQ(error_code_value({"dns-timeout", ""}).case_name(), "internal-error");  // names are case-sensitive
}

TEST(HttpTypesErrorCode, FromGuestValues) {
  auto from = [](Value v) { return error_code_from(v); };
  EXPECT_EQ(from(Value::variant("internal-error", some(str("boom")))).message, "boom");
  EXPECT_EQ(from(Value::variant("internal-error", none())).message, "");
  EXPECT_EQ(from(Value::variant("HTTP-response-body-size", some(Value::u64(7)))).message, "7");
  HttpErrorCode dns = from(Value::variant(
      "DNS-error", Value::record({{"rcode", some(str("SERVFAIL"))}, {"info-code", some(Value::u16(3))}})));
  EXPECT_EQ(dns.code, "DNS-error");
  EXPECT_EQ(dns.message, "SERVFAIL (info-code 3)");
  HttpErrorCode tls = from(Value::variant(
      "TLS-alert-received", Value::record({{"alert-id", some(Value::u8(40))}, {"alert-message", none()}})));
  EXPECT_EQ(tls.message, "alert 40");
  HttpErrorCode trailer = from(Value::variant(
      "HTTP-response-trailer-size",
      Value::record({{"field-name", some(str("x-t"))}, {"field-size", some(Value::u32(9000))}})));
  EXPECT_EQ(trailer.message, "x-t (9000)");
  EXPECT_EQ(from(Value::variant("HTTP-response-content-coding", some(str("br")))).message, "br");
  // Not an error-code at all (the host's own mistake): an internal error, never a crash.
  EXPECT_EQ(from(Value::u32(3)).code, "internal-error");
  EXPECT_EQ(from(Value::variant("made-up", std::nullopt)).code, "internal-error");
  // Round trips for the cases whose payload holds the message.
  for (HttpErrorCode e : std::vector<HttpErrorCode>{{"internal-error", "x"},
                                                    {"HTTP-request-body-size", "99"},
                                                    {"DNS-error", "NXDOMAIN"},
                                                    {"TLS-alert-received", "bad cert"},
                                                    {"HTTP-request-trailer-size", "x-t"},
                                                    {"connection-refused", ""}}) {
    HttpErrorCode back = error_code_from(error_code_value(e));
    EXPECT_EQ(back.code, e.code);
    EXPECT_EQ(back.message, e.message);
  }
}

TEST(HttpTypesHandle, NeedsTheLinkerAndAnExport) {
  Http http;
  Engine engine;
  Store store(engine);
  FakeResponder responder;
  Result<void> r = http.handle(store, mc::Instance(), {}, nullptr, responder);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::Usage);
  EXPECT_EQ(responder.responded + responder.errors, 0);
}

// ---- end to end: Http::handle with the C guests of tests/wasi_http (built beside this binary, when a clang
// for wasm32 and jco are there) ----

std::optional<std::vector<uint8_t>> read_guest(const std::string& name) {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  std::ifstream in(exe.parent_path() / "wasi_http" / "guests" / (name + ".wasm"), std::ios::binary);
  if (!in) return std::nullopt;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

struct StringSource : HttpBodySource {
  explicit StringSource(std::string s) : data(std::move(s)) {}
  bool read(size_t max, std::vector<uint8_t>& out, std::optional<HttpErrorCode>&) override {
    if (pos == data.size()) return false;
    size_t n = std::min(max, data.size() - pos);
    out.insert(out.end(), data.begin() + long(pos), data.begin() + long(pos + n));
    pos += n;
    return true;
  }
  std::string data;
  size_t pos = 0;
};

class HttpTypesHandleGuest : public ::testing::Test {
 protected:
  void SetUp() override {
    wasi_.emplace(Preview2::create(WasiConfig{}).value());
    wasi_->add_to_linker(linker_);
    http_.add_to_linker(linker_, *wasi_);
  }
  // Instantiates guest `name` in a fresh store and calls handle; the store stays alive with the result.
  Result<void> serve(const std::string& name, HttpRequestHead head, std::string body,
                     FakeResponder& responder) {
    std::optional<std::vector<uint8_t>> bytes = read_guest(name);
    if (!bytes) return Error(ErrorKind::Io, "not built");
    mc::Component component = MOSAIC_TRY(mc::Component::compile(engine_, std::move(*bytes)));
    store_ = std::make_unique<Store>(engine_);
    wasi_->fresh().attach(*store_);
    mc::Instance instance = MOSAIC_TRY(linker_.instantiate(*store_, component));
    return http_.handle(*store_, instance, std::move(head), std::make_shared<StringSource>(std::move(body)),
                        responder);
  }

  Engine engine_;
  std::optional<Preview2> wasi_;
  mc::Linker linker_;
  Http http_;
  std::unique_ptr<Store> store_;
};

TEST_F(HttpTypesHandleGuest, EchoAnswersWithTheBody) {
  if (!read_guest("echo")) GTEST_SKIP() << "tests/wasi_http guests are not built";
  FakeResponder responder;
  Result<void> r =
      serve("echo",
            {"POST", "http", "localhost", "/echo", {{"Content-Type", "text/x-test"}, {"Host", "localhost"}}},
            "hello, guest", responder);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(responder.responded, 1);
  EXPECT_EQ(responder.errors, 0);
  EXPECT_EQ(responder.head.status, 200);
  bool has_type = false;
  for (const HttpField& f : responder.head.headers) has_type |= f.value == "text/x-test";
  EXPECT_TRUE(has_type);
  EXPECT_EQ(responder.body, "hello, guest");
  EXPECT_EQ(responder.finished, 1);
}

TEST_F(HttpTypesHandleGuest, TrapIsAnErrorAndNoResponse) {
  if (!read_guest("trap")) GTEST_SKIP() << "tests/wasi_http guests are not built";
  FakeResponder responder;
  Result<void> r = serve("trap", {"GET", "http", "localhost", "/", {}}, "", responder);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(responder.responded + responder.errors, 0);
}

TEST_F(HttpTypesHandleGuest, NotAnHttpHandler) {
  FakeResponder responder;
  Engine engine;
  Store store(engine);
  Result<void> r = http_.handle(store, mc::Instance(), {}, nullptr, responder);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::Usage);
}

}  // namespace
}  // namespace mosaic::wasi::http
