// wasi:http/outgoing-handler (src/wasi/http/outgoing_handler.cpp) with a fake HttpClient: the request head
// as the client gets it, the body's bytes arriving, the response's status, headers and body read back
// through future-incoming-response and incoming-response; refusals (no client, bad requests, a client that
// cannot connect, a failed exchange); get answering once.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mosaic/component/linker.h"
#include "wasi/http/objects.h"
#include "wasi/p2/interfaces.h"
#include "wasi/p2/io.h"

namespace mosaic::wasi::http {
namespace {

using p2::StreamStatus;

std::span<const uint8_t> span_of(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

class ExchangeSink : public HttpBodySink {
 public:
  bool write(std::span<const uint8_t> bytes) override {
    data.append(bytes.begin(), bytes.end());
    return true;
  }
  bool finish(const HttpFields&) override {
    ++finishes;
    return true;
  }
  void abort() override { ++aborts; }
  std::string data;
  int finishes = 0, aborts = 0;
};

class OnceSource : public HttpBodySource {
 public:
  explicit OnceSource(std::string data) : data_(std::move(data)) {}
  bool read(size_t max, std::vector<uint8_t>& out, std::optional<HttpErrorCode>&) override {
    if (pos_ >= data_.size()) return false;
    size_t n = std::min(max, data_.size() - pos_);
    out.insert(out.end(), data_.begin() + pos_, data_.begin() + pos_ + n);
    pos_ += n;
    return true;
  }

 private:
  std::string data_;
  size_t pos_ = 0;
};

// What the fake client saw, shared with the test after the exchange is gone.
struct Record {
  std::vector<HttpRequestHead> heads;
  std::vector<HttpRequestOptions> options;
  ExchangeSink sink;
  int responses = 0;
  bool exchange_alive = false;
};

class FakeExchange : public HttpExchange {
 public:
  FakeExchange(std::shared_ptr<Record> record, std::optional<Response> response, HttpErrorCode error)
      : record_(std::move(record)), response_(std::move(response)), error_(std::move(error)) {
    record_->exchange_alive = true;
  }
  ~FakeExchange() override { record_->exchange_alive = false; }
  HttpBodySink& body() override { return record_->sink; }
  std::optional<Response> response(std::optional<HttpErrorCode>& error) override {
    ++record_->responses;
    if (!response_) error = error_;
    return std::move(response_);
  }

 private:
  std::shared_ptr<Record> record_;
  std::optional<Response> response_;
  HttpErrorCode error_;
};

class FakeClient : public HttpClient {
 public:
  std::unique_ptr<HttpExchange> send(const HttpRequestHead& head, const HttpRequestOptions& options,
                                     std::optional<HttpErrorCode>& error) override {
    record->heads.push_back(head);
    record->options.push_back(options);
    if (refuse) {
      error = *refuse;
      return nullptr;
    }
    std::optional<HttpExchange::Response> response;
    if (!fail_response) response = HttpExchange::Response{head_, std::make_shared<OnceSource>(body_)};
    return std::make_unique<FakeExchange>(record, std::move(response),
                                          fail_response.value_or(HttpErrorCode{}));
  }
  void respond(HttpResponseHead head, std::string body) {
    head_ = std::move(head);
    body_ = std::move(body);
  }
  std::shared_ptr<Record> record = std::make_shared<Record>();
  std::optional<HttpErrorCode> refuse;
  std::optional<HttpErrorCode> fail_response;

 private:
  HttpResponseHead head_;
  std::string body_;
};

class HttpOutgoing : public ::testing::Test {
 protected:
  void SetUp() override {
    p2::add_io_error(ctx_, linker_);
    p2::add_io_poll(ctx_, linker_);
    p2::add_io_streams(ctx_, linker_);
    HttpTypes& t = host_.types;
    t.fields = ctx_->define_resource(linker_, kTypes, "fields");
    t.outgoing_request = ctx_->define_resource(linker_, kTypes, "outgoing-request");
    t.request_options = ctx_->define_resource(linker_, kTypes, "request-options");
    t.incoming_response = ctx_->define_resource(linker_, kTypes, "incoming-response");
    t.incoming_body = ctx_->define_resource(linker_, kTypes, "incoming-body");
    t.future_trailers = ctx_->define_resource(linker_, kTypes, "future-trailers");
    t.outgoing_body = ctx_->define_resource(linker_, kTypes, "outgoing-body");
    t.future_incoming_response = ctx_->define_resource(linker_, kTypes, "future-incoming-response");
    host_.wasi = ctx_;
    host_.client = client_;
  }

  Result<std::optional<mc::Value>> call(std::string_view item, std::vector<mc::Value> args) {
    for (auto table : {outgoing_handler_functions(), body_functions()}) {
      for (const HttpFunction& fn : table) {
        if (fn.item != item) continue;
        EXPECT_EQ(args.size(), fn.params) << item;
        return fn.call(host_, *ctx_, args);
      }
    }
    ADD_FAILURE() << "no function " << item;
    return Error(ErrorKind::Usage, "no function");
  }
  mc::Value must(std::string_view item, std::vector<mc::Value> args) {
    auto r = call(item, std::move(args));
    EXPECT_TRUE(r) << item << ": " << (r ? "" : r.error().message);
    if (!r || !*r) return mc::Value::option(std::nullopt);
    return **r;
  }
  static mc::Value borrow(const mc::Value& own) { return mc::Value::borrow(own.as_resource()); }
  template <class T>
  T* object(const mc::Value& handle) {
    return dynamic_cast<T*>(ctx_->find(handle.as_resource().rep));
  }

  // An outgoing-request as the guest builds it (the constructor and setters are requests.cpp's).
  mc::Value request(HttpRequestHead head, HttpFields headers = {}) {
    auto r = std::make_unique<OutgoingRequest>();
    r->head = std::move(head);
    r->headers = std::make_shared<HttpFields>(std::move(headers));
    r->body = std::make_shared<BodyWriter>(*r->headers, false);
    last_writer_ = r->body;
    return ctx_->own(host_.types.outgoing_request, std::move(r));
  }
  // outgoing-request.body, as requests.cpp hands it out.
  mc::Value take_body(const mc::Value& req) {
    OutgoingRequest* r = object<OutgoingRequest>(req);
    return ctx_->own(host_.types.outgoing_body, make_outgoing_body(r->body));
  }
  mc::Value handle(const mc::Value& req, std::optional<mc::Value> options = std::nullopt) {
    return must("handle", {req, mc::Value::option(std::move(options))});
  }
  mc::Value refused(std::string code) { return mc::Value::err(error_code_value({std::move(code), {}})); }

  static HttpRequestHead head(std::string method, std::string scheme, std::string authority,
                              std::string path) {
    return {std::move(method), std::move(scheme), std::move(authority), std::move(path), {}};
  }

  std::shared_ptr<p2::Ctx> ctx_ = std::make_shared<p2::Ctx>(WasiConfig{});
  mc::Linker linker_;
  std::shared_ptr<FakeClient> client_ = std::make_shared<FakeClient>();
  Host host_;
  std::shared_ptr<BodyWriter> last_writer_;
};

TEST_F(HttpOutgoing, SendsTheRequestAndReadsTheResponse) {
  client_->respond({201, {{"content-type", "text/plain"}, {"Connection", "close"}, {"x-id", "9"}}},
                   "response body");
  mc::Value req =
      request(head("POST", "http", "localhost:8080", "/echo?x=1"), {{"content-type", "text/plain"}});
  mc::Value body = take_body(req);
  mc::Value out = *must("[method]outgoing-body.write", {borrow(body)}).payload();
  auto* stream = object<p2::OutputStream>(out);
  ASSERT_TRUE(stream->write(span_of("before ")).is_ok());  // waits for the exchange

  mc::Value r = handle(req);
  ASSERT_FALSE(r.is_err());
  mc::Value future = *r.payload();
  EXPECT_EQ(future.as_resource().type, host_.types.future_incoming_response);
  EXPECT_EQ(object<OutgoingRequest>(req), nullptr);  // the request was given away
  ASSERT_EQ(client_->record->heads.size(), 1u);
  const HttpRequestHead& sent = client_->record->heads[0];
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.scheme, "http");
  EXPECT_EQ(sent.authority, "localhost:8080");
  EXPECT_EQ(sent.path_with_query, "/echo?x=1");
  EXPECT_EQ(sent.headers, (HttpFields{{"content-type", "text/plain"}}));
  EXPECT_EQ(client_->record->sink.data, "before ");

  ASSERT_TRUE(stream->write(span_of("after")).is_ok());
  EXPECT_EQ(client_->record->sink.data, "before after");

  // While the body is open, the response is not waited for.
  mc::Value pollable = must("[method]future-incoming-response.subscribe", {borrow(future)});
  p2::PollWait wait;
  EXPECT_FALSE(object<p2::Pollable>(pollable)->source->ready(wait));
  EXPECT_EQ(must("[method]future-incoming-response.get", {borrow(future)}), mc::Value::option(std::nullopt));
  EXPECT_EQ(client_->record->responses, 0);

  ctx_->remove(out.as_resource().rep);
  EXPECT_EQ(must("[static]outgoing-body.finish", {body, mc::Value::option(std::nullopt)}),
            mc::Value::ok(std::nullopt));
  EXPECT_EQ(client_->record->sink.finishes, 1);
  EXPECT_TRUE(object<p2::Pollable>(pollable)->source->ready(wait));

  mc::Value got = must("[method]future-incoming-response.get", {borrow(future)});
  ASSERT_TRUE(got.is_some());
  ASSERT_FALSE(got.payload()->is_err());
  ASSERT_FALSE(got.payload()->payload()->is_err());
  mc::Value response = *got.payload()->payload()->payload();
  EXPECT_EQ(response.as_resource().type, host_.types.incoming_response);
  EXPECT_EQ(must("[method]future-incoming-response.get", {borrow(future)}),
            mc::Value::option(mc::Value::err(std::nullopt)));
  EXPECT_EQ(client_->record->responses, 1);

  EXPECT_EQ(must("[method]incoming-response.status", {borrow(response)}), mc::Value::u16(201));
  mc::Value headers = must("[method]incoming-response.headers", {borrow(response)});
  Fields* fields = object<Fields>(headers);
  ASSERT_NE(fields, nullptr);
  EXPECT_TRUE(fields->immutable);
  // Hop-by-hop fields are not the guest's to see (wasmtime's forbidden headers).
  EXPECT_EQ(*fields->entries, (HttpFields{{"content-type", "text/plain"}, {"x-id", "9"}}));

  mc::Value consumed = must("[method]incoming-response.consume", {borrow(response)});
  ASSERT_FALSE(consumed.is_err());
  EXPECT_EQ(must("[method]incoming-response.consume", {borrow(response)}), mc::Value::err(std::nullopt));
  mc::Value in = *must("[method]incoming-body.stream", {borrow(*consumed.payload())}).payload();
  // The exchange lives while its response body is being read, though the future and response are gone.
  ctx_->remove(future.as_resource().rep);
  ctx_->remove(response.as_resource().rep);
  last_writer_.reset();
  EXPECT_TRUE(client_->record->exchange_alive);
  std::string text;
  std::vector<uint8_t> bytes;
  while (object<p2::InputStream>(in)->read(4, true, bytes).is_ok()) text.append(bytes.begin(), bytes.end());
  EXPECT_EQ(text, "response body");
  // ...and is let go once the body has ended.
  EXPECT_FALSE(client_->record->exchange_alive);
}

TEST_F(HttpOutgoing, BodyNeverTakenIsSentEmptyAndOptionsPassThrough) {
  client_->respond({204, {}}, "");
  auto options = std::make_unique<RequestOptions>();
  options->options.connect_timeout_ns = 5'000'000;
  options->options.between_bytes_timeout_ns = 7;
  mc::Value opts = ctx_->own(host_.types.request_options, std::move(options));
  mc::Value r = handle(request(head("GET", "", "example.com", "")), opts);
  ASSERT_FALSE(r.is_err());
  EXPECT_EQ(ctx_->find(opts.as_resource().rep), nullptr);  // own<request-options> is given away
  const HttpRequestHead& sent = client_->record->heads.at(0);
  EXPECT_EQ(sent.scheme, "https");  // wasmtime's default
  EXPECT_EQ(sent.path_with_query, "/");
  EXPECT_EQ(client_->record->options.at(0).connect_timeout_ns, std::optional<uint64_t>(5'000'000));
  EXPECT_EQ(client_->record->options.at(0).first_byte_timeout_ns, std::nullopt);
  EXPECT_EQ(client_->record->options.at(0).between_bytes_timeout_ns, std::optional<uint64_t>(7));
  EXPECT_EQ(client_->record->sink.finishes, 1);
  EXPECT_EQ(client_->record->sink.data, "");
  mc::Value got = must("[method]future-incoming-response.get", {borrow(*r.payload())});
  mc::Value response = *got.payload()->payload()->payload();
  EXPECT_EQ(must("[method]incoming-response.status", {borrow(response)}), mc::Value::u16(204));
}

TEST_F(HttpOutgoing, NoClientIsRequestDenied) {
  host_.client = nullptr;
  mc::Value req = request(head("GET", "http", "localhost:1", "/"));
  mc::Value body = take_body(req);
  mc::Value out = *must("[method]outgoing-body.write", {borrow(body)}).payload();
  EXPECT_EQ(handle(req), refused("HTTP-request-denied"));
  EXPECT_EQ(ctx_->find(req.as_resource().rep), nullptr);
  // The body has nowhere to go.
  EXPECT_EQ(object<p2::OutputStream>(out)->write(span_of("x")).kind, StreamStatus::Kind::Closed);
}

TEST_F(HttpOutgoing, BadRequestsAreRefusedBeforeSending) {
  EXPECT_EQ(handle(request(head("GET", "ftp", "localhost:1", "/"))), refused("HTTP-protocol-error"));
  EXPECT_EQ(handle(request(head("GET", "http", "", "/"))), refused("HTTP-request-URI-invalid"));
  EXPECT_EQ(handle(request(head("GET", "http", "local host", "/"))), refused("HTTP-request-URI-invalid"));
  EXPECT_EQ(handle(request(head("GET", "http", "localhost", "/a b"))), refused("HTTP-request-URI-invalid"));
  EXPECT_EQ(handle(request(head("GE T", "http", "localhost", "/"))), refused("HTTP-request-method-invalid"));
  EXPECT_EQ(handle(request(head("", "http", "localhost", "/"))), refused("HTTP-request-method-invalid"));
  EXPECT_TRUE(client_->record->heads.empty());
  // Scheme names compare case-insensitively; a custom method token passes.
  mc::Value r = handle(request(head("PURGE", "HTTP", "localhost", "/")));
  EXPECT_FALSE(r.is_err());
  EXPECT_EQ(client_->record->heads.at(0).scheme, "http");
}

TEST_F(HttpOutgoing, ClientErrorsReachTheGuest) {
  client_->refuse = HttpErrorCode{"connection-refused", {}};
  EXPECT_EQ(handle(request(head("GET", "http", "localhost:1", "/"))), refused("connection-refused"));

  client_->refuse.reset();
  client_->fail_response = HttpErrorCode{"connection-terminated", {}};
  mc::Value r = handle(request(head("GET", "http", "localhost:1", "/")));
  ASSERT_FALSE(r.is_err());
  EXPECT_EQ(must("[method]future-incoming-response.get", {borrow(*r.payload())}),
            mc::Value::option(mc::Value::ok(refused("connection-terminated"))));
  EXPECT_EQ(must("[method]future-incoming-response.get", {borrow(*r.payload())}),
            mc::Value::option(mc::Value::err(std::nullopt)));
}

TEST_F(HttpOutgoing, DroppedRequestBodyAbortsAndLetsTheResponseThrough) {
  client_->respond({400, {}}, "bad");
  mc::Value req = request(head("PUT", "http", "localhost", "/"), {{"content-length", "100"}});
  mc::Value body = take_body(req);
  mc::Value future = *handle(req).payload();
  EXPECT_EQ(must("[method]future-incoming-response.get", {borrow(future)}), mc::Value::option(std::nullopt));
  ctx_->remove(body.as_resource().rep);
  EXPECT_EQ(client_->record->sink.aborts, 1);
  mc::Value got = must("[method]future-incoming-response.get", {borrow(future)});
  ASSERT_TRUE(got.is_some());
  EXPECT_FALSE(got.payload()->payload()->is_err());
}

TEST_F(HttpOutgoing, BadHandlesTrap) {
  auto r =
      call("handle", {mc::Value::own({host_.types.outgoing_request, 55}), mc::Value::option(std::nullopt)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  // A bad options handle traps before the request is taken.
  mc::Value req = request(head("GET", "http", "localhost", "/"));
  r = call("handle", {req, mc::Value::option(mc::Value::own({host_.types.request_options, 56}))});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_NE(ctx_->find(req.as_resource().rep), nullptr);
  r = call("[method]incoming-response.status", {mc::Value::borrow({host_.types.incoming_response, 3})});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  r = call("[method]future-incoming-response.get", {borrow(req)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
}

}  // namespace
}  // namespace mosaic::wasi::http
