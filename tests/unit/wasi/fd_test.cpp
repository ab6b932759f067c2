// The fd_* functions (src/wasi/p1/fd.cpp, fd_io.cpp, fd_readdir.cpp), driven through a Call over a small
// guest memory, on pipes, a scratch directory and files in it.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "wasi/p1/call.h"
#include "wasi/p1/fd_io.h"
#include "wasi/p1/fd_readdir.h"

namespace mosaic::wasi::p1 {
namespace {

class FdTest : public ::testing::Test {
 protected:
  static constexpr uint32_t kPreopen = 3;

  void SetUp() override {
    char tmpl[] = "/tmp/mosaic-fd-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    ASSERT_EQ(pipe(in_), 0);
    ASSERT_EQ(pipe(out_), 0);
    WasiConfig config;
    config.stdin_fd = in_[0];
    config.stdout_fd = out_[1];
    config.stderr_fd = out_[1];
    config.dirs.push_back({dir_, "/sandbox"});
    Result<std::unique_ptr<Ctx>> created = Ctx::create(config);
    ASSERT_TRUE(created);
    ctx_ = std::move(*created);
  }
  void TearDown() override {
    ctx_.reset();
    for (int fd : {in_[0], in_[1], out_[0], out_[1]}) close(fd);
    std::filesystem::remove_all(dir_);
  }

  Errno call(Errno (*fn)(Call&), std::vector<uint64_t> args) {
    Call c{*ctx_, GuestMemory(memory_.data(), memory_.size()), args.data(), std::nullopt};
    return fn(c);
  }

  // A file of the scratch directory as a guest descriptor with every right.
  uint32_t open_file(const std::string& name, int flags = O_RDWR | O_CREAT) {
    FdEntry entry;
    entry.host = open((dir_ + "/" + name).c_str(), flags | O_CLOEXEC, 0644);
    EXPECT_GE(entry.host, 0);
    entry.type = Filetype::RegularFile;
    return ctx_->insert(std::move(entry));
  }
  void put_iovec(uint32_t at, uint32_t buf, uint32_t len) {
    std::memcpy(memory_.data() + at, &buf, 4);
    std::memcpy(memory_.data() + at + 4, &len, 4);
  }
  void put(uint32_t at, std::string_view s) { std::memcpy(memory_.data() + at, s.data(), s.size()); }
  std::string at(uint32_t ptr, size_t len) const {
    return std::string(reinterpret_cast<const char*>(memory_.data() + ptr), len);
  }
  template <class T>
  T load(uint32_t ptr) const {
    T v{};
    std::memcpy(&v, memory_.data() + ptr, sizeof v);
    return v;
  }

