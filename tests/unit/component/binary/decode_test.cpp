#include "component/binary/decode.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "component_bytes.h"

namespace mosaic::component::binary {
namespace {

using namespace test;

#define EXPECT_PREFIX(text, prefix) \
  EXPECT_TRUE(std::string(text).starts_with(prefix)) << "message: " << (text)

std::unique_ptr<ast::Component> decoded(const Bytes& b) {
  auto r = decode(b);
  EXPECT_TRUE(r) << (r ? std::string() : r.error().to_string());
  if (!r) return nullptr;
  return std::move(r).value();
}

Error failure(const Bytes& b) {
  auto r = decode(b);
  EXPECT_FALSE(r) << "decoded, but an error was expected";
  if (r) return Error{ErrorKind::Usage, "<decoded>"};
  return r.error();
}

// The message of a decode that must fail as malformed.
std::string malformed(const Bytes& b) {
  Error e = failure(b);
  EXPECT_EQ(e.kind, ErrorKind::Malformed) << e.message;
  return e.message;
}

Bytes types(uint32_t n, const Bytes& items) { return section(kTypeId, vec(n, items)); }

// The single type of a component with one type section of one type.
std::shared_ptr<ast::TypeDef> one_type(const Bytes& type) {
  auto c = decoded(component({types(1, type)}));
  if (!c || c->types.size() != 1) return nullptr;
  return c->types[0];
}

std::string type_error(const Bytes& type) { return malformed(component({types(1, type)})); }

// ---- preamble and sections

TEST(ComponentDecode, IsComponent) {
  EXPECT_TRUE(is_component(preamble()));
  EXPECT_TRUE(is_component(component({types(1, {0x73})})));
  EXPECT_FALSE(is_component(core_preamble()));
  EXPECT_FALSE(is_component(Bytes{0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01}));
  EXPECT_FALSE(is_component(Bytes{}));
}

TEST(ComponentDecode, EmptyComponent) {
  auto c = decoded(preamble());
  ASSERT_TRUE(c);
  EXPECT_EQ(c->offset, 0u);
  EXPECT_TRUE(c->definitions.empty());
  EXPECT_FALSE(c->name.has_value());
}

TEST(ComponentDecode, PreambleErrors) {
  EXPECT_EQ(malformed({}), "unexpected end-of-file");
  EXPECT_EQ(malformed({0x00, 0x61, 0x73}), "unexpected end-of-file");
  EXPECT_EQ(malformed({0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01}), "unexpected end-of-file");
  Error magic = failure({0x61, 0x73, 0x6d, 0x00, 0x0d, 0x00, 0x01, 0x00});
  EXPECT_PREFIX(magic.message, "magic header not detected");
  EXPECT_EQ(magic.offset, 0u);
  Error version = failure({0x00, 0x61, 0x73, 0x6d, 0x0c, 0x00, 0x01, 0x00});
  EXPECT_PREFIX(version.message, "unknown binary version");
  EXPECT_EQ(version.offset, 4u);
  EXPECT_PREFIX(malformed({0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x02, 0x00}), "unknown binary version");
  EXPECT_PREFIX(malformed({0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x00, 0x00}), "unknown binary version");
  EXPECT_PREFIX(malformed(core_preamble()), "expected a version header for a component");
}

TEST(ComponentDecode, MalformedSectionId) {
  Error e = failure(cat({preamble(), Bytes{0x0d, 0x00}}));
  EXPECT_EQ(e.message, "malformed section id");
  EXPECT_EQ(e.offset, 8u);
  EXPECT_EQ(malformed(cat({preamble(), Bytes{0x3c, 0x00}})), "malformed section id");
  EXPECT_EQ(malformed(cat({preamble(), Bytes{0xff}})), "malformed section id");
}

TEST(ComponentDecode, SectionSizes) {
  // Contents shorter than the size, a size past the end, a size LEB past the end, no size at all.
  EXPECT_EQ(malformed(cat({preamble(), Bytes{0x07, 0x03, 0x00}})), "unexpected end-of-file");
  EXPECT_EQ(malformed(cat({preamble(), Bytes{0x07, 0x01, 0x01, 0x73}})), "unexpected end-of-file");
  EXPECT_EQ(malformed(cat({preamble(), Bytes{0x00, 0x80, 0x80}})), "unexpected end-of-file");
  EXPECT_EQ(malformed(cat({preamble(), Bytes{0x00}})), "unexpected end-of-file");
  // Bytes left over after the last element of a section.
  Error e = failure(cat({preamble(), Bytes{0x07, 0x03, 0x01, 0x73, 0x73}}));
  EXPECT_PREFIX(e.message, "section size mismatch");
  EXPECT_EQ(e.offset, 12u);
  // LEB128 sizes: zero padding is fine, bits past 32 and a sixth byte are not.
  EXPECT_TRUE(decoded(cat({preamble(), Bytes{0x07, 0x81, 0x80, 0x80, 0x80, 0x00, 0x00}})));
  EXPECT_EQ(malformed(cat({preamble(), Bytes{0x07, 0x81, 0x80, 0x80, 0x80, 0x70, 0x00}})),
            "integer too large");
  EXPECT_EQ(malformed(cat({preamble(), Bytes{0x07, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}})),
            "integer representation too long");
}

TEST(ComponentDecode, HugeVectorLengthsAreRejectedWithoutAllocating) {
  EXPECT_EQ(malformed(cat({preamble(), section(kTypeId, {0xbf, 0x84, 0x3d, 0x73})})),
            "unexpected end-of-file");
  EXPECT_EQ(malformed(cat({preamble(), section(kTypeId, {0xff, 0xff, 0xff, 0xff, 0x0f})})),
            "unexpected end-of-file");
  // Inside a type: a record with 2^32-1 fields, a name of 2^32-1 bytes.
  EXPECT_EQ(type_error({0x72, 0xff, 0xff, 0xff, 0xff, 0x0f}), "unexpected end-of-file");
  EXPECT_EQ(type_error({0x6d, 0x01, 0xff, 0xff, 0xff, 0xff, 0x0f}), "unexpected end-of-file");
  EXPECT_EQ(
      malformed(component({section(kCanonId, vec(1, {0x01, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x0f}))})),
      "unexpected end-of-file");
}

// ---- custom sections and the component-name section

TEST(ComponentDecode, CustomSectionsAreSkipped) {
  auto c = decoded(component({section(kCustomId, str("hi")), types(1, {0x73}),
                              section(kCustomId, cat({str("between"), Bytes{1, 2, 3}}))}));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->types.size(), 1u);
  EXPECT_EQ(c->definitions.size(), 1u);
  EXPECT_FALSE(c->name.has_value());
}

TEST(ComponentDecode, ComponentNameSection) {
  Bytes name_sub = cat({Bytes{0x00}, uleb(str("demo").size()), str("demo")});
  Bytes sort_names = cat({Bytes{0x01}, uleb(5), Bytes{0x03, 0x01, 0x00}, str("t")});
  auto c = decoded(component({section(kCustomId, cat({str("component-name"), name_sub, sort_names}))}));
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->name.has_value());
  EXPECT_EQ(*c->name, "demo");
}

TEST(ComponentDecode, MalformedNameSectionIsIgnored) {
  // Garbage, a truncated subsection, trailing bytes inside the name subsection: no error, no name.
  for (const Bytes& body :
       {Bytes{0xff, 0xfe, 0x01}, Bytes{0x00, 0x05, 0x02, 'a'},
        cat({Bytes{0x00, 0x04}, str("ab"), Bytes{0x00}}), cat({Bytes{0x00, 0x03, 0x02, 0xff, 0xfe}})}) {
    auto c = decoded(component({section(kCustomId, cat({str("component-name"), body}))}));
    ASSERT_TRUE(c);
    EXPECT_FALSE(c->name.has_value());
  }
}

