#pragma once
// Builds ast::Component values for the validation tests, definition by definition, as the decoder would.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "component/binary/ast.h"
#include "component/valid/validate.h"
#include "mosaic/engine.h"

namespace mosaic::component::test {

namespace ast = mosaic::component::ast;
using K = ast::Definition::Kind;

// (module (func (export "f") (result i32) i32.const 0))
inline const std::vector<uint8_t> kModuleF = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02,
    0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x00, 0x0b};
// (module (memory (export "mem") 1)
//   (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)
//   (func (export "g") (param i32 i32)) (func (export "d") (param i32)))
inline const std::vector<uint8_t> kModuleMem = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x12, 0x03, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01,
    0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x00, 0x60, 0x01, 0x7f, 0x00, 0x03, 0x04, 0x03, 0x00, 0x01, 0x02, 0x05, 0x03,
    0x01, 0x00, 0x01, 0x07, 0x19, 0x04, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x07, 0x72, 0x65, 0x61, 0x6c, 0x6c,
    0x6f, 0x63, 0x00, 0x00, 0x01, 0x67, 0x00, 0x01, 0x01, 0x64, 0x00, 0x02, 0x0a, 0x0c, 0x03, 0x04, 0x00, 0x41,
    0x00, 0x0b, 0x02, 0x00, 0x0b, 0x02, 0x00, 0x0b};
// (module (import "a" "f" (func (param i32))))
inline const std::vector<uint8_t> kModuleImportsAF = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05,
                                                      0x01, 0x60, 0x01, 0x7f, 0x00, 0x02, 0x07, 0x01, 0x01, 0x61,
                                                      0x01, 0x66, 0x00, 0x00};

inline ast::ValTypeRef P(TypeKind k) { return ast::ValTypeRef{false, k, 0}; }
inline ast::ValTypeRef T(uint32_t i) { return ast::ValTypeRef{true, TypeKind::Bool, i}; }

inline ast::TypeDef defval(ast::DefValType d) {
  ast::TypeDef t;
  t.kind = ast::TypeDef::Kind::DefVal;
  t.defval = std::move(d);
  return t;
}
inline ast::TypeDef prim(TypeKind k) {
  ast::DefValType d;
  d.kind = k;
  return defval(d);
}
inline ast::TypeDef record(std::vector<ast::LabeledType> fields) {
  ast::DefValType d;
  d.kind = TypeKind::Record;
  d.fields = std::move(fields);
  return defval(d);
}
inline ast::TypeDef labels(TypeKind k, std::vector<std::string> ls) {
  ast::DefValType d;
  d.kind = k;
  d.labels = std::move(ls);
  return defval(d);
}
inline ast::TypeDef element(TypeKind k, ast::ValTypeRef e, uint32_t length = 0) {
  ast::DefValType d;
  d.kind = k;
  d.element = e;
  d.length = length;
  return defval(d);
}
inline ast::TypeDef handle(TypeKind k, uint32_t resource) {
  ast::DefValType d;
  d.kind = k;
  d.resource = resource;
  return defval(d);
}
inline ast::TypeDef func(std::vector<ast::LabeledType> params, std::optional<ast::ValTypeRef> result = {}) {
  ast::TypeDef t;
  t.kind = ast::TypeDef::Kind::Func;
  t.func.params = std::move(params);
  t.func.result = result;
  return t;
}
inline ast::TypeDef resource(std::optional<uint32_t> dtor = {}, uint8_t rep = 0x7f) {
  ast::TypeDef t;
  t.kind = ast::TypeDef::Kind::Resource;
  t.resource.rep = rep;
  t.resource.dtor = dtor;
  return t;
}

inline ast::ExternDesc desc(ExternKind k, uint32_t index) {
  ast::ExternDesc d;
  d.kind = k;
  d.index = index;
  return d;
}
inline ast::ExternDesc sub_resource() {
  ast::ExternDesc d;
  d.kind = ExternKind::Type;
  d.sub_resource = true;
  return d;
}
inline ast::ExternName name(std::string n) {
  ast::ExternName x;
  x.name = std::move(n);
  return x;
}
inline ast::SortIdx item(ast::Sort s, uint32_t i) { return ast::SortIdx{ast::SortRef{s, ast::CoreSort::Func}, i}; }

inline ast::Decl decl_type(ast::TypeDef t) {
  ast::Decl d;
  d.kind = ast::Decl::Kind::Type;
  d.type = std::make_shared<ast::TypeDef>(std::move(t));
  return d;
}
inline ast::Decl decl_extern(ast::Decl::Kind k, std::string n, ast::ExternDesc desc) {
  ast::Decl d;
  d.kind = k;
  d.name = name(std::move(n));
  d.desc = desc;
  return d;
}
inline ast::TypeDef scope_type(ast::TypeDef::Kind k, std::vector<ast::Decl> decls) {
  ast::TypeDef t;
  t.kind = k;
  t.decls = std::move(decls);
  return t;
}

