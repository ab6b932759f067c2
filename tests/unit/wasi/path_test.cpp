// The preview1 path_* functions (src/wasi/p1/path.cpp) called directly, on a context with one preopened
// temporary directory: argument checks, rights, errno refinements, and what they write to guest memory.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "wasi/fs/sandbox.h"
#include "wasi/p1/call.h"
#include "wasi/p1/ctx.h"

namespace mosaic::wasi::p1 {
namespace {

namespace stdfs = std::filesystem;

constexpr uint32_t kPreopen = 3;  // after stdin, stdout, stderr

class PathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/mosaic-path-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    std::ofstream(root_ / "file") << "hello";
    stdfs::create_directory(root_ / "dir");
    stdfs::create_symlink("file", root_ / "link");
    stdfs::create_symlink("../..", root_ / "escape");
    WasiConfig config;
    config.dirs.push_back({root_.string(), "/"});
    auto ctx = Ctx::create(config);
    ASSERT_TRUE(ctx.has_value());
    ctx_ = std::move(*ctx);
    memory_.assign(4096, 0);
  }
  void TearDown() override {
    ctx_.reset();
    std::error_code ec;
    stdfs::remove_all(root_, ec);
  }

  Errno call(Errno (*fn)(Call&), std::initializer_list<uint64_t> args) {
    std::vector<uint64_t> slots(args);
    Call c{*ctx_, GuestMemory(memory_.data(), memory_.size()), slots.data(), std::nullopt};
    return fn(c);
  }
  // Copies `s` into guest memory; returns its address.
  uint32_t put(std::string_view s) {
    const uint32_t at = next_;
    std::memcpy(memory_.data() + at, s.data(), s.size());
    next_ += static_cast<uint32_t>(s.size() + 8) & ~7u;
    return at;
  }
  uint32_t u32_at(uint32_t ptr) const {
    uint32_t v;
    std::memcpy(&v, memory_.data() + ptr, 4);
    return v;
  }
  uint64_t u64_at(uint32_t ptr) const {
    uint64_t v;
    std::memcpy(&v, memory_.data() + ptr, 8);
    return v;
  }

  // path_open beneath `dir`; the new descriptor in `fd`.
  Errno open(uint32_t dir, std::string_view path, uint32_t oflags, uint64_t base, uint64_t inheriting,
             uint32_t& fd, uint32_t lookup = 0, uint32_t fdflags = 0) {
    const uint32_t p = put(path);
    const Errno e = call(path_open, {dir, lookup, p, path.size(), oflags, base, inheriting, fdflags, kOut});
    fd = u32_at(kOut);
    return e;
  }
  Errno on_path(Errno (*fn)(Call&), uint32_t dir, std::string_view path) {
    const uint32_t p = put(path);
    return call(fn, {dir, p, path.size()});
  }

  static constexpr uint32_t kOut = 2048;
  stdfs::path root_;
  std::unique_ptr<Ctx> ctx_;
  std::vector<uint8_t> memory_;
  uint32_t next_ = 16;
};

TEST_F(PathTest, OpenGivesRightsOfTheKindOpened) {
  uint32_t fd = 0;
  ASSERT_EQ(open(kPreopen, "file", 0, rights::kFdRead | rights::kFdSeek | rights::kPathOpen, rights::kAll, fd),
            Errno::Success);
  FdEntry* entry = ctx_->get(fd);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->type, Filetype::RegularFile);
  EXPECT_EQ(entry->rights_base, rights::kFdRead | rights::kFdSeek);  // path_open means nothing on a file
  EXPECT_EQ(entry->rights_inheriting, 0u);
  char buf[8] = {};
  EXPECT_EQ(::pread(entry->host, buf, sizeof buf, 0), 5);
  EXPECT_EQ(std::string(buf), "hello");

  ASSERT_EQ(open(kPreopen, "dir", kOflagDirectory, rights::kFdSeek | rights::kPathOpen, rights::kFdRead, fd),
            Errno::Success);
  entry = ctx_->get(fd);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->type, Filetype::Directory);
  EXPECT_EQ(entry->rights_base, rights::kPathOpen);  // a directory does not seek
  EXPECT_EQ(entry->rights_inheriting, rights::kFdRead);

  // Opening through it: only what it lets its children have.
  uint32_t child = 0;
  std::ofstream(root_ / "dir" / "inner") << "x";
  ASSERT_EQ(open(fd, "inner", 0, rights::kFdRead | rights::kFdWrite, 0, child), Errno::Success);
  EXPECT_EQ(ctx_->get(child)->rights_base, rights::kFdRead);
  EXPECT_EQ(::write(ctx_->get(child)->host, "y", 1), -1);  // opened read-only on the host too
}