  std::string dir_;
  int in_[2] = {-1, -1};
  int out_[2] = {-1, -1};
  std::unique_ptr<Ctx> ctx_;
  std::vector<uint8_t> memory_ = std::vector<uint8_t>(4096);
};

// --- fd_write / fd_read: scatter and gather over the guest's iovecs -------------------------------------

TEST_F(FdTest, WriteGathersEveryIovec) {
  put(100, "hel");
  put(200, "lo, world");
  put_iovec(0, 100, 3);
  put_iovec(8, 300, 0);  // an empty buffer in between
  put_iovec(16, 200, 9);
  ASSERT_EQ(call(fd_write, {1, 0, 3, 50}), Errno::Success);
  EXPECT_EQ(load<uint32_t>(50), 12u);
  char buf[32] = {};
  ASSERT_EQ(read(out_[0], buf, sizeof buf), 12);
  EXPECT_EQ(std::string(buf, 12), "hello, world");
}

TEST_F(FdTest, ReadScattersAndReportsShortReads) {
  ASSERT_EQ(write(in_[1], "abcdef", 6), 6);
  put_iovec(0, 100, 2);
  put_iovec(8, 200, 10);
  ASSERT_EQ(call(fd_read, {0, 0, 2, 50}), Errno::Success);
  EXPECT_EQ(load<uint32_t>(50), 6u);
  EXPECT_EQ(at(100, 2), "ab");
  EXPECT_EQ(at(200, 4), "cdef");
}

TEST_F(FdTest, ReadAtEndOfFileIsZero) {
  uint32_t fd = open_file("empty");
  put_iovec(0, 100, 10);
  ASSERT_EQ(call(fd_read, {fd, 0, 1, 50}), Errno::Success);
  EXPECT_EQ(load<uint32_t>(50), 0u);
}

TEST_F(FdTest, IovecsOutsideMemoryFault) {
  put_iovec(0, 4090, 10);  // runs past the end of the 4096-byte memory
  EXPECT_EQ(call(fd_write, {1, 0, 1, 50}), Errno::Fault);
  EXPECT_EQ(call(fd_write, {1, 4092, 1, 50}), Errno::Fault);        // the array itself
  EXPECT_EQ(call(fd_write, {1, 0, 0x20000000, 50}), Errno::Fault);  // count * 8 past memory
  std::vector<struct iovec> iovs;
  EXPECT_EQ(gather_iovecs(GuestMemory(memory_.data(), memory_.size()), 0, 1, iovs), Errno::Fault);
}

TEST_F(FdTest, ResultPointerIsCheckedBeforeReading) {
  ASSERT_EQ(write(in_[1], "xy", 2), 2);
  put_iovec(0, 100, 10);
  EXPECT_EQ(call(fd_read, {0, 0, 1, 4094}), Errno::Fault);
  // Nothing was consumed: the data is still there for a good call.
  ASSERT_EQ(call(fd_read, {0, 0, 1, 50}), Errno::Success);
  EXPECT_EQ(load<uint32_t>(50), 2u);
  EXPECT_EQ(at(100, 2), "xy");
}

TEST_F(FdTest, ReadingOrWritingADirectoryIsBadf) {
  put_iovec(0, 100, 10);
  EXPECT_EQ(call(fd_read, {kPreopen, 0, 1, 50}), Errno::Badf);
  EXPECT_EQ(call(fd_write, {kPreopen, 0, 1, 50}), Errno::Badf);
  EXPECT_EQ(call(fd_pread, {kPreopen, 0, 1, 0, 50}), Errno::Badf);
  EXPECT_EQ(call(fd_pwrite, {kPreopen, 0, 1, 0, 50}), Errno::Badf);
  EXPECT_EQ(call(fd_read, {99, 0, 1, 50}), Errno::Badf);
}

TEST_F(FdTest, MissingRightIsNotCapable) {
  uint32_t fd = open_file("f");
  put_iovec(0, 100, 1);
  ctx_->get(fd)->rights_base &= ~(rights::kFdRead | rights::kFdWrite);
  EXPECT_EQ(call(fd_read, {fd, 0, 1, 50}), Errno::NotCapable);
  EXPECT_EQ(call(fd_write, {fd, 0, 1, 50}), Errno::NotCapable);
}

// --- fd_pread / fd_pwrite / fd_seek / fd_tell ----------------------------------------------------------

TEST_F(FdTest, PreadPwriteLeaveTheOffset) {
  uint32_t fd = open_file("f");
  put(100, "0123456789");
  put_iovec(0, 100, 10);
  ASSERT_EQ(call(fd_pwrite, {fd, 0, 1, 5, 50}), Errno::Success);
  EXPECT_EQ(load<uint32_t>(50), 10u);
  ASSERT_EQ(call(fd_tell, {fd, 60}), Errno::Success);
  EXPECT_EQ(load<uint64_t>(60), 0u);
  put_iovec(0, 200, 4);
  ASSERT_EQ(call(fd_pread, {fd, 0, 1, 7, 50}), Errno::Success);
  EXPECT_EQ(load<uint32_t>(50), 4u);
  EXPECT_EQ(at(200, 4), "2345");
  EXPECT_EQ(call(fd_pread, {fd, 0, 1, uint64_t{1} << 63, 50}), Errno::Inval);
}

TEST_F(FdTest, PwriteOnAnAppendDescriptorAppends) {
  uint32_t fd = open_file("f", O_RDWR | O_CREAT | O_APPEND);
  put(100, "abcd");
  put_iovec(0, 100, 4);
  ASSERT_EQ(call(fd_write, {fd, 0, 1, 50}), Errno::Success);
  ASSERT_EQ(call(fd_pwrite, {fd, 0, 1, 0, 50}), Errno::Success);
  EXPECT_EQ(std::filesystem::file_size(dir_ + "/f"), 8u);
}

// Stdio is a stream shared with the host's parent process: no positioned reads, no seeking.
TEST_F(FdTest, PreadOnStdioIsRefused) {
  put_iovec(0, 100, 4);
  EXPECT_EQ(call(fd_pread, {0, 0, 1, 0, 50}), Errno::NotCapable);
}

TEST_F(FdTest, Seek) {
  uint32_t fd = open_file("f");
  put(100, "0123456789");
  put_iovec(0, 100, 10);
  ASSERT_EQ(call(fd_write, {fd, 0, 1, 50}), Errno::Success);
  ASSERT_EQ(call(fd_seek, {fd, static_cast<uint64_t>(-4), kWhenceCur, 60}), Errno::Success);
  EXPECT_EQ(load<uint64_t>(60), 6u);
  ASSERT_EQ(call(fd_seek, {fd, 3, kWhenceEnd, 60}), Errno::Success);
  EXPECT_EQ(load<uint64_t>(60), 13u);
  EXPECT_EQ(call(fd_seek, {fd, static_cast<uint64_t>(-100), kWhenceCur, 60}), Errno::Inval);
  EXPECT_EQ(call(fd_seek, {fd, 0, 3, 60}), Errno::Inval);
  EXPECT_EQ(call(fd_seek, {fd, 0, kWhenceSet, 4090}), Errno::Fault);
  EXPECT_EQ(call(fd_seek, {kPreopen, 0, kWhenceCur, 60}), Errno::Badf);
  EXPECT_EQ(call(fd_tell, {kPreopen, 60}), Errno::Badf);
  EXPECT_EQ(call(fd_seek, {0, 0, kWhenceCur, 60}), Errno::NotCapable);
  // The query (0, cur) needs only the tell right; a move needs the seek right.
  ctx_->get(fd)->rights_base &= ~rights::kFdSeek;
  EXPECT_EQ(call(fd_seek, {fd, 0, kWhenceCur, 60}), Errno::Success);
  EXPECT_EQ(call(fd_seek, {fd, 0, kWhenceSet, 60}), Errno::NotCapable);
}

// --- fdstat, rights, flags -------------------------------------------------------------------------------

TEST_F(FdTest, FdstatOfAFile) {
  uint32_t fd = open_file("f", O_RDWR | O_CREAT | O_APPEND);
  memory_[0] = 0xff;  // padding is written as zeros
  ASSERT_EQ(call(fd_fdstat_get, {fd, 0}), Errno::Success);
  EXPECT_EQ(memory_[kFdstatFiletype], static_cast<uint8_t>(Filetype::RegularFile));
  EXPECT_EQ(memory_[1], 0);
  EXPECT_EQ(load<uint16_t>(kFdstatFlags), kFdflagAppend);
  EXPECT_EQ(load<uint64_t>(kFdstatRightsBase), rights::kAll);
  ASSERT_EQ(call(fd_fdstat_get, {kPreopen, 0}), Errno::Success);
  EXPECT_EQ(memory_[kFdstatFiletype], static_cast<uint8_t>(Filetype::Directory));
  EXPECT_EQ(call(fd_fdstat_get, {fd, 4090}), Errno::Fault);
  EXPECT_EQ(call(fd_fdstat_get, {77, 0}), Errno::Badf);
}

TEST_F(FdTest, SetFlagsChangesOnlyAppendAndNonblock) {
  uint32_t fd = open_file("f");
  ASSERT_EQ(call(fd_fdstat_set_flags, {fd, kFdflagAppend | kFdflagNonblock}), Errno::Success);
  ASSERT_EQ(call(fd_fdstat_get, {fd, 0}), Errno::Success);
  EXPECT_EQ(load<uint16_t>(kFdstatFlags), kFdflagAppend | kFdflagNonblock);
  ASSERT_EQ(call(fd_fdstat_set_flags, {fd, 0}), Errno::Success);
  ASSERT_EQ(call(fd_fdstat_get, {fd, 0}), Errno::Success);
  EXPECT_EQ(load<uint16_t>(kFdstatFlags), 0);
  EXPECT_EQ(call(fd_fdstat_set_flags, {fd, kFdflagSync}), Errno::Inval);
  EXPECT_EQ(call(fd_fdstat_set_flags, {kPreopen, 0}), Errno::Badf);
  EXPECT_EQ(call(fd_fdstat_set_flags, {0, kFdflagNonblock}), Errno::Badf);  // inherited stdio
}

TEST_F(FdTest, RightsCanOnlyBeDropped) {
  uint32_t fd = open_file("f");
  const uint64_t base = rights::kFdSeek | rights::kFdTell;
  ASSERT_EQ(call(fd_fdstat_set_rights, {fd, base, 0}), Errno::Success);
  ASSERT_EQ(call(fd_fdstat_get, {fd, 0}), Errno::Success);
  EXPECT_EQ(load<uint64_t>(kFdstatRightsBase), base);
  EXPECT_EQ(load<uint64_t>(kFdstatRightsInheriting), 0u);
  EXPECT_EQ(call(fd_fdstat_set_rights, {fd, base | rights::kFdRead, 0}), Errno::NotCapable);
  EXPECT_EQ(call(fd_fdstat_set_rights, {fd, base, rights::kFdRead}), Errno::NotCapable);
  EXPECT_EQ(call(fd_fdstat_set_rights, {fd, base, 0}), Errno::Success);
}

// --- filestat ----------------------------------------------------------------------------------------------

TEST_F(FdTest, FilestatSizeAndTimes) {
  uint32_t fd = open_file("f");
  ASSERT_EQ(call(fd_filestat_set_size, {fd, 100}), Errno::Success);
  ASSERT_EQ(call(fd_filestat_get, {fd, 0}), Errno::Success);
  EXPECT_EQ(load<uint64_t>(kFilestatSizeField), 100u);
  EXPECT_EQ(memory_[kFilestatFiletype], static_cast<uint8_t>(Filetype::RegularFile));
  const uint64_t atim = load<uint64_t>(kFilestatAtim);
  const uint64_t mtim = 1'000'000'000ull * 1'000'000'000ull + 5;  // 2001-09-09, with nanoseconds
  ASSERT_EQ(call(fd_filestat_set_times, {fd, 0, mtim, kFstMtim}), Errno::Success);
  ASSERT_EQ(call(fd_filestat_get, {fd, 0}), Errno::Success);
  EXPECT_EQ(load<uint64_t>(kFilestatMtim), mtim);
  EXPECT_EQ(load<uint64_t>(kFilestatAtim), atim);
  EXPECT_EQ(call(fd_filestat_set_times, {fd, 0, 0, kFstMtim | kFstMtimNow}), Errno::Inval);
  EXPECT_EQ(call(fd_filestat_set_times, {fd, 0, 0, kFstAtim | kFstAtimNow}), Errno::Inval);
  EXPECT_EQ(call(fd_filestat_set_times, {fd, 0, 0, 0x10000}), Errno::Inval);
  EXPECT_EQ(call(fd_filestat_set_size, {kPreopen, 0}), Errno::Badf);
  EXPECT_EQ(call(fd_filestat_set_size, {fd, uint64_t{1} << 63}), Errno::Inval);
}

TEST_F(FdTest, AdviseAllocateSync) {
  uint32_t fd = open_file("f");
  EXPECT_EQ(call(fd_advise, {fd, 0, 10, kAdviceSequential}), Errno::Success);
  EXPECT_EQ(call(fd_advise, {fd, 0, 10, 6}), Errno::Inval);
  EXPECT_EQ(call(fd_advise, {kPreopen, 0, 10, kAdviceNormal}), Errno::Badf);
  EXPECT_EQ(call(fd_allocate, {fd, 0, 10}), Errno::NotSup);
  EXPECT_EQ(call(fd_allocate, {kPreopen, 0, 10}), Errno::Badf);
  EXPECT_EQ(call(fd_sync, {fd}), Errno::Success);
  EXPECT_EQ(call(fd_datasync, {fd}), Errno::Success);
  ctx_->get(fd)->rights_base = 0;
  EXPECT_EQ(call(fd_allocate, {fd, 0, 10}), Errno::NotCapable);
  EXPECT_EQ(call(fd_sync, {fd}), Errno::NotCapable);
}

// --- prestat, close, renumber ---------------------------------------------------------------------------

TEST_F(FdTest, Prestat) {
  ASSERT_EQ(call(fd_prestat_get, {kPreopen, 0}), Errno::Success);
  EXPECT_EQ(memory_[kPrestatTag], kPreopentypeDir);
  EXPECT_EQ(load<uint32_t>(kPrestatNameLen), 8u);
  EXPECT_EQ(call(fd_prestat_dir_name, {kPreopen, 100, 7}), Errno::NameTooLong);
  ASSERT_EQ(call(fd_prestat_dir_name, {kPreopen, 100, 20}), Errno::Success);
  EXPECT_EQ(at(100, 8), "/sandbox");
  EXPECT_EQ(call(fd_prestat_get, {0, 0}), Errno::Badf);
  EXPECT_EQ(call(fd_prestat_get, {4, 0}), Errno::Badf);
  EXPECT_EQ(call(fd_prestat_dir_name, {1, 100, 20}), Errno::Badf);
  EXPECT_EQ(call(fd_prestat_dir_name, {kPreopen, 4095, 20}), Errno::Fault);
}

TEST_F(FdTest, ClosingAPreopenIsAllowed) {
  EXPECT_EQ(call(fd_close, {kPreopen}), Errno::Success);
  EXPECT_EQ(call(fd_close, {kPreopen}), Errno::Badf);
  EXPECT_EQ(call(fd_prestat_get, {kPreopen, 0}), Errno::Badf);
}

TEST_F(FdTest, ClosingStdioLeavesTheHostDescriptorOpen) {
  EXPECT_EQ(call(fd_close, {1}), Errno::Success);
  EXPECT_GE(fcntl(out_[1], F_GETFD), 0);
}

TEST_F(FdTest, Renumber) {
  uint32_t a = open_file("a");
  uint32_t b = open_file("b", O_RDONLY | O_CREAT);
  const int host_a = ctx_->get(a)->host;
  EXPECT_EQ(call(fd_renumber, {a, a}), Errno::Success);
  ASSERT_EQ(call(fd_renumber, {a, b}), Errno::Success);
  EXPECT_EQ(ctx_->get(a), nullptr);
  ASSERT_NE(ctx_->get(b), nullptr);
  EXPECT_EQ(ctx_->get(b)->host, host_a);
  EXPECT_GE(fcntl(host_a, F_GETFD), 0);  // moved, not closed
  EXPECT_EQ(call(fd_renumber, {b, a}), Errno::Badf);  // the target is not open
  EXPECT_EQ(call(fd_renumber, {a, b}), Errno::Badf);  // neither is the source
  // Stdio moved onto a file: the guest's 0 is gone, the file's number reads the pipe.
  ASSERT_EQ(call(fd_renumber, {0, b}), Errno::Success);
  EXPECT_EQ(call(fd_fdstat_get, {0, 0}), Errno::Badf);
  EXPECT_EQ(ctx_->get(b)->host, in_[0]);
}

// --- fd_readdir ------------------------------------------------------------------------------------------

std::vector<DirEntry> listing_of(std::initializer_list<const char*> names) {
  std::vector<DirEntry> out;
  uint64_t ino = 10;
  for (const char* n : names) out.push_back({n, ino++, Filetype::RegularFile});
  return out;
}

struct Dirent {
  uint64_t next;
  uint64_t ino;
  uint32_t namlen;
  uint8_t type;
  std::string name;
};

// Parses whole records, as wasi-libc does; a cut last record is left out.
std::vector<Dirent> parse(const uint8_t* p, size_t len) {
  std::vector<Dirent> out;
  size_t i = 0;
  while (len - i >= kDirentSize) {
    Dirent d{};
    std::memcpy(&d.next, p + i + kDirentNext, 8);
    std::memcpy(&d.ino, p + i + kDirentIno, 8);
    std::memcpy(&d.namlen, p + i + kDirentNamlen, 4);
    d.type = p[i + kDirentType];
    if (len - i - kDirentSize < d.namlen) break;
    d.name.assign(reinterpret_cast<const char*>(p + i + kDirentSize), d.namlen);
    out.push_back(d);
    i += kDirentSize + d.namlen;
  }
  return out;
}

TEST(FillDirents, WholeListing) {
  auto listing = listing_of({".", "..", "abc"});
  std::vector<uint8_t> buf(200, 0xee);
  uint32_t used = fill_dirents(buf, listing, 0);
  EXPECT_EQ(used, 3 * kDirentSize + 1 + 2 + 3);
  auto d = parse(buf.data(), used);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].name, ".");
  EXPECT_EQ(d[0].next, 1u);
  EXPECT_EQ(d[2].name, "abc");
  EXPECT_EQ(d[2].next, 3u);
  EXPECT_EQ(d[2].ino, 12u);
  EXPECT_EQ(d[2].type, static_cast<uint8_t>(Filetype::RegularFile));
  EXPECT_EQ(buf[kDirentType + 1], 0);  // header padding is zero
}

