// churn: a million instantiations must not leave memory behind. Each cycle is a fresh Store, Linker and
// instance of tests/churn/churn.wat (a memory from its image, a grown memory, a table, globals, three host
// functions), four calls that end each way a call can end (normally; a trap in wasm; a trap in a host
// function; a trap in wasm called back from a host function), every result checked, then the Store's
// destruction. The process's resident memory (RSS, /proc/self/statm) is read after a warm-up and at every
// power of ten; it may grow by at most --max-growth-kib from the warm-up to the end.
//
//   churn [--cycles N] [--max-growth-kib K] MODULE
//
// Exit status 0: every call gave its expected result and RSS stayed within the bound; 1 otherwise. Under
// AddressSanitizer RSS is printed but not checked: its quarantine keeps freed memory on purpose (its leak
// checker reports leaks at exit instead).

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "mosaic/mosaic.h"

#if defined(__SANITIZE_ADDRESS__)
#define CHURN_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHURN_ASAN 1
#endif
#endif
#ifndef CHURN_ASAN
#define CHURN_ASAN 0
#endif

namespace {

using mosaic::ErrorKind;
using mosaic::Val;
using mosaic::ValKind;

uint64_t rss_kib() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * uint64_t(sysconf(_SC_PAGESIZE)) / 1024;
}

bool read_file(const std::string& path, std::vector<uint8_t>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

// Calls export `name` and checks how it ended: `trap` empty means it must return `expected`.
bool check_call(mosaic::Store& store, const mosaic::Instance& instance, const char* name,
                const std::vector<Val>& args, const std::string& trap, int32_t expected = 0) {
  std::optional<mosaic::Extern> e = instance.get_export(store, name);
  if (!e || !e->func()) {
    std::fprintf(stderr, "churn: no export %s\n", name);
    return false;
  }
  mosaic::Result<std::vector<Val>> r = e->func()->call(store, args);
  if (trap.empty()) {
    if (r && r->size() == 1 && (*r)[0].as_i32() == expected) return true;
    std::fprintf(stderr, "churn: %s: %s\n", name, r ? "wrong result" : r.error().to_string().c_str());
    return false;
  }
  if (!r && r.error().kind == ErrorKind::Trap && r.error().message == trap) return true;
  std::fprintf(stderr, "churn: %s: expected the trap \"%s\", got %s\n", name, trap.c_str(),
               r ? "a result" : r.error().to_string().c_str());
  return false;
}

bool cycle(const mosaic::Engine& engine, const mosaic::Module& module) {
  mosaic::Store store(engine);
  mosaic::Linker linker;
  linker.define_func("host", "add", store, {{ValKind::I32, ValKind::I32}, {ValKind::I32}},
                     [](mosaic::Caller&, std::span<const Val> args, std::span<Val> results) -> mosaic::Result<void> {
                       results[0] = Val::i32(args[0].as_i32() + args[1].as_i32());
                       return mosaic::ok();
                     });
  linker.define_func("host", "fail", store, {},
                     [](mosaic::Caller&, std::span<const Val>, std::span<Val>) -> mosaic::Result<void> {
                       return mosaic::Error(ErrorKind::Trap, "host failure");
                     });
  // Calls the guest's `inner` (which traps) and passes its error on.
  linker.define_func("host", "reenter", store, {},
                     [](mosaic::Caller& caller, std::span<const Val>, std::span<Val>) -> mosaic::Result<void> {
                       std::optional<mosaic::Extern> inner = caller.get_export("inner");
                       if (!inner || !inner->func()) return mosaic::Error(ErrorKind::Trap, "no inner");
                       mosaic::Result<std::vector<Val>> r = inner->func()->call(caller.store(), {});
                       if (r) return mosaic::Error(ErrorKind::Trap, "inner returned");
                       return std::move(r).error();
                     });
  mosaic::Result<mosaic::Instance> instance = linker.instantiate(store, module);
  if (!instance) {
    std::fprintf(stderr, "churn: cannot instantiate: %s\n", instance.error().to_string().c_str());
    return false;
  }
  // run(50): table calls alternate 1 and 2, summed by the host: 25 * 1 + 25 * 2.
  return check_call(store, *instance, "run", {Val::i32(50)}, "", 75) &&
         check_call(store, *instance, "oob", {}, "out of bounds memory access") &&
         check_call(store, *instance, "host_trap", {}, "host failure") &&
         check_call(store, *instance, "reenter", {}, "unreachable") &&
         check_call(store, *instance, "run", {Val::i32(4)}, "", 6);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Instantiate/drop cycles; checks that resident memory stays flat.", "churn"};
  uint64_t cycles = 1'000'000;
  uint64_t max_growth_kib = 1024;
  std::string path;
  app.add_option("--cycles", cycles, "Instantiate/drop cycles")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--max-growth-kib", max_growth_kib, "Allowed RSS growth after the warm-up, in KiB")
      ->capture_default_str();
  app.add_option("module", path, "tests/churn/churn.wasm")->required();
  CLI11_PARSE(app, argc, argv);

  std::vector<uint8_t> bytes;
  if (!read_file(path, bytes)) {
    std::fprintf(stderr, "churn: cannot read %s\n", path.c_str());
    return 1;
  }
  mosaic::Engine engine;
  mosaic::Result<mosaic::Module> module = mosaic::Module::compile(engine, bytes);
  if (!module) {
    std::fprintf(stderr, "churn: %s: %s\n", path.c_str(), module.error().to_string().c_str());
    return 1;
  }

  const uint64_t warmup = std::min<uint64_t>(1000, std::max<uint64_t>(1, cycles / 10));
  uint64_t baseline = 0;
  uint64_t next_report = 1000;
  for (uint64_t i = 1; i <= cycles; ++i) {
    if (!cycle(engine, *module)) {
      std::fprintf(stderr, "churn: cycle %llu failed\n", static_cast<unsigned long long>(i));
      return 1;
    }
    if (i == warmup) {
      baseline = rss_kib();
      std::printf("after %llu cycles (warm-up): RSS %llu KiB\n", static_cast<unsigned long long>(i),
                  static_cast<unsigned long long>(baseline));
    }
    if (i == next_report || i == cycles) {
      std::printf("after %llu cycles: RSS %llu KiB\n", static_cast<unsigned long long>(i),
                  static_cast<unsigned long long>(rss_kib()));
      std::fflush(stdout);
      if (i == next_report) next_report *= 10;
    }
  }
  const uint64_t end = rss_kib();
  const int64_t growth = int64_t(end) - int64_t(baseline);
  std::printf("RSS growth after the warm-up: %lld KiB over %llu cycles\n", static_cast<long long>(growth),
              static_cast<unsigned long long>(cycles - warmup));
  if (CHURN_ASAN) {
    std::printf("RSS not checked under AddressSanitizer (its quarantine keeps freed memory)\n");
    return 0;
  }
  if (growth > int64_t(max_growth_kib)) {
    std::fprintf(stderr, "churn: RSS grew by %lld KiB, more than %llu KiB\n", static_cast<long long>(growth),
                 static_cast<unsigned long long>(max_growth_kib));
    return 1;
  }
  return 0;
}