TEST(ComponentDecode, CustomSectionNameErrors) {
  EXPECT_EQ(malformed(component({section(kCustomId, {0x05, 'a', 'b'})})), "unexpected end-of-file");
  Error e = failure(component({section(kCustomId, {0x02, 0xff, 0xfe})}));
  EXPECT_EQ(e.message, "malformed UTF-8 encoding");
  EXPECT_EQ(e.offset, 11u);
}

// ---- section 1: core modules

TEST(ComponentDecode, CoreModuleBytesAreKeptVerbatim) {
  Bytes module = cat({core_preamble(), Bytes{0x01, 0x04, 0x01, 0x60, 0x00, 0x00}});
  auto c = decoded(component({types(1, {0x73}), section(kCoreModuleId, module)}));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->core_modules.size(), 1u);
  EXPECT_EQ(c->core_modules[0].bytes, module);
  EXPECT_EQ(c->core_modules[0].offset, 8u + 4u + 2u);
  ASSERT_EQ(c->definitions.size(), 2u);
  EXPECT_EQ(c->definitions[1].kind, ast::Definition::Kind::CoreModule);
  EXPECT_EQ(c->definitions[1].index, 0u);
}

TEST(ComponentDecode, CoreModuleSectionHoldingAComponent) {
  Error e = failure(component({section(kCoreModuleId, preamble())}));
  EXPECT_PREFIX(e.message, "expected a version header for a module");
  EXPECT_EQ(e.offset, 14u);
}

// ---- section 2: core instances

TEST(ComponentDecode, CoreInstances) {
  Bytes instantiate = cat({Bytes{0x00, 0x03}, vec(1, cat({str("i"), Bytes{0x12, 0x05}}))});
  Bytes inline_exports =
      cat({Bytes{0x01}, vec(2, cat({str("f"), Bytes{0x00, 0x03}, str("m"), Bytes{0x02, 0x00}}))});
  auto c = decoded(component({section(kCoreInstanceId, vec(2, cat({instantiate, inline_exports})))}));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->core_instances.size(), 2u);
  const ast::CoreInstance& a = c->core_instances[0];
  EXPECT_TRUE(a.instantiate);
  EXPECT_EQ(a.module, 3u);
  ASSERT_EQ(a.args.size(), 1u);
  EXPECT_EQ(a.args[0].name, "i");
  EXPECT_EQ(a.args[0].instance, 5u);
  EXPECT_EQ(a.offset, 11u);
  const ast::CoreInstance& b = c->core_instances[1];
  EXPECT_FALSE(b.instantiate);
  ASSERT_EQ(b.exports.size(), 2u);
  EXPECT_EQ(b.exports[0].name, "f");
  EXPECT_EQ(b.exports[0].item.sort, ast::CoreSort::Func);
  EXPECT_EQ(b.exports[0].item.index, 3u);
  EXPECT_EQ(b.exports[1].item.sort, ast::CoreSort::Memory);
  ASSERT_EQ(c->definitions.size(), 2u);
  EXPECT_EQ(c->definitions[1].kind, ast::Definition::Kind::CoreInstance);
  EXPECT_EQ(c->definitions[1].index, 1u);
}

TEST(ComponentDecode, CoreInstanceErrors) {
  EXPECT_EQ(malformed(component({section(kCoreInstanceId, vec(1, {0x02, 0x00, 0x00}))})),
            "invalid leading byte (0x2) for core instance");
  EXPECT_EQ(malformed(component({section(
                kCoreInstanceId, vec(1, cat({Bytes{0x00, 0x01, 0x01}, str("i"), Bytes{0x00, 0x00}})))})),
            "invalid leading byte (0x0) for instantiation arg kind");
  EXPECT_EQ(malformed(component(
                {section(kCoreInstanceId, vec(1, cat({Bytes{0x01, 0x01}, str("t"), Bytes{0x10, 0x00}})))})),
            "invalid leading byte (0x10) for external kind");
}

// ---- section 5: instances

TEST(ComponentDecode, Instances) {
  Bytes instantiate =
      cat({Bytes{0x00, 0x03}, vec(2, cat({str("a"), Bytes{0x01, 0x04}, str("m"), Bytes{0x00, 0x11, 0x02}}))});
  Bytes inline_exports = cat({Bytes{0x01}, vec(1, cat({Bytes{0x00}, str("t"), Bytes{0x03, 0x00}}))});
  auto c = decoded(component({section(kInstanceId, vec(2, cat({instantiate, inline_exports})))}));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->instances.size(), 2u);
  const ast::Instance& a = c->instances[0];
  EXPECT_TRUE(a.instantiate);
  EXPECT_EQ(a.component, 3u);
  ASSERT_EQ(a.args.size(), 2u);
  EXPECT_EQ(a.args[0].name, "a");
  EXPECT_EQ(a.args[0].item.sort.sort, ast::Sort::Func);
  EXPECT_EQ(a.args[0].item.index, 4u);
  EXPECT_EQ(a.args[1].item.sort.sort, ast::Sort::Core);
  EXPECT_EQ(a.args[1].item.sort.core, ast::CoreSort::Module);
  EXPECT_EQ(a.args[1].item.index, 2u);
  const ast::Instance& b = c->instances[1];
  EXPECT_FALSE(b.instantiate);
  ASSERT_EQ(b.exports.size(), 1u);
  EXPECT_EQ(b.exports[0].name, "t");
  EXPECT_EQ(b.exports[0].item.sort.sort, ast::Sort::Type);
}

TEST(ComponentDecode, InstanceErrors) {
  EXPECT_EQ(malformed(component({section(kInstanceId, vec(1, {0x02, 0x00, 0x00}))})),
            "invalid leading byte (0x2) for instance");
  // Only `core module` is a core sort that a component-level sortidx may name.
  EXPECT_EQ(malformed(component({section(
                kInstanceId, vec(1, cat({Bytes{0x00, 0x00, 0x01}, str("x"), Bytes{0x00, 0x00, 0x00}})))})),
            "invalid leading byte (0x0) for component external kind");
  EXPECT_EQ(malformed(component(
                {section(kInstanceId, vec(1, cat({Bytes{0x01, 0x01, 0x00}, str("x"), Bytes{0x06, 0x00}})))})),
            "invalid leading byte (0x6) for component external kind");
}

// ---- section 6: aliases

TEST(ComponentDecode, Aliases) {
  Bytes items = cat({
      Bytes{0x01, 0x00, 0x02}, str("g"),          // func export "g" of instance 2
      Bytes{0x00, 0x02, 0x01, 0x00}, str("mem"),  // core memory export "mem" of core instance 0
      Bytes{0x00, 0x11, 0x02, 0x01, 0x00},        // outer core module
      Bytes{0x00, 0x10, 0x02, 0x00, 0x03},        // outer core type
      Bytes{0x03, 0x02, 0x02, 0x05},              // outer type, count 2, index 5
      Bytes{0x04, 0x02, 0x01, 0x01},              // outer component
  });
  auto c = decoded(component({section(kAliasId, vec(6, items))}));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->aliases.size(), 6u);
  const auto& a = c->aliases;
  EXPECT_EQ(a[0].target, ast::Alias::Target::Export);
  EXPECT_EQ(a[0].sort.sort, ast::Sort::Func);
  EXPECT_EQ(a[0].instance, 2u);
  EXPECT_EQ(a[0].name, "g");
  EXPECT_EQ(a[1].target, ast::Alias::Target::CoreExport);
  EXPECT_EQ(a[1].sort.sort, ast::Sort::Core);
  EXPECT_EQ(a[1].sort.core, ast::CoreSort::Memory);
  EXPECT_EQ(a[1].name, "mem");
  EXPECT_EQ(a[2].target, ast::Alias::Target::Outer);
  EXPECT_EQ(a[2].sort.core, ast::CoreSort::Module);
  EXPECT_EQ(a[2].outer_count, 1u);
  EXPECT_EQ(a[3].sort.core, ast::CoreSort::Type);
  EXPECT_EQ(a[3].outer_index, 3u);
  EXPECT_EQ(a[4].sort.sort, ast::Sort::Type);
  EXPECT_EQ(a[4].outer_count, 2u);
  EXPECT_EQ(a[4].outer_index, 5u);
  EXPECT_EQ(a[5].sort.sort, ast::Sort::Component);
  EXPECT_EQ(c->definitions.size(), 6u);
}

