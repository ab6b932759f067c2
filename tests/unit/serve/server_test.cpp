// The HTTP side of the server, with a handler in place of a guest (serve/handler.h): framing, streaming,
// keep-alive, failures, deadlines, limits and shutdown.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "mosaic/component/component.h"
#include "mosaic/component/linker.h"
#include "mosaic/serve.h"
#include "serve/handler.h"

namespace mosaic::serve {
namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;
namespace mc = mosaic::component;

const std::vector<uint8_t> kEmptyComponent = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};

// A server on 127.0.0.1 with any free port, running on a thread of its own.
class TestServer {
 public:
  TestServer(RequestHandler handler, ServerConfig config = {})
      : component_(mc::Component::compile(engine_, kEmptyComponent).value()),
        wasi_(wasi::Preview2::create({}).value()) {
    config.host = "127.0.0.1";
    config.port = 0;
    config.log = [this](std::string_view line) {
      std::lock_guard lock(log_mutex_);
      log_ += std::string(line) + "\n";
    };
    auto s = bind_server(config, {engine_, component_, linker_, wasi_, http_}, std::move(handler));
    EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().message);
    server_ = std::move(*s);
    thread_ = std::thread([this] { server_->run(); });
  }
  ~TestServer() {
    server_->shutdown();
    thread_.join();
  }
  uint16_t port() const { return server_->port(); }
  Server& server() { return *server_; }
  std::string log() {
    std::lock_guard lock(log_mutex_);
    return log_;
  }
  // Whether the log gets `text` within 5 s: a request's access-log line is written after its response went
  // out, so a client that has the response may be ahead of it.
  bool log_has(std::string_view text) {
    for (int i = 0; i < 500; ++i) {
      if (log().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

 private:
  Engine engine_;
  mc::Component component_;
  wasi::Preview2 wasi_;
  wasi::Http http_;
  mc::Linker linker_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::mutex log_mutex_;
  std::string log_;
};

struct Client {
  explicit Client(uint16_t port) : socket(io) { socket.connect({net::ip::make_address("127.0.0.1"), port}); }
  http::response<http::string_body> request(http::verb verb, std::string target, std::string body = {}) {
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "localhost");
    req.body() = std::move(body);
    req.prepare_payload();
    http::write(socket, req);
    return read();
  }
  http::response<http::string_body> read() {
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::numeric_limits<uint64_t>::max());
    http::read(socket, buffer, parser);
    return parser.release();
  }
  net::io_context io;
  tcp::socket socket;
  boost::beast::flat_buffer buffer;
};

// Answers "hello from PATH" in two writes, with a header.
Result<void> hello(Store&, const mc::Instance&, wasi::HttpRequestHead head,
                   std::shared_ptr<wasi::HttpBodySource>, wasi::HttpResponder& responder) {
  auto sink = responder.respond({200, {{"content-type", "text/plain"}, {"x-path", head.path_with_query}}});
  std::string a = "hello from ", b = head.path_with_query + "\n";
  sink->write({reinterpret_cast<const uint8_t*>(a.data()), a.size()});
  sink->write({reinterpret_cast<const uint8_t*>(b.data()), b.size()});
  sink->finish({});
  return ok();
}

TEST(ServeServer, AnswersChunkedAndKeepsTheConnection) {
  TestServer server(hello);
  Client client(server.port());
  auto r1 = client.request(http::verb::get, "/one?x=1");
  EXPECT_EQ(r1.result_int(), 200);
  EXPECT_EQ(r1.body(), "hello from /one?x=1\n");
  EXPECT_EQ(r1[http::field::content_type], "text/plain");
  EXPECT_EQ(r1[http::field::transfer_encoding], "chunked");
  EXPECT_TRUE(r1.keep_alive());
  auto r2 = client.request(http::verb::get, "/two");
  EXPECT_EQ(r2.body(), "hello from /two\n");
  EXPECT_TRUE(server.log_has("127.0.0.1:"));
  EXPECT_TRUE(server.log_has("\"GET /one?x=1 HTTP/1.1\" 200 20 ")) << server.log();
  EXPECT_NE(server.log().find("(instantiate "), std::string::npos);
}

