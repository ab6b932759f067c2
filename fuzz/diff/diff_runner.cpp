// diff_runner: runs binaryen-generated modules (wasm-opt -ttf) under mosaic and prints the canonical log that
// fuzz/diff/run_node.mjs prints for node (V8); fuzz/diff/run.py compares the two (fuzz/diff/README.md).
//
// Protocol, per module (binaryen's fuzzing harnesses): instantiate with the "fuzzing-support" logging
// imports, call every exported function in export order with zero arguments (binaryen's --fuzz-exec passes
// zeros), log each logged value, each result or trap, and at the end a hash of each exported memory.
//
//   diff_runner FILE...        one log per file, each starting with "module FILE" and ending with "end"
//   diff_runner -              the file names come from stdin, one a line (the driver's batches)
//   diff_runner --dump DIR ... also writes each exported memory's bytes to DIR/<module>.<export>.mem
//   diff_runner --fuel N ...   with fuel metering on (Config::consume_fuel), N units per module: the
//                              metered code must behave as the unmetered (a guest that runs out traps)

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "mosaic/mosaic.h"

namespace {

using namespace mosaic;

// The canonical text of one value. NaN: the spec lets an operator that makes a NaN choose its sign and
// payload (Numerics, "NaN propagation"), and V8 and mosaic may choose differently, so every NaN prints as
// "nan". A v128 prints as its two 64-bit lanes: its lane shape is not known here.
std::string format_value(const Val& v) {
  char buf[64];
  switch (v.kind()) {
    case ValKind::I32: std::snprintf(buf, sizeof buf, "i32:%" PRId32, v.as_i32()); break;
    case ValKind::I64: std::snprintf(buf, sizeof buf, "i64:%" PRId64, v.as_i64()); break;
    case ValKind::F32: {
      uint32_t b = v.f32_bits();
      if ((b & 0x7f800000u) == 0x7f800000u && (b & 0x007fffffu) != 0)
        std::snprintf(buf, sizeof buf, "f32:nan");
      else
        std::snprintf(buf, sizeof buf, "f32:0x%08" PRIx32, b);
      break;
    }
    case ValKind::F64: {
      uint64_t b = v.f64_bits();
      if ((b & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (b & 0x000fffffffffffffull) != 0)
        std::snprintf(buf, sizeof buf, "f64:nan");
      else
        std::snprintf(buf, sizeof buf, "f64:0x%016" PRIx64, b);
      break;
    }
    case ValKind::V128: {
      uint64_t lo, hi;
      std::memcpy(&lo, v.as_v128().data(), 8);
      std::memcpy(&hi, v.as_v128().data() + 8, 8);
      std::snprintf(buf, sizeof buf, "v128:0x%016" PRIx64 ":0x%016" PRIx64, lo, hi);
      break;
    }
    case ValKind::FuncRef: std::snprintf(buf, sizeof buf, "funcref:%s", v.is_null() ? "null" : "func"); break;
    case ValKind::ExternRef:
      std::snprintf(buf, sizeof buf, "externref:%s", v.is_null() ? "null" : "extern");
      break;
  }
  return buf;
}

// FNV-1a (32-bit) of a memory's bytes; run_node.mjs computes the same.
uint32_t fnv1a(const uint8_t* data, size_t size) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < size; ++i) {
    h ^= data[i];
    h *= 16777619u;
  }
  return h;
}

// A trap's log line. Stack exhaustion is marked, since V8's stack limit (a RangeError) is not mosaic's
// call depth: the driver counts both as "trap" but can explain a difference at a depth limit.
std::string trap_line(const Error& e) {
  if (e.message.find("call stack exhausted") != std::string::npos) return "trap stack";
  if (e.message.find("all fuel consumed") != std::string::npos) return "trap fuel";
  if (is_trap(e)) return "trap";
  return "error " + e.message;  // never expected: shows up as a mismatch
}

struct Options {
  uint64_t fuel = 0;
  std::string dump_dir;  // empty: no memory dumps
};