TEST(ComponentDecode, AliasErrors) {
  auto alias = [](const Bytes& item) { return component({section(kAliasId, vec(1, item))}); };
  EXPECT_EQ(malformed(alias({0x03, 0x03, 0x00, 0x00})), "invalid leading byte (0x3) for alias");
  EXPECT_EQ(malformed(alias({0x06, 0x02, 0x00, 0x00})),
            "invalid leading byte (0x6) for component outer alias kind");
  EXPECT_EQ(malformed(alias({0x00, 0x05, 0x02, 0x00, 0x00})),
            "invalid leading byte (0x5) for component outer alias kind");
  EXPECT_EQ(malformed(alias({0x00, 0x13, 0x02, 0x00, 0x00})),
            "invalid leading byte (0x13) for component outer alias kind");
  EXPECT_EQ(malformed(alias({0x05, 0x02, 0x00, 0x00})),
            "invalid leading byte (0x5) for component outer alias kind");
  EXPECT_EQ(malformed(alias({0x01, 0x02, 0x00, 0x00})),
            "invalid leading byte (0x1) for component outer alias kind");
  EXPECT_EQ(malformed(alias(cat({Bytes{0x01, 0x01, 0x00}, str("f")}))),
            "invalid leading byte (0x1) for core instance export kind");
  EXPECT_EQ(malformed(alias(cat({Bytes{0x00, 0x11, 0x01, 0x00}, str("m")}))),
            "invalid leading byte (0x11) for external kind");
  EXPECT_EQ(malformed(alias(cat({Bytes{0x07, 0x00, 0x00}, str("m")}))),
            "invalid leading byte (0x7) for component external kind");
}

// ---- section 7: types

TEST(ComponentDecode, PrimitiveValueTypes) {
  const std::vector<std::pair<uint8_t, TypeKind>> prims = {
      {0x7f, TypeKind::Bool},   {0x7e, TypeKind::S8},          {0x7d, TypeKind::U8},  {0x7c, TypeKind::S16},
      {0x7b, TypeKind::U16},    {0x7a, TypeKind::S32},         {0x79, TypeKind::U32}, {0x78, TypeKind::S64},
      {0x77, TypeKind::U64},    {0x76, TypeKind::F32},         {0x75, TypeKind::F64}, {0x74, TypeKind::Char},
      {0x73, TypeKind::String}, {0x64, TypeKind::ErrorContext}};
  Bytes items;
  for (auto [b, k] : prims) items.push_back(b);
  auto c = decoded(component({types(static_cast<uint32_t>(prims.size()), items)}));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->types.size(), prims.size());
  for (size_t i = 0; i < prims.size(); ++i) {
    EXPECT_EQ(c->types[i]->kind, ast::TypeDef::Kind::DefVal);
    EXPECT_EQ(c->types[i]->defval.kind, prims[i].second) << i;
  }
  EXPECT_EQ(c->types[3]->offset, 8u + 2u + 1u + 3u);
}

TEST(ComponentDecode, DefinedValueTypes) {
  std::vector<Bytes> defs = {
      cat({Bytes{0x72}, vec(2, cat({str("a"), Bytes{0x7f}, str("b"), Bytes{0x7d}}))}),                    // 0
      cat({Bytes{0x71}, vec(2, cat({str("x"), Bytes{0x01, 0x7e, 0x00}, str("y"), Bytes{0x00, 0x00}}))}),  // 1
      {0x70, 0x7b},                                             // 2 list u16
      {0x67, 0x7d, 0x03},                                       // 3 list u8 3
      {0x6f, 0x02, 0x7c, 0x79},                                 // 4 tuple s16 u32
      cat({Bytes{0x6e}, vec(2, cat({str("f1"), str("f2")}))}),  // 5
      cat({Bytes{0x6d}, vec(2, cat({str("e1"), str("e2")}))}),  // 6
      {0x6b, 0x7a},                                             // 7 option s32
      {0x6a, 0x00, 0x00},                                       // 8 result
      {0x6a, 0x01, 0x77, 0x01, 0x75},                           // 9 result u64 (error f64)
      {0x69, 0x00},                                             // 10 own 0
      {0x68, 0x00},                                             // 11 borrow 0
      {0x66, 0x01, 0x7d},                                       // 12 stream u8
      {0x66, 0x00},                                             // 13 stream
      {0x65, 0x01, 0x73},                                       // 14 future string
      {0x65, 0x00},                                             // 15 future
      {0x70, 0x02},                                             // 16 list <type 2>
      {0x70, 0x80, 0x01},                                       // 17 list <type 128>
  };
  Bytes items;
  for (const Bytes& d : defs) items.insert(items.end(), d.begin(), d.end());
  auto c = decoded(component({types(static_cast<uint32_t>(defs.size()), items)}));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->types.size(), defs.size());
  auto t = [&](size_t i) -> const ast::DefValType& { return c->types[i]->defval; };
  EXPECT_EQ(t(0).kind, TypeKind::Record);
  ASSERT_EQ(t(0).fields.size(), 2u);
  EXPECT_EQ(t(0).fields[1].label, "b");
  EXPECT_EQ(t(0).fields[1].type.primitive, TypeKind::U8);
  EXPECT_EQ(t(1).kind, TypeKind::Variant);
  ASSERT_EQ(t(1).cases.size(), 2u);
  EXPECT_EQ(t(1).cases[0].type->primitive, TypeKind::S8);
  EXPECT_FALSE(t(1).cases[1].type.has_value());
  EXPECT_EQ(t(2).kind, TypeKind::List);
  EXPECT_EQ(t(2).element->primitive, TypeKind::U16);
  EXPECT_EQ(t(3).kind, TypeKind::FixedList);
  EXPECT_EQ(t(3).length, 3u);
  EXPECT_EQ(t(4).kind, TypeKind::Tuple);
  ASSERT_EQ(t(4).types.size(), 2u);
  EXPECT_EQ(t(4).types[1].primitive, TypeKind::U32);
  EXPECT_EQ(t(5).kind, TypeKind::Flags);
  EXPECT_EQ(t(5).labels, (std::vector<std::string>{"f1", "f2"}));
  EXPECT_EQ(t(6).kind, TypeKind::Enum);
  EXPECT_EQ(t(6).labels, (std::vector<std::string>{"e1", "e2"}));
  EXPECT_EQ(t(7).kind, TypeKind::Option);
  EXPECT_EQ(t(8).kind, TypeKind::Result);
  EXPECT_FALSE(t(8).ok.has_value());
  EXPECT_FALSE(t(8).err.has_value());
  EXPECT_EQ(t(9).ok->primitive, TypeKind::U64);
  EXPECT_EQ(t(9).err->primitive, TypeKind::F64);
  EXPECT_EQ(t(10).kind, TypeKind::Own);
  EXPECT_EQ(t(11).kind, TypeKind::Borrow);
  EXPECT_EQ(t(12).kind, TypeKind::Stream);
  EXPECT_EQ(t(12).element->primitive, TypeKind::U8);
  EXPECT_FALSE(t(13).element.has_value());
  EXPECT_EQ(t(14).kind, TypeKind::Future);
  EXPECT_EQ(t(14).element->primitive, TypeKind::String);
  EXPECT_FALSE(t(15).element.has_value());
  EXPECT_TRUE(t(16).element->is_index);
  EXPECT_EQ(t(16).element->index, 2u);
  EXPECT_EQ(t(17).element->index, 128u);
}

