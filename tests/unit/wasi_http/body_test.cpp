// wasi:http bodies (src/wasi/http/body.cpp): the BodyWriter (bytes buffered before the sink comes, then
// written through; content-length over and under; abort when dropped unfinished; trailers), the
// outgoing-body and incoming-body resources and their streams, future-trailers and http-error-code, called
// through their table with the Values a guest's call lifts.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mosaic/component/linker.h"
#include "wasi/http/objects.h"
#include "wasi/p2/interfaces.h"
#include "wasi/p2/io.h"
#include "wasi/p2/io_streams.h"

namespace mosaic::wasi::http {
namespace {

using p2::StreamStatus;

std::span<const uint8_t> span_of(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// A sink that records what reaches it.
class RecordingSink : public HttpBodySink {
 public:
  bool write(std::span<const uint8_t> bytes) override {
    ++writes;
    if (refuse) return false;
    data.append(bytes.begin(), bytes.end());
    return true;
  }
  bool finish(const HttpFields& t) override {
    ++finishes;
    trailers = t;
    return true;
  }
  void abort() override { ++aborts; }
  std::string data;
  HttpFields trailers;
  int writes = 0, finishes = 0, aborts = 0;
  bool refuse = false;
};

// A source over a byte string, giving at most `chunk` bytes a read; it fails with `error` at `fail_at`.
class StringSource : public HttpBodySource {
 public:
  explicit StringSource(std::string data, HttpFields trailers = {})
      : data(std::move(data)), trailers_(trailers) {}
  bool read(size_t max, std::vector<uint8_t>& out, std::optional<HttpErrorCode>& error) override {
    ++reads;
    largest_ask = std::max(largest_ask, max);
    if (fail_at && pos >= *fail_at) {
      error = fail_with;
      return false;
    }
    size_t end = std::min({data.size(), pos + max, pos + chunk, fail_at.value_or(data.size())});
    if (pos >= data.size()) return false;
    out.insert(out.end(), data.begin() + pos, data.begin() + end);
    pos = end;
    return true;
  }
  HttpFields trailers() override {
    ++trailer_calls;
    return trailers_;
  }
  std::string data;
  size_t pos = 0;
  size_t chunk = 1 << 20;
  std::optional<size_t> fail_at;
  HttpErrorCode fail_with{"connection-terminated", {}};
  size_t reads = 0, largest_ask = 0;
  int trailer_calls = 0;

 private:
  HttpFields trailers_;
};

class HttpBody : public ::testing::Test {
 protected:
  void SetUp() override {
    p2::add_io_error(ctx_, linker_);
    p2::add_io_poll(ctx_, linker_);
    p2::add_io_streams(ctx_, linker_);
    HttpTypes& t = host_.types;
    t.fields = ctx_->define_resource(linker_, kTypes, "fields");
    t.incoming_body = ctx_->define_resource(linker_, kTypes, "incoming-body");
    t.future_trailers = ctx_->define_resource(linker_, kTypes, "future-trailers");
    t.outgoing_body = ctx_->define_resource(linker_, kTypes, "outgoing-body");
    host_.wasi = ctx_;
  }

  Result<std::optional<mc::Value>> call(std::string_view item, std::vector<mc::Value> args) {
    for (const HttpFunction& fn : body_functions()) {
      if (fn.item != item) continue;
      EXPECT_EQ(args.size(), fn.params) << item;
      EXPECT_EQ(fn.iface, kTypes);
      return fn.call(host_, *ctx_, args);
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
  Result<mc::Value> stream_call(std::string_view item, std::vector<mc::Value> args) {
    for (const p2::HostFunction& fn : p2::io_streams_functions())
      if (fn.item == item) return fn.call(*ctx_, args);
    ADD_FAILURE() << "no function " << item;
    return Error(ErrorKind::Usage, "no function");
  }

  static mc::Value borrow(const mc::Value& own) { return mc::Value::borrow(own.as_resource()); }
  template <class T>
  T* object(const mc::Value& handle) {
    return dynamic_cast<T*>(ctx_->find(handle.as_resource().rep));
  }
  static std::string text(const mc::Value& list) {
    std::vector<uint8_t> bytes;
    EXPECT_TRUE(list.to_bytes(bytes));
    return std::string(bytes.begin(), bytes.end());
  }

  // An outgoing-body handed to the guest, over `writer`; its output-stream.
  mc::Value outgoing_body(const std::shared_ptr<BodyWriter>& writer) {
    return ctx_->own(host_.types.outgoing_body, make_outgoing_body(writer));
  }
  mc::Value output_stream(const mc::Value& body) {
    mc::Value r = must("[method]outgoing-body.write", {borrow(body)});
    EXPECT_FALSE(r.is_err());
    return *r.payload();
  }
  mc::Value incoming_body(std::shared_ptr<HttpBodySource> source) {
    return ctx_->own(host_.types.incoming_body, make_incoming_body(std::move(source)));
  }
  mc::Value input_stream(const mc::Value& body) {
    mc::Value r = must("[method]incoming-body.stream", {borrow(body)});
    EXPECT_FALSE(r.is_err());
    return *r.payload();
  }
  void drop(const mc::Value& handle) { ctx_->remove(handle.as_resource().rep); }
  mc::Value finish(const mc::Value& body, std::optional<mc::Value> trailers = std::nullopt) {
    return must("[static]outgoing-body.finish", {body, mc::Value::option(std::move(trailers))});
  }
  StreamStatus write(const mc::Value& stream, const std::string& s) {
    return object<p2::OutputStream>(stream)->write(span_of(s));
  }

  std::shared_ptr<p2::Ctx> ctx_ = std::make_shared<p2::Ctx>(WasiConfig{});
  mc::Linker linker_;
  Host host_;
};

TEST_F(HttpBody, TableHasEveryFunctionOnce) {
  EXPECT_EQ(body_functions().size(), 7u);
  for (size_t i = 0; i < body_functions().size(); ++i)
    for (size_t j = i + 1; j < body_functions().size(); ++j)
      EXPECT_NE(body_functions()[i].item, body_functions()[j].item);
}

TEST_F(HttpBody, WriterBuffersUntilAttachedThenWritesThrough) {
  auto writer = std::make_shared<BodyWriter>(HttpFields{}, true);
  mc::Value body = outgoing_body(writer);
  EXPECT_TRUE(writer->taken());
  EXPECT_TRUE(writer->open());
  mc::Value out = output_stream(body);
  ASSERT_TRUE(write(out, "hello").is_ok());
  auto sink = std::make_shared<RecordingSink>();
  writer->attach(sink);
  EXPECT_EQ(sink->data, "hello");
  EXPECT_EQ(sink->writes, 1);
  // Written through: the sink has the bytes when write returns.
  ASSERT_TRUE(write(out, ", world").is_ok());
  EXPECT_EQ(sink->data, "hello, world");
  EXPECT_EQ(*stream_call("[method]output-stream.blocking-flush", {borrow(out)}), mc::Value::ok(std::nullopt));
  uint64_t permitted = 0;
  ASSERT_TRUE(object<p2::OutputStream>(out)->check_write(permitted).is_ok());
  EXPECT_EQ(permitted, 1u << 20);
  drop(out);
  EXPECT_EQ(finish(body), mc::Value::ok(std::nullopt));
  EXPECT_EQ(sink->finishes, 1);
  EXPECT_EQ(sink->aborts, 0);
  EXPECT_FALSE(writer->open());
  EXPECT_EQ(ctx_->find(body.as_resource().rep), nullptr);
}

TEST_F(HttpBody, WritesThroughTheStreamFunctions) {
  auto writer = std::make_shared<BodyWriter>(HttpFields{}, false);
  mc::Value body = outgoing_body(writer);
  auto sink = std::make_shared<RecordingSink>();
  writer->attach(sink);
  mc::Value out = output_stream(body);
  EXPECT_EQ(*stream_call("[method]output-stream.write", {borrow(out), mc::Value::bytes({'a', 'b'})}),
            mc::Value::ok(std::nullopt));
  EXPECT_EQ(
      *stream_call("[method]output-stream.blocking-write-and-flush", {borrow(out), mc::Value::bytes({'c'})}),
      mc::Value::ok(std::nullopt));
  EXPECT_EQ(sink->data, "abc");
  // write() hands its stream out once.
  EXPECT_EQ(must("[method]outgoing-body.write", {borrow(body)}), mc::Value::err(std::nullopt));
}

TEST_F(HttpBody, FinishBeforeAttachIsDeliveredOnAttach) {
  auto writer = std::make_shared<BodyWriter>(HttpFields{{"Content-Length", "3"}}, true);
  mc::Value body = outgoing_body(writer);
  mc::Value out = output_stream(body);
  ASSERT_TRUE(write(out, "abc").is_ok());
  drop(out);
  EXPECT_EQ(finish(body), mc::Value::ok(std::nullopt));
  auto sink = std::make_shared<RecordingSink>();
  writer->attach(sink);
  EXPECT_EQ(sink->data, "abc");
  EXPECT_EQ(sink->finishes, 1);
  EXPECT_EQ(sink->aborts, 0);
}

TEST_F(HttpBody, FinishSendsTrailersAndTakesTheirHandle) {
  auto writer = std::make_shared<BodyWriter>(HttpFields{}, true);
  mc::Value body = outgoing_body(writer);
  auto sink = std::make_shared<RecordingSink>();
  writer->attach(sink);
  auto entries = std::make_shared<HttpFields>(HttpFields{{"x-checksum", "42"}});
  mc::Value trailers = ctx_->own(host_.types.fields, std::make_unique<Fields>(entries, false));
  EXPECT_EQ(finish(body, trailers), mc::Value::ok(std::nullopt));
  EXPECT_EQ(sink->trailers, (HttpFields{{"x-checksum", "42"}}));
  EXPECT_EQ(ctx_->find(trailers.as_resource().rep), nullptr);
}

TEST_F(HttpBody, WritingPastContentLengthFailsWithBodySize) {
  auto writer = std::make_shared<BodyWriter>(
      HttpFields{{"content-type", "text/plain"}, {"CONTENT-LENGTH", " 5 "}}, true);
  mc::Value body = outgoing_body(writer);
  auto sink = std::make_shared<RecordingSink>();
  writer->attach(sink);
  mc::Value out = output_stream(body);
  EXPECT_EQ(*stream_call("[method]output-stream.write", {borrow(out), mc::Value::bytes({'1', '2', '3'})}),
            mc::Value::ok(std::nullopt));
  mc::Value r = *stream_call("[method]output-stream.write", {borrow(out), mc::Value::bytes({'4', '5', '6'})});
  ASSERT_TRUE(r.is_err());
  ASSERT_EQ(r.payload()->case_name(), "last-operation-failed");
  mc::Value size6 = mc::Value::variant("HTTP-response-body-size", mc::Value::option(mc::Value::u64(6)));
  EXPECT_EQ(must("http-error-code", {borrow(*r.payload()->payload())}), mc::Value::option(size6));
  EXPECT_EQ(sink->data, "123");  // the bytes past the length never went out
  drop(out);
  EXPECT_EQ(finish(body), mc::Value::err(size6));
  EXPECT_EQ(sink->finishes, 0);
  EXPECT_EQ(sink->aborts, 1);
}

TEST_F(HttpBody, FinishingShortOfContentLengthIsAnErrorAndAborts) {
  auto writer = std::make_shared<BodyWriter>(HttpFields{{"content-length", "10"}}, false);
  mc::Value body = outgoing_body(writer);
  auto sink = std::make_shared<RecordingSink>();
  writer->attach(sink);
  mc::Value out = output_stream(body);
  ASSERT_TRUE(write(out, "12345").is_ok());
  drop(out);
  EXPECT_EQ(finish(body), mc::Value::err(mc::Value::variant("HTTP-request-body-size",
                                                            mc::Value::option(mc::Value::u64(5)))));
  EXPECT_EQ(sink->finishes, 0);
  EXPECT_EQ(sink->aborts, 1);
}

TEST_F(HttpBody, DroppedUnfinishedBodyAborts) {
  auto writer = std::make_shared<BodyWriter>(HttpFields{}, true);
  mc::Value body = outgoing_body(writer);
  auto sink = std::make_shared<RecordingSink>();
  writer->attach(sink);
  mc::Value out = output_stream(body);
  ASSERT_TRUE(write(out, "partial").is_ok());
  drop(body);
  EXPECT_EQ(sink->aborts, 1);
  EXPECT_EQ(sink->finishes, 0);
  // The stream outlived its body: it is closed now.
  EXPECT_EQ(write(out, "more").kind, StreamStatus::Kind::Closed);
  EXPECT_EQ(sink->data, "partial");
}

TEST_F(HttpBody, DroppedBeforeAttachAbortsOnAttach) {
  auto writer = std::make_shared<BodyWriter>(HttpFields{}, true);
  drop(outgoing_body(writer));
  auto sink = std::make_shared<RecordingSink>();
  writer->attach(sink);
  EXPECT_EQ(sink->aborts, 1);
  EXPECT_EQ(sink->finishes, 0);
  EXPECT_EQ(sink->writes, 0);
}

TEST_F(HttpBody, BodyNeverTakenEndsEmptyOnAttach) {
  auto writer = std::make_shared<BodyWriter>(HttpFields{}, true);
  auto sink = std::make_shared<RecordingSink>();
  writer->attach(sink);
  EXPECT_EQ(sink->finishes, 1);
  EXPECT_EQ(sink->aborts, 0);
  EXPECT_FALSE(writer->open());

  // A message that promised bytes and has none is incomplete.
  auto promised = std::make_shared<BodyWriter>(HttpFields{{"content-length", "3"}}, true);
  auto sink2 = std::make_shared<RecordingSink>();
  promised->attach(sink2);
  EXPECT_EQ(sink2->finishes, 0);
  EXPECT_EQ(sink2->aborts, 1);
}

TEST_F(HttpBody, GoneReceiverClosesTheStream) {
  auto writer = std::make_shared<BodyWriter>(HttpFields{}, true);
  mc::Value body = outgoing_body(writer);
  mc::Value out = output_stream(body);
  writer->attach(nullptr);  // the connection is gone
  EXPECT_EQ(*stream_call("[method]output-stream.write", {borrow(out), mc::Value::bytes({'x'})}),
            mc::Value::err(mc::Value::variant("closed", std::nullopt)));
  EXPECT_FALSE(writer->open());

  auto writer2 = std::make_shared<BodyWriter>(HttpFields{}, true);
  mc::Value out2 = output_stream(outgoing_body(writer2));
  auto sink = std::make_shared<RecordingSink>();
  sink->refuse = true;
  writer2->attach(sink);
  EXPECT_EQ(write(out2, "x").kind, StreamStatus::Kind::Closed);
  EXPECT_EQ(write(out2, "y").kind, StreamStatus::Kind::Closed);
  EXPECT_EQ(sink->writes, 1);
}

TEST_F(HttpBody, BufferBeforeAttachIsBounded) {
  auto writer = std::make_shared<BodyWriter>(HttpFields{}, true);
  mc::Value out = output_stream(outgoing_body(writer));
  auto* stream = object<p2::OutputStream>(out);
  std::string chunk(1 << 20, 'z');
  size_t total = 0;
  for (int i = 0; i < 16; ++i) {
    uint64_t permitted = 0;
    StreamStatus s = stream->check_write(permitted);
    if (!s.is_ok()) {
      EXPECT_EQ(s.kind, StreamStatus::Kind::Failed);
      break;
    }
    ASSERT_GT(permitted, 0u);
    ASSERT_TRUE(stream->write(span_of(chunk.substr(0, size_t(permitted)))).is_ok());
    total += size_t(permitted);
  }
  EXPECT_EQ(total, 4u << 20);
  // More than check-write permits is refused.
  EXPECT_EQ(stream->write(span_of("x")).kind, StreamStatus::Kind::Failed);
  auto sink = std::make_shared<RecordingSink>();
  writer->attach(sink);
  EXPECT_EQ(sink->data.size(), 4u << 20);
}

TEST_F(HttpBody, FinishWithLiveStreamTraps) {
  auto writer = std::make_shared<BodyWriter>(HttpFields{}, true);
  mc::Value body = outgoing_body(writer);
  mc::Value out = output_stream(body);
  auto r = call("[static]outgoing-body.finish", {body, mc::Value::option(std::nullopt)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message, "resource has children");
  EXPECT_NE(ctx_->find(body.as_resource().rep), nullptr);
  drop(out);
  EXPECT_EQ(finish(body), mc::Value::ok(std::nullopt));
}

TEST_F(HttpBody, BadHandlesTrap) {
  mc::Value bogus = mc::Value::borrow({host_.types.outgoing_body, 77});
  auto r = call("[method]outgoing-body.write", {bogus});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  // A handle of another type.
  mc::Value in_body = incoming_body(nullptr);
  r = call("[method]outgoing-body.write", {borrow(in_body)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  r = call("[method]future-trailers.get", {borrow(in_body)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
}

TEST_F(HttpBody, IncomingStreamReadsEveryByteInOrder) {
  std::string data(5 * 1024 * 1024 + 7, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = char((i * 131 + i / 4099) & 0xff);
  auto source = std::make_shared<StringSource>(data);
  source->chunk = 100 * 1000;
  mc::Value body = incoming_body(source);
  mc::Value in = input_stream(body);
  auto* stream = object<p2::InputStream>(in);
  std::string got;
  std::vector<uint8_t> out;
  for (;;) {
    StreamStatus s = stream->read(1 << 30, false, out);  // a guest may ask for any length
    if (s.kind == StreamStatus::Kind::Closed) break;
    ASSERT_TRUE(s.is_ok());
    ASSERT_LE(out.size(), 64u * 1024);
    got.append(out.begin(), out.end());
  }
  EXPECT_EQ(got.size(), data.size());
  EXPECT_TRUE(got == data);
  EXPECT_LE(source->largest_ask, 64u * 1024);
  EXPECT_EQ(stream->read(10, true, out).kind, StreamStatus::Kind::Closed);
  // A second stream is refused.
  EXPECT_EQ(must("[method]incoming-body.stream", {borrow(body)}), mc::Value::err(std::nullopt));
}

TEST_F(HttpBody, IncomingStreamThroughTheStreamFunctions) {
  auto source = std::make_shared<StringSource>("hello body");
  source->chunk = 4;
  mc::Value in = input_stream(incoming_body(source));
  mc::Value r = *stream_call("[method]input-stream.blocking-read", {borrow(in), mc::Value::u64(100)});
  ASSERT_FALSE(r.is_err());
  EXPECT_EQ(text(*r.payload()), "hell");
  r = *stream_call("[method]input-stream.read", {borrow(in), mc::Value::u64(3)});
  EXPECT_EQ(text(*r.payload()), "o b");
  r = *stream_call("[method]input-stream.read", {borrow(in), mc::Value::u64(0)});
  EXPECT_EQ(text(*r.payload()), "");
  r = *stream_call("[method]input-stream.skip", {borrow(in), mc::Value::u64(2)});
  EXPECT_EQ(r, mc::Value::ok(mc::Value::u64(2)));
  r = *stream_call("[method]input-stream.read", {borrow(in), mc::Value::u64(100)});
  EXPECT_EQ(text(*r.payload()), "y");
  mc::Value closed = mc::Value::err(mc::Value::variant("closed", std::nullopt));
  EXPECT_EQ(*stream_call("[method]input-stream.read", {borrow(in), mc::Value::u64(100)}), closed);
  // The pollable is ready: a read does not need waiting for.
  mc::Value pollable = *stream_call("[method]input-stream.subscribe", {borrow(in)});
  p2::PollWait wait;
  EXPECT_TRUE(object<p2::Pollable>(pollable)->source->ready(wait));
}

TEST_F(HttpBody, EmptyBodyIsClosedAtOnce) {
  mc::Value in = input_stream(incoming_body(nullptr));
  std::vector<uint8_t> out{1};
  EXPECT_EQ(object<p2::InputStream>(in)->read(10, true, out).kind, StreamStatus::Kind::Closed);
  EXPECT_TRUE(out.empty());
}

TEST_F(HttpBody, SourceErrorFailsTheStreamAndMapsBack) {
  auto source = std::make_shared<StringSource>("abcdef");
  source->fail_at = 4;
  source->fail_with = {"connection-terminated", {}};
  mc::Value in = input_stream(incoming_body(source));
  mc::Value r = *stream_call("[method]input-stream.blocking-read", {borrow(in), mc::Value::u64(100)});
  EXPECT_EQ(text(*r.payload()), "abcd");
  r = *stream_call("[method]input-stream.blocking-read", {borrow(in), mc::Value::u64(100)});
  ASSERT_TRUE(r.is_err());
  ASSERT_EQ(r.payload()->case_name(), "last-operation-failed");
  mc::Value error = *r.payload()->payload();
  EXPECT_EQ(must("http-error-code", {borrow(error)}),
            mc::Value::option(error_code_value({"connection-terminated", {}})));
  // The failure is reported once; the stream is closed afterwards.
  EXPECT_EQ(*stream_call("[method]input-stream.read", {borrow(in), mc::Value::u64(1)}),
            mc::Value::err(mc::Value::variant("closed", std::nullopt)));

  // A message travels with the code (internal-error's payload).
  auto source2 = std::make_shared<StringSource>("");
  source2->fail_at = 0;
  source2->fail_with = {"internal-error", "reset by peer"};
  mc::Value in2 = input_stream(incoming_body(source2));
  r = *stream_call("[method]input-stream.read", {borrow(in2), mc::Value::u64(1)});
  ASSERT_TRUE(r.is_err());
  EXPECT_EQ(must("http-error-code", {borrow(*r.payload()->payload())}),
            mc::Value::option(error_code_value({"internal-error", "reset by peer"})));
}

TEST_F(HttpBody, HttpErrorCodeOfAnotherErrorIsNone) {
  mc::Value error = ctx_->own(ctx_->types.error, std::make_unique<p2::IoError>(32, "write: Broken pipe"));
  EXPECT_EQ(must("http-error-code", {borrow(error)}), mc::Value::option(std::nullopt));
  auto r = call("http-error-code", {mc::Value::borrow({ctx_->types.error, 999})});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
}

TEST_F(HttpBody, FutureTrailersReadsTheRestAndAnswersOnce) {
  auto source = std::make_shared<StringSource>(std::string(300 * 1000, 'q'), HttpFields{{"x-sum", "7"}});
  source->chunk = 1000;
  mc::Value body = incoming_body(source);
  mc::Value in = input_stream(body);
  std::vector<uint8_t> out;
  ASSERT_TRUE(object<p2::InputStream>(in)->read(10, true, out).is_ok());
  // finish while the stream is alive traps, as in wasmtime.
  auto r = call("[static]incoming-body.finish", {body});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "resource has children");
  drop(in);
  mc::Value future = must("[static]incoming-body.finish", {body});
  EXPECT_EQ(future.as_resource().type, host_.types.future_trailers);
  // The body was given away (its rep may now name the future: a handle of the old type no longer works).
  EXPECT_FALSE(call("[method]incoming-body.stream", {borrow(body)}));
  mc::Value pollable = must("[method]future-trailers.subscribe", {borrow(future)});
  p2::PollWait wait;
  EXPECT_TRUE(object<p2::Pollable>(pollable)->source->ready(wait));

  mc::Value got = must("[method]future-trailers.get", {borrow(future)});
  EXPECT_EQ(source->pos, source->data.size());  // read to the end
  EXPECT_EQ(source->trailer_calls, 1);
  ASSERT_TRUE(got.is_some());
  ASSERT_FALSE(got.payload()->is_err());
  const mc::Value& inner = *got.payload()->payload();
  ASSERT_FALSE(inner.is_err());
  const mc::Value& trailers = *inner.payload();
  ASSERT_TRUE(trailers.is_some());
  Fields* fields = object<Fields>(*trailers.payload());
  ASSERT_NE(fields, nullptr);
  EXPECT_TRUE(fields->immutable);
  EXPECT_EQ(*fields->entries, (HttpFields{{"x-sum", "7"}}));

  EXPECT_EQ(must("[method]future-trailers.get", {borrow(future)}),
            mc::Value::option(mc::Value::err(std::nullopt)));
}

TEST_F(HttpBody, FutureTrailersWithoutTrailersOrWithAFailure) {
  auto source = std::make_shared<StringSource>("done");
  mc::Value in_body = incoming_body(source);
  mc::Value future = must("[static]incoming-body.finish", {in_body});
  mc::Value none = mc::Value::option(mc::Value::ok(mc::Value::ok(mc::Value::option(std::nullopt))));
  EXPECT_EQ(must("[method]future-trailers.get", {borrow(future)}), none);

  auto failing = std::make_shared<StringSource>("abc");
  failing->fail_at = 2;
  failing->fail_with = {"HTTP-request-body-size", "9"};
  mc::Value future2 = must("[static]incoming-body.finish", {incoming_body(failing)});
  mc::Value size9 = mc::Value::variant("HTTP-request-body-size", mc::Value::option(mc::Value::u64(9)));
  EXPECT_EQ(must("[method]future-trailers.get", {borrow(future2)}),
            mc::Value::option(mc::Value::ok(mc::Value::err(size9))));

  // A body already read to its end (and empty bodies) answer at once.
  auto read_all = std::make_shared<StringSource>("xy", HttpFields{{"a", "b"}});
  mc::Value body3 = incoming_body(read_all);
  mc::Value in3 = input_stream(body3);
  std::vector<uint8_t> out;
  auto* stream = object<p2::InputStream>(in3);
  while (stream->read(100, true, out).is_ok()) {
  }
  drop(in3);
  size_t reads = read_all->reads;
  mc::Value got =
      must("[method]future-trailers.get", {borrow(must("[static]incoming-body.finish", {body3}))});
  EXPECT_EQ(read_all->reads, reads);
  ASSERT_TRUE(got.payload()->payload()->payload()->is_some());
  mc::Value future4 = must("[static]incoming-body.finish", {incoming_body(nullptr)});
  EXPECT_EQ(must("[method]future-trailers.get", {borrow(future4)}), none);
}

}  // namespace
}  // namespace mosaic::wasi::http
