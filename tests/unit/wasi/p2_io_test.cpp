// wasi:io's host side (src/wasi/p2/io_*.cpp, fd_stream.cpp): streams over pipes, sockets and files (partial
// reads, end of stream, blocking reads, skip, file offsets, append, a gone reader, a non-blocking socket that
// takes only part of a write), poll sources (deadlines, descriptors, both), the stream-error values, and
// wasi:io/streams' functions called with the Values a guest's call lifts.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "wasi/p2/ctx.h"
#include "wasi/p2/fd_stream.h"
#include "mosaic/component/linker.h"
#include "wasi/p2/interfaces.h"
#include "wasi/p2/io.h"
#include "wasi/p2/io_streams.h"

namespace mosaic::wasi::p2 {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

uint64_t now_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1'000'000'000u + uint64_t(ts.tv_nsec);
}

std::string str(const std::vector<uint8_t>& v) { return std::string(v.begin(), v.end()); }
std::span<const uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

struct Pipe {
  Pipe() {
    int fds[2];
    EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0);
    read_end = std::make_shared<FdHolder>(fs::UniqueFd(fds[0]));
    write_end = std::make_shared<FdHolder>(fs::UniqueFd(fds[1]));
  }
  void put(const std::string& s) const { ASSERT_EQ(::write(write_end->get(), s.data(), s.size()), ssize_t(s.size())); }
  std::shared_ptr<FdHolder> read_end, write_end;
};

// A scratch file with `content`, opened read-write.
struct TempFile {
  explicit TempFile(const std::string& content) {
    char tmpl[] = "/tmp/mosaic_p2io_XXXXXX";
    int fd = ::mkstemp(tmpl);
    EXPECT_GE(fd, 0);
    name = tmpl;
    EXPECT_EQ(::write(fd, content.data(), content.size()), ssize_t(content.size()));
    holder = std::make_shared<FdHolder>(fs::UniqueFd(fd));
  }
  ~TempFile() { ::unlink(name.c_str()); }
  std::string contents() const {
    std::string s(4096, '\0');
    ssize_t n = ::pread(holder->get(), s.data(), s.size(), 0);
    s.resize(n < 0 ? 0 : size_t(n));
    return s;
  }
  std::string name;
  std::shared_ptr<FdHolder> holder;
};

TEST(P2IoStreams, PipeReadsWhatIsThereInParts) {
  Pipe p;
  auto in = fd_input_stream(p.read_end, FdStreamKind::Pipe);
  p.put("hello");
  std::vector<uint8_t> out;
  ASSERT_TRUE(in->read(3, false, out).is_ok());
  EXPECT_EQ(str(out), "hel");
  ASSERT_TRUE(in->read(100, false, out).is_ok());
  EXPECT_EQ(str(out), "lo");
}

TEST(P2IoStreams, NonBlockingReadOfEmptyPipeReturnsNothing) {
  Pipe p;
  auto in = fd_input_stream(p.read_end, FdStreamKind::Pipe);
  std::vector<uint8_t> out{1, 2, 3};
  auto start = Clock::now();
  StreamStatus s = in->read(10, false, out);
  EXPECT_TRUE(s.is_ok());
  EXPECT_TRUE(out.empty());
  EXPECT_LT(Clock::now() - start, milliseconds(500));
  PollWait wait;
  EXPECT_FALSE(in->subscribe()->ready(wait));
  EXPECT_EQ(wait.fd, p.read_end->get());
  EXPECT_EQ(wait.events, POLLIN);
}

TEST(P2IoStreams, EndOfPipeIsClosed) {
  Pipe p;
  auto in = fd_input_stream(p.read_end, FdStreamKind::Pipe);
  p.put("x");
  p.write_end.reset();
  std::vector<uint8_t> out;
  ASSERT_TRUE(in->read(10, false, out).is_ok());
  EXPECT_EQ(str(out), "x");
  EXPECT_EQ(in->read(10, false, out).kind, StreamStatus::Kind::Closed);
  EXPECT_EQ(in->read(10, true, out).kind, StreamStatus::Kind::Closed);
  PollWait wait;
  EXPECT_TRUE(in->subscribe()->ready(wait));
}