TEST(FillDirents, CookieSkipsEntries) {
  auto listing = listing_of({".", "..", "abc", "de"});
  std::vector<uint8_t> buf(200);
  uint32_t used = fill_dirents(buf, listing, 3);
  auto d = parse(buf.data(), used);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].name, "de");
  EXPECT_EQ(d[0].next, 4u);
  EXPECT_EQ(fill_dirents(buf, listing, 4), 0u);
  EXPECT_EQ(fill_dirents(buf, listing, 1000), 0u);
}

TEST(FillDirents, TruncatesTheLastEntryAndFillsTheBuffer) {
  auto listing = listing_of({".", "..", "abcdef"});
  // Room for "." whole and half of the ".." header.
  std::vector<uint8_t> buf(kDirentSize + 1 + 12);
  EXPECT_EQ(fill_dirents(buf, listing, 0), buf.size());
  auto d = parse(buf.data(), buf.size());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].name, ".");
  // A name cut short.
  buf.assign(kDirentSize + 3, 0);
  EXPECT_EQ(fill_dirents(buf, listing, 2), buf.size());
  EXPECT_EQ(std::string(reinterpret_cast<char*>(buf.data()) + kDirentSize, 3), "abc");
  std::vector<uint8_t> none;
  EXPECT_EQ(fill_dirents(none, listing, 0), 0u);
}

