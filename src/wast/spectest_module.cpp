#include "wast/spectest_module.h"

#include <string>
#include <vector>

#include "mosaic/extern.h"
#include "wast/value.h"

namespace mosaic::wast {
namespace {

constexpr char kModule[] = "spectest";

struct PrintFunc {
  const char* name;
  std::vector<ValKind> params;
};

}  // namespace

Result<void> define_spectest_module(Linker& linker, Store& store, std::ostream* out) {
  const PrintFunc prints[] = {
      {"print", {}},
      {"print_i32", {ValKind::I32}},
      {"print_i64", {ValKind::I64}},
      {"print_f32", {ValKind::F32}},
      {"print_f64", {ValKind::F64}},
      {"print_i32_f32", {ValKind::I32, ValKind::F32}},
      {"print_f64_f64", {ValKind::F64, ValKind::F64}},
  };
  for (const PrintFunc& print : prints) {
    std::string name = print.name;
    linker.define_func(kModule, name, store, FuncType{print.params, {}},
                       [out, name](Caller&, std::span<const Val> args, std::span<Val>) -> Result<void> {
                         if (out)
                           *out << "called host " << kModule << "." << name << format_values(args) << "\n";
                         return ok();
                       });
  }

  struct GlobalDef {
    const char* name;
    Val value;
  };
  const GlobalDef globals[] = {
      {"global_i32", Val::i32(666)},
      {"global_i64", Val::i64(666)},
      {"global_f32", Val::f32(666.6f)},
      {"global_f64", Val::f64(666.6)},
  };
  for (const GlobalDef& def : globals) {
    Result<Global> global = Global::create(store, GlobalType{def.value.kind(), false}, def.value);
    if (!global) return std::move(global).error();
    linker.define(kModule, def.name, *global);
  }

  Result<Table> table =
      Table::create(store, TableType{ValKind::FuncRef, Limits{10, 20}}, Val::null_ref(ValKind::FuncRef));
  if (!table) return std::move(table).error();
  linker.define(kModule, "table", *table);

  Result<Memory> memory = Memory::create(store, MemoryType{Limits{1, 2}});
  if (!memory) return std::move(memory).error();
  linker.define(kModule, "memory", *memory);
  return ok();
}

}  // namespace mosaic::wast
