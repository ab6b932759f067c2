// fuzz_wasi_paths: the filesystem sandbox (src/wasi/fs/sandbox.h). Inside a temporary tree whose preopened
// root holds symbolic links that stay inside, climb outside, are absolute, dangle or loop, fuzzed operations
// on fuzzed paths (with fuzzed open flags, under both resolutions) must keep the sandbox property: whatever
// they open or stat lies beneath the root, and nothing outside the root is created, changed or removed.
// Errors must be errno values, never a crash.

#include <dirent.h>
#include <fcntl.h>
#include <fuzzer/FuzzedDataProvider.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "common.h"
#include "wasi/fs/sandbox.h"

namespace {

namespace fs = mosaic::wasi::fs;

// The tree: TOP/outside/{secret, sub/} lies outside; TOP/root is the preopened directory.
struct Tree {
  std::string top, root, outside;
  std::set<std::string> top_entries, outside_entries;  // as created: must never change
  std::set<std::pair<dev_t, ino_t>> forbidden;         // inodes outside the root
  int root_fd = -1;
};

void must(bool ok, const char* what) {
  if (!ok) {
    std::perror(what);
    std::abort();
  }
}

std::set<std::string> entries(const std::string& dir) {
  std::set<std::string> names;
  DIR* d = opendir(dir.c_str());
  must(d != nullptr, "opendir");
  while (dirent* e = readdir(d)) names.insert(e->d_name);
  closedir(d);
  return names;
}

void remove_tree(const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    chmod(path.c_str(), 0700);
    for (const std::string& n : entries(path))
      if (n != "." && n != "..") remove_tree(path + "/" + n);
    rmdir(path.c_str());
  } else {
    unlink(path.c_str());
  }
}

void write_file(const std::string& path, const char* text) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  must(fd >= 0, "create");
  must(write(fd, text, std::strlen(text)) == ssize_t(std::strlen(text)), "write");
  close(fd);
}

// (Re)creates the root's contents.
void populate_root(Tree& t) {
  if (t.root_fd >= 0) close(t.root_fd);
  remove_tree(t.root);
  const std::string& r = t.root;
  must(mkdir(r.c_str(), 0755) == 0, "mkdir root");
  must(mkdir((r + "/a").c_str(), 0755) == 0, "mkdir a");
  must(mkdir((r + "/a/b").c_str(), 0755) == 0, "mkdir a/b");
  write_file(r + "/file.txt", "inside");
  write_file(r + "/a/c.txt", "inside");
  struct Link {
    std::string target, name;
  };
  const Link links[] = {
      {"a", "link_in"},
      {"a/c.txt", "link_file"},
      {"../outside", "link_out"},
      {"../outside/secret", "link_secret"},
      {t.outside, "link_abs"},
      {"/", "link_slash"},
      {"link_self", "link_self"},
      {"loop2", "loop1"},
      {"loop1", "loop2"},
      {"nowhere", "dangling"},
      {"../outside/new", "dangling_out"},
      {"..", "a/up"},
      {"../..", "a/upup"},
      {"../../outside", "a/b/upout"},
      {"../a/b/../../file.txt", "a/zigzag"},
      {"up/link_out", "a/chain_out"},
  };
  for (const Link& l : links) must(symlink(l.target.c_str(), (r + "/" + l.name).c_str()) == 0, "symlink");
  t.root_fd = open(r.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  must(t.root_fd >= 0, "open root");
}

void forbid(Tree& t, const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) == 0) t.forbidden.insert({st.st_dev, st.st_ino});
}

Tree& tree() {
  static Tree* t = [] {
    auto* t = new Tree;
    char tmpl[] = "/tmp/mosaic-fuzz-paths-XXXXXX";
    must(mkdtemp(tmpl) != nullptr, "mkdtemp");
    char real[PATH_MAX];
    must(realpath(tmpl, real) != nullptr, "realpath");
    t->top = real;
    t->root = t->top + "/root";
    t->outside = t->top + "/outside";
    must(mkdir(t->outside.c_str(), 0755) == 0, "mkdir outside");
    must(mkdir((t->outside + "/sub").c_str(), 0755) == 0, "mkdir outside/sub");
    write_file(t->outside + "/secret", "outside");
    populate_root(*t);
    t->top_entries = entries(t->top);
    t->outside_entries = entries(t->outside);
    for (const char* p : {"/", "/tmp"}) forbid(*t, p);
    forbid(*t, t->top);
    forbid(*t, t->outside);
    forbid(*t, t->outside + "/secret");
    forbid(*t, t->outside + "/sub");
    std::atexit([] { remove_tree(tree().top); });
    return t;
  }();
  return *t;
}

// The host path a descriptor names must be the root or beneath it.
void check_fd_beneath(const Tree& t, int fd) {
  char link[64], target[PATH_MAX + 1];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, target, PATH_MAX);
  MOSAIC_FUZZ_CHECK(n > 0);
  std::string p(target, size_t(n));
  bool beneath = p == t.root || p.compare(0, t.root.size() + 1, t.root + "/") == 0;
  if (!beneath) std::fprintf(stderr, "descriptor names %s, outside %s\n", p.c_str(), t.root.c_str());
  MOSAIC_FUZZ_CHECK(beneath);
  struct stat st;
  MOSAIC_FUZZ_CHECK(fstat(fd, &st) == 0);
  MOSAIC_FUZZ_CHECK(!t.forbidden.count({st.st_dev, st.st_ino}));
}