TEST_F(FdTest, ReaddirListsEverythingAcrossCalls) {
  std::set<std::string> expected = {".", ".."};
  for (int i = 0; i < 40; ++i) {
    std::string name = "file-with-a-longish-name." + std::to_string(i);
    close(open((dir_ + "/" + name).c_str(), O_CREAT | O_WRONLY, 0644));
    expected.insert(name);
  }
  mkdir((dir_ + "/sub").c_str(), 0755);
  expected.insert("sub");
  symlink("nowhere", (dir_ + "/link").c_str());
  expected.insert("link");

  struct stat dot {};
  ASSERT_EQ(stat(dir_.c_str(), &dot), 0);
  // A small buffer: the caller resumes from the last whole entry's d_next, as wasi-libc does.
  constexpr uint32_t kBuf = 1000;
  constexpr uint32_t kLen = 100;
  std::vector<Dirent> all;
  uint64_t cookie = 0;
  for (int round = 0; round < 100; ++round) {
    ASSERT_EQ(call(fd_readdir, {kPreopen, kBuf, kLen, cookie, 50}), Errno::Success);
    const uint32_t used = load<uint32_t>(50);
    auto d = parse(memory_.data() + kBuf, used);
    all.insert(all.end(), d.begin(), d.end());
    if (used < kLen) break;
    ASSERT_FALSE(d.empty()) << "buffer too small for one entry";
    cookie = d.back().next;
  }
  std::set<std::string> seen;
  for (const Dirent& d : all) {
    EXPECT_TRUE(seen.insert(d.name).second) << d.name << " twice";
    Filetype type = Filetype::RegularFile;
    if (d.name == "." || d.name == ".." || d.name == "sub") type = Filetype::Directory;
    if (d.name == "link") type = Filetype::SymbolicLink;
    EXPECT_EQ(d.type, static_cast<uint8_t>(type)) << d.name;
    EXPECT_TRUE(d.name != "." || d.ino == dot.st_ino);
  }
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(all[0].name, ".");
  EXPECT_EQ(all[1].name, "..");
}

