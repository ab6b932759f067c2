// Component definitions: core modules and instances, canon, component instantiation, exports, subtyping.

#include <gtest/gtest.h>

#include "builder.h"

namespace mosaic::component::test {
namespace {

void expect_error(const Result<valid::CheckedComponent>& r, const std::string& text) {
  ASSERT_FALSE(r.has_value()) << "expected an error containing: " << text;
  EXPECT_NE(r.error().message.find(text), std::string::npos) << r.error().message;
}

TEST(ComponentValid, CoreModuleErrorsKeepKindAndOffset) {
  Builder b;
  std::vector<uint8_t> bad = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05};
  b.core_module(bad, 100);
  auto r = b.validate();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
  ASSERT_NE(r.error().offset, kNoOffset);
  EXPECT_GE(r.error().offset, 100u);
}

TEST(ComponentValid, CoreInstantiation) {
  Builder ok;
  ok.core_module(kModuleMem).core_instantiate(0);
  ok.alias_core_export(0, "d", ast::CoreSort::Func);
  ok.core_inline({{"f", {ast::CoreSort::Func, 0}}});
  ok.core_module(kModuleImportsAF).core_instantiate(1, {{"a", 1}});
  auto r = ok.validate();
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->root->core_modules.size(), 2u);
  ASSERT_EQ(r->root->core_funcs.size(), 1u);
  EXPECT_EQ(r->root->core_funcs[0], (mosaic::FuncType{{ValKind::I32}, {}}));

  Builder missing;
  missing.core_module(kModuleImportsAF).core_instantiate(0);
  expect_error(missing.validate(), "missing module instantiation argument");

  Builder wrong;
  wrong.core_module(kModuleF).core_instantiate(0);
  wrong.alias_core_export(0, "f", ast::CoreSort::Func);
  wrong.core_inline({{"f", {ast::CoreSort::Func, 0}}});
  wrong.core_module(kModuleImportsAF).core_instantiate(1, {{"a", 1}});
  expect_error(wrong.validate(), "type mismatch");

  Builder noexport;
  noexport.core_inline({});
  noexport.core_module(kModuleImportsAF).core_instantiate(0, {{"a", 0}});
  expect_error(noexport.validate(), "does not export an item named `f`");

  Builder dup;
  dup.with_core_f();
  dup.core_inline({{"a", {ast::CoreSort::Func, 0}}, {"a", {ast::CoreSort::Func, 0}}});
  expect_error(dup.validate(), "export name `a` already defined");

  Builder oob;
  oob.core_instantiate(0);
  expect_error(oob.validate(), "module index out of bounds");
}

TEST(ComponentValid, CanonLiftChecksTheCoreSignature) {
  Builder b;
  b.with_core_f().type(func({}, P(TypeKind::U32))).lift(0, 0).export_("f", item(ast::Sort::Func, 0));
  auto r = b.validate();
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->root->funcs.size(), 2u);  // the lifted func and the export's new index
  EXPECT_EQ(r->root->type->exports[0].name, "f");

  Builder c;
  c.with_core_f().type(func({})).lift(0, 0);
  expect_error(c.validate(), "lowered result types `[]` do not match result types `[I32]`");
  Builder d;
  d.with_core_f().type(func({{"a", P(TypeKind::U32)}}, P(TypeKind::U32))).lift(0, 0);
  expect_error(d.validate(), "lowered parameter types `[I32]` do not match parameter types `[]`");
  Builder e;
  e.with_core_f().type(prim(TypeKind::U32)).lift(0, 0);
  expect_error(e.validate(), "type index 0 is not a function type");
}