struct Builder {
  std::unique_ptr<ast::Component> c = std::make_unique<ast::Component>();

  void def(K k, size_t i) { c->definitions.push_back({k, uint32_t(i)}); }
  Builder& type(ast::TypeDef t) {
    c->types.push_back(std::make_shared<ast::TypeDef>(std::move(t)));
    def(K::Type, c->types.size() - 1);
    return *this;
  }
  Builder& import(std::string n, ast::ExternDesc d) {
    c->imports.push_back({0, name(std::move(n)), d});
    def(K::Import, c->imports.size() - 1);
    return *this;
  }
  Builder& export_(std::string n, ast::SortIdx it, std::optional<ast::ExternDesc> d = {}) {
    c->exports.push_back({0, name(std::move(n)), it, d});
    def(K::Export, c->exports.size() - 1);
    return *this;
  }
  Builder& core_module(std::vector<uint8_t> bytes, size_t offset = 0) {
    c->core_modules.push_back({offset, std::move(bytes)});
    def(K::CoreModule, c->core_modules.size() - 1);
    return *this;
  }
  Builder& core_instantiate(uint32_t module, std::vector<ast::CoreInstantiateArg> args = {}) {
    ast::CoreInstance i;
    i.module = module;
    i.args = std::move(args);
    c->core_instances.push_back(std::move(i));
    def(K::CoreInstance, c->core_instances.size() - 1);
    return *this;
  }
  Builder& core_inline(std::vector<ast::CoreInlineExport> exports) {
    ast::CoreInstance i;
    i.instantiate = false;
    i.exports = std::move(exports);
    c->core_instances.push_back(std::move(i));
    def(K::CoreInstance, c->core_instances.size() - 1);
    return *this;
  }
  Builder& alias(ast::Alias a) {
    c->aliases.push_back(std::move(a));
    def(K::Alias, c->aliases.size() - 1);
    return *this;
  }
  Builder& alias_core_export(uint32_t inst, std::string n, ast::CoreSort s) {
    ast::Alias a;
    a.target = ast::Alias::Target::CoreExport;
    a.sort = {ast::Sort::Core, s};
    a.instance = inst;
    a.name = std::move(n);
    return alias(std::move(a));
  }
  Builder& alias_export(uint32_t inst, std::string n, ast::Sort s) {
    ast::Alias a;
    a.target = ast::Alias::Target::Export;
    a.sort = {s, ast::CoreSort::Func};
    a.instance = inst;
    a.name = std::move(n);
    return alias(std::move(a));
  }
  Builder& alias_outer(ast::SortRef s, uint32_t count, uint32_t index) {
    ast::Alias a;
    a.target = ast::Alias::Target::Outer;
    a.sort = s;
    a.outer_count = count;
    a.outer_index = index;
    return alias(std::move(a));
  }
  Builder& canon(ast::Canon x) {
    c->canons.push_back(std::move(x));
    def(K::Canon, c->canons.size() - 1);
    return *this;
  }
  Builder& lift(uint32_t core_func, uint32_t type, ast::CanonOpts opts = {}) {
    ast::Canon x;
    x.kind = ast::Canon::Kind::Lift;
    x.func = core_func;
    x.type = type;
    x.opts = opts;
    return canon(std::move(x));
  }
  Builder& lower(uint32_t f, ast::CanonOpts opts = {}) {
    ast::Canon x;
    x.kind = ast::Canon::Kind::Lower;
    x.func = f;
    x.opts = opts;
    return canon(std::move(x));
  }
  Builder& resource_builtin(ast::Canon::Kind k, uint32_t type) {
    ast::Canon x;
    x.kind = k;
    x.type = type;
    return canon(std::move(x));
  }
  Builder& component(Builder nested) {
    c->components.push_back(std::move(nested.c));
    def(K::Component, c->components.size() - 1);
    return *this;
  }
  Builder& instantiate(uint32_t comp, std::vector<ast::InstantiateArg> args = {}) {
    ast::Instance i;
    i.component = comp;
    i.args = std::move(args);
    c->instances.push_back(std::move(i));
    def(K::Instance, c->instances.size() - 1);
    return *this;
  }
  Builder& inline_instance(std::vector<ast::InlineExport> exports) {
    ast::Instance i;
    i.instantiate = false;
    i.exports = std::move(exports);
    c->instances.push_back(std::move(i));
    def(K::Instance, c->instances.size() - 1);
    return *this;
  }
  // A core func "f" (result i32) at core func index 0 of a fresh component.
  Builder& with_core_f() {
    core_module(kModuleF);
    core_instantiate(0);
    return alias_core_export(0, "f", ast::CoreSort::Func);
  }

  Result<valid::CheckedComponent> validate() {
    static const Engine engine;
    return valid::validate(engine, std::move(c));
  }
};

}  // namespace mosaic::component::test