TEST_F(PathTest, OpenChecks) {
  uint32_t fd = 0;
  EXPECT_EQ(open(kPreopen, "../x", 0, 0, 0, fd), Errno::Perm);
  EXPECT_EQ(open(kPreopen, "/file", 0, 0, 0, fd), Errno::Perm);
  EXPECT_EQ(open(kPreopen, "escape", 0, 0, 0, fd, kLookupSymlinkFollow), Errno::Perm);
  EXPECT_EQ(open(kPreopen, "link", 0, 0, 0, fd), Errno::Loop);
  EXPECT_EQ(open(kPreopen, "link", 0, 0, 0, fd, kLookupSymlinkFollow), Errno::Success);
  EXPECT_EQ(open(kPreopen, "missing", 0, 0, 0, fd), Errno::NoEnt);
  EXPECT_EQ(open(kPreopen, "file/", 0, 0, 0, fd), Errno::NotDir);
  EXPECT_EQ(open(kPreopen, "", 0, 0, 0, fd), Errno::NoEnt);
  EXPECT_EQ(open(kPreopen, std::string("file\0", 5), 0, 0, 0, fd), Errno::Inval);
  EXPECT_EQ(open(kPreopen, "\xff\xfe", 0, 0, 0, fd), Errno::Ilseq);
  EXPECT_EQ(open(kPreopen, "file", 1 << 4, 0, 0, fd), Errno::Inval);
  EXPECT_EQ(open(kPreopen, "file", 0, 0, 0, fd, 1 << 3), Errno::Inval);
  EXPECT_EQ(open(kPreopen, "file", 0, 0, 0, fd, 0, 1 << 7), Errno::Inval);
  EXPECT_EQ(open(kPreopen, "new", kOflagDirectory | kOflagCreat, 0, 0, fd), Errno::Inval);
  EXPECT_EQ(open(kPreopen, "file", kOflagCreat | kOflagExcl, 0, 0, fd), Errno::Exist);
  // Write rights on a directory: isdir (the testsuite's path_open_preopen expects the open to fail).
  EXPECT_EQ(open(kPreopen, ".", kOflagDirectory, rights::kFdRead | rights::kFdWrite, 0, fd), Errno::IsDir);
  EXPECT_EQ(open(99, "file", 0, 0, 0, fd), Errno::Badf);
  // A guest pointer outside memory.
  EXPECT_EQ(call(path_open, {kPreopen, 0, 5000, 4, 0, 0, 0, 0, kOut}), Errno::Fault);
  const uint32_t p = put("file");
  EXPECT_EQ(call(path_open, {kPreopen, 0, p, 4, 0, 0, 0, 0, 4094}), Errno::Fault);

  // A file is not a directory to open beneath.
  uint32_t file = 0;
  ASSERT_EQ(open(kPreopen, "file", 0, rights::kAll, 0, file), Errno::Success);
  EXPECT_EQ(open(file, "x", kOflagCreat, 0, 0, fd), Errno::NotDir);
}

TEST_F(PathTest, Rights) {
  uint32_t dir = 0;
  ASSERT_EQ(open(kPreopen, "dir", kOflagDirectory, rights::kFdReaddir, rights::kAll, dir), Errno::Success);
  uint32_t fd = 0;
  EXPECT_EQ(open(dir, "x", 0, 0, 0, fd), Errno::NotCapable);
  EXPECT_EQ(on_path(path_create_directory, dir, "x"), Errno::NotCapable);
  EXPECT_EQ(on_path(path_unlink_file, dir, "x"), Errno::NotCapable);
  EXPECT_EQ(on_path(path_remove_directory, dir, "x"), Errno::NotCapable);
  // O_CREAT needs path_create_file; O_TRUNC path_filestat_set_size.
  ASSERT_EQ(open(kPreopen, "dir", kOflagDirectory, rights::kPathOpen, rights::kAll, dir), Errno::Success);
  EXPECT_EQ(open(dir, "x", kOflagCreat, 0, 0, fd), Errno::NotCapable);
  std::ofstream(root_ / "dir" / "t") << "text";
  EXPECT_EQ(open(dir, "t", kOflagTrunc, 0, 0, fd), Errno::NotCapable);
  EXPECT_EQ(stdfs::file_size(root_ / "dir" / "t"), 4u);
  EXPECT_EQ(open(kPreopen, "dir/t", kOflagTrunc, 0, 0, fd), Errno::Success);
  EXPECT_EQ(stdfs::file_size(root_ / "dir" / "t"), 0u);
}