TEST(P2IoStreams, BlockingReadWaitsForAWriter) {
  Pipe p;
  auto in = fd_input_stream(p.read_end, FdStreamKind::Pipe);
  auto start = Clock::now();
  std::thread writer([&] {
    std::this_thread::sleep_for(milliseconds(80));
    p.put("late");
  });
  std::vector<uint8_t> out;
  StreamStatus s = in->read(1ull << 63, true, out);  // a huge length is capped, not allocated
  writer.join();
  EXPECT_TRUE(s.is_ok());
  EXPECT_EQ(str(out), "late");
  EXPECT_GE(Clock::now() - start, milliseconds(60));
}

TEST(P2IoStreams, SkipDiscards) {
  Pipe p;
  auto in = fd_input_stream(p.read_end, FdStreamKind::Pipe);
  p.put("0123456789");
  uint64_t skipped = 0;
  ASSERT_TRUE(in->skip(4, false, skipped).is_ok());
  EXPECT_EQ(skipped, 4u);
  std::vector<uint8_t> out;
  ASSERT_TRUE(in->read(100, false, out).is_ok());
  EXPECT_EQ(str(out), "456789");
  p.write_end.reset();
  EXPECT_EQ(in->skip(5, true, skipped).kind, StreamStatus::Kind::Closed);
  EXPECT_EQ(skipped, 0u);
}

TEST(P2IoStreams, FileInputReadsFromItsOffset) {
  TempFile f("0123456789");
  auto in = fd_input_stream(f.holder, FdStreamKind::File, 3);
  std::vector<uint8_t> out;
  ASSERT_TRUE(in->read(4, false, out).is_ok());
  EXPECT_EQ(str(out), "3456");
  uint64_t skipped = 0;
  ASSERT_TRUE(in->skip(1, false, skipped).is_ok());
  EXPECT_EQ(skipped, 1u);
  ASSERT_TRUE(in->read(~0ull, true, out).is_ok());
  EXPECT_EQ(str(out), "89");
  EXPECT_EQ(in->read(10, false, out).kind, StreamStatus::Kind::Closed);
  PollWait wait;
  EXPECT_TRUE(in->subscribe()->ready(wait));
  // The descriptor's own offset is not the stream's.
  EXPECT_EQ(::lseek(f.holder->get(), 0, SEEK_CUR), 10);
}

TEST(P2IoStreams, FileOutputWritesAtItsOffset) {
  TempFile f("0123456789");
  auto out = fd_output_stream(f.holder, FdStreamKind::File, 2);
  uint64_t permitted = 0;
  ASSERT_TRUE(out->check_write(permitted).is_ok());
  EXPECT_GE(permitted, 4u);
  ASSERT_TRUE(out->write(bytes("AB")).is_ok());
  ASSERT_TRUE(out->write(bytes("CD")).is_ok());
  ASSERT_TRUE(out->blocking_flush().is_ok());
  EXPECT_EQ(f.contents(), "01ABCD6789");
  // Past the end: the file grows.
  auto tail = fd_output_stream(f.holder, FdStreamKind::File, 12);
  ASSERT_TRUE(tail->write(bytes("Z")).is_ok());
  EXPECT_EQ(f.contents(), std::string("01ABCD6789\0\0Z", 13));
}

TEST(P2IoStreams, AppendWritesAtTheEndEachTime) {
  TempFile f("abc");
  auto out = fd_output_stream(f.holder, FdStreamKind::Append);
  ASSERT_TRUE(out->write(bytes("de")).is_ok());
  // Someone else makes the file longer: the next append goes after that.
  ASSERT_EQ(::pwrite(f.holder->get(), "XY", 2, 5), 2);
  ASSERT_TRUE(out->write(bytes("f")).is_ok());
  EXPECT_EQ(f.contents(), "abcdeXYf");
}

