// The outgoing HTTP client against a one-connection server on loopback.
#include "serve/client.h"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <thread>

#include "mosaic/serve.h"

namespace mosaic::serve {
namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

TEST(ServeClient, Authorities) {
  auto a = parse_authority("example.com:8080", 80);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "example.com");
  EXPECT_EQ(a->port, 8080);
  EXPECT_EQ(parse_authority("example.com", 80)->port, 80);
  EXPECT_EQ(parse_authority("[::1]:9", 80)->host, "::1");
  EXPECT_EQ(parse_authority("[::1]", 80)->port, 80);
  EXPECT_FALSE(parse_authority("", 80));
  EXPECT_FALSE(parse_authority(":80", 80));
  EXPECT_FALSE(parse_authority("h:", 80));
  EXPECT_FALSE(parse_authority("h:99999", 80));
  EXPECT_FALSE(parse_authority("h:12x", 80));
  EXPECT_FALSE(parse_authority("::1", 80));
  EXPECT_FALSE(parse_authority("[::1", 80));
}

TEST(ServeClient, AllowList) {
  std::vector<std::string> allowed = {"localhost", "127.0.0.1:8080", "[::1]:81"};
  EXPECT_TRUE(host_allowed(allowed, {"LocalHost", 1234}));
  EXPECT_TRUE(host_allowed(allowed, {"127.0.0.1", 8080}));
  EXPECT_FALSE(host_allowed(allowed, {"127.0.0.1", 8081}));
  EXPECT_TRUE(host_allowed(allowed, {"::1", 81}));
  EXPECT_FALSE(host_allowed(allowed, {"example.com", 80}));
  EXPECT_FALSE(host_allowed({}, {"localhost", 80}));
  EXPECT_TRUE(host_allowed({"*"}, {"example.com", 80}));
}