TEST(ServeServer, PassesTheRequestHead) {
  wasi::HttpRequestHead seen;
  TestServer server([&](Store& s, const mc::Instance& i, wasi::HttpRequestHead head,
                        std::shared_ptr<wasi::HttpBodySource> body, wasi::HttpResponder& r) {
    seen = head;
    return hello(s, i, head, body, r);
  });
  Client client(server.port());
  http::request<http::empty_body> req{http::verb::delete_, "/item/7", 11};
  req.set(http::field::host, "example.test:81");
  req.set("X-Custom", "v1");
  req.set(http::field::connection, "keep-alive");
  http::write(client.socket, req);
  client.read();
  EXPECT_EQ(seen.method, "DELETE");
  EXPECT_EQ(seen.scheme, "http");
  EXPECT_EQ(seen.authority, "example.test:81");
  EXPECT_EQ(seen.path_with_query, "/item/7");
  bool custom = false, connection = false;
  for (const auto& f : seen.headers) {
    custom = custom || (f.name == "X-Custom" && f.value == "v1");
    connection = connection || f.name == "Connection";
  }
  EXPECT_TRUE(custom);
  EXPECT_FALSE(connection);
}

// Echoes the request body back, piece by piece, and counts the pieces.
Result<void> echo(Store&, const mc::Instance&, wasi::HttpRequestHead,
                  std::shared_ptr<wasi::HttpBodySource> body, wasi::HttpResponder& responder) {
  auto sink = responder.respond({200, {}});
  std::vector<uint8_t> piece;
  std::optional<wasi::HttpErrorCode> error;
  while (body->read(100000, piece, error)) {
    if (!sink->write(piece)) return Error(ErrorKind::Io, "write failed");
    piece.clear();
  }
  if (error) return Error(ErrorKind::Io, error->code);
  wasi::HttpFields trailers = body->trailers();
  sink->finish(trailers);
  return ok();
}