TEST(P2IoStreams, WriteToAPipeWithoutReaderFails) {
  ::signal(SIGPIPE, SIG_IGN);
  Pipe p;
  auto out = fd_output_stream(p.write_end, FdStreamKind::Pipe);
  p.read_end.reset();
  uint64_t permitted = 0;
  ASSERT_TRUE(out->check_write(permitted).is_ok());
  ASSERT_GT(permitted, 0u);
  StreamStatus s = out->write(bytes("x"));
  EXPECT_EQ(s.kind, StreamStatus::Kind::Failed);
  EXPECT_EQ(s.err, EPIPE);
  // Reported once; the stream is closed after.
  EXPECT_EQ(out->check_write(permitted).kind, StreamStatus::Kind::Closed);
  EXPECT_EQ(out->write(bytes("y")).kind, StreamStatus::Kind::Closed);
}

TEST(P2IoStreams, PipeWriteBeyondWhatCheckWritePermittedFails) {
  Pipe p;
  auto out = fd_output_stream(p.write_end, FdStreamKind::Pipe);
  // No check-write yet: nothing is permitted.
  StreamStatus s = out->write(bytes("x"));
  EXPECT_EQ(s.kind, StreamStatus::Kind::Failed);
  EXPECT_EQ(s.message, "write exceeded budget");
}

TEST(P2IoStreams, PipeOutputWrites) {
  Pipe p;
  auto out = fd_output_stream(p.write_end, FdStreamKind::Pipe);
  uint64_t permitted = 0;
  ASSERT_TRUE(out->check_write(permitted).is_ok());
  ASSERT_GE(permitted, 5u);
  ASSERT_TRUE(out->write(bytes("hel")).is_ok());
  ASSERT_TRUE(out->write(bytes("lo")).is_ok());
  ASSERT_TRUE(out->flush().is_ok());
  EXPECT_EQ(out->write(bytes(std::string(permitted, 'z'))).kind, StreamStatus::Kind::Failed);  // over budget
  char buf[16] = {};
  ASSERT_EQ(::read(p.read_end->get(), buf, sizeof buf), 5);
  EXPECT_EQ(std::string(buf, 5), "hello");
}

// A non-blocking socket takes part of a large write: the rest is kept (check-write permits nothing until it
// is out), and blocking-flush writes it out while the peer reads; no byte is lost or reordered.
TEST(P2IoStreams, NonBlockingSocketKeepsWhatItCannotTakeYet) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv), 0);
  auto ours = std::make_shared<FdHolder>(fs::UniqueFd(sv[0]));
  fs::UniqueFd peer(sv[1]);
  auto out = fd_output_stream(ours, FdStreamKind::Pipe);
  uint64_t permitted = 0;
  ASSERT_TRUE(out->check_write(permitted).is_ok());
  ASSERT_GE(permitted, 1u << 20);
  std::vector<uint8_t> data(1u << 20);
  for (size_t i = 0; i < data.size(); ++i) data[i] = uint8_t(i * 7 + i / 251);
  ASSERT_TRUE(out->write(data).is_ok());
  ASSERT_TRUE(out->check_write(permitted).is_ok());
  EXPECT_EQ(permitted, 0u);  // a 1 MiB write does not fit a socket buffer at once
  PollWait wait;
  EXPECT_FALSE(out->subscribe()->ready(wait));
  EXPECT_EQ(wait.fd, ours->get());

  std::vector<uint8_t> got;
  std::thread reader([&] {
    int fl = ::fcntl(peer.get(), F_GETFL);
    ::fcntl(peer.get(), F_SETFL, fl & ~O_NONBLOCK);
    std::vector<uint8_t> buf(65536);
    while (got.size() < data.size()) {
      ssize_t n = ::read(peer.get(), buf.data(), buf.size());
      if (n <= 0) break;
      got.insert(got.end(), buf.begin(), buf.begin() + n);
    }
  });
  StreamStatus s = out->blocking_flush();
  reader.join();
  EXPECT_TRUE(s.is_ok());
  EXPECT_TRUE(got == data);
  ASSERT_TRUE(out->check_write(permitted).is_ok());
  EXPECT_GT(permitted, 0u);
}

TEST(P2IoPoll, DeadlineIsReadyAfterItNotBefore) {
  auto source = deadline_source(now_ns() + 60'000'000);
  PollWait wait;
  EXPECT_FALSE(source->ready(wait));
  ASSERT_TRUE(wait.deadline_ns.has_value());
  auto start = Clock::now();
  PollSource* list[] = {source.get()};
  Result<std::vector<uint32_t>> r = poll_sources(list);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, std::vector<uint32_t>{0});
  EXPECT_GE(Clock::now() - start, milliseconds(50));
  EXPECT_TRUE(source->ready(wait));
}