// Accepts one connection and gives it to `serve`.
class OneShotServer {
 public:
  explicit OneShotServer(std::function<void(tcp::socket&)> serve)
      : acceptor_(io_, {net::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this, serve = std::move(serve)] {
      tcp::socket s(io_);
      boost::system::error_code ec;
      acceptor_.accept(s, ec);
      if (!ec) serve(s);
    });
  }
  ~OneShotServer() {
    boost::system::error_code ec;
    if (thread_.joinable()) thread_.join();
    acceptor_.close(ec);
  }
  std::string authority() const { return "127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()); }

 private:
  net::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

std::string read_all(wasi::HttpBodySource& body) {
  std::vector<uint8_t> bytes;
  std::optional<wasi::HttpErrorCode> error;
  while (body.read(7, bytes, error)) {
  }
  EXPECT_FALSE(error) << error->code;
  return std::string(bytes.begin(), bytes.end());
}

std::span<const uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

TEST(ServeClient, GetAndPost) {
  http::request<http::string_body> seen;
  OneShotServer server([&](tcp::socket& s) {
    boost::beast::flat_buffer buffer;
    boost::system::error_code ec;
    http::read(s, buffer, seen, ec);
    http::response<http::string_body> res{http::status::accepted, 11};
    res.set("x-reply", "yes");
    res.body() = "got " + seen.body();
    res.prepare_payload();
    http::write(s, res, ec);
  });
  auto client = make_http_client({.allowed_hosts = {"127.0.0.1"}});
  wasi::HttpRequestHead head{"POST", "http", server.authority(), "/up?q=1", {{"X-Mine", "1"}}};
  std::optional<wasi::HttpErrorCode> error;
  auto exchange = client->send(head, {}, error);
  ASSERT_TRUE(exchange) << error->code << " " << error->message;
  EXPECT_TRUE(exchange->body().write(bytes_of("abc")));
  EXPECT_TRUE(exchange->body().write(bytes_of("def")));
  EXPECT_TRUE(exchange->body().finish({}));
  auto response = exchange->response(error);
  ASSERT_TRUE(response) << error->code;
  EXPECT_EQ(response->head.status, 202);
  bool reply = false;
  for (const auto& f : response->head.headers) reply = reply || (f.name == "x-reply" && f.value == "yes");
  EXPECT_TRUE(reply);
  EXPECT_EQ(read_all(*response->body), "got abcdef");
  EXPECT_EQ(seen.target(), "/up?q=1");
  EXPECT_EQ(seen["X-Mine"], "1");
  EXPECT_EQ(seen[http::field::host], server.authority());
  EXPECT_EQ(seen[http::field::transfer_encoding], "chunked");
}

TEST(ServeClient, ContentLengthBodyAndChunkedResponse) {
  http::request<http::string_body> seen;
  OneShotServer server([&](tcp::socket& s) {
    boost::beast::flat_buffer buffer;
    boost::system::error_code ec;
    http::read(s, buffer, seen, ec);
    std::string raw =
        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\none\r\n3\r\ntwo\r\n0\r\nx-t: 9\r\n\r\n";
    net::write(s, net::buffer(raw), ec);
  });
  auto client = make_http_client({.allowed_hosts = {"*"}});
  std::optional<wasi::HttpErrorCode> error;
  auto exchange =
      client->send({"PUT", "http", server.authority(), "/", {{"content-length", "4"}}}, {}, error);
  ASSERT_TRUE(exchange);
  EXPECT_TRUE(exchange->body().write(bytes_of("data")));
  EXPECT_FALSE(exchange->body().write(bytes_of("x"))) << "past the content-length";
  auto response = exchange->response(error);
  EXPECT_FALSE(response) << "the request was aborted";
}

TEST(ServeClient, ChunkedResponseWithTrailers) {
  OneShotServer server([&](tcp::socket& s) {
    boost::beast::flat_buffer buffer;
    http::request<http::string_body> req;
    boost::system::error_code ec;
    http::read(s, buffer, req, ec);
    std::string raw =
        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\none\r\n3\r\ntwo\r\n0\r\nx-t: 9\r\n\r\n";
    net::write(s, net::buffer(raw), ec);
  });
  auto client = make_http_client({.allowed_hosts = {"127.0.0.1"}});
  std::optional<wasi::HttpErrorCode> error;
  auto exchange = client->send({"GET", "http", server.authority(), "/", {}}, {}, error);
  ASSERT_TRUE(exchange);
  auto response = exchange->response(error);  // finishes the empty body itself
  ASSERT_TRUE(response) << error->code;
  EXPECT_EQ(read_all(*response->body), "onetwo");
  auto trailers = response->body->trailers();
  ASSERT_EQ(trailers.size(), 1u);
  EXPECT_EQ(trailers[0].name, "x-t");
  EXPECT_EQ(trailers[0].value, "9");
}

TEST(ServeClient, Refusals) {
  auto client = make_http_client({.allowed_hosts = {"127.0.0.1:1"}});
  std::optional<wasi::HttpErrorCode> error;
  EXPECT_FALSE(client->send({"GET", "http", "example.com", "/", {}}, {}, error));
  EXPECT_EQ(error->code, "HTTP-request-denied");
  error.reset();
  EXPECT_FALSE(client->send({"GET", "https", "127.0.0.1:1", "/", {}}, {}, error));
  ASSERT_TRUE(error);
  EXPECT_NE(error->message.find("https"), std::string::npos);
  error.reset();
  // Port 1 on loopback: nobody listens.
  EXPECT_FALSE(client->send({"GET", "http", "127.0.0.1:1", "/", {}}, {}, error));
  EXPECT_EQ(error->code, "connection-refused");
  error.reset();
  EXPECT_FALSE(client->send({"GET", "http", "127.0.0.1:1", "/a b", {}}, {}, error));
  EXPECT_EQ(error->code, "HTTP-request-URI-invalid");
}

TEST(ServeClient, FirstByteTimeout) {
  OneShotServer server([&](tcp::socket& s) {
    char buf[1024];
    boost::system::error_code ec;
    s.read_some(net::buffer(buf), ec);
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
  });
  auto client = make_http_client({.allowed_hosts = {"127.0.0.1"}});
  std::optional<wasi::HttpErrorCode> error;
  wasi::HttpRequestOptions options;
  options.first_byte_timeout_ns = 100'000'000;
  auto exchange = client->send({"GET", "http", server.authority(), "/", {}}, options, error);
  ASSERT_TRUE(exchange);
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(exchange->response(error));
  EXPECT_EQ(error->code, "connection-read-timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
}

}  // namespace
}  // namespace mosaic::serve