TEST(ComponentDecode, ValTypeOpcodeInIndexPositionBecomesAnOutOfRangeIndex) {
  // 0x6f (tuple) where a valtype belongs reads as the s33 -17; validation reports the index out of bounds.
  auto t = one_type({0x70, 0x6f});
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->defval.element->is_index);
  EXPECT_EQ(t->defval.element->index, static_cast<uint32_t>(-17));
}

TEST(ComponentDecode, DefinedTypeErrors) {
  EXPECT_EQ(type_error({0x62}), "invalid leading byte (0x62) for component defined type");
  EXPECT_EQ(type_error({0x44}), "invalid leading byte (0x44) for component defined type");
  EXPECT_EQ(type_error({0x3e}), "invalid leading byte (0x3e) for component defined type");
  EXPECT_EQ(type_error(cat({Bytes{0x71, 0x01}, str("c"), Bytes{0x00, 0x01}})),
            "invalid leading byte (0x1) for zero byte required");
  EXPECT_EQ(type_error({0x6a, 0x02}), "invalid leading byte (0x2) for optional component value type");
  EXPECT_EQ(type_error({0x66, 0x05}), "invalid leading byte (0x5) for optional component value type");
  EXPECT_PREFIX(type_error({0x63, 0x73, 0x79}), "unsupported");  // map (gated)
  EXPECT_EQ(type_error({0x70}), "unexpected end-of-file");
  EXPECT_EQ(type_error(cat({Bytes{0x6e, 0x01, 0x02, 0xc0, 0x80}})), "malformed UTF-8 encoding");
}

TEST(ComponentDecode, FuncTypes) {
  auto c = decoded(component(
      {types(3, cat({Bytes{0x40, 0x00, 0x01, 0x00}, Bytes{0x40}, vec(1, cat({str("p"), Bytes{0x7f}})),
                     Bytes{0x00, 0x79}, Bytes{0x43, 0x00, 0x01, 0x00}}))}));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->types.size(), 3u);
  EXPECT_EQ(c->types[0]->kind, ast::TypeDef::Kind::Func);
  EXPECT_TRUE(c->types[0]->func.params.empty());
  EXPECT_FALSE(c->types[0]->func.result.has_value());
  EXPECT_FALSE(c->types[0]->func.is_async);
  ASSERT_EQ(c->types[1]->func.params.size(), 1u);
  EXPECT_EQ(c->types[1]->func.params[0].label, "p");
  EXPECT_EQ(c->types[1]->func.params[0].type.primitive, TypeKind::Bool);
  EXPECT_EQ(c->types[1]->func.result->primitive, TypeKind::U32);
  EXPECT_TRUE(c->types[2]->func.is_async);
}

TEST(ComponentDecode, FuncTypeErrors) {
  EXPECT_EQ(type_error({0x40, 0x00, 0x01, 0x01}), "invalid leading byte (0x1) for number of results");
  EXPECT_EQ(type_error({0x40, 0x00, 0x02, 0x00}),
            "invalid leading byte (0x2) for component function results");
}

TEST(ComponentDecode, ResourceTypes) {
  auto c = decoded(component({types(2, {0x3f, 0x7f, 0x00, 0x3f, 0x7f, 0x01, 0x01})}));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->types.size(), 2u);
  EXPECT_EQ(c->types[0]->kind, ast::TypeDef::Kind::Resource);
  EXPECT_EQ(c->types[0]->resource.rep, 0x7f);
  EXPECT_FALSE(c->types[0]->resource.dtor.has_value());
  EXPECT_EQ(c->types[1]->resource.dtor, 1u);
  // Another representation decodes (validation allows only i32).
  auto t = one_type({0x3f, 0x7e, 0x00});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->resource.rep, 0x7e);
  EXPECT_EQ(type_error({0x3f, 0x7f, 0x02}), "invalid leading byte (0x2) for resource destructor");
  EXPECT_EQ(type_error({0x3f, 0x40, 0x00}), "malformed value type");
}

TEST(ComponentDecode, ComponentType) {
  auto t = one_type(cat({Bytes{0x41, 0x05}, Bytes{0x01, 0x73},                  // type: string
                         Bytes{0x03, 0x00}, str("a"), Bytes{0x03, 0x00, 0x00},  // import "a" (type (eq 0))
                         Bytes{0x01, 0x40, 0x00, 0x01, 0x00},                   // type: (func)
                         Bytes{0x04, 0x00}, str("b"), Bytes{0x01, 0x02},        // export "b" (func (type 2))
                         Bytes{0x00, 0x60, 0x00, 0x00}}));                      // core type: (func)
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind, ast::TypeDef::Kind::Component);
  ASSERT_EQ(t->decls.size(), 5u);
  EXPECT_EQ(t->decls[0].kind, ast::Decl::Kind::Type);
  EXPECT_EQ(t->decls[0].type->defval.kind, TypeKind::String);
  EXPECT_EQ(t->decls[1].kind, ast::Decl::Kind::Import);
  EXPECT_EQ(t->decls[1].name.name, "a");
  EXPECT_EQ(t->decls[1].desc.kind, ExternKind::Type);
  EXPECT_FALSE(t->decls[1].desc.sub_resource);
  EXPECT_EQ(t->decls[2].type->kind, ast::TypeDef::Kind::Func);
  EXPECT_EQ(t->decls[3].kind, ast::Decl::Kind::Export);
  EXPECT_EQ(t->decls[3].desc.kind, ExternKind::Func);
  EXPECT_EQ(t->decls[3].desc.index, 2u);
  EXPECT_EQ(t->decls[4].kind, ast::Decl::Kind::CoreType);
  EXPECT_EQ(t->decls[4].core_type->kind, ast::CoreTypeDef::Kind::Func);
}

TEST(ComponentDecode, InstanceType) {
  auto t =
      one_type(cat({Bytes{0x42, 0x03}, Bytes{0x00, 0x60, 0x00, 0x00},   // core type
                    Bytes{0x02, 0x03, 0x02, 0x01, 0x00},                // alias outer 1 0 (type)
                    Bytes{0x04, 0x00}, str("t"), Bytes{0x03, 0x01}}));  // export "t" (type (sub resource))
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind, ast::TypeDef::Kind::Instance);
  ASSERT_EQ(t->decls.size(), 3u);
  EXPECT_EQ(t->decls[1].kind, ast::Decl::Kind::Alias);
  EXPECT_EQ(t->decls[1].alias.target, ast::Alias::Target::Outer);
  EXPECT_EQ(t->decls[1].alias.outer_count, 1u);
  EXPECT_EQ(t->decls[2].kind, ast::Decl::Kind::Export);
  EXPECT_TRUE(t->decls[2].desc.sub_resource);
}

TEST(ComponentDecode, DeclaratorErrors) {
  EXPECT_EQ(type_error({0x41, 0x01, 0x05, 0x73}),
            "invalid leading byte (0x5) for component or instance type declaration");
  // An import declarator belongs to component types only.
  EXPECT_EQ(type_error(cat({Bytes{0x42, 0x01, 0x03, 0x00}, str("a"), Bytes{0x03, 0x01}})),
            "invalid leading byte (0x3) for component or instance type declaration");
}

// `levels` instance types, each declaring the next as its one type declarator.
Bytes nested_instance_types(int levels) {
  Bytes t;
  for (int i = 1; i < levels; ++i) t.insert(t.end(), {0x42, 0x01, 0x01});
  t.insert(t.end(), {0x42, 0x00});
  return t;
}

TEST(ComponentDecode, TypeNestingDepthLimit) {
  auto t = one_type(nested_instance_types(100));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->decls.size(), 1u);
  EXPECT_PREFIX(type_error(nested_instance_types(101)), "type nesting too deep");
  EXPECT_PREFIX(type_error(nested_instance_types(100000)), "type nesting too deep");
}

// ---- section 3: core types