TEST(ComponentValid, CanonOptionsRequiredAndChecked) {
  // core funcs: 0 realloc, 1 g [i32 i32]->[], 2 d [i32]->[]; memory 0
  auto base = [] {
    Builder b;
    b.core_module(kModuleMem).core_instantiate(0);
    b.alias_core_export(0, "realloc", ast::CoreSort::Func);
    b.alias_core_export(0, "g", ast::CoreSort::Func);
    b.alias_core_export(0, "d", ast::CoreSort::Func);
    b.alias_core_export(0, "mem", ast::CoreSort::Memory);
    b.type(func({{"s", P(TypeKind::String)}}));  // type 0
    return b;
  };
  {
    Builder b = base();
    b.lift(1, 0);
    expect_error(b.validate(), "canonical option `memory` is required");
  }
  {
    Builder b = base();
    ast::CanonOpts o;
    o.realloc = 0;
    b.lift(1, 0, o);
    expect_error(b.validate(), "canonical option `realloc` requires `memory` to also be specified");
  }
  {
    Builder b = base();
    ast::CanonOpts o;
    o.memory = 0;
    b.lift(1, 0, o);
    expect_error(b.validate(), "canonical option `realloc` is required");
  }
  {
    Builder b = base();
    ast::CanonOpts o;
    o.memory = 0;
    o.realloc = 0;
    b.lift(1, 0, o);
    EXPECT_TRUE(b.validate().has_value());
  }
  {
    Builder b = base();
    ast::CanonOpts o;
    o.memory = 0;
    o.realloc = 1;  // wrong signature
    b.lift(1, 0, o);
    expect_error(b.validate(), "`realloc` uses a core function with an incorrect signature");
  }
  {
    Builder b = base();
    ast::CanonOpts o;
    o.memory = 0;
    o.realloc = 0;
    o.duplicate = true;
    b.lift(1, 0, o);
    expect_error(b.validate(), "more than once");
  }
  {
    Builder b = base();
    ast::CanonOpts o;
    o.memory = 3;
    o.realloc = 0;
    b.lift(1, 0, o);
    expect_error(b.validate(), "memory index out of bounds");
  }
  {
    // post-return takes the flat results: lifting d's type (u32) -> () has no results, so [i32] -> [] is wrong.
    Builder b = base();
    b.type(func({{"a", P(TypeKind::U32)}}));  // type 1
    ast::CanonOpts o;
    o.post_return = 2;
    b.lift(2, 1, o);
    expect_error(b.validate(), "`post-return` uses a core function with an incorrect signature");
  }
}

TEST(ComponentValid, CanonLowerProducesTheFlatSignature) {
  Builder b;
  b.core_module(kModuleMem).core_instantiate(0);
  b.alias_core_export(0, "mem", ast::CoreSort::Memory);
  b.alias_core_export(0, "realloc", ast::CoreSort::Func);
  b.type(func({{"s", P(TypeKind::String)}}, P(TypeKind::String)));  // type 0
  b.import("f", desc(ExternKind::Func, 0));
  ast::CanonOpts o;
  o.memory = 0;
  b.lower(0, o);
  expect_error(b.validate(), "canonical option `realloc` is required");

  Builder c;
  c.core_module(kModuleMem).core_instantiate(0);
  c.alias_core_export(0, "mem", ast::CoreSort::Memory);
  c.alias_core_export(0, "realloc", ast::CoreSort::Func);
  c.type(func({{"s", P(TypeKind::String)}}, P(TypeKind::String)));
  c.import("f", desc(ExternKind::Func, 0));
  o.realloc = 0;
  c.lower(0, o);
  auto r = c.validate();
  ASSERT_TRUE(r.has_value()) << r.error().message;
  // string params: (ptr, len); a string result goes through an out-pointer parameter.
  EXPECT_EQ(r->root->core_funcs.back(), (mosaic::FuncType{{ValKind::I32, ValKind::I32, ValKind::I32}, {}}));

  Builder d;
  d.type(func({{"s", P(TypeKind::String)}})).import("f", desc(ExternKind::Func, 0)).lower(0);
  expect_error(d.validate(), "canonical option `memory` is required");
}

TEST(ComponentValid, ResourceBuiltins) {
  Builder b;
  b.type(resource());
  b.resource_builtin(ast::Canon::Kind::ResourceNew, 0);
  b.resource_builtin(ast::Canon::Kind::ResourceRep, 0);
  b.resource_builtin(ast::Canon::Kind::ResourceDrop, 0);
  auto r = b.validate();
  ASSERT_TRUE(r.has_value()) << r.error().message;
  const auto& cf = r->root->core_funcs;
  ASSERT_EQ(cf.size(), 3u);
  EXPECT_EQ(cf[0], (mosaic::FuncType{{ValKind::I32}, {ValKind::I32}}));
  EXPECT_EQ(cf[1], (mosaic::FuncType{{ValKind::I32}, {ValKind::I32}}));
  EXPECT_EQ(cf[2], (mosaic::FuncType{{ValKind::I32}, {}}));

  Builder c;
  c.import("r", sub_resource()).resource_builtin(ast::Canon::Kind::ResourceNew, 0);
  expect_error(c.validate(), "not a local resource");
  Builder d;
  d.import("r", sub_resource()).resource_builtin(ast::Canon::Kind::ResourceDrop, 0);
  EXPECT_TRUE(d.validate().has_value());
  Builder e;
  e.type(prim(TypeKind::U32)).resource_builtin(ast::Canon::Kind::ResourceDrop, 0);
  expect_error(e.validate(), "not a resource type");
  Builder f;
  ast::Canon other;
  other.kind = ast::Canon::Kind::Other;
  other.opcode = 0x08;
  f.canon(other);
  expect_error(f.validate(), "not supported");
}