TEST(P2IoPoll, PastDeadlineAndReadySourceAreReadyNow) {
  auto past = deadline_source(0);
  auto ready = ready_source();
  auto later = deadline_source(now_ns() + 10'000'000'000ull);
  PollSource* list[] = {later.get(), past.get(), ready.get(), past.get()};  // duplicates allowed
  Result<std::vector<uint32_t>> r = poll_sources(list);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (std::vector<uint32_t>{1, 2, 3}));
}

TEST(P2IoPoll, DescriptorAndDeadlineTogether) {
  Pipe p;
  auto fd = fd_source(p.read_end, POLLIN);
  auto soon = deadline_source(now_ns() + 40'000'000);
  PollSource* list[] = {fd.get(), soon.get()};
  // Nothing written: the deadline comes first.
  auto start = Clock::now();
  Result<std::vector<uint32_t>> r = poll_sources(list);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, std::vector<uint32_t>{1});
  EXPECT_GE(Clock::now() - start, milliseconds(30));

  // A writer comes before a far deadline.
  auto far = deadline_source(now_ns() + 10'000'000'000ull);
  PollSource* list2[] = {far.get(), fd.get()};
  std::thread writer([&] {
    std::this_thread::sleep_for(milliseconds(50));
    p.put("x");
  });
  start = Clock::now();
  r = poll_sources(list2);
  writer.join();
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, std::vector<uint32_t>{1});
  EXPECT_LT(Clock::now() - start, milliseconds(5000));

  // Both ready: every index, ascending.
  PollSource* list3[] = {fd.get(), soon.get()};
  r = poll_sources(list3);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (std::vector<uint32_t>{0, 1}));
}

TEST(P2IoPoll, EmptyListIsATrap) {
  Result<std::vector<uint32_t>> r = poll_sources({});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message, "empty poll list");
}

TEST(P2IoPoll, HangUpIsReady) {
  Pipe p;
  auto fd = fd_source(p.read_end, POLLIN);
  PollWait wait;
  EXPECT_FALSE(fd->ready(wait));
  p.write_end.reset();
  EXPECT_TRUE(fd->ready(wait));
}

TEST(P2IoError, StreamErrorValues) {
  auto ctx = std::make_shared<Ctx>(WasiConfig{});
  mc::Value closed = stream_error(*ctx, StreamStatus::closed());
  EXPECT_EQ(closed.kind(), mc::TypeKind::Variant);
  EXPECT_EQ(closed.case_name(), "closed");
  EXPECT_EQ(closed.payload(), nullptr);

  mc::Value failed = stream_error(*ctx, StreamStatus::failed(EPIPE, "write"));
  EXPECT_EQ(failed.case_name(), "last-operation-failed");
  ASSERT_NE(failed.payload(), nullptr);
  EXPECT_EQ(failed.payload()->kind(), mc::TypeKind::Own);
  auto* e = dynamic_cast<IoError*>(ctx->find(failed.payload()->as_resource().rep));
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->err, EPIPE);
  EXPECT_NE(e->message.find("write"), std::string::npos);
  EXPECT_NE(e->message.find("Broken pipe"), std::string::npos);
  EXPECT_EQ(ctx->live(), 1u);
}