TEST_F(FdTest, ReaddirRereadsAtCookieZero) {
  ASSERT_EQ(call(fd_readdir, {kPreopen, 1000, 1000, 0, 50}), Errno::Success);
  EXPECT_EQ(parse(memory_.data() + 1000, load<uint32_t>(50)).size(), 2u);
  close(open((dir_ + "/new").c_str(), O_CREAT | O_WRONLY, 0644));
  // A continued listing keeps the snapshot; a new one (cookie 0) sees the new file.
  ASSERT_EQ(call(fd_readdir, {kPreopen, 1000, 1000, 1, 50}), Errno::Success);
  EXPECT_EQ(parse(memory_.data() + 1000, load<uint32_t>(50)).size(), 1u);
  ASSERT_EQ(call(fd_readdir, {kPreopen, 1000, 1000, 0, 50}), Errno::Success);
  EXPECT_EQ(parse(memory_.data() + 1000, load<uint32_t>(50)).size(), 3u);
}

TEST_F(FdTest, ReaddirErrors) {
  uint32_t fd = open_file("f");
  EXPECT_EQ(call(fd_readdir, {fd, 1000, 100, 0, 50}), Errno::Badf);
  EXPECT_EQ(call(fd_readdir, {kPreopen, 4000, 100, 0, 50}), Errno::Fault);
  EXPECT_EQ(call(fd_readdir, {kPreopen, 1000, 100, 0, 4094}), Errno::Fault);
  ctx_->get(kPreopen)->rights_base &= ~rights::kFdReaddir;
  EXPECT_EQ(call(fd_readdir, {kPreopen, 1000, 100, 0, 50}), Errno::NotCapable);
}

}  // namespace
}  // namespace mosaic::wasi::p1

