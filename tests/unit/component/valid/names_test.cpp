// Extern names: kebab case, interface names and versions, strong uniqueness, resource function names.

#include <gtest/gtest.h>

#include "builder.h"

namespace mosaic::component::test {
namespace {

// A component importing (func) under each name.
Result<valid::CheckedComponent> import_funcs(std::vector<std::string> names) {
  Builder b;
  b.type(func({}));
  for (auto& n : names) b.import(n, desc(ExternKind::Func, 0));
  return b.validate();
}

void expect_error(const Result<valid::CheckedComponent>& r, const std::string& text) {
  ASSERT_FALSE(r.has_value()) << "expected an error containing: " << text;
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_NE(r.error().message.find(text), std::string::npos) << r.error().message;
}

TEST(ComponentValid, KebabCaseNamesAccepted) {
  EXPECT_TRUE(import_funcs({"a", "a11-B11-123-ABC-abc", "ns-1-a:b-1-c/D-2", "x-y"}).has_value());
}

TEST(ComponentValid, KebabCaseViolationsRejected) {
  expect_error(import_funcs({"aBc"}), "`aBc` is not in kebab case");
  expect_error(import_funcs({"1-a"}), "is not in kebab case");
  expect_error(import_funcs({"a--"}), "is not in kebab case");
  expect_error(import_funcs({""}), "is not in kebab case");
  expect_error(import_funcs({"wasi/http"}), "`wasi/http` is not in kebab case");
  expect_error(import_funcs({"wasi:http/TyPeS"}), "`TyPeS` is not in kebab case");
  expect_error(import_funcs({"1:a/b"}), "is not in kebab case");
  expect_error(import_funcs({"A:b/c"}), "is not a valid extern name");
  expect_error(import_funcs({"ns:A/b"}), "is not a valid extern name");
}

TEST(ComponentValid, InterfaceNamesAndVersions) {
  EXPECT_TRUE(import_funcs({"wasi:http/types", "wasi:http/types@1.0.0", "wasi:http/types@2.0.0",
                            "a:b/c@0.0.0-abcd.1.2+efg.4.ee.5"})
                  .has_value());
  expect_error(import_funcs({"a:b/c@"}), "empty string");
  expect_error(import_funcs({"a:b/c@."}), "unexpected character '.'");
  expect_error(import_funcs({"a:b/c@1."}), "unexpected end of input");
  expect_error(import_funcs({"a:b/c@2.0x0"}), "unexpected character 'x'");
  expect_error(import_funcs({"a:b/c@2.0.0+"}), "empty identifier segment");
  expect_error(import_funcs({"foo:bar:baz/qux"}), "expected `/` after package name");
  expect_error(import_funcs({"foo:bar/baz/qux"}), "trailing characters found: `/qux`");
  expect_error(import_funcs({"wasi:http/types@1.0.0", "wasi:http/types@1.0.0"}), "conflicts with previous name");
}

TEST(ComponentValid, NamesAreStronglyUnique) {
  expect_error(import_funcs({"A", "a"}), "import name `a` conflicts with previous name `A`");
  Builder b;
  b.type(func({})).import("f", desc(ExternKind::Func, 0));
  b.export_("a", item(ast::Sort::Func, 0)).export_("A", item(ast::Sort::Func, 0));
  expect_error(b.validate(), "export name `A` conflicts with previous name `a`");
}

TEST(ComponentValid, ResourceFunctionNames) {
  // (import "a" (type (sub resource))) then [method]a.a / [static]a.a conflict with the label `a`.
  auto with_resource = [](std::string fname, ast::TypeDef ft) {
    Builder b;
    b.import("a", sub_resource());                        // type 0
    b.type(handle(TypeKind::Borrow, 0));                  // type 1
    b.type(handle(TypeKind::Own, 0));                     // type 2
    b.type(std::move(ft));                                // type 3
    b.import(fname, desc(ExternKind::Func, 3));
    return b.validate();
  };
  expect_error(with_resource("[method]a.a", func({{"self", T(1)}})), "conflicts with previous name `a`");
  EXPECT_TRUE(with_resource("[method]a.b", func({{"self", T(1)}})).has_value());
  expect_error(with_resource("[method]a.b", func({{"x", T(1)}})), "should have a first argument called `self`");
  expect_error(with_resource("[method]a.b", func({})), "should have at least one argument");
  expect_error(with_resource("[method]a.b", func({{"self", T(2)}})), "should take a first argument of `(borrow $T)`");
  expect_error(with_resource("[method]ab", func({{"self", T(1)}})), "failed to find `.` character");
  EXPECT_TRUE(with_resource("[constructor]a", func({}, T(2))).has_value());
  expect_error(with_resource("[constructor]a", func({}, P(TypeKind::U32))), "should return `(own $T)`");
  expect_error(with_resource("[static]b.c", func({})), "static resource name is not known in this context");
  EXPECT_TRUE(with_resource("[static]a.c", func({})).has_value());
}

}  // namespace
}  // namespace mosaic::component::test