// wasi:io/streams' functions, called through their table with handles of the types add_io_* defined.
class P2IoFunctions : public ::testing::Test {
 protected:
  void SetUp() override {
    ::signal(SIGPIPE, SIG_IGN);
    add_io_error(ctx_, linker_);
    add_io_poll(ctx_, linker_);
    add_io_streams(ctx_, linker_);
  }
  Result<mc::Value> call(std::string_view item, std::vector<mc::Value> args) {
    for (const HostFunction& fn : io_streams_functions()) {
      if (fn.item != item) continue;
      EXPECT_EQ(args.size(), fn.params) << item;
      return fn.call(*ctx_, args);
    }
    ADD_FAILURE() << "no function " << item;
    return Error(ErrorKind::Usage, "no function");
  }
  mc::Value input(std::unique_ptr<InputStream> s) {
    return mc::Value::borrow(ctx_->own(ctx_->types.input_stream, std::move(s)).as_resource());
  }
  mc::Value output(std::unique_ptr<OutputStream> s) {
    return mc::Value::borrow(ctx_->own(ctx_->types.output_stream, std::move(s)).as_resource());
  }
  static mc::Value list(const std::string& s) {
    std::vector<mc::Value> items;
    for (char c : s) items.push_back(mc::Value::u8(uint8_t(c)));
    return mc::Value::list(std::move(items));
  }
  static mc::Value ok_list(const std::string& s) { return mc::Value::ok(list(s)); }
  static mc::Value closed() { return mc::Value::err(mc::Value::variant("closed", std::nullopt)); }
  static std::string drain(const Pipe& p) {
    std::string got(65536, '\0');
    ssize_t n = ::read(p.read_end->get(), got.data(), got.size());
    got.resize(n < 0 ? 0 : size_t(n));
    return got;
  }

  std::shared_ptr<Ctx> ctx_ = std::make_shared<Ctx>(WasiConfig{});
  mc::Linker linker_;
};

TEST_F(P2IoFunctions, DefinesEveryFunctionOfTheWit) {
  EXPECT_EQ(io_streams_functions().size(), 15u);
  EXPECT_NE(ctx_->types.error, nullptr);
  EXPECT_NE(ctx_->types.pollable, nullptr);
  EXPECT_NE(ctx_->types.input_stream, nullptr);
  EXPECT_NE(ctx_->types.output_stream, nullptr);
}

TEST_F(P2IoFunctions, ReadSkipAndClosed) {
  Pipe p;
  mc::Value in = input(fd_input_stream(p.read_end, FdStreamKind::Pipe));
  EXPECT_EQ(*call("[method]input-stream.read", {in, mc::Value::u64(4)}), ok_list(""));
  p.put("abcdef");
  EXPECT_EQ(*call("[method]input-stream.read", {in, mc::Value::u64(2)}), ok_list("ab"));
  EXPECT_EQ(*call("[method]input-stream.skip", {in, mc::Value::u64(1)}), mc::Value::ok(mc::Value::u64(1)));
  EXPECT_EQ(*call("[method]input-stream.blocking-read", {in, mc::Value::u64(~0ull)}), ok_list("def"));
  p.write_end.reset();
  EXPECT_EQ(*call("[method]input-stream.blocking-read", {in, mc::Value::u64(1)}), closed());
  EXPECT_EQ(*call("[method]input-stream.blocking-skip", {in, mc::Value::u64(1)}), closed());
  mc::Value pollable = *call("[method]input-stream.subscribe", {in});
  ASSERT_EQ(pollable.kind(), mc::TypeKind::Own);
  EXPECT_EQ(pollable.as_resource().type, ctx_->types.pollable);
  EXPECT_NE(dynamic_cast<Pollable*>(ctx_->find(pollable.as_resource().rep)), nullptr);
}

TEST_F(P2IoFunctions, WriteFlushAndZeroes) {
  Pipe p;
  mc::Value out = output(fd_output_stream(p.write_end, FdStreamKind::Pipe));
  mc::Value permitted = *call("[method]output-stream.check-write", {out});
  ASSERT_FALSE(permitted.is_err());
  ASSERT_GE(permitted.payload()->as_unsigned(), 8u);
  EXPECT_EQ(*call("[method]output-stream.write", {out, list("hi")}), mc::Value::ok(std::nullopt));
  EXPECT_EQ(*call("[method]output-stream.write-zeroes", {out, mc::Value::u64(2)}), mc::Value::ok(std::nullopt));
  EXPECT_EQ(*call("[method]output-stream.flush", {out}), mc::Value::ok(std::nullopt));
  EXPECT_EQ(*call("[method]output-stream.blocking-write-and-flush", {out, list("yo")}), mc::Value::ok(std::nullopt));
  EXPECT_EQ(*call("[method]output-stream.blocking-write-zeroes-and-flush", {out, mc::Value::u64(1)}),
            mc::Value::ok(std::nullopt));
  EXPECT_EQ(*call("[method]output-stream.blocking-flush", {out}), mc::Value::ok(std::nullopt));
  EXPECT_EQ(drain(p), std::string("hi\0\0yo\0", 7));
  mc::Value pollable = *call("[method]output-stream.subscribe", {out});
  auto* poll = dynamic_cast<Pollable*>(ctx_->find(pollable.as_resource().rep));
  ASSERT_NE(poll, nullptr);
  PollWait wait;
  EXPECT_TRUE(poll->source->ready(wait));  // an empty pipe can be written
}