TEST(ServeServer, StreamsABodyBothWays) {
  TestServer server(echo);
  Client client(server.port());
  std::string big(3 << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = char('a' + (i * 7919) % 26);
  auto r = client.request(http::verb::post, "/echo", big);
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(r.body().size(), big.size());
  EXPECT_TRUE(r.body() == big);
  // Again on the same connection.
  auto r2 = client.request(http::verb::post, "/echo", "small");
  EXPECT_EQ(r2.body(), "small");
}

TEST(ServeServer, ChunkedRequestWithTrailers) {
  TestServer server(echo);
  Client client(server.port());
  std::string raw =
      "POST /t HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6\r\n world\r\n0\r\nx-sum: 42\r\n\r\n";
  net::write(client.socket, net::buffer(raw));
  http::response_parser<http::string_body> parser;
  http::read(client.socket, client.buffer, parser);
  auto r = parser.release();
  EXPECT_EQ(r.body(), "hello world");
  // The guest's trailers go out after the last chunk; Beast's parser puts them with the fields.
  EXPECT_EQ(r["x-sum"], "42");
}

TEST(ServeServer, ExpectContinue) {
  TestServer server(echo);
  Client client(server.port());
  std::string raw = "POST /c HTTP/1.1\r\nhost: x\r\ncontent-length: 4\r\nexpect: 100-continue\r\n\r\n";
  net::write(client.socket, net::buffer(raw));
  char interim[25];
  net::read(client.socket, net::buffer(interim));
  EXPECT_EQ(std::string(interim, 25), "HTTP/1.1 100 Continue\r\n\r\n");
  net::write(client.socket, net::buffer(std::string("ping")));
  EXPECT_EQ(client.read().body(), "ping");
}

TEST(ServeServer, GuestContentLength) {
  TestServer server([](Store&, const mc::Instance&, wasi::HttpRequestHead,
                       std::shared_ptr<wasi::HttpBodySource>,
                       wasi::HttpResponder& responder) -> Result<void> {
    auto sink = responder.respond({201, {{"Content-Length", "5"}, {"Transfer-Encoding", "gzip"}}});
    sink->write({reinterpret_cast<const uint8_t*>("hello"), 5});
    sink->finish({});
    return ok();
  });
  Client client(server.port());
  auto r = client.request(http::verb::get, "/");
  EXPECT_EQ(r.result_int(), 201);
  EXPECT_EQ(r[http::field::content_length], "5");
  EXPECT_EQ(r[http::field::transfer_encoding], "");
  EXPECT_EQ(r.body(), "hello");
}

TEST(ServeServer, TrapIs500WithTheMessageOnlyInTheLog) {
  TestServer server([](Store&, const mc::Instance&, wasi::HttpRequestHead,
                       std::shared_ptr<wasi::HttpBodySource>, wasi::HttpResponder&) -> Result<void> {
    return Error(ErrorKind::Trap, "unreachable executed (secret)");
  });
  Client client(server.port());
  auto r = client.request(http::verb::get, "/boom");
  EXPECT_EQ(r.result_int(), 500);
  EXPECT_EQ(r.body().find("secret"), std::string::npos);
  EXPECT_TRUE(server.log_has("unreachable executed (secret)")) << server.log();
  EXPECT_TRUE(server.log_has("500 22 ")) << server.log();
  EXPECT_TRUE(server.log_has(" trap"));
  // The connection carries on.
  EXPECT_EQ(client.request(http::verb::get, "/again").result_int(), 500);
}

TEST(ServeServer, NoResponseIs500) {
  TestServer server([](Store&, const mc::Instance&, wasi::HttpRequestHead,
                       std::shared_ptr<wasi::HttpBodySource>,
                       wasi::HttpResponder&) -> Result<void> { return ok(); });
  Client client(server.port());
  EXPECT_EQ(client.request(http::verb::get, "/").result_int(), 500);
  EXPECT_TRUE(server.log_has("without setting a response"));
}

TEST(ServeServer, ErrorResponseIs500) {
  TestServer server([](Store&, const mc::Instance&, wasi::HttpRequestHead,
                       std::shared_ptr<wasi::HttpBodySource>, wasi::HttpResponder& r) -> Result<void> {
    r.respond_error({"HTTP-request-denied", ""});
    return ok();
  });
  Client client(server.port());
  EXPECT_EQ(client.request(http::verb::get, "/").result_int(), 500);
  EXPECT_TRUE(server.log_has("HTTP-request-denied"));
}

TEST(ServeServer, AbortedBodyClosesTheConnection) {
  TestServer server([](Store&, const mc::Instance&, wasi::HttpRequestHead,
                       std::shared_ptr<wasi::HttpBodySource>, wasi::HttpResponder& r) -> Result<void> {
    auto sink = r.respond({200, {}});
    sink->write({reinterpret_cast<const uint8_t*>("partial"), 7});
    sink->abort();
    return ok();
  });
  Client client(server.port());
  http::request<http::empty_body> req{http::verb::get, "/", 11};
  http::write(client.socket, req);
  http::response<http::string_body> res;
  boost::system::error_code ec;
  http::read(client.socket, client.buffer, res, ec);
  EXPECT_TRUE(ec) << "an incomplete chunked body must not look complete";
}

TEST(ServeServer, DeadlineIs503AndOthersCarryOn) {
  ServerConfig config;
  config.request_timeout = std::chrono::milliseconds(300);
  TestServer server(
      [](Store& store, const mc::Instance& i, wasi::HttpRequestHead head,
         std::shared_ptr<wasi::HttpBodySource> body, wasi::HttpResponder& r) -> Result<void> {
        if (head.path_with_query != "/spin") return hello(store, i, head, body, r);
        // A guest that never ends, until interrupted.
        auto handle = store.interrupt_handle();
        while (!handle->interrupted()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return Error(ErrorKind::Trap, "interrupt");
      },
      config);
  std::atomic<int> spin_status{0};
  std::thread spinner(
      [&] { spin_status = Client(server.port()).request(http::verb::get, "/spin").result_int(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(Client(server.port()).request(http::verb::get, "/ok").result_int(), 200);
  spinner.join();
  EXPECT_EQ(spin_status.load(), 503);
  EXPECT_TRUE(server.log_has(" 503 "));
  EXPECT_TRUE(server.log_has("timeout"));
}

// -W fuel: every request's store starts with the configured fuel, whatever the one before used.
TEST(ServeServer, EachRequestStartsWithItsFuel) {
  ServerConfig config;
  config.request_fuel = 12'345;
  std::mutex mutex;
  std::vector<uint64_t> seen;
  TestServer server(
      [&](Store& store, const mc::Instance& i, wasi::HttpRequestHead head,
          std::shared_ptr<wasi::HttpBodySource> body, wasi::HttpResponder& r) -> Result<void> {
        {
          std::lock_guard lock(mutex);
          seen.push_back(store.fuel());
        }
        store.set_fuel(0);  // as if the guest had used it all
        return hello(store, i, head, body, r);
      },
      config);
  for (int k = 0; k < 3; ++k) EXPECT_EQ(Client(server.port()).request(http::verb::get, "/").result_int(), 200);
  std::lock_guard lock(mutex);
  EXPECT_EQ(seen, (std::vector<uint64_t>{12'345, 12'345, 12'345}));
}

TEST(ServeServer, DeadlineWakesAGuestWaitingForTheBody) {
  ServerConfig config;
  config.request_timeout = std::chrono::milliseconds(200);
  // Reads the whole body before it responds.
  TestServer server(
      [](Store& s, const mc::Instance& i, wasi::HttpRequestHead head,
         std::shared_ptr<wasi::HttpBodySource> body, wasi::HttpResponder& r) -> Result<void> {
        std::vector<uint8_t> bytes;
        std::optional<wasi::HttpErrorCode> error;
        while (body->read(1000, bytes, error)) {
        }
        return hello(s, i, head, body, r);
      },
      config);
  Client client(server.port());
  // A body announced and never sent.
  net::write(client.socket,
             net::buffer(std::string("POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\nabc")));
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(client.read().result_int(), 503);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST(ServeServer, ConnectionLimit) {
  ServerConfig config;
  config.max_connections = 1;
  TestServer server(hello, config);
  Client first(server.port());
  EXPECT_EQ(first.request(http::verb::get, "/").result_int(), 200);
  Client second(server.port());
  EXPECT_EQ(second.read().result_int(), 503);
}

TEST(ServeServer, BadRequestIs400) {
  TestServer server(hello);
  Client client(server.port());
  net::write(client.socket, net::buffer(std::string("GARBAGE\r\n\r\n")));
  EXPECT_EQ(client.read().result_int(), 400);
}

TEST(ServeServer, ShutdownFinishesRequestsInFlight) {
  std::atomic<bool> started{false};
  auto slow = [&](Store& s, const mc::Instance& i, wasi::HttpRequestHead head,
                  std::shared_ptr<wasi::HttpBodySource> body, wasi::HttpResponder& r) {
    started = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return hello(s, i, head, body, r);
  };
  auto server = std::make_unique<TestServer>(slow);
  Client idle(server->port());  // an idle kept-alive connection must not hold the shutdown up
  int status = 0;
  std::thread request(
      [&] { status = Client(server->port()).request(http::verb::get, "/slow").result_int(); });
  while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto start = std::chrono::steady_clock::now();
  server.reset();  // shutdown() and waits for run()
  request.join();
  EXPECT_EQ(status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(ServeServer, AddressInUse) {
  TestServer first(hello);
  Engine engine;
  auto component = *mc::Component::compile(engine, kEmptyComponent);
  auto wasi = wasi::Preview2::create({}).value();
  wasi::Http http;
  mc::Linker linker;
  ServerConfig config;
  config.host = "127.0.0.1";
  config.port = first.port();
  auto second = Server::bind(config, {engine, component, linker, wasi, http});
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().kind, ErrorKind::Io);
  EXPECT_NE(second.error().message.find("cannot listen on 127.0.0.1:"), std::string::npos);
}

}  // namespace
}  // namespace mosaic::serve
