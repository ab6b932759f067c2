// wasi:filesystem/types (wit/wasi-0.2.12/filesystem/package.wit): the descriptor and directory-entry-stream
// resources, and filesystem-error-code.
//
// Every path is resolved beneath the descriptor it comes with by the sandbox of wasi/fs/sandbox.h, as
// preview1's path_* functions do (wasi/p1/path.cpp): an absolute path, or one that would leave the directory,
// is `not-permitted`, as wasmtime reports. Failures of the host are error-code values
// (filesystem_error_code.h); misuse of the interface (a handle of the wrong type, one already dropped) is a
// trap.
//
// Which descriptor a method needs follows wasmtime: path operations need a directory (else `not-directory`),
// file operations a file (else `bad-descriptor`; read-via-stream says `is-directory`), and changing anything
// needs the descriptor's inherited permission to (else `not-permitted`), see filesystem_descriptor.h.

#include "wasi/p2/filesystem_types.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "support/reader.h"
#include "wasi/fs/sandbox.h"
#include "wasi/p2/fd_stream.h"
#include "wasi/p2/filesystem_descriptor.h"
#include "wasi/p2/filesystem_directory_entry_stream.h"
#include "wasi/p2/filesystem_error_code.h"
#include "wasi/p2/interfaces.h"
#include "wasi/p2/io.h"