TEST_F(P2IoFunctions, BlockingWritesOfMoreThan4096BytesTrap) {
  Pipe p;
  mc::Value out = output(fd_output_stream(p.write_end, FdStreamKind::Pipe));
  Result<mc::Value> r = call("[method]output-stream.blocking-write-and-flush", {out, list(std::string(4097, 'x'))});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message, "Buffer too large for blocking-write-and-flush (expected at most 4096)");
  r = call("[method]output-stream.blocking-write-zeroes-and-flush", {out, mc::Value::u64(4097)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  // 4096 is allowed, and a guest's enormous write-zeroes is refused without allocating it.
  EXPECT_EQ(*call("[method]output-stream.blocking-write-and-flush", {out, list(std::string(4096, 'x'))}),
            mc::Value::ok(std::nullopt));
  mc::Value huge = *call("[method]output-stream.write-zeroes", {out, mc::Value::u64(~0ull)});
  ASSERT_TRUE(huge.is_err());
  EXPECT_EQ(huge.payload()->case_name(), "last-operation-failed");
}

TEST_F(P2IoFunctions, WriteToAGoneReaderIsLastOperationFailed) {
  Pipe p;
  mc::Value out = output(fd_output_stream(p.write_end, FdStreamKind::Pipe));
  p.read_end.reset();
  mc::Value r = *call("[method]output-stream.blocking-write-and-flush", {out, list("x")});
  ASSERT_TRUE(r.is_err());
  const mc::Value& e = *r.payload();
  EXPECT_EQ(e.case_name(), "last-operation-failed");
  ASSERT_EQ(e.payload()->kind(), mc::TypeKind::Own);
  EXPECT_EQ(e.payload()->as_resource().type, ctx_->types.error);
  auto* err = dynamic_cast<IoError*>(ctx_->find(e.payload()->as_resource().rep));
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->err, EPIPE);
  EXPECT_EQ(*call("[method]output-stream.check-write", {out}), closed());
}

TEST_F(P2IoFunctions, SpliceMovesWhatIsThere) {
  Pipe from, to;
  mc::Value in = input(fd_input_stream(from.read_end, FdStreamKind::Pipe));
  mc::Value out = output(fd_output_stream(to.write_end, FdStreamKind::Pipe));
  // Nothing to read: nothing moved.
  EXPECT_EQ(*call("[method]output-stream.splice", {out, in, mc::Value::u64(100)}), mc::Value::ok(mc::Value::u64(0)));
  from.put("splice me");
  EXPECT_EQ(*call("[method]output-stream.splice", {out, in, mc::Value::u64(6)}), mc::Value::ok(mc::Value::u64(6)));
  EXPECT_EQ(*call("[method]output-stream.blocking-splice", {out, in, mc::Value::u64(100)}),
            mc::Value::ok(mc::Value::u64(3)));
  EXPECT_EQ(drain(to), "splice me");
  from.write_end.reset();
  EXPECT_EQ(*call("[method]output-stream.blocking-splice", {out, in, mc::Value::u64(100)}), closed());
}

TEST_F(P2IoFunctions, HandlesOfTheWrongTypeTrap) {
  Pipe p;
  mc::Value in = input(fd_input_stream(p.read_end, FdStreamKind::Pipe));
  mc::Value out = output(fd_output_stream(p.write_end, FdStreamKind::Pipe));
  Result<mc::Value> r = call("[method]input-stream.read", {out, mc::Value::u64(1)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  r = call("[method]output-stream.splice", {out, out, mc::Value::u64(1)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  r = call("[method]output-stream.check-write", {mc::Value::borrow({ctx_->types.output_stream, 999})});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
}

}  // namespace
}  // namespace mosaic::wasi::p2