TEST(ComponentDecode, CoreFuncTypes) {
  auto c =
      decoded(component({section(kCoreTypeId, vec(2, cat({Bytes{0x60}, vec(2, {0x7f, 0x7e}), vec(1, {0x7d}),
                                                          Bytes{0x60, 0x03, 0x7b, 0x70, 0x6f, 0x00}})))}));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->core_types.size(), 2u);
  EXPECT_EQ(c->core_types[0]->kind, ast::CoreTypeDef::Kind::Func);
  EXPECT_EQ(c->core_types[0]->func.params, (std::vector<ValKind>{ValKind::I32, ValKind::I64}));
  EXPECT_EQ(c->core_types[0]->func.results, (std::vector<ValKind>{ValKind::F32}));
  EXPECT_EQ(c->core_types[1]->func.params,
            (std::vector<ValKind>{ValKind::V128, ValKind::FuncRef, ValKind::ExternRef}));
  EXPECT_EQ(c->definitions[1].kind, ast::Definition::Kind::CoreType);
}

TEST(ComponentDecode, GcCoreTypesAreConsumedAsUnsupported) {
  std::vector<Bytes> forms = {
      {0x00, 0x50, 0x00, 0x60, 0x00, 0x00},  // non-final sub (0x00-prefixed)
      {0x4f, 0x01, 0x00, 0x60, 0x00, 0x00},  // final sub with a supertype
      {0x4e, 0x02, 0x60, 0x00, 0x00, 0x50, 0x01, 0x00, 0x5f, 0x01, 0x7f, 0x01},  // rec: func, sub struct
      {0x5e, 0x78, 0x00},                                                        // array i8
      {0x5f, 0x02, 0x77, 0x01, 0x63, 0x6e, 0x00},  // struct (mut i16) (ref null any)
      {0x60, 0x01, 0x64, 0x00, 0x00},              // func (param (ref 0))
  };
  Bytes items;
  for (const Bytes& f : forms) items.insert(items.end(), f.begin(), f.end());
  items.insert(items.end(), {0x60, 0x00, 0x00});  // a plain func after them decodes normally
  auto c = decoded(component({section(kCoreTypeId, vec(static_cast<uint32_t>(forms.size() + 1), items))}));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->core_types.size(), forms.size() + 1);
  for (size_t i = 0; i < forms.size(); ++i) {
    EXPECT_EQ(c->core_types[i]->kind, ast::CoreTypeDef::Kind::Unsupported) << i;
  }
  EXPECT_EQ(c->core_types.back()->kind, ast::CoreTypeDef::Kind::Func);
}

TEST(ComponentDecode, CoreModuleTypes) {
  Bytes module_type = cat({Bytes{0x50, 0x07},
                           Bytes{0x01, 0x60, 0x00, 0x00},  // type
                           Bytes{0x00},
                           str("a"),
                           str("b"),
                           Bytes{0x00, 0x00},                    // import func
                           Bytes{0x02, 0x10, 0x01, 0x01, 0x00},  // alias outer 1 0
                           Bytes{0x03},
                           str("e"),
                           Bytes{0x00, 0x00},  // export func
                           Bytes{0x00},
                           str("m"),
                           str("t"),
                           Bytes{0x01, 0x70, 0x01, 0x01, 0x02},  // import table
                           Bytes{0x00},
                           str("m"),
                           str("mem"),
                           Bytes{0x02, 0x00, 0x01},  // import memory
                           Bytes{0x03},
                           str("g"),
                           Bytes{0x03, 0x7e, 0x01}});  // export global
  auto c = decoded(component({section(kCoreTypeId, vec(1, module_type))}));
  ASSERT_TRUE(c);
  const ast::CoreTypeDef& t = *c->core_types[0];
  EXPECT_EQ(t.kind, ast::CoreTypeDef::Kind::Module);
  ASSERT_EQ(t.decls.size(), 7u);
  using K = ast::CoreModuleDecl::Kind;
  EXPECT_EQ(t.decls[0].kind, K::Type);
  EXPECT_EQ(t.decls[0].type->kind, ast::CoreTypeDef::Kind::Func);
  EXPECT_EQ(t.decls[1].kind, K::Import);
  EXPECT_EQ(t.decls[1].module, "a");
  EXPECT_EQ(t.decls[1].name, "b");
  EXPECT_EQ(t.decls[1].desc.core, mosaic::ExternKind::Func);
  EXPECT_EQ(t.decls[2].kind, K::Alias);
  EXPECT_EQ(t.decls[2].outer_count, 1u);
  EXPECT_EQ(t.decls[2].outer_index, 0u);
  EXPECT_EQ(t.decls[3].kind, K::Export);
  EXPECT_EQ(t.decls[3].name, "e");
  EXPECT_EQ(t.decls[4].desc.core, mosaic::ExternKind::Table);
  EXPECT_EQ(t.decls[4].desc.table.element, ValKind::FuncRef);
  EXPECT_EQ(t.decls[4].desc.table.limits.min, 1u);
  EXPECT_EQ(t.decls[4].desc.table.limits.max, 2u);
  EXPECT_EQ(t.decls[5].desc.core, mosaic::ExternKind::Memory);
  EXPECT_EQ(t.decls[5].desc.memory.limits.min, 1u);
  EXPECT_FALSE(t.decls[5].desc.memory.limits.max.has_value());
  EXPECT_EQ(t.decls[6].desc.core, mosaic::ExternKind::Global);
  EXPECT_EQ(t.decls[6].desc.global.content, ValKind::I64);
  EXPECT_TRUE(t.decls[6].desc.global.is_mutable);
}

TEST(ComponentDecode, CoreTypeErrors) {
  auto core_type = [](const Bytes& t) { return component({section(kCoreTypeId, vec(1, t))}); };
  EXPECT_EQ(malformed(core_type({0x50, 0x01, 0x04, 0x60, 0x00, 0x00})),
            "invalid leading byte (0x4) for type definition");
  EXPECT_EQ(malformed(core_type({0x50, 0x01, 0x02, 0x00, 0x01, 0x01, 0x00})),
            "invalid leading byte (0x0) for outer alias kind");
  EXPECT_EQ(malformed(core_type({0x50, 0x01, 0x02, 0x10, 0x00, 0x01, 0x00})),
            "invalid leading byte (0x0) for outer alias target");
  EXPECT_EQ(malformed(core_type({0x00, 0x60, 0x00, 0x00})),
            "invalid leading byte (0x60) for non-final sub type");
  EXPECT_EQ(malformed(core_type({0x40})), "invalid leading byte (0x40) for core type");
  EXPECT_EQ(malformed(core_type({0x60, 0x01, 0x40, 0x00})), "malformed value type");
  EXPECT_EQ(malformed(core_type(cat({Bytes{0x50, 0x01, 0x00}, str("m"), str("t"), Bytes{0x05, 0x00}}))),
            "invalid leading byte (0x5) for external kind");
  EXPECT_PREFIX(
      malformed(core_type(cat({Bytes{0x50, 0x01, 0x00}, str("m"), str("t"), Bytes{0x04, 0x00, 0x00}}))),
      "unsupported");
  // "Validation of core:moduledecl rejects core:moduletype definitions" (Binary.md).
  Error nested = failure(core_type({0x50, 0x02, 0x01, 0x50, 0x00, 0x01, 0x60, 0x00, 0x00}));
  EXPECT_EQ(nested.kind, ErrorKind::Invalid);
  EXPECT_PREFIX(nested.message, "invalid leading byte");
}

// ---- section 4: nested components