// A nested component: (import "r" (type (sub resource))) (import "f" (func (param "x" (own r))))
// (type (resource (rep i32))) (export "mine" (type 3)) ... and its exports.
Builder resource_component() {
  Builder c;
  c.import("r", sub_resource());                                        // type 0
  c.type(handle(TypeKind::Own, 0));                                     // type 1
  c.type(func({{"x", T(1)}}));                                          // type 2
  c.import("f", desc(ExternKind::Func, 2));                             // func 0
  c.export_("g", item(ast::Sort::Func, 0));                             // func 1
  c.type(resource());                                                   // type 3
  c.export_("mine", item(ast::Sort::Type, 3));                          // type 4
  return c;
}

TEST(ComponentValid, InstantiationSubstitutesResources) {
  Builder b;
  b.import("res", sub_resource());                                      // type 0
  b.type(handle(TypeKind::Own, 0));                                     // type 1
  b.type(func({{"x", T(1)}}));                                          // type 2
  b.import("f", desc(ExternKind::Func, 2));                             // func 0
  b.component(resource_component());
  b.instantiate(0, {{"r", item(ast::Sort::Type, 0)}, {"f", item(ast::Sort::Func, 0)}});
  b.instantiate(0, {{"r", item(ast::Sort::Type, 0)}, {"f", item(ast::Sort::Func, 0)}});
  auto r = b.validate();
  ASSERT_TRUE(r.has_value()) << r.error().message;
  const auto& root = *r->root;
  ResourcePtr mine = std::get<ResourcePtr>(root.types[0]);
  ASSERT_EQ(root.instances.size(), 2u);
  const NamedExtern* g = root.instances[0]->find("g");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->type.func->params[0].type->resource.get(), mine.get());
  // A resource the component defines is fresh for each instance.
  auto r0 = std::get<ResourcePtr>(root.instances[0]->find("mine")->type.type);
  auto r1 = std::get<ResourcePtr>(root.instances[1]->find("mine")->type.type);
  EXPECT_NE(r0.get(), r1.get());
  EXPECT_NE(r0.get(), mine.get());
}

TEST(ComponentValid, InstantiationArgumentErrors) {
  {
    Builder b;
    b.component(resource_component()).instantiate(0);
    expect_error(b.validate(), "missing import named `r`");
  }
  {
    Builder b;
    b.type(resource()).type(func({{"y", P(TypeKind::U32)}})).import("f", desc(ExternKind::Func, 1));
    // (the parameter names differ before any resource is compared)
    b.component(resource_component());
    b.instantiate(0, {{"r", item(ast::Sort::Type, 0)}, {"f", item(ast::Sort::Func, 0)}});
    expect_error(b.validate(), "expected parameter named `x`, found `y`");
  }
  {
    // f takes (own R2) where the component was given R1: resource types differ.
    Builder b;
    b.import("r1", sub_resource()).import("r2", sub_resource());        // 0, 1
    b.type(handle(TypeKind::Own, 1)).type(func({{"x", T(2)}}));        // 2, 3
    b.import("f", desc(ExternKind::Func, 3));
    b.component(resource_component());
    b.instantiate(0, {{"r", item(ast::Sort::Type, 0)}, {"f", item(ast::Sort::Func, 0)}});
    expect_error(b.validate(), "resource types are not the same");
  }
  {
    Builder b;
    b.type(prim(TypeKind::U32)).import("f", desc(ExternKind::Func, 99));
    expect_error(b.validate(), "type index out of bounds");
  }
  {
    Builder b;
    b.type(resource()).component(resource_component());
    b.instantiate(0, {{"r", item(ast::Sort::Type, 0)}, {"R", item(ast::Sort::Type, 0)}});
    expect_error(b.validate(), "instantiation argument `R` conflicts with previous argument `r`");
  }
}

