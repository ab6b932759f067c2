// mosaic::Module: decode (spec 5), validate (spec 3) and compile for the interpreter.

#include "mosaic/module.h"

#include "api/convert.h"
#include "binary/decode.h"
#include "exec/runtime.h"
#include "valid/validate.h"

namespace mosaic {

Result<Module> Module::compile(const Engine& engine, std::span<const uint8_t> bytes) {
  return compile(engine, std::vector<uint8_t>(bytes.begin(), bytes.end()));
}

Result<Module> Module::compile(const Engine& engine, std::vector<uint8_t>&& bytes) {
  (void)engine;
  binary::Module decoded = MOSAIC_TRY(binary::decode(std::move(bytes)));
  valid::Module validated = MOSAIC_TRY(valid::validate(std::move(decoded)));
  return Module(MOSAIC_TRY(exec::compile(std::move(validated), engine.config())));
}

Result<void> Module::validate(const Engine& engine, std::span<const uint8_t> bytes) {
  (void)engine;
  binary::Module decoded = MOSAIC_TRY(binary::decode(bytes));
  MOSAIC_TRY(valid::validate(std::move(decoded)));
  return ok();
}

std::vector<ImportType> Module::imports() const {
  const binary::Module& m = impl_->binary();
  std::vector<ImportType> r;
  r.reserve(m.imports.size());
  for (const binary::Import& imp : m.imports) {
    ImportType t;
    t.module = imp.module;
    t.name = imp.name;
    t.type.kind = static_cast<ExternKind>(imp.kind);
    switch (imp.kind) {
      case binary::ExternKind::Func: t.type.func = api::from_binary(m.types[imp.func_type]); break;
      case binary::ExternKind::Table: t.type.table = api::from_binary(imp.table); break;
      case binary::ExternKind::Memory: t.type.memory = api::from_binary(imp.memory); break;
      case binary::ExternKind::Global: t.type.global = api::from_binary(imp.global); break;
    }
    r.push_back(std::move(t));
  }
  return r;
}

std::vector<ExportType> Module::exports() const {
  const binary::Module& m = impl_->binary();
  std::vector<ExportType> r;
  r.reserve(m.exports.size());
  for (const binary::Export& e : m.exports) r.push_back({e.name, api::extern_type(m, e.kind, e.index)});
  return r;
}

std::optional<std::string> Module::name() const { return impl_->binary().names.module; }

}  // namespace mosaic