TEST(ComponentDecode, NestedComponents) {
  Bytes inner = component({types(1, {0x73})});
  Bytes middle = component({section(kComponentId, inner)});
  auto c = decoded(component({section(kComponentId, middle), types(1, {0x74})}));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->components.size(), 1u);
  const ast::Component& m = *c->components[0];
  EXPECT_EQ(m.offset, 10u);
  ASSERT_EQ(m.components.size(), 1u);
  const ast::Component& i = *m.components[0];
  EXPECT_EQ(i.offset, 20u);
  ASSERT_EQ(i.types.size(), 1u);
  EXPECT_EQ(i.types[0]->defval.kind, TypeKind::String);
  EXPECT_EQ(i.types[0]->offset, 31u);
  // The outer component's own index spaces are separate.
  ASSERT_EQ(c->types.size(), 1u);
  EXPECT_EQ(c->types[0]->defval.kind, TypeKind::Char);
  ASSERT_EQ(c->definitions.size(), 2u);
  EXPECT_EQ(c->definitions[0].kind, ast::Definition::Kind::Component);
}

TEST(ComponentDecode, NestedComponentName) {
  Bytes name = cat({str("component-name"), Bytes{0x00, 0x06}, str("inner")});
  auto c = decoded(component({section(kComponentId, component({section(kCustomId, name)}))}));
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->name.has_value());
  EXPECT_EQ(c->components[0]->name, "inner");
}

TEST(ComponentDecode, NestedComponentErrors) {
  EXPECT_PREFIX(
      malformed(component({section(kComponentId, {0x00, 0x61, 0x73, 0x6d, 0x0c, 0x00, 0x01, 0x00})})),
      "unknown binary version");
  EXPECT_PREFIX(malformed(component({section(kComponentId, core_preamble())})),
                "expected a version header for a component");
  // A nested section that runs past the end of its component's section.
  EXPECT_PREFIX(malformed(component({section(kComponentId, cat({preamble(), Bytes{0x07, 0x05, 0x01, 0x73}})),
                                     types(1, {0x73})})),
                "section too large");
}

Bytes nested_components(int levels) {
  Bytes c = preamble();
  for (int i = 1; i < levels; ++i) c = component({section(kComponentId, c)});
  return c;
}

TEST(ComponentDecode, ComponentNestingDepthLimit) {
  EXPECT_TRUE(decoded(nested_components(50)));
  EXPECT_PREFIX(malformed(nested_components(101)), "components nested too deeply");
  EXPECT_PREFIX(malformed(nested_components(5000)), "components nested too deeply");
}

// ---- section 8: canon

TEST(ComponentDecode, CanonLiftLowerAndResources) {
  Bytes items = cat({
      Bytes{0x00, 0x00, 0x01}, vec(3, {0x00, 0x03, 0x00, 0x04, 0x05}), Bytes{0x02},  // lift
      Bytes{0x00, 0x00, 0x02}, vec(3, {0x06, 0x07, 0x03, 0x05, 0x04}), Bytes{0x01},  // lift async
      Bytes{0x01, 0x00, 0x00}, vec(1, {0x01}),                                       // lower utf16
      Bytes{0x01, 0x00, 0x01}, vec(1, {0x02}),                                       // lower latin1+utf16
      Bytes{0x02, 0x05, 0x03, 0x06, 0x04, 0x07},                                     // resource.new/drop/rep
  });
  auto c = decoded(component({section(kCanonId, vec(7, items))}));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->canons.size(), 7u);
  const auto& k = c->canons;
  EXPECT_EQ(k[0].kind, ast::Canon::Kind::Lift);
  EXPECT_EQ(k[0].func, 1u);
  EXPECT_EQ(k[0].type, 2u);
  EXPECT_EQ(k[0].opts.encoding, ast::StringEncoding::Utf8);
  EXPECT_EQ(k[0].opts.memory, 0u);
  EXPECT_EQ(k[0].opts.realloc, 5u);
  EXPECT_FALSE(k[0].opts.post_return.has_value());
  EXPECT_FALSE(k[0].opts.duplicate);
  EXPECT_TRUE(k[1].opts.async);
  EXPECT_EQ(k[1].opts.callback, 3u);
  EXPECT_EQ(k[1].opts.post_return, 4u);
  EXPECT_FALSE(k[1].opts.encoding.has_value());
  EXPECT_EQ(k[2].kind, ast::Canon::Kind::Lower);
  EXPECT_EQ(k[2].func, 0u);
  EXPECT_EQ(k[2].opts.encoding, ast::StringEncoding::Utf16);
  EXPECT_EQ(k[3].opts.encoding, ast::StringEncoding::Latin1Utf16);
  EXPECT_EQ(k[4].kind, ast::Canon::Kind::ResourceNew);
  EXPECT_EQ(k[4].type, 5u);
  EXPECT_EQ(k[5].kind, ast::Canon::Kind::ResourceDrop);
  EXPECT_EQ(k[5].type, 6u);
  EXPECT_EQ(k[6].kind, ast::Canon::Kind::ResourceRep);
  EXPECT_EQ(k[6].type, 7u);
  EXPECT_EQ(c->definitions.size(), 7u);
}

TEST(ComponentDecode, CanonDuplicateOptionsAreRecorded) {
  for (const Bytes& opts : {vec(2, {0x00, 0x02}), vec(2, {0x03, 0x00, 0x03, 0x01}), vec(2, {0x06, 0x06}),
                            vec(2, {0x04, 0x00, 0x04, 0x00})}) {
    auto c = decoded(component({section(kCanonId, vec(1, cat({Bytes{0x01, 0x00, 0x00}, opts})))}));
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->canons[0].opts.duplicate);
  }
}

TEST(ComponentDecode, CanonOtherBuiltins) {
  // Every other built-in of Binary.md, with its immediates.
  const std::vector<Bytes> builtins = {
      {0x24},
      {0x25},
      {0x09, 0x01, 0x00, 0x00},
      {0x09, 0x00, 0x79, 0x00},
      {0x05},
      {0x0a, 0x7f, 0x00},
      {0x0b, 0x7f, 0x00},
      {0x06, 0x00},
      {0x06, 0x01},
      {0x0d},
      {0x0e, 0x03},
      {0x0f, 0x03, 0x02, 0x03, 0x00, 0x04, 0x05},
      {0x10, 0x03, 0x02, 0x03, 0x00, 0x04, 0x05},
      {0x11, 0x03, 0x00},
      {0x12, 0x03, 0x01},
      {0x13, 0x03},
      {0x14, 0x03},
      {0x15, 0x04},
      {0x16, 0x04, 0x02, 0x03, 0x00, 0x04, 0x05},
      {0x17, 0x04, 0x02, 0x03, 0x00, 0x04, 0x05},
      {0x18, 0x04, 0x00},
      {0x19, 0x04, 0x01},
      {0x1a, 0x04},
      {0x1b, 0x04},
      {0x1c, 0x00},
      {0x1d, 0x01, 0x00},
      {0x1e},
      {0x1f},
      {0x20, 0x00, 0x00},
      {0x21, 0x01, 0x00},
      {0x22},
      {0x23},
      {0x26},
      {0x27, 0x00, 0x00},
      {0x28},
      {0x29, 0x00},
      {0x0c, 0x01},
      {0x2a, 0x00},
      {0x2b, 0x00},
      {0x2c, 0x00},
      {0x2d, 0x01},
      {0x40, 0x00, 0x00},
      {0x41, 0x01, 0x00, 0x00},
      {0x42, 0x00},
  };
  Bytes items;
  for (const Bytes& b : builtins) items.insert(items.end(), b.begin(), b.end());
  auto c = decoded(component({section(kCanonId, vec(static_cast<uint32_t>(builtins.size()), items))}));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->canons.size(), builtins.size());
  for (size_t i = 0; i < builtins.size(); ++i) {
    EXPECT_EQ(c->canons[i].kind, ast::Canon::Kind::Other) << i;
    EXPECT_EQ(c->canons[i].opcode, builtins[i][0]) << i;
  }
  EXPECT_EQ(c->canons[10].type, 3u);         // stream.new (type 3)
  EXPECT_EQ(c->canons[11].opts.memory, 0u);  // stream.read (memory 0) (realloc 5)
  EXPECT_EQ(c->canons[11].opts.realloc, 5u);
}