void check_outside_unchanged(const Tree& t) {
  MOSAIC_FUZZ_CHECK(entries(t.top) == t.top_entries);
  MOSAIC_FUZZ_CHECK(entries(t.outside) == t.outside_entries);
  MOSAIC_FUZZ_CHECK(entries(t.outside + "/sub") == std::set<std::string>({".", ".."}));
  char buf[16] = {};
  int fd = open((t.outside + "/secret").c_str(), O_RDONLY | O_CLOEXEC);
  MOSAIC_FUZZ_CHECK(fd >= 0);
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  MOSAIC_FUZZ_CHECK(n == 7 && std::strcmp(buf, "outside") == 0);
}

// A path: mostly components from a dictionary of the tree's names, sometimes raw bytes.
std::string fuzz_path(FuzzedDataProvider& in) {
  static const char* const kParts[] = {
      "a",          "b",         "c.txt",     "file.txt",  "..",           ".",
      "",           "link_in",   "link_file", "link_out",  "link_secret",  "link_abs",
      "link_slash", "link_self", "loop1",     "dangling",  "dangling_out", "up",
      "upup",       "upout",     "zigzag",    "chain_out", "new",          "outside",
      "secret",     "sub",       "root",      "new_dir",   "x\0y",         "/",
  };
  constexpr size_t kCount = sizeof kParts / sizeof kParts[0];
  if (in.ConsumeIntegralInRange<int>(0, 15) == 0) return in.ConsumeRandomLengthString(64);
  std::string p;
  if (in.ConsumeIntegralInRange<int>(0, 15) == 0) p = "/";
  size_t n = in.ConsumeIntegralInRange<size_t>(1, 6);
  for (size_t i = 0; i < n; ++i) {
    size_t k = in.ConsumeIntegralInRange<size_t>(0, kCount - 1);
    if (i > 0) p += '/';
    p += k == kCount - 2 ? std::string("x\0y", 3) : std::string(kParts[k]);
  }
  if (in.ConsumeBool() && in.ConsumeBool()) p += '/';
  return p;
}

int fuzz_open_flags(FuzzedDataProvider& in) {
  static const int kFlags[] = {O_DIRECTORY, O_NOFOLLOW, O_PATH,   O_CREAT,
                               O_EXCL,      O_TRUNC,    O_APPEND, O_NONBLOCK};
  int flags = 0;
  switch (in.ConsumeIntegralInRange<int>(0, 2)) {
    case 0: flags = O_RDONLY; break;
    case 1: flags = O_WRONLY; break;
    case 2: flags = O_RDWR; break;
  }
  uint8_t bits = in.ConsumeIntegral<uint8_t>();
  for (size_t i = 0; i < 8; ++i)
    if (bits & (1u << i)) flags |= kFlags[i];
  return flags;
}

// Errors must be errno values.
void check_errno(int e) { MOSAIC_FUZZ_CHECK(e >= 0 && e < 4096); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Tree& t = tree();
  FuzzedDataProvider in(data, size);
  bool walk = in.ConsumeBool() || !fs::kernel_resolution_available();
  fs::set_resolution(walk ? fs::Resolution::Walk : fs::Resolution::Kernel);
  bool changed = false;
  for (int step = 0; step < 4 && in.remaining_bytes() > 0; ++step) {
    int op = in.ConsumeIntegralInRange<int>(0, 11);
    std::string path = fuzz_path(in);
    int e = 0;
    switch (op) {
      case 0:
      case 1: {
        int flags = fuzz_open_flags(in);
        fs::UniqueFd fd;
        e = fs::open_beneath(t.root_fd, path, flags, 0644, fd);
        if (e == 0) check_fd_beneath(t, fd.get());
        changed |= e == 0 && (flags & (O_CREAT | O_TRUNC));
        break;
      }
      case 2: {
        fs::Parent parent;
        e = fs::resolve_parent(t.root_fd, path, parent);
        if (e == 0) {
          check_fd_beneath(t, parent.fd);
          MOSAIC_FUZZ_CHECK(!parent.name.empty() && parent.name != ".." &&
                            parent.name.find('/') == std::string::npos);
        }
        break;
      }
      case 3: {
        struct stat st;
        e = fs::stat_beneath(t.root_fd, path, in.ConsumeBool(), st);
        if (e == 0) MOSAIC_FUZZ_CHECK(!t.forbidden.count({st.st_dev, st.st_ino}));
        break;
      }
      case 4: {
        std::string target;
        e = fs::readlink_beneath(t.root_fd, path, target);
        break;
      }
      case 5:
        e = fs::mkdir_beneath(t.root_fd, path, 0755);
        changed |= e == 0;
        break;
      case 6:
        e = fs::unlink_beneath(t.root_fd, path);
        changed |= e == 0;
        break;
      case 7:
        e = fs::rmdir_beneath(t.root_fd, path);
        changed |= e == 0;
        break;
      case 8:
        e = fs::rename_beneath(t.root_fd, path, t.root_fd, fuzz_path(in));
        changed |= e == 0;
        break;
      case 9:
        e = fs::link_beneath(t.root_fd, path, t.root_fd, fuzz_path(in));
        changed |= e == 0;
        break;
      case 10:
        e = fs::symlink_beneath(fuzz_path(in), t.root_fd, path);
        changed |= e == 0;
        break;
      case 11: {
        const struct timespec times[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
        e = fs::utimens_beneath(t.root_fd, path, in.ConsumeBool(), times);
        break;
      }
    }
    check_errno(e);
  }
  check_outside_unchanged(t);
  if (changed) {
    populate_root(t);
    t.top_entries = entries(t.top);
  }
  return 0;
}
