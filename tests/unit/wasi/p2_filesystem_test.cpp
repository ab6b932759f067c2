// wasi:filesystem/types and wasi:filesystem/preopens (src/wasi/p2/filesystem_*.cpp), called through their
// function table on a scratch directory preopened as /sandbox: descriptors and their flags, open-at's
// flags, the sandbox's refusals, reads, writes and streams, directories, timestamps, links, metadata hashes,
// error codes, and misuse (bad handles are traps).

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "mosaic/component/linker.h"
#include "wasi/p2/ctx.h"
#include "wasi/p2/filesystem_descriptor.h"
#include "wasi/p2/filesystem_error_code.h"
#include "wasi/p2/filesystem_types.h"
#include "wasi/p2/interfaces.h"
#include "wasi/p2/io.h"

namespace mosaic::wasi::p2 {
namespace {

namespace stdfs = std::filesystem;
using mc::Value;

class P2Filesystem : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/mosaic_p2fs_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    stdfs::create_directories(root_ / "sandbox");
    stdfs::create_directories(root_ / "outside");
    write_file(root_ / "outside" / "secret.txt", "SECRET\n");
    write_file(root_ / "sandbox" / "given.txt", "fixture contents\n");
    ctx_ = std::make_shared<Ctx>(WasiConfig{});
    int fd = ::open((root_ / "sandbox").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    ctx_->preopens.push_back({std::make_shared<FdHolder>(fs::UniqueFd(fd)), "/sandbox"});
    // The resource types of wasi:io that these functions make handles of, and the filesystem's own.
    ctx_->types.error = ctx_->define_resource(linker_, "wasi:io/error", "error");
    ctx_->types.input_stream = ctx_->define_resource(linker_, "wasi:io/streams", "input-stream");
    ctx_->types.output_stream = ctx_->define_resource(linker_, "wasi:io/streams", "output-stream");
    add_filesystem_types(ctx_, linker_);
    add_filesystem_preopens(ctx_, linker_);
    Value dirs = get_directories(*ctx_, {}).value();
    ASSERT_EQ(dirs.items().size(), 1u);
    sandbox_ = borrow(dirs.items()[0].items()[0]);
  }
  void TearDown() override {
    std::error_code ec;
    stdfs::remove_all(root_, ec);
  }