void dump_memory(const std::string& dir, const std::string& path, const std::string& name,
                 const uint8_t* data, size_t size) {
  std::string base = path.substr(path.find_last_of('/') + 1);
  std::ofstream f(dir + "/" + base + "." + name + ".mem", std::ios::binary);
  f.write(reinterpret_cast<const char*>(data), std::streamsize(size));
}

void run_module(const Engine& engine, const Options& options, const std::string& path, std::string& out) {
  out += "module " + path + "\n";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out += "read-error\nend\n";
    return;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto module = Module::compile(engine, std::move(bytes));
  if (!module) {
    out += "compile-error " + module.error().message + "\n";
    out += "end\n";
    return;
  }
  Store store(engine);
  if (engine.config().consume_fuel) store.set_fuel(options.fuel);
  Linker linker;
  // The logging imports: each value is appended to the log as it is logged, so the order of logs and
  // results is the guest's.
  auto logger = [&out](Caller&, std::span<const Val> args, std::span<Val>) -> Result<void> {
    out += "log";
    for (const Val& a : args) out += " " + format_value(a);
    out += "\n";
    return ok();
  };
  for (auto [name, kind] : {std::pair{"log-i32", ValKind::I32},
                            {"log-i64", ValKind::I64},
                            {"log-f32", ValKind::F32},
                            {"log-f64", ValKind::F64},
                            {"log-v128", ValKind::V128}}) {
    linker.define_func("fuzzing-support", name, store, FuncType{{kind}, {}}, logger);
  }
  auto instance = linker.instantiate(store, *module);
  if (!instance) {
    out += "instantiate-error\nend\n";
    return;
  }
  auto exports = instance->exports(store);
  for (const auto& [name, ext] : exports) {
    const Func* f = ext.func();
    if (f == nullptr) continue;
    out += "call " + name + "\n";
    FuncType type = f->type(store);
    std::vector<Val> args;
    for (ValKind k : type.params) args.push_back(Val::zero(k));
    auto results = f->call(store, args);
    if (!results) {
      out += trap_line(results.error()) + "\n";
      continue;
    }
    out += "ret";
    for (const Val& r : *results) out += " " + format_value(r);
    out += "\n";
  }
  for (const auto& [name, ext] : exports) {
    const Memory* m = ext.memory();
    if (m == nullptr) continue;
    char buf[64];
    std::snprintf(buf, sizeof buf, " pages=%" PRIu64 " fnv=%08" PRIx32, m->size(store),
                  fnv1a(m->data(store), m->data_size(store)));
    out += "memory " + name + buf + "\n";
    if (!options.dump_dir.empty())
      dump_memory(options.dump_dir, path, name, m->data(store), m->data_size(store));
  }
  out += "end\n";
}

}  // namespace

int main(int argc, char** argv) {
  // The interpreter's defaults, as an embedder gets them (with --fuel: metering on).
  Config config;
  Options options;
  int first = 1;
  for (; first + 1 < argc; first += 2) {
    if (std::strcmp(argv[first], "--fuel") == 0) {
      char* end = nullptr;
      options.fuel = std::strtoull(argv[first + 1], &end, 10);
      if (*argv[first + 1] == '\0' || *end != '\0') {
        std::fprintf(stderr, "diff_runner: --fuel needs a number, not '%s'\n", argv[first + 1]);
        return 2;
      }
      config.consume_fuel = true;
    } else if (std::strcmp(argv[first], "--dump") == 0) {
      options.dump_dir = argv[first + 1];
    } else {
      break;
    }
  }
  if (argc <= first) {
    std::fprintf(stderr, "usage: diff_runner [--fuel N] [--dump DIR] FILE... | ... - (names on stdin)\n");
    return 2;
  }
  std::vector<std::string> files;
  if (argc == first + 1 && std::strcmp(argv[first], "-") == 0) {
    std::string line;
    while (std::getline(std::cin, line))
      if (!line.empty()) files.push_back(line);
  } else {
    files.assign(argv + first, argv + argc);
  }
  Engine engine(config);
  for (const std::string& path : files) {
    std::string out;
    run_module(engine, options, path, out);
    // One write per module, flushed: if a later module crashes the process, the driver still has the
    // earlier logs and knows which module was running.
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
  }
  return 0;
}