TEST_F(PathTest, NameOperations) {
  EXPECT_EQ(on_path(path_create_directory, kPreopen, "made"), Errno::Success);
  EXPECT_TRUE(stdfs::is_directory(root_ / "made"));
  EXPECT_EQ(on_path(path_create_directory, kPreopen, "made"), Errno::Exist);
  EXPECT_EQ(on_path(path_create_directory, kPreopen, "escape/x"), Errno::Perm);
  EXPECT_EQ(on_path(path_unlink_file, kPreopen, "dir"), Errno::IsDir);
  EXPECT_EQ(on_path(path_unlink_file, kPreopen, "file/"), Errno::NotDir);
  EXPECT_EQ(on_path(path_remove_directory, kPreopen, "file"), Errno::NotDir);
  EXPECT_EQ(on_path(path_remove_directory, kPreopen, "made/"), Errno::Success);
  EXPECT_EQ(on_path(path_unlink_file, kPreopen, "escape"), Errno::Success);  // the link itself
  EXPECT_FALSE(stdfs::is_symlink(root_ / "escape"));

  const uint32_t from = put("file"), to = put("renamed"), bad = put("../renamed");
  EXPECT_EQ(call(path_rename, {kPreopen, from, 4, kPreopen, bad, 10}), Errno::Perm);
  EXPECT_EQ(call(path_rename, {kPreopen, from, 4, kPreopen, to, 7}), Errno::Success);
  EXPECT_TRUE(stdfs::exists(root_ / "renamed"));

  const uint32_t hard = put("hard");
  EXPECT_EQ(call(path_link, {kPreopen, kLookupSymlinkFollow, to, 7, kPreopen, hard, 4}), Errno::Inval);
  EXPECT_EQ(call(path_link, {kPreopen, 0, to, 7, kPreopen, hard, 4}), Errno::Success);
  EXPECT_EQ(stdfs::hard_link_count(root_ / "hard"), 2u);

  const uint32_t abs = put("/etc/passwd"), rel = put("renamed"), name = put("sym");
  EXPECT_EQ(call(path_symlink, {abs, 11, kPreopen, name, 3}), Errno::Perm);
  EXPECT_EQ(call(path_symlink, {rel, 7, kPreopen, name, 3}), Errno::Success);
  EXPECT_EQ(stdfs::read_symlink(root_ / "sym"), "renamed");
}

TEST_F(PathTest, ReadlinkTruncates) {
  const uint32_t p = put("link");
  constexpr uint32_t kBuf = 1024, kUsed = 1100;
  ASSERT_EQ(call(path_readlink, {kPreopen, p, 4, kBuf, 64, kUsed}), Errno::Success);
  EXPECT_EQ(u32_at(kUsed), 4u);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(memory_.data()) + kBuf, 4), "file");
  std::memset(memory_.data() + kBuf, 0, 8);
  ASSERT_EQ(call(path_readlink, {kPreopen, p, 4, kBuf, 3, kUsed}), Errno::Success);
  EXPECT_EQ(u32_at(kUsed), 3u);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(memory_.data()) + kBuf), "fil");
  const uint32_t f = put("file");
  EXPECT_EQ(call(path_readlink, {kPreopen, f, 4, kBuf, 64, kUsed}), Errno::Inval);
  EXPECT_EQ(call(path_readlink, {kPreopen, p, 4, 4094, 64, kUsed}), Errno::Fault);
}

TEST_F(PathTest, Filestat) {
  constexpr uint32_t kStat = 1024;
  const uint32_t link = put("link");
  ASSERT_EQ(call(path_filestat_get, {kPreopen, 0, link, 4, kStat}), Errno::Success);
  EXPECT_EQ(memory_[kStat + kFilestatFiletype], static_cast<uint8_t>(Filetype::SymbolicLink));
  ASSERT_EQ(call(path_filestat_get, {kPreopen, kLookupSymlinkFollow, link, 4, kStat}), Errno::Success);
  EXPECT_EQ(memory_[kStat + kFilestatFiletype], static_cast<uint8_t>(Filetype::RegularFile));
  EXPECT_EQ(u64_at(kStat + kFilestatSizeField), 5u);
  EXPECT_EQ(u64_at(kStat + kFilestatNlink), 1u);
  struct stat st {};
  ASSERT_EQ(::stat((root_ / "file").c_str(), &st), 0);
  EXPECT_EQ(u64_at(kStat + kFilestatIno), st.st_ino);
  EXPECT_EQ(call(path_filestat_get, {kPreopen, 0, link, 4, 4090}), Errno::Fault);

  // Set the target's modification time through the link; the link's own stays.
  const uint64_t mtim = 1'000'000'000ull * 1234 + 5;
  ASSERT_EQ(call(path_filestat_set_times, {kPreopen, kLookupSymlinkFollow, link, 4, 0, mtim, kFstMtim}),
            Errno::Success);
  ASSERT_EQ(::stat((root_ / "file").c_str(), &st), 0);
  EXPECT_EQ(st.st_mtim.tv_sec, 1234);
  EXPECT_EQ(st.st_mtim.tv_nsec, 5);
  EXPECT_EQ(call(path_filestat_set_times, {kPreopen, 0, link, 4, 0, 0, kFstAtim | kFstAtimNow}), Errno::Inval);
  EXPECT_EQ(call(path_filestat_set_times, {kPreopen, 0, link, 4, 0, 0, kFstMtim | kFstMtimNow}), Errno::Inval);
  const uint32_t escape = put("escape/x");
  EXPECT_EQ(call(path_filestat_set_times, {kPreopen, 0, escape, 8, 0, 0, kFstMtimNow}), Errno::Perm);
}

}  // namespace
}  // namespace mosaic::wasi::p1
