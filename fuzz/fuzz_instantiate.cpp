// fuzz_instantiate: compile a module, instantiate it with every import satisfied by a dummy (functions that
// return zeros, fresh memories, tables and globals of the import's type), then call every exported function
// with zero arguments. Fuel bounds each call (Config::consume_fuel), small limits bound memories, tables and
// stacks, and a watchdog interrupts an input that still runs too long. Traps and refusals are fine; crashes
// and sanitizer reports are not.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "common.h"
#include "mosaic/engine.h"
#include "mosaic/extern.h"
#include "mosaic/func.h"
#include "mosaic/instance.h"
#include "mosaic/module.h"
#include "mosaic/store.h"

namespace {

using namespace mosaic;

constexpr uint64_t kFuelPerCall = 100'000;
constexpr auto kBudget = std::chrono::milliseconds(25);

Config fuzz_config() {
  Config c;
  c.consume_fuel = true;
  c.max_memory_bytes = uint64_t(16) << 20;
  c.max_table_elements = 10'000;
  c.max_stack_bytes = size_t(1) << 20;
  c.max_call_depth = 2'000;
  c.max_instances = 10;
  return c;
}

// A dummy for one import; nothing when the import cannot be satisfied within the limits.
std::optional<Extern> dummy(Store& store, const ExternType& type) {
  switch (type.kind) {
    case ExternKind::Func:
      return Func::create(store, type.func,
                          [](Caller&, std::span<const Val>, std::span<Val>) -> Result<void> { return ok(); });
    case ExternKind::Memory: {
      auto m = Memory::create(store, type.memory);
      if (!m) return std::nullopt;
      return *m;
    }
    case ExternKind::Table: {
      auto t = Table::create(store, type.table, Val::null_ref(type.table.element));
      if (!t) return std::nullopt;
      return *t;
    }
    case ExternKind::Global: {
      auto g = Global::create(store, type.global, Val::zero(type.global.content));
      if (!g) return std::nullopt;
      return *g;
    }
  }
  return std::nullopt;
}

// Errors a guest may cause; anything else (a Usage error from our own well-typed calls) is a bug.
bool guest_error(ErrorKind k) {
  return k == ErrorKind::Trap || k == ErrorKind::Exhausted || k == ErrorKind::Uninstantiable ||
         k == ErrorKind::Unlinkable;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Engine engine(fuzz_config());
  static fuzz::Watchdog watchdog;
  auto module = Module::compile(engine, std::span<const uint8_t>(data, size));
  if (!module) return 0;

  Store store(engine);
  std::vector<Extern> imports;
  for (const ImportType& import : module->imports()) {
    auto e = dummy(store, import.type);
    if (!e) return 0;
    imports.push_back(*e);
  }
  watchdog.arm(store.interrupt_handle(), kBudget);
  store.set_fuel(kFuelPerCall);
  auto instance = Instance::create(store, *module, imports);
  if (!instance) {
    MOSAIC_FUZZ_CHECK(guest_error(instance.error().kind));
  } else {
    for (auto& [name, ext] : instance->exports(store)) {
      const Func* f = ext.func();
      if (!f) continue;
      std::vector<Val> args;
      for (ValKind k : f->type(store).params) args.push_back(Val::zero(k));
      store.set_fuel(kFuelPerCall);
      auto r = f->call(store, args);
      if (!r) MOSAIC_FUZZ_CHECK(guest_error(r.error().kind));
    }
  }
  watchdog.disarm();
  return 0;
}