TEST(ComponentDecode, CanonErrors) {
  auto canon = [](const Bytes& item) { return component({section(kCanonId, vec(1, item))}); };
  EXPECT_EQ(malformed(canon({0x07})), "invalid leading byte (0x7) for canonical function");
  EXPECT_EQ(malformed(canon({0x2e})), "invalid leading byte (0x2e) for canonical function");
  EXPECT_EQ(malformed(canon({0x43})), "invalid leading byte (0x43) for canonical function");
  EXPECT_EQ(malformed(canon({0x00, 0x01, 0x00, 0x00, 0x00})),
            "invalid leading byte (0x1) for canonical function lift");
  EXPECT_EQ(malformed(canon({0x01, 0x01, 0x00, 0x00})),
            "invalid leading byte (0x1) for canonical function lower");
  EXPECT_EQ(malformed(canon({0x01, 0x00, 0x00, 0x01, 0x0a})),
            "invalid leading byte (0xa) for canonical option");
  EXPECT_EQ(malformed(canon({0x0c, 0x02})), "invalid boolean value");
  EXPECT_EQ(malformed(canon({0x20, 0x02, 0x00})), "invalid boolean value");
  EXPECT_EQ(malformed(canon({0x09, 0x02, 0x00})),
            "invalid leading byte (0x2) for component function results");
  EXPECT_EQ(malformed(canon({0x00, 0x00, 0x00, 0x00})), "unexpected end-of-file");
}

// ---- section 9: start

TEST(ComponentDecode, Start) {
  auto c = decoded(component({section(kStartId, cat({Bytes{0x02}, vec(2, {0x00, 0x01}), Bytes{0x01}}))}));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->starts.size(), 1u);
  EXPECT_EQ(c->starts[0].func, 2u);
  EXPECT_EQ(c->starts[0].args, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(c->starts[0].results, 1u);
  EXPECT_EQ(c->definitions[0].kind, ast::Definition::Kind::Start);
}

TEST(ComponentDecode, StartErrors) {
  Bytes start = section(kStartId, {0x00, 0x00, 0x00});
  EXPECT_EQ(malformed(component({start, start})), "component cannot have more than one start function");
  EXPECT_EQ(malformed(component({section(kStartId, {0x00, 0x00, 0x00, 0x00})})),
            "unexpected content in the component start section");
}

// ---- sections 10 and 11: imports and exports

TEST(ComponentDecode, ImportNamesAndAttributes) {
  Bytes items = cat({
      Bytes{0x00},
      str("a"),
      Bytes{0x01, 0x00},
      Bytes{0x01},
      str("b"),
      Bytes{0x01, 0x00},
      Bytes{0x02},
      str("c"),
      Bytes{0x00},
      Bytes{0x01, 0x00},
      Bytes{0x02},
      str("i"),
      vec(3, cat({Bytes{0x00}, str("my:dep/iface"), Bytes{0x01}, str("-rc"), Bytes{0x02}, str("ext")})),
      Bytes{0x05, 0x00},
  });
  auto c = decoded(component({section(kImportId, vec(4, items))}));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->imports.size(), 4u);
  EXPECT_EQ(c->imports[0].name.name, "a");
  EXPECT_EQ(c->imports[0].name.form, 0x00);
  EXPECT_EQ(c->imports[1].name.form, 0x01);
  EXPECT_EQ(c->imports[2].name.form, 0x02);
  EXPECT_FALSE(c->imports[2].name.implements.has_value());
  const ast::ExternName& n = c->imports[3].name;
  EXPECT_EQ(n.name, "i");
  EXPECT_EQ(n.implements, "my:dep/iface");
  EXPECT_EQ(n.version_suffix, "-rc");
  EXPECT_EQ(n.external_id, "ext");
  EXPECT_EQ(c->imports[3].desc.kind, ExternKind::Instance);
  EXPECT_EQ(c->imports[0].offset, 11u);
}

TEST(ComponentDecode, ImportExternTypes) {
  Bytes items = cat({
      Bytes{0x00}, str("m"), Bytes{0x00, 0x11, 0x01},  // core module (type 1)
      Bytes{0x00}, str("f"), Bytes{0x01, 0x02},        // func (type 2)
      Bytes{0x00}, str("v"), Bytes{0x02, 0x00, 0x03},  // value (eq 3)
      Bytes{0x00}, str("w"), Bytes{0x02, 0x01, 0x73},  // value string
      Bytes{0x00}, str("t"), Bytes{0x03, 0x00, 0x04},  // type (eq 4)
      Bytes{0x00}, str("r"), Bytes{0x03, 0x01},        // type (sub resource)
      Bytes{0x00}, str("c"), Bytes{0x04, 0x05},        // component (type 5)
      Bytes{0x00}, str("i"), Bytes{0x05, 0x06},        // instance (type 6)
  });
  auto c = decoded(component({section(kImportId, vec(8, items))}));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->imports.size(), 8u);
  auto d = [&](size_t i) -> const ast::ExternDesc& { return c->imports[i].desc; };
  EXPECT_EQ(d(0).kind, ExternKind::Module);
  EXPECT_EQ(d(0).index, 1u);
  EXPECT_EQ(d(1).kind, ExternKind::Func);
  EXPECT_EQ(d(1).index, 2u);
  EXPECT_EQ(d(2).kind, ExternKind::Value);
  EXPECT_TRUE(d(2).value_eq);
  EXPECT_EQ(d(2).index, 3u);
  EXPECT_FALSE(d(3).value_eq);
  EXPECT_EQ(d(3).value.primitive, TypeKind::String);
  EXPECT_EQ(d(4).kind, ExternKind::Type);
  EXPECT_EQ(d(4).index, 4u);
  EXPECT_FALSE(d(4).sub_resource);
  EXPECT_TRUE(d(5).sub_resource);
  EXPECT_EQ(d(6).kind, ExternKind::Component);
  EXPECT_EQ(d(6).index, 5u);
  EXPECT_EQ(d(7).kind, ExternKind::Instance);
  EXPECT_EQ(d(7).index, 6u);
}

TEST(ComponentDecode, ImportErrors) {
  auto import = [](const Bytes& item) { return component({section(kImportId, vec(1, item))}); };
  EXPECT_EQ(malformed(import(cat({Bytes{0x03}, str("a"), Bytes{0x01, 0x00}}))),
            "invalid leading byte (0x3) for component name");
  EXPECT_EQ(malformed(import(cat({Bytes{0x02}, str("a"), Bytes{0x01, 0x03}, str("x"), Bytes{0x01, 0x00}}))),
            "invalid leading byte (0x3) for name option");
  EXPECT_EQ(malformed(import(cat({Bytes{0x00}, str("t"), Bytes{0x03, 0x02}}))),
            "invalid leading byte (0x2) for type bound");
  EXPECT_EQ(malformed(import(cat({Bytes{0x00}, str("v"), Bytes{0x02, 0x02}}))),
            "invalid leading byte (0x2) for value bound");
  EXPECT_EQ(malformed(import(cat({Bytes{0x00}, str("x"), Bytes{0x06, 0x00}}))),
            "invalid leading byte (0x6) for component external kind");
  EXPECT_EQ(malformed(import(cat({Bytes{0x00}, str("m"), Bytes{0x00, 0x00}}))),
            "invalid leading byte (0x0) for component external kind");
  EXPECT_EQ(malformed(import({0x00, 0x7f, 0x61, 0x62})), "unexpected end-of-file");
  Error utf8 = failure(import({0x00, 0x02, 0xff, 0xfe, 0x01, 0x00}));
  EXPECT_EQ(utf8.message, "malformed UTF-8 encoding");
  EXPECT_EQ(utf8.offset, 13u);
}