  static void write_file(const stdfs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
  }
  std::string read_host(const std::string& name) {
    std::ifstream in(root_ / "sandbox" / name, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }

  // Calls `item` of wasi:filesystem/types; an Error (a trap) fails the test.
  Value call(std::string_view item, std::vector<Value> args) {
    Result<Value> r = try_call(item, std::move(args));
    EXPECT_TRUE(r) << item << ": " << r.error().to_string();
    return r ? std::move(r).value() : Value::make_bool(false);
  }
  Result<Value> try_call(std::string_view item, std::vector<Value> args) {
    for (const HostFunction& fn : filesystem_types_functions()) {
      if (fn.item == item) {
        EXPECT_EQ(args.size(), fn.params) << item;
        return fn.call(*ctx_, args);
      }
    }
    ADD_FAILURE() << "no function " << item;
    return Error(ErrorKind::Usage, "no function");
  }
  Value m(std::string_view method, std::vector<Value> args) {
    return call("[method]descriptor." + std::string(method), std::move(args));
  }

  static Value borrow(const Value& own) { return Value::borrow(own.as_resource()); }
  static Value str(std::string s) { return Value::string(std::move(s)); }
  static Value u64(uint64_t v) { return Value::u64(v); }
  static Value flags(std::vector<std::string> set = {}) { return Value::flags(std::move(set)); }
  static Value bytes(std::string_view s) {
    std::vector<Value> v;
    for (char c : s) v.push_back(Value::u8(uint8_t(c)));
    return Value::list(std::move(v));
  }
  static std::string text(const Value& list) {
    std::vector<uint8_t> bytes;
    EXPECT_TRUE(list.to_bytes(bytes));
    return std::string(bytes.begin(), bytes.end());
  }
  // The error-code case of an err result ("" when the result is ok).
  static std::string error_of(const Value& result) {
    EXPECT_EQ(result.kind(), mc::TypeKind::Result);
    if (!result.is_err()) return "";
    return result.payload()->case_name();
  }
  // The payload of an ok result (the test fails on an err).
  static Value ok_of(const Value& result) {
    EXPECT_FALSE(result.is_err()) << "error-code " << result.payload()->case_name();
    if (result.is_err() || result.payload() == nullptr) return Value::make_bool(false);
    return *result.payload();
  }
  static std::set<std::string> flag_set(const Value& flags) {
    return std::set<std::string>(flags.flag_names().begin(), flags.flag_names().end());
  }
  static const Value& field(const Value& record, std::string_view name) {
    for (size_t i = 0; i < record.field_names().size(); ++i)
      if (record.field_names()[i] == name) return record.items()[i];
    ADD_FAILURE() << "no field " << name;
    static const Value none;
    return none;
  }

  // open-at beneath the sandbox; the own handle of the new descriptor (as a borrow), or the error-code.
  Value open(std::string_view path, std::vector<std::string> oflags, std::vector<std::string> dflags,
             std::vector<std::string> pflags = {"symlink-follow"}) {
    return m("open-at", {sandbox_, flags(std::move(pflags)), str(std::string(path)), flags(std::move(oflags)),
                         flags(std::move(dflags))});
  }
  Value open_ok(std::string_view path, std::vector<std::string> oflags, std::vector<std::string> dflags) {
    return borrow(ok_of(open(path, std::move(oflags), std::move(dflags))));
  }

  stdfs::path root_;
  std::shared_ptr<Ctx> ctx_;
  mc::Linker linker_;
  Value sandbox_;
};

TEST_F(P2Filesystem, PreopensAreNewHandlesOverTheSameDirectory) {
  Value a = get_directories(*ctx_, {}).value();
  Value b = get_directories(*ctx_, {}).value();
  ASSERT_EQ(a.items().size(), 1u);
  EXPECT_EQ(a.items()[0].items()[1].as_string(), "/sandbox");
  EXPECT_EQ(a.items()[0].items()[0].kind(), mc::TypeKind::Own);
  EXPECT_NE(a.items()[0].items()[0].as_resource().rep, b.items()[0].items()[0].as_resource().rep);
  EXPECT_TRUE(
      m("is-same-object", {borrow(a.items()[0].items()[0]), borrow(b.items()[0].items()[0])}).as_bool());
  EXPECT_EQ(flag_set(ok_of(m("get-flags", {sandbox_}))), (std::set<std::string>{"read", "mutate-directory"}));
  EXPECT_EQ(ok_of(m("get-type", {sandbox_})).case_name(), "directory");
}

TEST_F(P2Filesystem, CreateWriteReadStat) {
  Value f = open_ok("a.txt", {"create"}, {"read", "write"});
  EXPECT_EQ(ok_of(m("write", {f, bytes("hello world\n"), u64(0)})).as_unsigned(), 12u);
  EXPECT_EQ(ok_of(m("write", {f, bytes("HELLO"), u64(0)})).as_unsigned(), 5u);
  EXPECT_EQ(read_host("a.txt"), "HELLO world\n");
  Value r = ok_of(m("read", {f, u64(5), u64(6)}));
  EXPECT_EQ(text(r.items()[0]), "world");
  EXPECT_FALSE(r.items()[1].as_bool());
  r = ok_of(m("read", {f, u64(100), u64(6)}));
  EXPECT_EQ(text(r.items()[0]), "world\n");
  EXPECT_TRUE(r.items()[1].as_bool());
  r = ok_of(m("read", {f, u64(0), u64(0)}));
  EXPECT_EQ(r.items()[0], Value::bytes({}));
  EXPECT_TRUE(r.items()[1].as_bool());
  r = ok_of(m("read", {f, u64(100), u64(1000)}));
  EXPECT_EQ(r.items()[0], Value::bytes({}));
  EXPECT_TRUE(r.items()[1].as_bool());

  Value st = ok_of(m("stat", {f}));
  EXPECT_EQ(field(st, "type").case_name(), "regular-file");
  EXPECT_EQ(field(st, "size").as_unsigned(), 12u);
  EXPECT_EQ(field(st, "link-count").as_unsigned(), 1u);
  EXPECT_TRUE(field(st, "data-modification-timestamp").is_some());
  EXPECT_EQ(flag_set(ok_of(m("get-flags", {f}))), (std::set<std::string>{"read", "write"}));

  EXPECT_EQ(error_of(m("set-size", {f, u64(3)})), "");
  EXPECT_EQ(read_host("a.txt"), "HEL");
  EXPECT_EQ(error_of(m("set-size", {f, u64(1ull << 63)})), "invalid");
  EXPECT_EQ(error_of(m("advise", {f, u64(0), u64(0), Value::enum_case("sequential")})), "");
  EXPECT_EQ(error_of(m("sync", {f})), "");
  EXPECT_EQ(error_of(m("sync-data", {f})), "");
}

TEST_F(P2Filesystem, ReadIsCappedButNeverShortWhenTheDataIsThere) {
  // One read gives at most 1 MiB (filesystem_types.cpp kMaxRead).
  const uint64_t size = (1u << 20) + 100 * 1024;
  write_file(root_ / "sandbox" / "big.bin", std::string(size, 'x'));
  Value f = open_ok("big.bin", {}, {"read"});
  Value r = ok_of(m("read", {f, u64(~0ull), u64(0)}));
  EXPECT_EQ(text(r.items()[0]).size(), 1u << 20);
  EXPECT_FALSE(r.items()[1].as_bool());
  r = ok_of(m("read", {f, u64(50000), u64(size - 42400)}));
  EXPECT_EQ(text(r.items()[0]).size(), 42400u);
  EXPECT_TRUE(r.items()[1].as_bool());
  EXPECT_EQ(error_of(m("read", {f, u64(1), u64(~0ull)})), "invalid");
}

TEST_F(P2Filesystem, OpenAtFlags) {
  EXPECT_EQ(error_of(open("missing.txt", {}, {"read"})), "no-entry");
  EXPECT_EQ(error_of(open("given.txt", {"create", "exclusive"}, {"write"})), "exist");
  EXPECT_EQ(error_of(open("given.txt", {"directory"}, {"read"})), "not-directory");
  EXPECT_EQ(error_of(open("given.txt/x", {}, {"read"})), "not-directory");
  EXPECT_EQ(error_of(open("dir", {"directory", "create"}, {"read"})), "invalid");
  ASSERT_EQ(error_of(m("create-directory-at", {sandbox_, str("dir")})), "");
  EXPECT_EQ(error_of(open("dir", {}, {"write"})), "is-directory");
  EXPECT_EQ(error_of(open("dir", {"create"}, {"read"})), "is-directory");
  Value d = open_ok("dir", {"directory"}, {"read"});
  EXPECT_EQ(ok_of(m("get-type", {d})).case_name(), "directory");
  // A directory opened through the sandbox inherits its permission to change things.
  EXPECT_EQ(error_of(m("create-directory-at", {d, str("sub")})), "");
  EXPECT_TRUE(stdfs::is_directory(root_ / "sandbox" / "dir" / "sub"));

  // truncate empties; create without write still writes (the host opens it read-write, as wasmtime).
  Value t = open_ok("given.txt", {"truncate"}, {"read"});
  EXPECT_EQ(field(ok_of(m("stat", {t})), "size").as_unsigned(), 0u);
  Value c = open_ok("new.txt", {"create"}, {"read"});
  EXPECT_EQ(ok_of(m("write", {c, bytes("x"), u64(0)})).as_unsigned(), 1u);

  // Without symlink-follow a final symbolic link is `loop`; with it, the target is opened.
  ASSERT_EQ(error_of(m("symlink-at", {sandbox_, str("new.txt"), str("link")})), "");
  EXPECT_EQ(error_of(open("link", {}, {"read"}, {})), "loop");
  Value l = open_ok("link", {}, {"read"});
  EXPECT_EQ(ok_of(m("get-type", {l})).case_name(), "regular-file");
}

TEST_F(P2Filesystem, SandboxRefusesEscapes) {
  EXPECT_EQ(error_of(open("/etc/passwd", {}, {"read"})), "not-permitted");
  EXPECT_EQ(error_of(open("../outside/secret.txt", {}, {"read"})), "not-permitted");
  EXPECT_EQ(error_of(open("../outside/new.txt", {"create"}, {"write"})), "not-permitted");
  EXPECT_EQ(error_of(m("create-directory-at", {sandbox_, str("../outside/made")})), "not-permitted");
  EXPECT_EQ(error_of(m("stat-at", {sandbox_, flags(), str("..")})), "not-permitted");
  // A link out of the sandbox may exist but is never followed; an absolute target is refused outright.
  stdfs::create_symlink("../outside/secret.txt", root_ / "sandbox" / "esc");
  EXPECT_EQ(error_of(open("esc", {}, {"read"})), "not-permitted");
  EXPECT_EQ(error_of(m("stat-at", {sandbox_, flags({"symlink-follow"}), str("esc")})), "not-permitted");
  EXPECT_EQ(field(ok_of(m("stat-at", {sandbox_, flags(), str("esc")})), "type").case_name(), "symbolic-link");
  EXPECT_EQ(error_of(m("symlink-at", {sandbox_, str("/etc/passwd"), str("abs")})), "not-permitted");
  EXPECT_EQ(error_of(m("rename-at", {sandbox_, str("given.txt"), sandbox_, str("../outside/x")})),
            "not-permitted");
  EXPECT_EQ(error_of(m("link-at", {sandbox_, flags(), str("given.txt"), sandbox_, str("/tmp/x")})),
            "not-permitted");
  EXPECT_FALSE(stdfs::exists(root_ / "outside" / "new.txt"));
  EXPECT_FALSE(stdfs::exists(root_ / "outside" / "made"));
  EXPECT_FALSE(stdfs::exists(root_ / "outside" / "x"));
  EXPECT_TRUE(stdfs::exists(root_ / "sandbox" / "given.txt"));
}

TEST_F(P2Filesystem, WhatADescriptorMayDo) {
  Value ro = open_ok("given.txt", {}, {"read"});
  EXPECT_EQ(error_of(m("write", {ro, bytes("x"), u64(0)})), "bad-descriptor");
  EXPECT_EQ(error_of(m("write-via-stream", {ro, u64(0)})), "bad-descriptor");
  EXPECT_EQ(error_of(m("append-via-stream", {ro})), "bad-descriptor");
  EXPECT_EQ(read_host("given.txt"), "fixture contents\n");
  Value wo = open_ok("given.txt", {}, {"write"});
  EXPECT_EQ(error_of(m("read", {wo, u64(4), u64(0)})), "bad-descriptor");
  EXPECT_EQ(error_of(m("read", {wo, u64(0), u64(0)})), "bad-descriptor");
  EXPECT_EQ(error_of(m("write", {ro, bytes(""), u64(0)})), "bad-descriptor");
  // Files are not directories, and directories not files.
  EXPECT_EQ(error_of(m("open-at", {ro, flags(), str("x"), flags(), flags({"read"})})), "not-directory");
  EXPECT_EQ(error_of(m("read-directory", {ro})), "not-directory");
  EXPECT_EQ(error_of(m("create-directory-at", {ro, str("x")})), "not-directory");
  EXPECT_EQ(error_of(m("read", {sandbox_, u64(4), u64(0)})), "bad-descriptor");
  EXPECT_EQ(error_of(m("write", {sandbox_, bytes("x"), u64(0)})), "bad-descriptor");
  EXPECT_EQ(error_of(m("read-via-stream", {sandbox_, u64(0)})), "is-directory");
  EXPECT_EQ(error_of(m("write-via-stream", {sandbox_, u64(0)})), "bad-descriptor");
  EXPECT_EQ(error_of(m("set-size", {sandbox_, u64(0)})), "bad-descriptor");
  EXPECT_EQ(error_of(m("advise", {sandbox_, u64(0), u64(0), Value::enum_case("normal")})), "bad-descriptor");
}

TEST_F(P2Filesystem, ADescriptorWithoutPermissionChangesNothing) {
  // A directory that may not be changed (as beneath a read-only preopen), and what is opened through it.
  auto object = std::make_unique<Descriptor>(ctx_->preopens[0].dir, true, true, false, /*mutate=*/false);
  Value ro = borrow(ctx_->own(ctx_->types.descriptor, std::move(object)));
  ASSERT_EQ(error_of(m("create-directory-at", {sandbox_, str("dir")})), "");
  EXPECT_EQ(error_of(m("create-directory-at", {ro, str("d2")})), "not-permitted");
  EXPECT_EQ(error_of(m("open-at", {ro, flags(), str("given.txt"), flags(), flags({"write"})})),
            "not-permitted");
  EXPECT_EQ(error_of(m("open-at", {ro, flags(), str("n.txt"), flags({"create"}), flags({"read"})})),
            "not-permitted");
  EXPECT_EQ(error_of(m("open-at", {ro, flags(), str("dir"), flags(), flags({"read", "mutate-directory"})})),
            "not-permitted");
  EXPECT_EQ(error_of(m("unlink-file-at", {ro, str("given.txt")})), "not-permitted");
  EXPECT_EQ(error_of(m("remove-directory-at", {ro, str("dir")})), "not-permitted");
  EXPECT_EQ(error_of(m("rename-at", {ro, str("given.txt"), sandbox_, str("g2")})), "not-permitted");
  EXPECT_EQ(error_of(m("rename-at", {sandbox_, str("given.txt"), ro, str("g2")})), "not-permitted");
  EXPECT_EQ(error_of(m("symlink-at", {ro, str("given.txt"), str("l")})), "not-permitted");
  EXPECT_EQ(error_of(m("set-times-at", {ro, flags(), str("given.txt"), Value::variant("now", std::nullopt),
                                        Value::variant("no-change", std::nullopt)})),
            "not-permitted");
  Value sub = borrow(ok_of(m("open-at", {ro, flags(), str("dir"), flags({"directory"}), flags({"read"})})));
  EXPECT_EQ(error_of(m("create-directory-at", {sub, str("x")})), "not-permitted");
  EXPECT_EQ(flag_set(ok_of(m("get-flags", {sub}))), (std::set<std::string>{"read"}));
  Value file = borrow(ok_of(m("open-at", {ro, flags(), str("given.txt"), flags(), flags({"read"})})));
  EXPECT_EQ(error_of(m("set-size", {file, u64(0)})), "not-permitted");
  EXPECT_EQ(error_of(m("write", {file, bytes("x"), u64(0)})), "not-permitted");
  EXPECT_EQ(read_host("given.txt"), "fixture contents\n");
  EXPECT_TRUE(stdfs::exists(root_ / "sandbox" / "dir"));
}

TEST_F(P2Filesystem, ReadDirectoryLeavesOutDotAndDotDot) {
  ASSERT_EQ(error_of(m("create-directory-at", {sandbox_, str("sub")})), "");
  ASSERT_EQ(error_of(m("symlink-at", {sandbox_, str("given.txt"), str("ln")})), "");
  Value stream = ok_of(m("read-directory", {sandbox_}));
  ASSERT_EQ(stream.kind(), mc::TypeKind::Own);
  std::map<std::string, std::string> seen;
  for (int i = 0; i < 10; ++i) {
    Value e = ok_of(call("[method]directory-entry-stream.read-directory-entry", {borrow(stream)}));
    if (!e.is_some()) break;
    seen[field(*e.payload(), "name").as_string()] = field(*e.payload(), "type").case_name();
  }
  EXPECT_EQ(seen, (std::map<std::string, std::string>{
                      {"given.txt", "regular-file"}, {"sub", "directory"}, {"ln", "symbolic-link"}}));
  // The end stays the end.
  EXPECT_FALSE(
      ok_of(call("[method]directory-entry-stream.read-directory-entry", {borrow(stream)})).is_some());
  // Dropping the stream frees it.
  size_t live = ctx_->live();
  ctx_->remove(stream.as_resource().rep);
  EXPECT_EQ(ctx_->live(), live - 1);
}

TEST_F(P2Filesystem, TimestampsAreExact) {
  Value f = open_ok("given.txt", {}, {"read"});
  auto at = [](uint64_t s, uint32_t ns) {
    return Value::variant("timestamp",
                          Value::record({{"seconds", Value::u64(s)}, {"nanoseconds", Value::u32(ns)}}));
  };
  ASSERT_EQ(error_of(m("set-times", {f, at(1000000000, 250000000), at(1234567890, 500000000)})), "");
  Value st = ok_of(m("stat", {f}));
  const Value& atime = *field(st, "data-access-timestamp").payload();
  const Value& mtime = *field(st, "data-modification-timestamp").payload();
  EXPECT_EQ(field(atime, "seconds").as_unsigned(), 1000000000u);
  EXPECT_EQ(field(atime, "nanoseconds").as_unsigned(), 250000000u);
  EXPECT_EQ(field(mtime, "seconds").as_unsigned(), 1234567890u);
  EXPECT_EQ(field(mtime, "nanoseconds").as_unsigned(), 500000000u);
  // no-change keeps; now is now; a path's times too.
  ASSERT_EQ(error_of(m("set-times-at", {sandbox_, flags(), str("given.txt"),
                                        Value::variant("no-change", std::nullopt), at(1500000000, 0)})),
            "");
  st = ok_of(m("stat-at", {sandbox_, flags(), str("given.txt")}));
  EXPECT_EQ(field(*field(st, "data-access-timestamp").payload(), "seconds").as_unsigned(), 1000000000u);
  EXPECT_EQ(field(*field(st, "data-modification-timestamp").payload(), "seconds").as_unsigned(), 1500000000u);
  ASSERT_EQ(error_of(m("set-times",
                       {f, Value::variant("now", std::nullopt), Value::variant("no-change", std::nullopt)})),
            "");
  st = ok_of(m("stat", {f}));
  EXPECT_GT(field(*field(st, "data-access-timestamp").payload(), "seconds").as_unsigned(), 1600000000u);
  EXPECT_EQ(field(*field(st, "data-modification-timestamp").payload(), "seconds").as_unsigned(), 1500000000u);
  EXPECT_EQ(error_of(m("set-times", {f, at(~0ull, 0), Value::variant("no-change", std::nullopt)})),
            "overflow");
}

TEST_F(P2Filesystem, NamesLinksAndRemoval) {
  ASSERT_EQ(error_of(m("create-directory-at", {sandbox_, str("d")})), "");
  EXPECT_EQ(error_of(m("create-directory-at", {sandbox_, str("d")})), "exist");
  ASSERT_EQ(error_of(m("link-at", {sandbox_, flags(), str("given.txt"), sandbox_, str("d/hard.txt")})), "");
  EXPECT_EQ(
      error_of(m("link-at", {sandbox_, flags({"symlink-follow"}), str("given.txt"), sandbox_, str("h2")})),
      "invalid");
  EXPECT_EQ(field(ok_of(m("stat-at", {sandbox_, flags(), str("given.txt")})), "link-count").as_unsigned(),
            2u);
  ASSERT_EQ(error_of(m("symlink-at", {sandbox_, str("d/hard.txt"), str("soft")})), "");
  EXPECT_EQ(ok_of(m("readlink-at", {sandbox_, str("soft")})).as_string(), "d/hard.txt");
  EXPECT_EQ(error_of(m("readlink-at", {sandbox_, str("given.txt")})), "invalid");
  ASSERT_EQ(error_of(m("rename-at", {sandbox_, str("soft"), sandbox_, str("d/soft2")})), "");
  EXPECT_TRUE(stdfs::is_symlink(root_ / "sandbox" / "d" / "soft2"));
  EXPECT_EQ(error_of(m("remove-directory-at", {sandbox_, str("d")})), "not-empty");
  EXPECT_EQ(error_of(m("unlink-file-at", {sandbox_, str("d")})), "is-directory");
  EXPECT_EQ(error_of(m("remove-directory-at", {sandbox_, str("given.txt")})), "not-directory");
  ASSERT_EQ(error_of(m("unlink-file-at", {sandbox_, str("d/hard.txt")})), "");
  ASSERT_EQ(error_of(m("unlink-file-at", {sandbox_, str("d/soft2")})), "");
  ASSERT_EQ(error_of(m("remove-directory-at", {sandbox_, str("d")})), "");
  EXPECT_FALSE(stdfs::exists(root_ / "sandbox" / "d"));
  EXPECT_EQ(error_of(m("unlink-file-at", {sandbox_, str("d")})), "no-entry");
}

TEST_F(P2Filesystem, MetadataHashIdentifiesTheFile) {
  Value a = open_ok("given.txt", {}, {"read"});
  Value b = open_ok("given.txt", {}, {"read"});
  ASSERT_EQ(error_of(m("create-directory-at", {sandbox_, str("d")})), "");
  Value d = open_ok("d", {"directory"}, {"read"});
  EXPECT_TRUE(m("is-same-object", {a, b}).as_bool());
  EXPECT_FALSE(m("is-same-object", {a, d}).as_bool());
  Value ha = ok_of(m("metadata-hash", {a}));
  EXPECT_EQ(ha, ok_of(m("metadata-hash", {b})));
  EXPECT_EQ(ha, ok_of(m("metadata-hash-at", {sandbox_, flags(), str("given.txt")})));
  EXPECT_NE(ha, ok_of(m("metadata-hash", {d})));
  EXPECT_NE(field(ha, "lower").as_unsigned(), field(ha, "upper").as_unsigned());
  EXPECT_EQ(error_of(m("metadata-hash-at", {sandbox_, flags(), str("missing")})), "no-entry");
}

TEST_F(P2Filesystem, ErrorCodes) {
  EXPECT_EQ(filesystem_error_code_of(EPERM), "not-permitted");
  EXPECT_EQ(filesystem_error_code_of(EXDEV), "cross-device");
  EXPECT_EQ(filesystem_error_code_of(EROFS), "read-only");
  EXPECT_EQ(filesystem_error_code_of(ENOSYS), "unsupported");
  EXPECT_EQ(filesystem_error_code_of(EPROTO), "io");
  EXPECT_FALSE(filesystem_error_code_of(0).has_value());
  Value e = ctx_->own(ctx_->types.error, std::make_unique<IoError>(EBADF, "bad"));
  Value code = call("filesystem-error-code", {borrow(e)});
  ASSERT_TRUE(code.is_some());
  EXPECT_EQ(code.payload()->case_name(), "bad-descriptor");
  Value none = ctx_->own(ctx_->types.error, std::make_unique<IoError>(0, "no errno"));
  EXPECT_FALSE(call("filesystem-error-code", {borrow(none)}).is_some());
}

TEST_F(P2Filesystem, MisuseIsATrap) {
  Value f = open_ok("given.txt", {}, {"read"});
  // A handle of another resource type, one dropped, one never made.
  Value e = ctx_->own(ctx_->types.error, std::make_unique<IoError>(EBADF, "bad"));
  Result<Value> r = try_call("[method]descriptor.stat", {borrow(e)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  ctx_->remove(f.as_resource().rep);
  r = try_call("[method]descriptor.stat", {f});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  r = try_call("[method]descriptor.stat", {Value::borrow({ctx_->types.descriptor, 12345})});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  r = try_call("filesystem-error-code", {sandbox_});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
}

TEST_F(P2Filesystem, StreamsReadAndWriteTheFile) {
  Value f = open_ok("given.txt", {}, {"read", "write"});
  Value in = ok_of(m("read-via-stream", {f, u64(8)}));
  ASSERT_EQ(in.kind(), mc::TypeKind::Own);
  auto* input = dynamic_cast<InputStream*>(ctx_->find(in.as_resource().rep));
  ASSERT_NE(input, nullptr);
  std::vector<uint8_t> got;
  ASSERT_TRUE(input->read(100, true, got).is_ok());
  EXPECT_EQ(std::string(got.begin(), got.end()), "contents\n");

  Value out = ok_of(m("write-via-stream", {f, u64(0)}));
  auto* output = dynamic_cast<OutputStream*>(ctx_->find(out.as_resource().rep));
  ASSERT_NE(output, nullptr);
  const std::string word = "FIXTURE";
  ASSERT_TRUE(output->write(std::span(reinterpret_cast<const uint8_t*>(word.data()), word.size())).is_ok());
  ASSERT_TRUE(output->blocking_flush().is_ok());
  Value app = ok_of(m("append-via-stream", {f}));
  auto* appender = dynamic_cast<OutputStream*>(ctx_->find(app.as_resource().rep));
  ASSERT_NE(appender, nullptr);
  ASSERT_TRUE(appender->write(std::span(reinterpret_cast<const uint8_t*>("end\n"), 4)).is_ok());
  ASSERT_TRUE(appender->blocking_flush().is_ok());
  EXPECT_EQ(read_host("given.txt"), "FIXTURE contents\nend\n");
  // A stream keeps the file open after its descriptor is dropped.
  Value again = ok_of(m("read-via-stream", {f, u64(0)}));
  ctx_->remove(f.as_resource().rep);
  auto* reread = dynamic_cast<InputStream*>(ctx_->find(again.as_resource().rep));
  ASSERT_NE(reread, nullptr);
  ASSERT_TRUE(reread->read(7, true, got).is_ok());
  EXPECT_EQ(std::string(got.begin(), got.end()), "FIXTURE");
}

}  // namespace
}  // namespace mosaic::wasi::p2