TEST(ComponentValid, ExportRules) {
  {
    // A lifted function whose result is an unexported record cannot be exported.
    Builder b;
    b.with_core_f().type(labels(TypeKind::Enum, {"a", "b"})).type(func({}, T(0))).lift(0, 1);
    b.export_("f", item(ast::Sort::Func, 0));
    expect_error(b.validate(), "func not valid to be used as export");
  }
  {
    // ... but with the enum exported and the export's type ascribed, it can.
    Builder b;
    b.with_core_f().type(labels(TypeKind::Enum, {"a", "b"})).type(func({}, T(0))).lift(0, 1);
    b.export_("e", item(ast::Sort::Type, 0));                          // type 2
    b.type(func({}, T(2)));                                            // type 3
    b.export_("f", item(ast::Sort::Func, 0), desc(ExternKind::Func, 3));
    auto r = b.validate();
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }
  {
    Builder b;
    b.with_core_f().type(resource()).type(handle(TypeKind::Own, 0)).type(func({}, T(1))).lift(0, 2);
    b.export_("f", item(ast::Sort::Func, 0));
    expect_error(b.validate(), "func not valid to be used as export");
  }
  {
    // ascribed type mismatch
    Builder b;
    b.with_core_f().type(func({}, P(TypeKind::U32))).lift(0, 0).type(func({}, P(TypeKind::S32)));
    b.export_("f", item(ast::Sort::Func, 0), desc(ExternKind::Func, 1));
    expect_error(b.validate(), "type mismatch in export `f`");
  }
  {
    Builder b;
    b.export_("f", item(ast::Sort::Func, 0));
    expect_error(b.validate(), "function index out of bounds");
  }
  {
    // Imports may only use imported types: an exported resource gives no name to an import.
    Builder b;
    b.type(resource()).export_("r", item(ast::Sort::Type, 0));
    b.type(handle(TypeKind::Own, 1)).type(func({}, T(2))).import("f", desc(ExternKind::Func, 3));
    expect_error(b.validate(), "func not valid to be used as import");
  }
  {
    // (sub resource) ascription exports a new abstract resource type.
    Builder b;
    b.type(resource()).export_("r", item(ast::Sort::Type, 0), sub_resource());
    auto r = b.validate();
    ASSERT_TRUE(r.has_value()) << r.error().message;
    auto defined = std::get<ResourcePtr>(r->root->types[0]);
    auto exported = std::get<ResourcePtr>(r->root->types[1]);
    EXPECT_NE(defined.get(), exported.get());
    EXPECT_FALSE(exported->defined);
    EXPECT_EQ(std::get<ResourcePtr>(r->root->type->exports[0].type.type).get(), exported.get());
  }
}

TEST(ComponentValid, InstanceImportsHaveTheirOwnResources) {
  // (type $I (instance (export "r" (type (sub resource))))) imported twice: two different resources.
  Builder b;
  b.type(scope_type(ast::TypeDef::Kind::Instance, {decl_extern(ast::Decl::Kind::Export, "r", sub_resource())}));
  b.import("i1", desc(ExternKind::Instance, 0)).import("i2", desc(ExternKind::Instance, 0));
  b.alias_export(0, "r", ast::Sort::Type).alias_export(1, "r", ast::Sort::Type);
  auto r = b.validate();
  ASSERT_TRUE(r.has_value()) << r.error().message;
  auto r1 = std::get<ResourcePtr>(r->root->types[1]);
  auto r2 = std::get<ResourcePtr>(r->root->types[2]);
  EXPECT_NE(r1.get(), r2.get());
  EXPECT_NE(r1.get(), std::get<ResourcePtr>(std::get<InstanceTypePtr>(r->root->types[0])->exports[0].type.type).get());
}

TEST(ComponentValid, CoreModuleImportNamesAreUnique) {
  // (module (import "a" "f" (func)) (import "a" "f" (func)))
  std::vector<uint8_t> m = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
                            0x02, 0x0d, 0x02, 0x01, 0x61, 0x01, 0x66, 0x00, 0x00, 0x01, 0x61, 0x01, 0x66, 0x00, 0x00};
  Builder b;
  b.core_module(m);
  expect_error(b.validate(), "duplicate import name `a:f`");
}