namespace mosaic::wasi::p1 {
namespace {

// Regression: inherited stdio once carried every right, so a guest could truncate, extend or re-time the
// host's own files behind `> log` / `< in` (and pwrite or seek the offset it shares with the shell).
TEST(FdStdio, GuestCannotTruncateRetimeOrSeekTheHostsFiles) {
  char tmpl[] = "/tmp/mosaic-stdio-test-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  {
    std::ofstream(dir + "/in") << "input";
    std::ofstream(dir + "/log") << "earlier log lines\n";
  }
  const int in = open((dir + "/in").c_str(), O_RDONLY | O_CLOEXEC);
  const int log = open((dir + "/log").c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  ASSERT_GE(in, 0);
  ASSERT_GE(log, 0);
  struct stat before {};
  ASSERT_EQ(stat((dir + "/in").c_str(), &before), 0);
  WasiConfig config;
  config.stdin_fd = in;
  config.stdout_fd = log;
  config.stderr_fd = log;
  Result<std::unique_ptr<Ctx>> ctx = Ctx::create(config);
  ASSERT_TRUE(ctx);
  std::vector<uint8_t> memory(256);
  auto call = [&](Errno (*fn)(Call&), std::vector<uint64_t> args) {
    Call c{**ctx, GuestMemory(memory.data(), memory.size()), args.data(), std::nullopt};
    return fn(c);
  };
  EXPECT_EQ(call(fd_filestat_set_size, {1, 0}), Errno::NotCapable);
  EXPECT_EQ(call(fd_filestat_set_size, {2, 1000000}), Errno::NotCapable);
  EXPECT_EQ(call(fd_filestat_set_times, {0, 0, 0, kFstAtim | kFstMtim}), Errno::NotCapable);
  EXPECT_EQ(call(fd_seek, {0, 2, kWhenceSet, 64}), Errno::NotCapable);
  EXPECT_EQ(call(fd_allocate, {1, 0, 4096}), Errno::NotCapable);
  EXPECT_EQ(call(fd_write, {0, 0, 0, 64}), Errno::NotCapable);  // stdin is not for writing
  EXPECT_EQ(call(fd_filestat_get, {1, 64}), Errno::Success);    // looking is fine
  EXPECT_EQ(std::filesystem::file_size(dir + "/log"), 18u);
  struct stat after {};
  ASSERT_EQ(stat((dir + "/in").c_str(), &after), 0);
  EXPECT_EQ(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
  EXPECT_EQ(lseek(in, 0, SEEK_CUR), 0);
  ctx->reset();
  close(in);
  close(log);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mosaic::wasi::p1
