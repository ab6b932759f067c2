// bench/instantiate/instantiate.cpp: the time of one instantiation, as `mosaic serve` pays it per request, of
// a component and of a core module, with copy-on-write memory images (Config::memory_images) and without.
// Built by bench/instantiate/run.py against a build folder's static libraries; not part of the CMake build.
//
//   instantiate [--iterations N] [--module FILE] [--images on|off] COMPONENT
//
// One iteration is a fresh Store, the instantiation, and the Store's destruction (which unmaps the memories):
// the whole cost of an instance that lives for one request. Every configuration first instantiates once
// untimed (a module's images are built on its second instantiation, so the timed ones all use them). The
// component's imports are WASI 0.2 (Preview2::add_to_linker) and, for wasi:http/, trapping stubs, as in
// bench/startup/phases.cpp. The core module is FILE (its imports must be none), or by default a synthetic
// one: a 128-page memory with 5 MB of data segments and 2,000 functions in a table (the shape of a JS
// engine).
//
// --images on|off measures only that configuration (for a profile of it). Prints one line per measurement,
//   instantiate KIND IMAGES median_us p90_us min_us
// and the ratio of the copy to the image for each KIND.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <variant>
#include <vector>

#include "mosaic/component/component.h"
#include "mosaic/component/instance.h"
#include "mosaic/component/linker.h"
#include "mosaic/mosaic.h"
#include "mosaic/wasi/preview2.h"

namespace {

namespace mc = mosaic::component;
using Clock = std::chrono::steady_clock;
using Bytes = std::vector<uint8_t>;

bool read_file(const std::string& path, Bytes& out) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return false;
  std::streamoff size = in.tellg();
  out.resize(size > 0 ? size_t(size) : 0);
  in.seekg(0);
  return bool(in.read(reinterpret_cast<char*>(out.data()), std::streamsize(out.size())));
}

void uleb(Bytes& b, uint64_t v) {
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    b.push_back(v ? byte | 0x80 : byte);
  } while (v);
}

void section(Bytes& module, uint8_t id, const Bytes& contents) {
  module.push_back(id);
  uleb(module, contents.size());
  module.insert(module.end(), contents.begin(), contents.end());
}

// A memory of 128 pages with 40 data segments of 128 KiB (5 MB, a pattern that is nowhere zero), 2,000
// functions `() -> i32` and a table holding all of them.
Bytes synthetic_module() {
  constexpr uint32_t kFuncs = 2000, kSegments = 40, kSegmentBytes = 128 << 10;
  Bytes m = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  section(m, 1, {0x01, 0x60, 0x00, 0x01, 0x7f});
  Bytes funcs;
  uleb(funcs, kFuncs);
  for (uint32_t i = 0; i < kFuncs; ++i) funcs.push_back(0x00);
  section(m, 3, funcs);
  Bytes table = {0x01, 0x70, 0x00};
  uleb(table, kFuncs);
  section(m, 4, table);
  section(m, 5, {0x01, 0x00, 0x80, 0x01});  // min 128 pages, no maximum
  Bytes exports = {0x01, 0x03, 'm', 'e', 'm', 0x02, 0x00};
  section(m, 7, exports);
  Bytes elems = {0x01, 0x00, 0x41, 0x00, 0x0b};
  uleb(elems, kFuncs);
  for (uint32_t i = 0; i < kFuncs; ++i) uleb(elems, i);
  section(m, 9, elems);
  Bytes codes;
  uleb(codes, kFuncs);
  for (uint32_t i = 0; i < kFuncs; ++i) {
    Bytes body = {0x00, 0x41};  // no locals; i32.const i; end
    uleb(body, i & 0x3f);
    body.push_back(0x0b);
    uleb(codes, body.size());
    codes.insert(codes.end(), body.begin(), body.end());
  }
  section(m, 10, codes);
  Bytes datas;
  uleb(datas, kSegments);
  for (uint32_t s = 0; s < kSegments; ++s) {
    datas.push_back(0x00);
    datas.push_back(0x41);
    int64_t offset = int64_t(s) * (kSegmentBytes + 4096);  // gaps of one zero page between segments
    for (;;) {                                             // sleb128
      uint8_t byte = offset & 0x7f;
      offset >>= 7;
      bool done = offset == 0 && !(byte & 0x40);
      datas.push_back(done ? byte : byte | 0x80);
      if (done) break;
    }
    datas.push_back(0x0b);
    uleb(datas, kSegmentBytes);
    for (uint32_t i = 0; i < kSegmentBytes; ++i) datas.push_back(uint8_t(1 + (i * 13 + s) % 251));
  }
  section(m, 11, datas);
  return m;
}

