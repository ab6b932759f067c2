// bench/startup/phases.cpp: where `mosaic run COMPONENT` spends its start-up, phase by phase, through the
// public API only (the same calls as src/cli/run_component.cpp, in the same order). Built by
// bench/startup/run.py against a build folder's static libraries; not part of the CMake build.
//
//   phases [--stub PREFIX]... COMPONENT [ARGS...]
//
// The component's own output goes to stdout as usual; one line per phase goes to stderr,
//   phase NAME WALL_MS CPU_MS
// (CPU time of the process, user + system: steadier than wall time on a shared machine), with NAME one of
// read, compile (decode, validate, and compile every core module), wasi (Preview2::create and add_to_linker),
// instantiate (core instances, data and element segments, start functions, the component's instantiation
// steps), run (wasi:cli/run#run through the interpreter), and total. Exits with the run's status.
//
// --stub PREFIX: every function of an imported instance whose name starts with PREFIX (e.g. "wasi:http/") is
// defined as a host function that traps, and every resource of it as a host resource, so that a component
// whose imports mosaic does not provide yet can still be timed when its run does not call them.
#include <chrono>
#include <cstdio>
#include <ctime>
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

using Clock = std::chrono::steady_clock;

double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) * 1e-6;
}

// A phase's start: wall and CPU clocks.
struct Mark {
  Clock::time_point wall = Clock::now();
  double cpu = cpu_ms();
};

void report(const char* name, const Mark& since) {
  double wall = std::chrono::duration<double, std::milli>(Clock::now() - since.wall).count();
  std::fprintf(stderr, "phase %s %.3f %.3f\n", name, wall, cpu_ms() - since.cpu);
}

int fail(const char* what, const mosaic::Error& e) {
  std::fprintf(stderr, "phases: %s: %s\n", what, e.to_string().c_str());
  return 125;
}

// Trapping stand-ins for the imported instances whose names start with one of `prefixes`.
void define_stubs(mosaic::component::Linker& linker, const mosaic::component::Component& component,
                  const std::vector<std::string>& prefixes) {
  namespace mc = mosaic::component;
  for (const mc::NamedExtern& import : component.type().imports) {
    bool wanted = false;
    for (const std::string& prefix : prefixes) wanted = wanted || import.name.starts_with(prefix);
    if (!wanted || import.type.kind != mc::ExternKind::Instance || !import.type.instance) continue;
    for (const mc::NamedExtern& item : import.type.instance->exports) {
      std::string path = import.name + "#" + item.name;
      if (item.type.kind == mc::ExternKind::Func) {
        linker.define_func(path,
                           [path](mosaic::Store&, std::span<const mc::Value>,
                                  std::vector<mc::Value>&) -> mosaic::Result<void> {
                             return mosaic::Error(mosaic::ErrorKind::Trap, "phases: " + path + " is a stub");
                           });
      } else if (item.type.kind == mc::ExternKind::Type &&
                 std::holds_alternative<mc::ResourcePtr>(item.type.type)) {
        linker.define_resource(path);
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> stubs;
  int first = 1;
  while (first + 1 < argc && std::string(argv[first]) == "--stub") {
    stubs.push_back(argv[first + 1]);
    first += 2;
  }
  if (first >= argc) {
    std::fprintf(stderr, "usage: phases [--stub PREFIX]... COMPONENT [ARGS...]\n");
    return 125;
  }
  namespace mc = mosaic::component;
  const Mark start;

  // One read of the whole file, as src/cli/module_file.cpp does.
  Mark t0;
  std::ifstream in(argv[first], std::ios::binary | std::ios::ate);
  std::streamoff size = in ? std::streamoff(in.tellg()) : -1;
  std::vector<uint8_t> bytes(size > 0 ? size_t(size) : 0);
  in.seekg(0);
  if (size < 0 || !in.read(reinterpret_cast<char*>(bytes.data()), size)) {
    std::fprintf(stderr, "phases: cannot read %s\n", argv[first]);
    return 125;
  }
  report("read", t0);

  t0 = Mark();
  mosaic::Engine engine;
  mosaic::Result<mc::Component> component = mc::Component::compile(engine, std::move(bytes));
  if (!component) return fail("compile", component.error());
  report("compile", t0);

  t0 = Mark();
  mosaic::wasi::WasiConfig config;
  for (int i = first; i < argc; ++i) config.args.push_back(argv[i]);
  mosaic::Result<mosaic::wasi::Preview2> wasi = mosaic::wasi::Preview2::create(config);
  if (!wasi) return fail("wasi", wasi.error());
  mosaic::Store store(engine);
  mc::Linker linker;
  wasi->add_to_linker(linker);
  define_stubs(linker, *component, stubs);
  report("wasi", t0);

  t0 = Mark();
  mosaic::Result<mc::Instance> instance = linker.instantiate(store, *component);
  if (!instance) return fail("instantiate", instance.error());
  report("instantiate", t0);

  t0 = Mark();
  std::fflush(stdout);
  mosaic::Result<uint32_t> status = wasi->run(store, *instance);
  if (!status) return fail("run", status.error());
  report("run", t0);
  report("total", start);
  return int(*status);
}