TEST(ComponentValid, FixedSignatureBuiltins) {
  Builder b;
  ast::Canon c;
  c.kind = ast::Canon::Kind::Other;
  c.opcode = 0x1f;  // waitable-set.new
  b.canon(c);
  c.opcode = 0x23;  // waitable.join
  b.canon(c);
  auto r = b.validate();
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->root->core_funcs.size(), 2u);
  EXPECT_EQ(r->root->core_funcs[0], (mosaic::FuncType{{}, {ValKind::I32}}));
  EXPECT_EQ(r->root->core_funcs[1], (mosaic::FuncType{{ValKind::I32, ValKind::I32}, {}}));
  Builder d;
  c.opcode = 0x20;  // waitable-set.wait without a memory
  d.canon(c);
  expect_error(d.validate(), "memory index out of bounds");
}

ExternType func_extern(std::vector<Field> params, ValTypePtr result = nullptr) {
  auto f = std::make_shared<FuncType>();
  f->params = std::move(params);
  f->result = std::move(result);
  ExternType t;
  t.kind = ExternKind::Func;
  t.func = f;
  return t;
}

TEST(ComponentValid, CheckSubtype) {
  auto u32 = ValType::primitive(TypeKind::U32);
  auto str = ValType::primitive(TypeKind::String);
  EXPECT_TRUE(valid::check_subtype(func_extern({{"a", u32}}, u32), func_extern({{"a", u32}}, u32)).has_value());
  auto e1 = valid::check_subtype(func_extern({{"a", u32}}), func_extern({{"b", u32}}));
  ASSERT_FALSE(e1.has_value());
  EXPECT_NE(e1.error().message.find("expected parameter named `b`, found `a`"), std::string::npos);
  auto e2 = valid::check_subtype(func_extern({{"x", str}}), func_extern({{"x", u32}}));
  ASSERT_FALSE(e2.has_value());
  EXPECT_NE(e2.error().message.find("type mismatch in function parameter `x`"), std::string::npos);
  auto e3 = valid::check_subtype(func_extern({}, u32), func_extern({}));
  ASSERT_FALSE(e3.has_value());
  EXPECT_NE(e3.error().message.find("expected a result, found none"), std::string::npos);

  // Instances: every expected export present; extra exports are fine.
  auto inst = [](std::vector<NamedExtern> exports) {
    auto it = std::make_shared<InstanceType>();
    it->exports = std::move(exports);
    ExternType t;
    t.kind = ExternKind::Instance;
    t.instance = it;
    return t;
  };
  auto f = func_extern({});
  EXPECT_TRUE(valid::check_subtype(inst({{"f", f}, {"g", f}}), inst({{"f", f}})).has_value());
  auto e4 = valid::check_subtype(inst({{"g", f}}), inst({{"f", f}}));
  ASSERT_FALSE(e4.has_value());
  EXPECT_NE(e4.error().message.find("missing expected export `f`"), std::string::npos);
  auto e5 = valid::check_subtype(f, inst({}));
  ASSERT_FALSE(e5.has_value());
  EXPECT_NE(e5.error().message.find("expected instance, found func"), std::string::npos);

  // Records compare structurally, with messages naming the difference.
  auto rec = [](std::string field, ValTypePtr t) {
    auto r = std::make_shared<ValType>();
    r->kind = TypeKind::Record;
    r->fields = {{std::move(field), std::move(t)}};
    return ValTypePtr(r);
  };
  EXPECT_TRUE(valid::check_subtype(func_extern({{"a", rec("x", u32)}}), func_extern({{"a", rec("x", u32)}})).has_value());
  auto e6 = valid::check_subtype(func_extern({}, rec("a", u32)), func_extern({}, rec("b", u32)));
  ASSERT_FALSE(e6.has_value());
  EXPECT_NE(e6.error().message.find("expected field name `b`, found `a`"), std::string::npos);

  // Components: imports are contravariant.
  auto comp = [](std::vector<NamedExtern> imports) {
    auto c = std::make_shared<ComponentType>();
    c->imports = std::move(imports);
    ExternType t;
    t.kind = ExternKind::Component;
    t.component = c;
    return t;
  };
  EXPECT_TRUE(valid::check_subtype(comp({}), comp({{"a", f}})).has_value());
  auto e7 = valid::check_subtype(comp({{"a", f}}), comp({}));
  ASSERT_FALSE(e7.has_value());
  EXPECT_NE(e7.error().message.find("missing expected import `a`"), std::string::npos);
}

}  // namespace
}  // namespace mosaic::component::test