namespace mosaic::wasi::p2 {
namespace {

constexpr std::string_view kTypes = "wasi:filesystem/types";

// Permission bits of what the guest creates, before the process umask (as std::fs and cap-std do).
constexpr mode_t kFileMode = 0666;
constexpr mode_t kDirectoryMode = 0777;

// The most one descriptor.read returns: a guest may ask for any length, and a shorter result is allowed, but
// up to this much is read whenever the file holds it. wasmtime reads 64 KiB (MAX_READ_SIZE_ALLOC); the bytes
// reach the guest in one copy (Value::bytes), so a larger read saves calls, and 1 MiB bounds the allocation,
// as for file streams (fd_stream.cpp).
constexpr uint64_t kMaxRead = 1u << 20;

using Args = std::span<const mc::Value>;

mc::Value fs_ok(std::optional<mc::Value> payload = std::nullopt) { return mc::Value::ok(std::move(payload)); }
mc::Value fs_err(int host_errno) { return mc::Value::err(filesystem_error_value(host_errno)); }
mc::Value fs_result(int host_errno) { return host_errno == 0 ? fs_ok() : fs_err(host_errno); }

Result<Descriptor*> descriptor(Ctx& ctx, const mc::Value& handle) {
  return ctx.get<Descriptor>(handle, ctx.types.descriptor);
}

bool has_flag(const mc::Value& flags, std::string_view name) {
  const auto& set = flags.flag_names();
  return std::find(set.begin(), set.end(), name) != set.end();
}

// A record's field by name (a Value lifted from the guest carries its field names).
const mc::Value* field(const mc::Value& record, std::string_view name) {
  const auto& names = record.field_names();
  for (size_t i = 0; i < names.size() && i < record.items().size(); ++i)
    if (names[i] == name) return &record.items()[i];
  return nullptr;
}

// wasi:clocks/wall-clock#datetime of a host time; none before the epoch (datetime's seconds are unsigned).
std::optional<mc::Value> datetime(const struct timespec& t) {
  if (t.tv_sec < 0) return std::nullopt;
  return mc::Value::record({{"seconds", mc::Value::u64(uint64_t(t.tv_sec))},
                            {"nanoseconds", mc::Value::u32(uint32_t(t.tv_nsec))}});
}

// descriptor-stat of a host stat. status-change-timestamp is the inode's change time (st_ctim), as the WIT
// describes it and preview1's ctim is.
mc::Value stat_value(const struct stat& st) {
  return mc::Value::record({
      {"type", mc::Value::enum_case(std::string(descriptor_type_of(st.st_mode)))},
      {"link-count", mc::Value::u64(uint64_t(st.st_nlink))},
      {"size", mc::Value::u64(uint64_t(st.st_size))},
      {"data-access-timestamp", mc::Value::option(datetime(st.st_atim))},
      {"data-modification-timestamp", mc::Value::option(datetime(st.st_mtim))},
      {"status-change-timestamp", mc::Value::option(datetime(st.st_ctim))},
  });
}

uint64_t mix64(uint64_t x) {  // the splitmix64 finalizer: every input bit moves every output bit
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

// metadata-hash-value: a hash of the file's identity (device, inode), the same for every descriptor and path
// that reach the file and, being computed without a per-process seed, the same across runs (the preview1
// adapter reports `lower` as the inode number).
mc::Value metadata_hash_value(const struct stat& st) {
  const uint64_t lower = mix64(mix64(uint64_t(st.st_dev)) ^ uint64_t(st.st_ino));
  const uint64_t upper = mix64(lower ^ 0x9e3779b97f4a7c15ull);
  return mc::Value::record({{"lower", mc::Value::u64(lower)}, {"upper", mc::Value::u64(upper)}});
}

// new-timestamp -> the timespec utimensat/futimens take: no-change UTIME_OMIT, now UTIME_NOW, timestamp the
// instant (nanoseconds of a second or more carry into the seconds, as wasmtime's Duration::new does). 0, or
// EOVERFLOW for an instant the host cannot hold, EINVAL for a value that is no new-timestamp.
int timespec_of(const mc::Value& v, struct timespec& out) {
  if (v.kind() != mc::TypeKind::Variant) return EINVAL;
  out = {};
  if (v.case_name() == "no-change") {
    out.tv_nsec = UTIME_OMIT;
    return 0;
  }
  if (v.case_name() == "now") {
    out.tv_nsec = UTIME_NOW;
    return 0;
  }
  const mc::Value* when = v.payload();
  if (v.case_name() != "timestamp" || when == nullptr) return EINVAL;
  const mc::Value* seconds = field(*when, "seconds");
  const mc::Value* nanoseconds = field(*when, "nanoseconds");
  if (seconds == nullptr || nanoseconds == nullptr) return EINVAL;
  const uint64_t carry = nanoseconds->as_unsigned() / 1'000'000'000u;
  const uint64_t s = seconds->as_unsigned();
  if (s > uint64_t(std::numeric_limits<time_t>::max()) - carry) return EOVERFLOW;
  out.tv_sec = time_t(s + carry);
  out.tv_nsec = long(nanoseconds->as_unsigned() % 1'000'000'000u);
  return 0;
}

int times_of(const mc::Value& atim, const mc::Value& mtim, struct timespec (&out)[2]) {
  if (int e = timespec_of(atim, out[0]); e != 0) return e;
  return timespec_of(mtim, out[1]);
}

bool fits_off_t(uint64_t v) { return v <= uint64_t(std::numeric_limits<off_t>::max()); }

// ---- descriptor methods on the descriptor itself ----

// read-via-stream(offset) -> result<input-stream, error-code>: a stream reading the file from `offset`.
Result<mc::Value> read_via_stream(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  if (d->directory) return fs_err(EISDIR);  // as wasmtime: POSIX read(2) of a directory
  return fs_ok(
      ctx.own(ctx.types.input_stream, fd_input_stream(d->fd, FdStreamKind::File, a[1].as_unsigned())));
}

// write-via-stream(offset), append-via-stream(): streams writing the file at `offset` on, or at its end.
Result<mc::Value> write_stream(Ctx& ctx, Args a, bool append) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  if (d->directory) return fs_err(EBADF);
  if (!d->mutate) return fs_err(EPERM);
  if (!d->write) return fs_err(EBADF);  // what the first write(2) would say
  auto stream = append ? fd_output_stream(d->fd, FdStreamKind::Append)
                       : fd_output_stream(d->fd, FdStreamKind::File, a[1].as_unsigned());
  return fs_ok(ctx.own(ctx.types.output_stream, std::move(stream)));
}

// advise(offset, length, advice): posix_fadvise; a length of 0 means "to the end" (POSIX).
Result<mc::Value> advise(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  if (d->directory) return fs_err(EBADF);
  const std::string& name = a[3].case_name();
  int advice = name == "normal"       ? POSIX_FADV_NORMAL
               : name == "sequential" ? POSIX_FADV_SEQUENTIAL
               : name == "random"     ? POSIX_FADV_RANDOM
               : name == "will-need"  ? POSIX_FADV_WILLNEED
               : name == "dont-need"  ? POSIX_FADV_DONTNEED
               : name == "no-reuse"   ? POSIX_FADV_NOREUSE
                                      : -1;
  if (advice < 0 || !fits_off_t(a[1].as_unsigned()) || !fits_off_t(a[2].as_unsigned())) return fs_err(EINVAL);
  return fs_result(
      ::posix_fadvise(d->fd->get(), off_t(a[1].as_unsigned()), off_t(a[2].as_unsigned()), advice));
}

Result<mc::Value> sync_data_of(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  return fs_result(::fdatasync(d->fd->get()) == 0 ? 0 : errno);
}

Result<mc::Value> sync_of(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  return fs_result(::fsync(d->fd->get()) == 0 ? 0 : errno);
}

// get-flags: a file's open mode and sync requests; a directory reads, and mutate-directory says whether the
// filesystem beneath it may be changed through it.
Result<mc::Value> get_flags(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  std::vector<std::string> set;
  if (d->read) set.emplace_back("read");
  if (d->write) set.emplace_back("write");
  if (d->sync & kFileIntegritySync) set.emplace_back("file-integrity-sync");
  if (d->sync & kDataIntegritySync) set.emplace_back("data-integrity-sync");
  if (d->sync & kRequestedWriteSync) set.emplace_back("requested-write-sync");
  if (d->directory && d->mutate) set.emplace_back("mutate-directory");
  return fs_ok(mc::Value::flags(std::move(set)));
}

Result<mc::Value> get_type(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  struct stat st {};
  if (::fstat(d->fd->get(), &st) != 0) return fs_err(errno);
  return fs_ok(mc::Value::enum_case(std::string(descriptor_type_of(st.st_mode))));
}

// set-size(size): ftruncate, growing with zeros or shrinking.
Result<mc::Value> set_size(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  if (d->directory) return fs_err(EBADF);
  if (!d->mutate) return fs_err(EPERM);
  if (!fits_off_t(a[1].as_unsigned())) return fs_err(EINVAL);
  return fs_result(::ftruncate(d->fd->get(), off_t(a[1].as_unsigned())) == 0 ? 0 : errno);
}

// set-times(data-access-timestamp, data-modification-timestamp): futimens.
Result<mc::Value> set_times(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  if (!d->mutate) return fs_err(EPERM);
  struct timespec times[2];
  if (int e = times_of(a[1], a[2], times); e != 0) return fs_err(e);
  return fs_result(::futimens(d->fd->get(), times) == 0 ? 0 : errno);
}

// read(length, offset) -> result<tuple<list<u8>, bool>>: pread from `offset`, up to `length` bytes (at most
// kMaxRead), going on after a short read until that much is read or the file ends; the bool says the end
// was reached. A zero-length read reports the end, as wasmtime's does (the preview1 adapter reads an empty
// result that is not the end as EINTR).
Result<mc::Value> read_of(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  if (d->directory) return fs_err(EBADF);
  const uint64_t offset = a[2].as_unsigned();
  if (!fits_off_t(offset)) return fs_err(EINVAL);
  const size_t want = size_t(std::min(a[1].as_unsigned(), kMaxRead));
  std::vector<uint8_t> buf(want);
  size_t got = 0;
  bool end = false;
  if (want == 0) {
    // Nothing to read, but the descriptor is asked all the same, so a write-only one still says so.
    uint8_t none = 0;
    if (::pread(d->fd->get(), &none, 0, off_t(offset)) < 0) return fs_err(errno);
    end = true;
  }
  while (got < want) {
    if (!fits_off_t(offset + got)) break;
    ssize_t n = ::pread(d->fd->get(), buf.data() + got, want - got, off_t(offset + got));
    if (n < 0) {
      if (errno == EINTR) continue;
      if (got == 0) return fs_err(errno);
      break;  // what was read is the answer; the error comes again on the next read
    }
    if (n == 0) {
      end = true;
      break;
    }
    got += size_t(n);
  }
  buf.resize(got);
  return fs_ok(mc::Value::tuple({mc::Value::bytes(std::move(buf)), mc::Value::make_bool(end)}));
}

// write(buffer, offset) -> result<filesize>: pwrite of the whole buffer at `offset` (the file grows, with
// zeros in any gap); the count written.
Result<mc::Value> write_of(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  if (d->directory) return fs_err(EBADF);
  if (!d->mutate) return fs_err(EPERM);
  std::vector<uint8_t> scratch;
  const std::optional<std::span<const uint8_t>> bytes = a[1].view_bytes(scratch);
  if (!bytes) return Error(ErrorKind::Usage, "descriptor.write: expected list<u8>");
  const std::span<const uint8_t> buf = *bytes;
  const uint64_t offset = a[2].as_unsigned();
  if (!fits_off_t(offset) || !fits_off_t(offset + buf.size())) return fs_err(EFBIG);
  // An empty buffer is written too: a descriptor that cannot write says so.
  if (buf.empty() && ::pwrite(d->fd->get(), "", 0, off_t(offset)) < 0) return fs_err(errno);
  size_t done = 0;
  while (done < buf.size()) {
    ssize_t n = ::pwrite(d->fd->get(), buf.data() + done, buf.size() - done, off_t(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      if (done == 0) return fs_err(errno);
      break;
    }
    done += size_t(n);
  }
  return fs_ok(mc::Value::u64(done));
}

Result<mc::Value> read_directory(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  if (!d->directory) return fs_err(ENOTDIR);
  std::unique_ptr<DirectoryEntryStream> stream;
  if (int e = DirectoryEntryStream::open(d->fd->get(), stream); e != 0) return fs_err(e);
  return fs_ok(ctx.own(ctx.types.directory_entry_stream, std::move(stream)));
}

Result<mc::Value> stat_of(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  struct stat st {};
  if (::fstat(d->fd->get(), &st) != 0) return fs_err(errno);
  return fs_ok(stat_value(st));
}

// is-same-object(other) -> bool: the same device and inode.
Result<mc::Value> is_same_object(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  Descriptor* other = MOSAIC_TRY(descriptor(ctx, a[1]));
  struct stat x {
  }, y{};
  if (::fstat(d->fd->get(), &x) != 0 || ::fstat(other->fd->get(), &y) != 0)
    return mc::Value::make_bool(false);
  return mc::Value::make_bool(x.st_dev == y.st_dev && x.st_ino == y.st_ino);
}

Result<mc::Value> metadata_hash(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  struct stat st {};
  if (::fstat(d->fd->get(), &st) != 0) return fs_err(errno);
  return fs_ok(metadata_hash_value(st));
}

// ---- descriptor methods on a path beneath a directory ----

// The directory a path method is called on (`not-directory` otherwise), and, for a method that changes the
// filesystem, its permission to (`not-permitted`). 0 or the errno to answer.
int directory(const Descriptor& d, bool mutating) {
  if (!d.directory) return ENOTDIR;
  if (mutating && !d.mutate) return EPERM;
  return 0;
}

Result<mc::Value> create_directory_at(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  if (int e = directory(*d, true); e != 0) return fs_err(e);
  return fs_result(fs::mkdir_beneath(d->fd->get(), a[1].as_string(), kDirectoryMode));
}

// stat-at(path-flags, path): of a final symbolic link itself unless symlink-follow.
Result<mc::Value> stat_at(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  if (int e = directory(*d, false); e != 0) return fs_err(e);
  struct stat st {};
  if (int e = fs::stat_beneath(d->fd->get(), a[2].as_string(), has_flag(a[1], "symlink-follow"), st); e != 0)
    return fs_err(e);
  return fs_ok(stat_value(st));
}

Result<mc::Value> set_times_at(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  if (int e = directory(*d, true); e != 0) return fs_err(e);
  struct timespec times[2];
  if (int e = times_of(a[3], a[4], times); e != 0) return fs_err(e);
  return fs_result(
      fs::utimens_beneath(d->fd->get(), a[2].as_string(), has_flag(a[1], "symlink-follow"), times));
}

// link-at(old-path-flags, old-path, new-descriptor, new-path): a hard link to the old path's last component
// itself; symlink-follow is `invalid`, as wasmtime answers (a link to what a symbolic link leads to is not
// what linkat(2) without AT_SYMLINK_FOLLOW makes, and cap-std makes only that).
Result<mc::Value> link_at(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  Descriptor* to = MOSAIC_TRY(descriptor(ctx, a[3]));
  if (int e = directory(*d, true); e != 0) return fs_err(e);
  if (int e = directory(*to, true); e != 0) return fs_err(e);
  if (has_flag(a[1], "symlink-follow")) return fs_err(EINVAL);
  return fs_result(fs::link_beneath(d->fd->get(), a[2].as_string(), to->fd->get(), a[4].as_string()));
}

// open-at(path-flags, path, open-flags, descriptor-flags) -> result<descriptor>. As wasmtime's open_at:
//  - the host open mode: `write` writes, and so do `create` and `truncate`; it reads with `read`, or when it
//    does not write (the OS must be given one of the two);
//  - `exclusive` counts only with `create`; `directory` with create, exclusive or truncate is `invalid`;
//  - writing or asking for mutate-directory needs the directory's permission to change things
//    (`not-permitted`); the new descriptor inherits that permission;
//  - without symlink-follow a symbolic link as the last component is `loop` (O_NOFOLLOW);
//  - a directory opened for writing is `is-directory` (the host's answer, which the preview1 adapter's
//    programs expect); with `directory`, anything else is `not-directory`.
// The sync flags are passed on to the host (O_SYNC, O_DSYNC, O_RSYNC), where wasmtime refuses them.
Result<mc::Value> open_at(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  if (int e = directory(*d, false); e != 0) return fs_err(e);
  const mc::Value& oflags = a[3];
  const mc::Value& flags = a[4];
  const bool create = has_flag(oflags, "create");
  const bool exclusive = has_flag(oflags, "exclusive");
  const bool truncate = has_flag(oflags, "truncate");
  const bool want_directory = has_flag(oflags, "directory");
  const bool want_write = has_flag(flags, "write");
  const bool writes = want_write || create || truncate;
  const bool reads = has_flag(flags, "read") || !want_write;
  if (want_directory && (create || exclusive || truncate)) return fs_err(EINVAL);
  if ((writes || has_flag(flags, "mutate-directory")) && !d->mutate) return fs_err(EPERM);

  int host = reads && writes ? O_RDWR : writes ? O_WRONLY : O_RDONLY;
  if (create) host |= O_CREAT | (exclusive ? O_EXCL : 0);
  if (truncate) host |= O_TRUNC;
  if (want_directory) host |= O_DIRECTORY;
  if (!has_flag(a[1], "symlink-follow")) host |= O_NOFOLLOW;
  uint8_t sync_flags = 0;
  if (has_flag(flags, "file-integrity-sync")) {
    host |= O_SYNC;
    sync_flags |= kFileIntegritySync;
  }
  if (has_flag(flags, "data-integrity-sync")) {
    host |= O_DSYNC;
    sync_flags |= kDataIntegritySync;
  }
  if (has_flag(flags, "requested-write-sync")) {
    host |= O_RSYNC;
    sync_flags |= kRequestedWriteSync;
  }

  fs::UniqueFd opened;
  if (int e = fs::open_beneath(d->fd->get(), a[2].as_string(), host, kFileMode, opened); e != 0)
    return fs_err(e);
  struct stat st {};
  if (::fstat(opened.get(), &st) != 0) return fs_err(errno);
  const bool is_directory = S_ISDIR(st.st_mode);
  if (want_directory && !is_directory) return fs_err(ENOTDIR);
  auto object = std::make_unique<Descriptor>(std::make_shared<FdHolder>(std::move(opened)), is_directory,
                                             reads, writes && !is_directory, d->mutate, sync_flags);
  return fs_ok(ctx.own(ctx.types.descriptor, std::move(object)));
}

// readlink-at(path) -> result<string>: the link's text; one that is not UTF-8 is `illegal-byte-sequence`.
Result<mc::Value> readlink_at(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  if (int e = directory(*d, false); e != 0) return fs_err(e);
  std::string text;
  if (int e = fs::readlink_beneath(d->fd->get(), a[1].as_string(), text); e != 0) return fs_err(e);
  if (!support::is_valid_utf8(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size())))
    return fs_err(EILSEQ);
  return fs_ok(mc::Value::string(std::move(text)));
}

Result<mc::Value> remove_directory_at(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  if (int e = directory(*d, true); e != 0) return fs_err(e);
  return fs_result(fs::rmdir_beneath(d->fd->get(), a[1].as_string()));
}

// rename-at(old-path, new-descriptor, new-path).
Result<mc::Value> rename_at(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  Descriptor* to = MOSAIC_TRY(descriptor(ctx, a[2]));
  if (int e = directory(*d, true); e != 0) return fs_err(e);
  if (int e = directory(*to, true); e != 0) return fs_err(e);
  return fs_result(fs::rename_beneath(d->fd->get(), a[1].as_string(), to->fd->get(), a[3].as_string()));
}

// symlink-at(old-path, new-path): a symbolic link at new-path whose text is old-path (an absolute old-path is
// `not-permitted`: the sandbox, as cap-std, refuses it).
Result<mc::Value> symlink_at(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  if (int e = directory(*d, true); e != 0) return fs_err(e);
  return fs_result(fs::symlink_beneath(a[1].as_string(), d->fd->get(), a[2].as_string()));
}

// unlink-file-at(path): a directory is `is-directory` (Linux's answer, and wasmtime's on Linux).
Result<mc::Value> unlink_file_at(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  if (int e = directory(*d, true); e != 0) return fs_err(e);
  return fs_result(fs::unlink_beneath(d->fd->get(), a[1].as_string()));
}

Result<mc::Value> metadata_hash_at(Ctx& ctx, Args a) {
  Descriptor* d = MOSAIC_TRY(descriptor(ctx, a[0]));
  if (int e = directory(*d, false); e != 0) return fs_err(e);
  struct stat st {};
  if (int e = fs::stat_beneath(d->fd->get(), a[2].as_string(), has_flag(a[1], "symlink-follow"), st); e != 0)
    return fs_err(e);
  return fs_ok(metadata_hash_value(st));
}

// ---- directory-entry-stream, filesystem-error-code ----

Result<mc::Value> read_directory_entry(Ctx& ctx, Args a) {
  DirectoryEntryStream* s = MOSAIC_TRY(ctx.get<DirectoryEntryStream>(a[0], ctx.types.directory_entry_stream));
  std::optional<DirectoryEntry> entry;
  if (int e = s->next(entry); e != 0) return fs_err(e);
  if (!entry) return fs_ok(mc::Value::option(std::nullopt));
  return fs_ok(mc::Value::option(mc::Value::record({{"type", mc::Value::enum_case(std::string(entry->type))},
                                                    {"name", mc::Value::string(std::move(entry->name))}})));
}

// filesystem-error-code(err: borrow<error>) -> option<error-code>: the code of an error a file's stream
// reported (its errno); none for an error without one (e.g. one from a socket's stream made by another
// interface without an errno).
Result<mc::Value> filesystem_error_code(Ctx& ctx, Args a) {
  IoError* err = MOSAIC_TRY(ctx.get<IoError>(a[0], ctx.types.error));
  if (err->err == 0) return mc::Value::option(std::nullopt);
  return mc::Value::option(filesystem_error_value(err->err));
}

}  // namespace

std::span<const HostFunction> filesystem_types_functions() {
  static const HostFunction kFunctions[] = {
      {kTypes, "[method]descriptor.read-via-stream", 2, read_via_stream},
      {kTypes, "[method]descriptor.write-via-stream", 2,
       [](Ctx& c, Args a) { return write_stream(c, a, false); }},
      {kTypes, "[method]descriptor.append-via-stream", 1,
       [](Ctx& c, Args a) { return write_stream(c, a, true); }},
      {kTypes, "[method]descriptor.advise", 4, advise},
      {kTypes, "[method]descriptor.sync-data", 1, sync_data_of},
      {kTypes, "[method]descriptor.get-flags", 1, get_flags},
      {kTypes, "[method]descriptor.get-type", 1, get_type},
      {kTypes, "[method]descriptor.set-size", 2, set_size},
      {kTypes, "[method]descriptor.set-times", 3, set_times},
      {kTypes, "[method]descriptor.read", 3, read_of},
      {kTypes, "[method]descriptor.write", 3, write_of},
      {kTypes, "[method]descriptor.read-directory", 1, read_directory},
      {kTypes, "[method]descriptor.sync", 1, sync_of},
      {kTypes, "[method]descriptor.create-directory-at", 2, create_directory_at},
      {kTypes, "[method]descriptor.stat", 1, stat_of},
      {kTypes, "[method]descriptor.stat-at", 3, stat_at},
      {kTypes, "[method]descriptor.set-times-at", 5, set_times_at},
      {kTypes, "[method]descriptor.link-at", 5, link_at},
      {kTypes, "[method]descriptor.open-at", 5, open_at},
      {kTypes, "[method]descriptor.readlink-at", 2, readlink_at},
      {kTypes, "[method]descriptor.remove-directory-at", 2, remove_directory_at},
      {kTypes, "[method]descriptor.rename-at", 4, rename_at},
      {kTypes, "[method]descriptor.symlink-at", 3, symlink_at},
      {kTypes, "[method]descriptor.unlink-file-at", 2, unlink_file_at},
      {kTypes, "[method]descriptor.is-same-object", 2, is_same_object},
      {kTypes, "[method]descriptor.metadata-hash", 1, metadata_hash},
      {kTypes, "[method]descriptor.metadata-hash-at", 3, metadata_hash_at},
      {kTypes, "[method]directory-entry-stream.read-directory-entry", 1, read_directory_entry},
      {kTypes, "filesystem-error-code", 1, filesystem_error_code},
  };
  return kFunctions;
}

void add_filesystem_types(const CtxPtr& ctx, mc::Linker& linker) {
  ctx->types.descriptor = ctx->define_resource(linker, kTypes, "descriptor");
  ctx->types.directory_entry_stream = ctx->define_resource(linker, kTypes, "directory-entry-stream");
  define_functions(ctx, linker, filesystem_types_functions());
}

}  // namespace mosaic::wasi::p2