TEST(ComponentDecode, DuplicateNameAttributesAreInvalid) {
  for (auto [kind, what] : {std::pair<uint8_t, const char*>{0x00, "implements"},
                            {0x01, "versionsuffix"},
                            {0x02, "external-id"}}) {
    Bytes attrs = vec(2, cat({Bytes{kind}, str("a:b/x"), Bytes{kind}, str("a:b/y")}));
    Error e = failure(
        component({section(kImportId, vec(1, cat({Bytes{0x02}, str("i"), attrs, Bytes{0x05, 0x00}})))}));
    EXPECT_EQ(e.kind, ErrorKind::Invalid);
    EXPECT_EQ(e.message, std::string("duplicate '") + what + "' option in name");
  }
}

TEST(ComponentDecode, Exports) {
  Bytes items = cat({
      Bytes{0x00},
      str("e1"),
      Bytes{0x01, 0x00, 0x00},  // func 0, no type
      Bytes{0x00},
      str("e2"),
      Bytes{0x01, 0x00, 0x01, 0x01, 0x00},  // func 0 (func (type 0))
      Bytes{0x00},
      str("m"),
      Bytes{0x00, 0x11, 0x00, 0x00},  // core module 0
      Bytes{0x02},
      str("i"),
      vec(1, cat({Bytes{0x00}, str("a:b/c")})),
      Bytes{0x05, 0x01, 0x00},
  });
  auto c = decoded(component({section(kExportId, vec(4, items))}));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->exports.size(), 4u);
  EXPECT_EQ(c->exports[0].name.name, "e1");
  EXPECT_EQ(c->exports[0].item.sort.sort, ast::Sort::Func);
  EXPECT_FALSE(c->exports[0].desc.has_value());
  ASSERT_TRUE(c->exports[1].desc.has_value());
  EXPECT_EQ(c->exports[1].desc->kind, ExternKind::Func);
  EXPECT_EQ(c->exports[2].item.sort.core, ast::CoreSort::Module);
  EXPECT_EQ(c->exports[3].name.implements, "a:b/c");
  EXPECT_EQ(c->exports[3].item.sort.sort, ast::Sort::Instance);
  EXPECT_EQ(c->exports[3].item.index, 1u);
  EXPECT_EQ(c->definitions.back().kind, ast::Definition::Kind::Export);
  EXPECT_EQ(c->definitions.back().index, 3u);
}

TEST(ComponentDecode, ExportErrors) {
  auto exp = [](const Bytes& item) { return component({section(kExportId, vec(1, item))}); };
  EXPECT_EQ(malformed(exp(cat({Bytes{0x00}, str("e"), Bytes{0x01, 0x00, 0x02}}))),
            "invalid leading byte (0x2) for optional component export type");
  EXPECT_EQ(malformed(exp(cat({Bytes{0x00}, str("e"), Bytes{0x06, 0x00, 0x00}}))),
            "invalid leading byte (0x6) for component external kind");
}

// ---- section 12: values (gated)

TEST(ComponentDecode, ValueSectionIsRejected) {
  EXPECT_PREFIX(malformed(component({section(kValueId, vec(1, {0x7f, 0x01, 0x01}))})), "unsupported");
}

// ---- definitions in binary order

TEST(ComponentDecode, DefinitionsKeepBinaryOrder) {
  Bytes module = core_preamble();
  auto c = decoded(component({
      types(1, {0x73}),
      section(kCoreModuleId, module),
      section(kImportId, vec(1, cat({Bytes{0x00}, str("f"), Bytes{0x01, 0x01}}))),
      types(2, {0x74, 0x75}),
      section(kAliasId, vec(1, {0x03, 0x02, 0x00, 0x00})),
      section(kCoreInstanceId, vec(1, {0x00, 0x00, 0x00})),
      section(kCanonId, vec(1, {0x01, 0x00, 0x00, 0x00})),
      section(kExportId, vec(1, cat({Bytes{0x00}, str("t"), Bytes{0x03, 0x00, 0x00}}))),
  }));
  ASSERT_TRUE(c);
  using K = ast::Definition::Kind;
  std::vector<std::pair<K, uint32_t>> expected = {
      {K::Type, 0},  {K::CoreModule, 0},   {K::Import, 0}, {K::Type, 1},   {K::Type, 2},
      {K::Alias, 0}, {K::CoreInstance, 0}, {K::Canon, 0},  {K::Export, 0},
  };
  ASSERT_EQ(c->definitions.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(c->definitions[i].kind, expected[i].first) << i;
    EXPECT_EQ(c->definitions[i].index, expected[i].second) << i;
  }
  EXPECT_EQ(c->types[2]->defval.kind, TypeKind::F64);
}

// ---- a real component (compose.wat from the fixtures, turned into a binary by jco)

Bytes read_data(const char* name) {
  std::filesystem::path p = std::filesystem::path(__FILE__).parent_path() / "data" / name;
  std::ifstream f(p, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

TEST(ComponentDecode, RealComponent) {
  Bytes bytes = read_data("compose.wasm");
  ASSERT_FALSE(bytes.empty());
  ASSERT_TRUE(is_component(bytes));
  auto c = decoded(bytes);
  ASSERT_TRUE(c);
  ASSERT_EQ(c->components.size(), 2u);
  EXPECT_EQ(c->instances.size(), 2u);
  ASSERT_EQ(c->exports.size(), 2u);
  EXPECT_EQ(c->exports[0].name.name, "quad");
  EXPECT_EQ(c->exports[1].name.name, "shout-twice");
  const ast::Component& provider = *c->components[0];
  ASSERT_EQ(provider.core_modules.size(), 1u);
  const ast::CoreModule& m = provider.core_modules[0];
  ASSERT_GE(m.bytes.size(), 8u);
  EXPECT_EQ(Bytes(m.bytes.begin(), m.bytes.begin() + 8), core_preamble());
  EXPECT_TRUE(
      std::equal(m.bytes.begin(), m.bytes.end(), bytes.begin() + static_cast<std::ptrdiff_t>(m.offset)));
  const ast::Component& consumer = *c->components[1];
  ASSERT_EQ(consumer.imports.size(), 2u);
  EXPECT_EQ(consumer.imports[0].name.name, "double");
  EXPECT_EQ(consumer.core_modules.size(), 2u);
  size_t lifts = 0;
  for (const auto& k : consumer.canons) lifts += k.kind == ast::Canon::Kind::Lift;
  EXPECT_EQ(lifts, 2u);
}

TEST(ComponentDecode, DamagedRealComponentNeverCrashes) {
  Bytes bytes = read_data("compose.wasm");
  ASSERT_FALSE(bytes.empty());
  // Every truncation, and every single-byte corruption, decodes or fails cleanly.
  size_t failures = 0;
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto r = decode(std::span<const uint8_t>(bytes.data(), n));
    failures += !r;
  }
  EXPECT_GT(failures, bytes.size() / 2);
  for (size_t i = 0; i < bytes.size(); ++i) {
    Bytes copy = bytes;
    copy[i] ^= 0xff;
    auto r = decode(copy);
    if (!r) {
      EXPECT_FALSE(r.error().message.empty());
    }
  }
}

// Every component fixture of tests/component (built by jco when node is present) decodes.
TEST(ComponentDecode, AllComponentFixturesDecode) {
  const char* dir = std::getenv("MOSAIC_COMPONENT_FIXTURES");
  if (!dir || !*dir) GTEST_SKIP() << "MOSAIC_COMPONENT_FIXTURES is not set (needs node and jco)";
  size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".wasm") continue;
    std::ifstream f(entry.path(), std::ios::binary);
    Bytes bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (!is_component(bytes)) continue;
    auto r = decode(bytes);
    EXPECT_TRUE(r) << entry.path() << ": " << (r ? std::string() : r.error().to_string());
    ++count;
  }
  EXPECT_GT(count, 0u);
}

}  // namespace
}  // namespace mosaic::component::binary
