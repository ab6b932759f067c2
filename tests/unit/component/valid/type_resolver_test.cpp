// Type resolution: defined value types and their rules, function types, resources, component and instance
// types, aliases, nesting limits.

#include <gtest/gtest.h>

#include "builder.h"

namespace mosaic::component::test {
namespace {

void expect_error(const Result<valid::CheckedComponent>& r, const std::string& text) {
  ASSERT_FALSE(r.has_value()) << "expected an error containing: " << text;
  EXPECT_NE(r.error().message.find(text), std::string::npos) << r.error().message;
}

Result<valid::CheckedComponent> one_type(ast::TypeDef t) {
  Builder b;
  b.type(std::move(t));
  return b.validate();
}

TEST(ComponentValid, EmptyComponent) {
  auto r = Builder().validate();
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_TRUE(r->root->type->imports.empty());
  EXPECT_TRUE(r->root->type->exports.empty());
}

TEST(ComponentValid, SameIndexResolvesToSameNode) {
  Builder b;
  b.type(record({{"a", P(TypeKind::U32)}}));                    // 0
  b.type(func({{"x", T(0)}, {"y", T(0)}}, T(0)));              // 1
  auto r = b.validate();
  ASSERT_TRUE(r.has_value()) << r.error().message;
  const auto& types = r->root->types;
  ASSERT_EQ(types.size(), 2u);
  auto rec = std::get<ValTypePtr>(types[0]);
  auto ft = std::get<FuncTypePtr>(types[1]);
  EXPECT_EQ(ft->params[0].type.get(), rec.get());
  EXPECT_EQ(ft->params[1].type.get(), rec.get());
  EXPECT_EQ(ft->result.get(), rec.get());
  EXPECT_EQ(rec->fields[0].type.get(), ValType::primitive(TypeKind::U32).get());
}

TEST(ComponentValid, RecordVariantEnumFlagsRules) {
  expect_error(one_type(record({})), "record type must have at least one field");
  expect_error(one_type(record({{"", P(TypeKind::U32)}})), "record field name cannot be empty");
  expect_error(one_type(record({{"GoNnA", P(TypeKind::U32)}})), "record field name `GoNnA` is not in kebab case");
  expect_error(one_type(record({{"a-B-c-D", P(TypeKind::U32)}, {"A-b-C-d", P(TypeKind::U32)}})),
               "record field name `A-b-C-d` conflicts with previous field name `a-B-c-D`");
  expect_error(one_type(labels(TypeKind::Flags, {})), "flags must have at least one entry");
  expect_error(one_type(labels(TypeKind::Flags, {"x", "X"})), "flag name `X` conflicts with previous flag name `x`");
  std::vector<std::string> many;
  for (int i = 0; i < 33; ++i) many.push_back("f" + std::to_string(i));
  expect_error(one_type(labels(TypeKind::Flags, many)), "cannot have more than 32 flags");
  many.pop_back();
  EXPECT_TRUE(one_type(labels(TypeKind::Flags, many)).has_value());
  expect_error(one_type(labels(TypeKind::Enum, {})), "enum type must have at least one variant");
  expect_error(one_type(labels(TypeKind::Enum, {"x", "X"})), "enum tag name `X` conflicts with previous tag name `x`");
  ast::DefValType v;
  v.kind = TypeKind::Variant;
  expect_error(one_type(defval(v)), "variant type must have at least one case");
  v.cases = {{"x", std::nullopt}, {"X", std::nullopt}};
  expect_error(one_type(defval(v)), "variant case name `X` conflicts with previous case name `x`");
  ast::DefValType t;
  t.kind = TypeKind::Tuple;
  expect_error(one_type(defval(t)), "tuple type must have at least one type");
}

TEST(ComponentValid, FixedListLengthAndMaximumSize) {
  expect_error(one_type(element(TypeKind::FixedList, P(TypeKind::U8), 0)), "more than zero elements");
  EXPECT_TRUE(one_type(element(TypeKind::FixedList, P(TypeKind::U8), (1u << 28) - 1)).has_value());
  expect_error(one_type(element(TypeKind::FixedList, P(TypeKind::U8), 1u << 28)), "exceeds maximum byte size");
  expect_error(one_type(element(TypeKind::FixedList, P(TypeKind::U64), 536870912)), "exceeds maximum byte size");
  Builder b;
  b.type(element(TypeKind::FixedList, P(TypeKind::U8), 134217728));
  b.type(element(TypeKind::FixedList, T(0), 2));
  expect_error(b.validate(), "exceeds maximum byte size");
}

TEST(ComponentValid, HandlesMustReferToResources) {
  Builder b;
  b.type(prim(TypeKind::U32)).type(handle(TypeKind::Own, 0));
  expect_error(b.validate(), "type index 0 is not a resource type");
  Builder c;
  c.type(handle(TypeKind::Own, 5));
  expect_error(c.validate(), "type index out of bounds");
}

TEST(ComponentValid, IndexOfWrongKind) {
  Builder b;
  b.type(func({})).type(element(TypeKind::List, T(0)));
  expect_error(b.validate(), "type index 0 is not a defined type");
  Builder c;
  c.type(prim(TypeKind::U32)).import("f", desc(ExternKind::Func, 0));
  expect_error(c.validate(), "type index 0 is not a function type");
  Builder d;
  d.type(prim(TypeKind::U32)).import("f", desc(ExternKind::Instance, 0));
  expect_error(d.validate(), "type index 0 is not an instance type");
}

TEST(ComponentValid, FunctionTypeRules) {
  Builder b;
  b.import("r", sub_resource()).type(handle(TypeKind::Borrow, 0)).type(func({}, T(1)));
  expect_error(b.validate(), "function result cannot contain a `borrow` type");
  expect_error(one_type(func({{"foo", P(TypeKind::U32)}, {"FOO", P(TypeKind::U32)}})),
               "function parameter name `FOO` conflicts with previous parameter name `foo`");
  expect_error(one_type(func({{"yOu", P(TypeKind::U32)}})), "function parameter name `yOu` is not in kebab case");
  expect_error(one_type(func({{"", P(TypeKind::U32)}})), "function parameter name cannot be empty");
}

TEST(ComponentValid, ResourceDefinitions) {
  expect_error(one_type(resource({}, 0x7e)), "resources can only be represented by `i32`");
  EXPECT_TRUE(one_type(resource()).has_value());
  // dtor: core func [i32] -> []
  Builder b;
  b.core_module(kModuleMem).core_instantiate(0);
  b.alias_core_export(0, "d", ast::CoreSort::Func);  // core func 0: [i32] -> []
  b.alias_core_export(0, "g", ast::CoreSort::Func);  // core func 1: [i32 i32] -> []
  b.type(resource(0u));
  EXPECT_TRUE(b.validate().has_value());
  Builder c;
  c.core_module(kModuleMem).core_instantiate(0);
  c.alias_core_export(0, "g", ast::CoreSort::Func);
  c.type(resource(0u));
  expect_error(c.validate(), "wrong signature for a destructor");
  // Only concrete components define resources.
  expect_error(one_type(scope_type(ast::TypeDef::Kind::Instance, {decl_type(resource())})),
               "resources can only be defined within a concrete component");
}

TEST(ComponentValid, ComponentAndInstanceTypes) {
  // (type (instance (type (record ...)) (export "r" (type (eq 0))) (type (func (result 1))) (export "f" (func 2))))
  std::vector<ast::Decl> decls;
  decls.push_back(decl_type(record({{"a", P(TypeKind::U32)}})));
  ast::ExternDesc eq = desc(ExternKind::Type, 0);
  decls.push_back(decl_extern(ast::Decl::Kind::Export, "r", eq));
  decls.push_back(decl_type(func({}, T(1))));
  decls.push_back(decl_extern(ast::Decl::Kind::Export, "f", desc(ExternKind::Func, 2)));
  Builder b;
  b.type(scope_type(ast::TypeDef::Kind::Instance, decls));
  b.import("i", desc(ExternKind::Instance, 0));
  b.alias_export(0, "f", ast::Sort::Func);
  auto r = b.validate();
  ASSERT_TRUE(r.has_value()) << r.error().message;
  auto it = std::get<InstanceTypePtr>(r->root->types[0]);
  ASSERT_EQ(it->exports.size(), 2u);
  EXPECT_EQ(it->exports[1].type.kind, ExternKind::Func);
  ASSERT_EQ(r->root->funcs.size(), 1u);
  EXPECT_EQ(r->root->funcs[0].get(), it->exports[1].type.func.get());

  // An instance type may use an unexported record (visibility is checked when the type is used) ...
  std::vector<ast::Decl> bad;
  bad.push_back(decl_type(record({{"a", P(TypeKind::U32)}})));
  bad.push_back(decl_type(func({}, T(0))));
  bad.push_back(decl_extern(ast::Decl::Kind::Export, "f", desc(ExternKind::Func, 1)));
  EXPECT_TRUE(one_type(scope_type(ast::TypeDef::Kind::Instance, bad)).has_value());
  // ... but then not as the type of an import; a component type checks at once.
  Builder imp;
  imp.type(scope_type(ast::TypeDef::Kind::Instance, bad)).import("i", desc(ExternKind::Instance, 0));
  expect_error(imp.validate(), "instance not valid to be used as import");
  expect_error(one_type(scope_type(ast::TypeDef::Kind::Component, bad)), "func not valid to be used as export");
  // Instance types have no imports; names are checked in types too.
  expect_error(one_type(scope_type(ast::TypeDef::Kind::Instance,
                                   {decl_type(func({})), decl_extern(ast::Decl::Kind::Import, "f", desc(ExternKind::Func, 0))})),
               "instance types cannot have imports");
  expect_error(one_type(scope_type(ast::TypeDef::Kind::Component,
                                   {decl_type(func({})), decl_extern(ast::Decl::Kind::Export, "NevEr", desc(ExternKind::Func, 0))})),
               "`NevEr` is not in kebab case");
}

TEST(ComponentValid, AliasRules) {
  // export alias of the wrong sort
  Builder b;
  b.type(func({})).type(scope_type(ast::TypeDef::Kind::Instance,
                                    {decl_type(func({})), decl_extern(ast::Decl::Kind::Export, "a", desc(ExternKind::Func, 0))}));
  b.import("i", desc(ExternKind::Instance, 1));
  b.alias_export(0, "a", ast::Sort::Instance);
  expect_error(b.validate(), "is not an instance");
  Builder c;
  c.type(scope_type(ast::TypeDef::Kind::Instance, {}));
  c.import("i", desc(ExternKind::Instance, 0));
  c.alias_export(0, "Xml", ast::Sort::Func);
  expect_error(c.validate(), "instance 0 has no export named `Xml`");
  // outer alias count beyond the enclosing components
  Builder d;
  d.alias_outer({ast::Sort::Type, ast::CoreSort::Func}, 1, 0);
  expect_error(d.validate(), "invalid outer alias count");
  Builder e;
  e.alias_outer({ast::Sort::Core, ast::CoreSort::Type}, 0, 0);
  expect_error(e.validate(), "index out of bounds");
  // a core export alias of the wrong kind
  Builder f;
  f.with_core_f();
  f.alias_core_export(0, "f", ast::CoreSort::Memory);
  expect_error(f.validate(), "is not a memory");
}

TEST(ComponentValid, OuterAliasOfResourcesAcrossComponents) {
  Builder inner;
  inner.alias_outer({ast::Sort::Type, ast::CoreSort::Func}, 1, 0);
  Builder b;
  b.type(resource());
  b.component(std::move(inner));
  expect_error(b.validate(), "transitively refers to resources");

  Builder inner2;
  inner2.alias_outer({ast::Sort::Type, ast::CoreSort::Func}, 1, 1);
  Builder c;
  c.type(resource()).type(record({{"h", P(TypeKind::U32)}}));
  c.component(std::move(inner2));
  auto r = c.validate();
  ASSERT_TRUE(r.has_value()) << r.error().message;
  // The nested component's type 0 is the outer record itself.
  EXPECT_EQ(std::get<ValTypePtr>(r->root->components[0]->types[0]).get(),
            std::get<ValTypePtr>(r->root->types[1]).get());

  // Within one component's own type scopes, resources may be aliased.
  Builder d;
  d.type(resource());
  std::vector<ast::Decl> decls;
  ast::Decl a;
  a.kind = ast::Decl::Kind::Alias;
  a.alias.target = ast::Alias::Target::Outer;
  a.alias.sort = {ast::Sort::Type, ast::CoreSort::Func};
  a.alias.outer_count = 1;
  a.alias.outer_index = 0;
  decls.push_back(a);
  decls.push_back(decl_extern(ast::Decl::Kind::Export, "r", desc(ExternKind::Type, 0)));
  d.type(scope_type(ast::TypeDef::Kind::Instance, decls));
  EXPECT_TRUE(d.validate().has_value());
}

TEST(ComponentValid, DeepNestingIsRejectedNotCrashing) {
  Builder b;
  b.type(prim(TypeKind::U32));
  for (uint32_t i = 0; i < 5000; ++i) b.type(element(TypeKind::Option, T(i)));
  expect_error(b.validate(), "nesting");

  Builder inner;
  for (int i = 0; i < 2000; ++i) {
    Builder outer;
    outer.component(std::move(inner));
    inner = std::move(outer);
  }
  expect_error(inner.validate(), "nested too deeply");
}

TEST(ComponentValid, SharedTypesAreBoundedByTreeSize) {
  // tuple<T, T> nested 60 times: small as a DAG, 2^60 nodes as a tree.
  Builder b;
  b.type(prim(TypeKind::U32));
  for (uint32_t i = 0; i < 60; ++i) {
    ast::DefValType d;
    d.kind = TypeKind::Tuple;
    d.types = {T(i), T(i)};
    b.type(defval(d));
  }
  expect_error(b.validate(), "effective type size exceeds the limit");
}

TEST(ComponentValid, ValuesAndStartAreRejected) {
  Builder b;
  ast::ExternDesc d;
  d.kind = ExternKind::Value;
  d.value = P(TypeKind::U32);
  b.import("v", d);
  expect_error(b.validate(), "not supported");
  Builder c;
  c.c->starts.push_back({});
  c.def(K::Start, 0);
  expect_error(c.validate(), "not supported");
}

}  // namespace
}  // namespace mosaic::component::test
