// print_wit against what `jco wit` (wit-component's printer) prints for the same components; the component text
// each type stands for is quoted above each test.

#include "component/text/wit.h"

#include <gtest/gtest.h>

#include <string>

namespace mosaic::component::text {
namespace {

ValTypePtr prim(TypeKind k) { return ValType::primitive(k); }
ValTypePtr make(ValType t) { return std::make_shared<const ValType>(std::move(t)); }

ValTypePtr with_element(TypeKind kind, ValTypePtr e) {
  ValType t;
  t.kind = kind;
  t.element = std::move(e);
  return make(std::move(t));
}
ValTypePtr list_of(ValTypePtr e) { return with_element(TypeKind::List, std::move(e)); }
ValTypePtr option_of(ValTypePtr e) { return with_element(TypeKind::Option, std::move(e)); }
ValTypePtr result_of(ValTypePtr ok, ValTypePtr err) {
  ValType t;
  t.kind = TypeKind::Result;
  t.ok = std::move(ok);
  t.err = std::move(err);
  return make(std::move(t));
}
ValTypePtr tuple_of(std::vector<ValTypePtr> types) {
  ValType t;
  t.kind = TypeKind::Tuple;
  t.types = std::move(types);
  return make(std::move(t));
}
ValTypePtr record_of(std::vector<Field> fields) {
  ValType t;
  t.kind = TypeKind::Record;
  t.fields = std::move(fields);
  return make(std::move(t));
}
ValTypePtr variant_of(std::vector<Case> cases) {
  ValType t;
  t.kind = TypeKind::Variant;
  t.cases = std::move(cases);
  return make(std::move(t));
}
ValTypePtr labels_of(TypeKind kind, std::vector<std::string> labels) {
  ValType t;
  t.kind = kind;
  t.labels = std::move(labels);
  return make(std::move(t));
}
ValTypePtr handle(TypeKind kind, const ResourcePtr& r) {
  ValType t;
  t.kind = kind;
  t.resource = r;
  return make(std::move(t));
}
ResourcePtr resource(std::string name) {
  return std::make_shared<const ResourceType>(ResourceType{std::move(name), false, std::nullopt});
}

NamedExtern func(std::string name, std::vector<Field> params, ValTypePtr result = nullptr) {
  NamedExtern e;
  e.name = std::move(name);
  e.type.kind = ExternKind::Func;
  e.type.func = std::make_shared<const FuncType>(FuncType{std::move(params), std::move(result), false});
  return e;
}
NamedExtern type_item(std::string name, Type t) {
  NamedExtern e;
  e.name = std::move(name);
  e.type.kind = ExternKind::Type;
  e.type.type = std::move(t);
  return e;
}
NamedExtern instance(std::string name, std::vector<NamedExtern> exports) {
  NamedExtern e;
  e.name = std::move(name);
  e.type.kind = ExternKind::Instance;
  auto it = std::make_shared<InstanceType>();
  it->exports = std::move(exports);
  e.type.instance = it;
  return e;
}

std::string wit(const ComponentType& ct) {
  Result<std::string> r = print_wit(ct);
  if (!r) return "ERROR: " + r.error().message;
  return *r;
}

TEST(ComponentText, WitEmptyComponent) {
  EXPECT_EQ(wit(ComponentType{}), "package root:component;\n\nworld root {\n}\n");
}

// (component
//   (type $point (record (field "x" u32) (field "y" s64)))  (import "point" (type $p (eq $point)))
//   (type $color (enum "red" "green" "blue"))               (import "color" (type $c (eq $color)))
//   (import "greet" (func $greet (param "name" string) (param "p" $p) (result string)))
//   (import "f2" (func (param "a" (list u8)) (param "b" (option $c)) (param "c" (result u32 (error string)))
//                      (param "d" (tuple u8 char)) (result (list (list f64)))))
//   (import "local:demo/api" (instance ...))
//   (export "greet2" (func $greet)))
TEST(ComponentText, WitWorldTypesFunctionsAndInterfaces) {
  ValTypePtr point = record_of({{"x", prim(TypeKind::U32)}, {"y", prim(TypeKind::S64)}});
  ValTypePtr color = labels_of(TypeKind::Enum, {"red", "green", "blue"});
  ComponentType ct;
  ct.imports.push_back(type_item("point", point));
  ct.imports.push_back(type_item("color", color));
  ct.imports.push_back(func("greet", {{"name", prim(TypeKind::String)}, {"p", point}}, prim(TypeKind::String)));
  ct.imports.push_back(func("f2",
                            {{"a", list_of(prim(TypeKind::U8))},
                             {"b", option_of(color)},
                             {"c", result_of(prim(TypeKind::U32), prim(TypeKind::String))},
                             {"d", tuple_of({prim(TypeKind::U8), prim(TypeKind::Char)})}},
                            list_of(list_of(prim(TypeKind::F64)))));
  ct.imports.push_back(instance("local:demo/api", {func("get", {})}));
  ct.exports.push_back(func("greet2", {{"name", prim(TypeKind::String)}, {"p", point}}, prim(TypeKind::String)));
  EXPECT_EQ(wit(ct),
            "package root:component;\n"
            "\n"
            "world root {\n"
            "  import local:demo/api;\n"
            "\n"
            "  record point {\n"
            "    x: u32,\n"
            "    y: s64,\n"
            "  }\n"
            "\n"
            "  enum color {\n"
            "    red,\n"
            "    green,\n"
            "    blue,\n"
            "  }\n"
            "  import greet: func(name: string, p: point) -> string;\n"
            "  import f2: func(a: list<u8>, b: option<color>, c: result<u32, string>, d: tuple<u8, char>) -> "
            "list<list<f64>>;\n"
            "\n"
            "  export greet2: func(name: string, p: point) -> string;\n"
            "}\n");
}

// (component
//   (import "local:demo/api" (instance (export "person" (type (eq $r))) (export "file" (type (sub resource)))
//                                      (export "[method]file.read" ...) (export "get" ...)))
//   (alias export $api "person" (type $person)) (alias export $api "file" (type $file))
//   (import "use-it" (func (param "p" $person) (param "f" (borrow $file)) (result (own $file))))
//   (import "inline" (instance (export "x" (func (param "a" u32)))))
//   (import "res" (type $res (sub resource)))
//   (import "[constructor]res" (func (result (own $res))))
//   (import "[method]res.go" (func (param "self" (borrow $res))))
//   (import "[static]res.mk" (func (param "self" u32) (result (own $res))))
//   (export "local:demo/exp" (instance $in))
//   (export "noresult" (func $u)))
TEST(ComponentText, WitResourcesInlineInterfacesAndExports) {
  ValTypePtr person = record_of({{"name", prim(TypeKind::String)}, {"age", prim(TypeKind::U8)}});
  ResourcePtr file = resource("file");
  ResourcePtr res = resource("res");
  ComponentType ct;
  ct.imports.push_back(instance(
      "local:demo/api",
      {type_item("person", person), type_item("file", file),
       func("[method]file.read", {{"self", handle(TypeKind::Borrow, file)}, {"n", prim(TypeKind::U32)}},
            list_of(prim(TypeKind::U8))),
       func("get", {{"who", person}}, prim(TypeKind::U32))}));
  NamedExtern use_it = func("use-it", {{"p", person}, {"f", handle(TypeKind::Borrow, file)}}, handle(TypeKind::Own, file));
  ct.imports.push_back(use_it);
  NamedExtern inline_iface = instance("inline", {func("x", {{"a", prim(TypeKind::U32)}})});
  ct.imports.push_back(inline_iface);
  ct.imports.push_back(type_item("res", res));
  ct.imports.push_back(func("[constructor]res", {}, handle(TypeKind::Own, res)));
  ct.imports.push_back(func("[method]res.go", {{"self", handle(TypeKind::Borrow, res)}}));
  ct.imports.push_back(func("[static]res.mk", {{"self", prim(TypeKind::U32)}}, handle(TypeKind::Own, res)));
  NamedExtern exp = inline_iface;
  exp.name = "local:demo/exp";
  ct.exports.push_back(exp);
  NamedExtern noresult = use_it;
  noresult.name = "noresult";
  ct.exports.push_back(noresult);
  EXPECT_EQ(wit(ct),
            "package root:component;\n"
            "\n"
            "world root {\n"
            "  import local:demo/api;\n"
            "  import inline: interface {\n"
            "    x: func(a: u32);\n"
            "  }\n"
            "\n"
            "  resource res {\n"
            "    constructor();\n"
            "    go: func();\n"
            "    mk: static func(self: u32) -> res;\n"
            "  }\n"
            "  import use-it: func(p: person, f: borrow<file>) -> file;\n"
            "\n"
            "  export local:demo/exp;\n"
            "  export noresult: func(p: person, f: borrow<file>) -> file;\n"
            "}\n");
}

// (component
//   (import "local:demo/types" (instance (export "person" (type (eq $r))) (export "blob" (type (sub resource)))))
//   (import "person" (type $p2 (eq $person)))
//   (import "local:demo/api" (instance (export "person" (type (eq $person))) (export "people" (type (eq $pl)))
//                                      (export "get" ...) (export "type" (func))))
//   (import "plain" (instance (export "human" (type (eq $person))) (export "blob" (type (eq $blob)))
//                             (export "f" (func (param "x" $human) (param "b" (borrow $b2))))
//                             (export "g" (func (result (tuple u8))))
//                             (export "h" (func (param "list" u8) (result (result))))
//                             (export "i" (func (result (result (error u8)))))
//                             (export "j" (func (result (option (tuple u8 u8)))))))
//   (import "f" (func $f (param "p" $p2)))
//   (export "f" (func $f)))
TEST(ComponentText, WitUseStatementsAndEscapedNames) {
  ValTypePtr person = record_of({{"name", prim(TypeKind::String)}, {"age", prim(TypeKind::U8)}});
  ResourcePtr blob = resource("blob");
  ValTypePtr people = list_of(person);
  ComponentType ct;
  ct.imports.push_back(instance("local:demo/types", {type_item("person", person), type_item("blob", blob)}));
  ct.imports.push_back(type_item("person", person));
  ct.imports.push_back(instance("local:demo/api", {type_item("person", person), type_item("people", people),
                                                   func("get", {{"who", person}}, people), func("type", {})}));
  ct.imports.push_back(instance(
      "plain", {type_item("human", person), type_item("blob", blob),
                func("f", {{"x", person}, {"b", handle(TypeKind::Borrow, blob)}}),
                func("g", {}, tuple_of({prim(TypeKind::U8)})), func("h", {{"list", prim(TypeKind::U8)}}, result_of(nullptr, nullptr)),
                func("i", {}, result_of(nullptr, prim(TypeKind::U8))),
                func("j", {}, option_of(tuple_of({prim(TypeKind::U8), prim(TypeKind::U8)})))}));
  ct.imports.push_back(func("f", {{"p", person}}));
  ct.exports.push_back(func("f", {{"p", person}}));
  EXPECT_EQ(wit(ct),
            "package root:component;\n"
            "\n"
            "world root {\n"
            "  import local:demo/types;\n"
            "  import local:demo/api;\n"
            "  import plain: interface {\n"
            "    use local:demo/types.{person as human, blob};\n"
            "\n"
            "    f: func(x: human, b: borrow<blob>);\n"
            "\n"
            "    g: func() -> tuple<u8>;\n"
            "\n"
            "    h: func(%list: u8) -> result;\n"
            "\n"
            "    i: func() -> result<_, u8>;\n"
            "\n"
            "    j: func() -> option<tuple<u8, u8>>;\n"
            "  }\n"
            "  use local:demo/types.{person};\n"
            "  import f: func(p: person);\n"
            "\n"
            "  export f: func(p: person);\n"
            "}\n");
}

// Validation gives each type import or export a node of its own: `(import "person" (type (eq $types.person)))`
// is a copy of the instance's `person` that shares its members. It is printed as a `use`, as jco prints it.
TEST(ComponentText, WitNamedCopiesBecomeUses) {
  ValTypePtr person = record_of({{"name", prim(TypeKind::String)}, {"age", prim(TypeKind::U8)}});
  ValTypePtr copy = make(*person);
  ValTypePtr other = record_of({{"name", prim(TypeKind::String)}, {"size", prim(TypeKind::U8)}});
  ComponentType ct;
  ct.imports.push_back(instance("local:demo/types", {type_item("person", person)}));
  ct.imports.push_back(type_item("person", copy));
  ct.imports.push_back(type_item("other", other));
  ct.imports.push_back(func("f", {{"p", copy}, {"o", other}}));
  EXPECT_EQ(wit(ct),
            "package root:component;\n"
            "\n"
            "world root {\n"
            "  import local:demo/types;\n"
            "  use local:demo/types.{person};\n"
            "\n"
            "  record other {\n"
            "    name: string,\n"
            "    size: u8,\n"
            "  }\n"
            "  import f: func(p: person, o: other);\n"
            "}\n");
}

TEST(ComponentText, WitRejectsWhatWitCannotWrite) {
  ComponentType anonymous_record;
  anonymous_record.imports.push_back(func("f", {{"p", record_of({{"x", prim(TypeKind::U8)}})}}));
  EXPECT_EQ(wit(anonymous_record), "ERROR: cannot be represented in WIT: an unnamed record type");

  ComponentType unnamed_resource;
  unnamed_resource.imports.push_back(func("f", {{"r", handle(TypeKind::Own, resource("r"))}}));
  EXPECT_EQ(wit(unnamed_resource), "ERROR: cannot be represented in WIT: a resource type without a name (`r`)");

  // An inline interface naming a type of the world: jco cannot decode it either.
  ValTypePtr kind = labels_of(TypeKind::Enum, {"a", "b"});
  ComponentType world_type_in_interface;
  world_type_in_interface.imports.push_back(type_item("kind", kind));
  world_type_in_interface.imports.push_back(instance("shapes", {type_item("kind", kind), func("g", {}, kind)}));
  EXPECT_EQ(wit(world_type_in_interface),
            "ERROR: cannot be represented in WIT: type `kind` names a type of the world, which no interface can `use`");

  ComponentType module_import;
  NamedExtern m;
  m.name = "m";
  m.type.kind = ExternKind::Module;
  module_import.imports.push_back(m);
  EXPECT_EQ(wit(module_import), "ERROR: cannot be represented in WIT: `m` is a module");
}

TEST(ComponentText, WitTypeDeclarationsOfEveryKind) {
  ResourcePtr r = resource("r");
  ValTypePtr v = variant_of({{"none", nullptr}, {"some", prim(TypeKind::U32)}, {"type", prim(TypeKind::String)}});
  ValTypePtr fl = labels_of(TypeKind::Flags, {"read", "write"});
  ComponentType ct;
  ct.imports.push_back(instance(
      "shapes",
      {type_item("r", r), type_item("v", v), type_item("perms", fl), type_item("ids", list_of(prim(TypeKind::U32))),
       type_item("maybe", option_of(prim(TypeKind::String))), type_item("pair", tuple_of({prim(TypeKind::U8), v})),
       type_item("outcome", result_of(v, nullptr)), type_item("handle", handle(TypeKind::Own, r)),
       type_item("again", v),
       func("[constructor]r", {{"x", prim(TypeKind::U8)}},
            result_of(handle(TypeKind::Own, r), prim(TypeKind::String))),
       func("[method]r.get", {{"self", handle(TypeKind::Borrow, r)}}, fl), func("use", {{"v", v}}, v)}));
  EXPECT_EQ(wit(ct),
            "package root:component;\n"
            "\n"
            "world root {\n"
            "  import shapes: interface {\n"
            "    resource r {\n"
            "      constructor(x: u8) -> result<r, string>;\n"
            "      get: func() -> perms;\n"
            "    }\n"
            "\n"
            "    variant v {\n"
            "      none,\n"
            "      some(u32),\n"
            "      %type(string),\n"
            "    }\n"
            "\n"
            "    flags perms {\n"
            "      read,\n"
            "      write,\n"
            "    }\n"
            "\n"
            "    type ids = list<u32>;\n"
            "\n"
            "    type maybe = option<string>;\n"
            "\n"
            "    type pair = tuple<u8, v>;\n"
            "\n"
            "    type outcome = result<v>;\n"
            "\n"
            "    type handle = own<r>;\n"
            "\n"
            "    type again = v;\n"
            "\n"
            "    %use: func(v: v) -> v;\n"
            "  }\n"
            "}\n");
}

}  // namespace
}  // namespace mosaic::component::text