// Trapping stand-ins for the imported instances whose names start with `prefix` (bench/startup/phases.cpp).
void define_stubs(mc::Linker& linker, const mc::Component& component, const std::string& prefix) {
  for (const mc::NamedExtern& import : component.type().imports) {
    if (!import.name.starts_with(prefix) || import.type.kind != mc::ExternKind::Instance ||
        !import.type.instance)
      continue;
    for (const mc::NamedExtern& item : import.type.instance->exports) {
      std::string path = import.name + "#" + item.name;
      if (item.type.kind == mc::ExternKind::Func) {
        linker.define_func(path,
                           [path](mosaic::Store&, std::span<const mc::Value>,
                                  std::vector<mc::Value>&) -> mosaic::Result<void> {
                             return mosaic::Error(mosaic::ErrorKind::Trap,
                                                  "instantiate: " + path + " is a stub");
                           });
      } else if (item.type.kind == mc::ExternKind::Type &&
                 std::holds_alternative<mc::ResourcePtr>(item.type.type)) {
        linker.define_resource(path);
      }
    }
  }
}

struct Stats {
  double median = 0, p90 = 0, min = 0;
};

// Runs `once` (which returns false on failure) `iterations` times after one untimed run; microseconds.
template <class F>
bool measure(int iterations, F once, Stats& stats) {
  if (!once()) return false;
  std::vector<double> us;
  for (int i = 0; i < iterations; ++i) {
    auto t0 = Clock::now();
    if (!once()) return false;
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  std::sort(us.begin(), us.end());
  stats = {us[us.size() / 2], us[us.size() * 9 / 10], us.front()};
  return true;
}

void print(const char* kind, bool images, const Stats& s) {
  std::printf("instantiate %-9s images=%-3s median %9.1f us  p90 %9.1f us  min %9.1f us\n", kind,
              images ? "on" : "off", s.median, s.p90, s.min);
}

}  // namespace

int main(int argc, char** argv) {
  int iterations = 50;
  std::string module_path, component_path, only;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--iterations" && i + 1 < argc) {
      iterations = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--images" && i + 1 < argc) {
      only = argv[++i];
    } else if (a == "--module" && i + 1 < argc) {
      module_path = argv[++i];
    } else {
      component_path = a;
    }
  }
  if (component_path.empty()) {
    std::fprintf(stderr, "usage: instantiate [--iterations N] [--module FILE] [--images on|off] COMPONENT\n");
    return 2;
  }

  Bytes module_bytes = synthetic_module();
  if (!module_path.empty() && !read_file(module_path, module_bytes)) {
    std::fprintf(stderr, "instantiate: cannot read %s\n", module_path.c_str());
    return 1;
  }
  Bytes component_bytes;
  if (!read_file(component_path, component_bytes)) {
    std::fprintf(stderr, "instantiate: cannot read %s\n", component_path.c_str());
    return 1;
  }

  Stats results[2][2];  // [module, component][images off, on]
  for (int images = 0; images < 2; ++images) {
    if (!only.empty() && (only == "on") != (images == 1)) continue;
    mosaic::Config config;
    config.memory_images = images == 1;
    mosaic::Engine engine(config);

    mosaic::Result<mosaic::Module> module =
        mosaic::Module::compile(engine, std::span<const uint8_t>(module_bytes));
    if (!module) {
      std::fprintf(stderr, "instantiate: module: %s\n", module.error().to_string().c_str());
      return 1;
    }
    bool ok = measure(
        iterations,
        [&] {
          mosaic::Store store(engine);
          mosaic::Result<mosaic::Instance> inst = mosaic::Instance::create(store, *module, {});
          if (!inst) std::fprintf(stderr, "instantiate: module: %s\n", inst.error().to_string().c_str());
          return bool(inst);
        },
        results[0][images]);
    if (!ok) return 1;
    print("module", images, results[0][images]);

    mosaic::Result<mc::Component> component = mc::Component::compile(engine, Bytes(component_bytes));
    if (!component) {
      std::fprintf(stderr, "instantiate: component: %s\n", component.error().to_string().c_str());
      return 1;
    }
    mosaic::Result<mosaic::wasi::Preview2> wasi = mosaic::wasi::Preview2::create(mosaic::wasi::WasiConfig{});
    if (!wasi) return 1;
    mc::Linker linker;
    wasi->add_to_linker(linker);
    define_stubs(linker, *component, "wasi:http/");
    ok = measure(
        iterations,
        [&] {
          mosaic::Store store(engine);
          mosaic::Result<mc::Instance> inst = linker.instantiate(store, *component);
          if (!inst) std::fprintf(stderr, "instantiate: component: %s\n", inst.error().to_string().c_str());
          return bool(inst);
        },
        results[1][images]);
    if (!ok) return 1;
    print("component", images, results[1][images]);
  }
  if (!only.empty()) return 0;
  std::printf("ratio (images off / on, medians): module %.1fx, component %.1fx\n",
              results[0][0].median / results[0][1].median, results[1][0].median / results[1][1].median);
  return 0;
}
