#include "binary/decode.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "binary/instr.h"
#include "test_bytes.h"

namespace mosaic::binary {
namespace {

using test::Bytes;
using test::cat;
using test::func_body;
using test::module;
using test::section;
using test::str;
using test::uleb;

constexpr uint8_t kEnd = 0x0b;
constexpr uint8_t kI32Const = 0x41;

// The error message of a decode that must fail.
std::string fail(const Bytes& b) {
  auto r = decode(b);
  if (r) return "<decoded>";
  EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
  return r.error().message;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

Bytes type_void() { return section(1, {0x01, 0x60, 0x00, 0x00}); }
Bytes one_func() { return section(3, {0x01, 0x00}); }
Bytes code_of(const Bytes& locals_and_body) {
  return section(10, cat({uleb(1), func_body(locals_and_body)}));
}

// ---------------------------------------------------------------------------------------------------------
// Header (spec 5.5.16)

TEST(Decode, EmptyModule) {
  auto r = decode(test::header());
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_TRUE(r->types.empty());
  EXPECT_EQ(r->bytes.size(), 8u);
}

TEST(Decode, TruncatedHeader) {
  Bytes h = test::header();
  for (size_t n = 0; n < h.size(); ++n) {
    Bytes b(h.begin(), h.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_TRUE(starts_with(fail(b), "unexpected end")) << n;
  }
}

TEST(Decode, WrongMagic) {
  EXPECT_EQ(fail({0x00, 0x41, 0x53, 0x4d, 0x01, 0x00, 0x00, 0x00}), "magic header not detected");
  EXPECT_EQ(fail({0xef, 0xbb, 0xbf, 0x00, 0x61, 0x73, 0x6d, 0x01}), "magic header not detected");
}

TEST(Decode, WrongVersion) {
  EXPECT_EQ(fail({0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00}), "unknown binary version");
  EXPECT_EQ(fail({0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x01}), "unknown binary version");
  // Component-model layer/version words are not core modules.
  EXPECT_EQ(fail({0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00}), "unknown binary version");
}

// ---------------------------------------------------------------------------------------------------------
// A complete small module, field by field

Bytes sample_module() {
  return module({
      // type 0: (i32 i32) -> i32; type 1: () -> ()
      section(1, {0x02, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x00}),
      // import "env" "f" (func (type 1)); import "env" "g" (global i64)
      section(2,
              cat({uleb(2), str("env"), str("f"), {0x00, 0x01}, str("env"), str("g"), {0x03, 0x7e, 0x00}})),
      section(3, {0x02, 0x00, 0x01}),
      section(4, {0x01, 0x70, 0x01, 0x02, 0x10}),             // table funcref 2..16
      section(5, {0x01, 0x00, 0x01}),                         // memory 1
      section(6, {0x01, 0x7f, 0x01, kI32Const, 0x07, kEnd}),  // (global (mut i32) (i32.const 7))
      section(7, cat({uleb(2), str("add"), {0x00, 0x01}, str("mem"), {0x02, 0x00}})),
      section(8, {0x02}),                                                 // start: func 2
      section(9, {0x01, 0x00, kI32Const, 0x00, kEnd, 0x02, 0x01, 0x02}),  // elem (i32.const 0) func 1 2
      section(12, {0x01}),                                                // data count 1
      section(10, cat({uleb(2),
                       // func 1: one run of 2 i64 locals; local.get 0 local.get 1 i32.add end
                       func_body({0x01, 0x02, 0x7e, 0x20, 0x00, 0x20, 0x01, 0x6a, kEnd}),
                       // func 2: no locals; data.drop 0 end
                       func_body({0x00, 0xfc, 0x09, 0x00, kEnd})})),
      section(11, cat({uleb(1), {0x00, kI32Const, 0x08, kEnd}, str("hi")})),
  });
}

TEST(Decode, SampleModule) {
  Bytes b = sample_module();
  auto r = decode(b);
  ASSERT_TRUE(r) << r.error().to_string();
  const Module& m = *r;
  ASSERT_EQ(m.types.size(), 2u);
  EXPECT_EQ(m.types[0].params, (std::vector<ValType>{ValType::I32, ValType::I32}));
  EXPECT_EQ(m.types[0].results, (std::vector<ValType>{ValType::I32}));
  EXPECT_TRUE(m.types[1].params.empty());

  ASSERT_EQ(m.imports.size(), 2u);
  EXPECT_EQ(m.imports[0].module, "env");
  EXPECT_EQ(m.imports[0].name, "f");
  EXPECT_EQ(m.imports[0].kind, ExternKind::Func);
  EXPECT_EQ(m.imports[0].func_type, 1u);
  EXPECT_EQ(m.imports[1].kind, ExternKind::Global);
  EXPECT_EQ(m.imports[1].global.type, ValType::I64);
  EXPECT_FALSE(m.imports[1].global.is_mutable);
  EXPECT_EQ(m.num_imported_funcs, 1u);
  EXPECT_EQ(m.num_imported_globals, 1u);
  EXPECT_EQ(m.import_positions[size_t(ExternKind::Func)], (std::vector<uint32_t>{0}));
  EXPECT_EQ(m.import_positions[size_t(ExternKind::Global)], (std::vector<uint32_t>{1}));
  EXPECT_TRUE(m.import_positions[size_t(ExternKind::Table)].empty());

  EXPECT_EQ(m.funcs, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(m.total_funcs(), 3u);
  EXPECT_EQ(m.func_type_index(0), 1u);
  EXPECT_EQ(m.func_type_index(1), 0u);
  EXPECT_EQ(&m.func_type(2), &m.types[1]);

  ASSERT_EQ(m.tables.size(), 1u);
  EXPECT_EQ(m.tables[0].elem, ValType::FuncRef);
  EXPECT_EQ(m.tables[0].limits.min, 2u);
  EXPECT_EQ(m.tables[0].limits.max, std::optional<uint64_t>(16));
  ASSERT_EQ(m.memories.size(), 1u);
  EXPECT_EQ(m.memories[0].limits.min, 1u);
  EXPECT_FALSE(m.memories[0].limits.max);

  ASSERT_EQ(m.globals.size(), 1u);
  EXPECT_TRUE(m.globals[0].type.is_mutable);
  EXPECT_EQ(m.global_type(0).type, ValType::I64);
  EXPECT_EQ(m.global_type(1).type, ValType::I32);
  auto init = m.slice(m.globals[0].init.range);
  EXPECT_EQ(Bytes(init.begin(), init.end()), (Bytes{kI32Const, 0x07, kEnd}));

  ASSERT_EQ(m.exports.size(), 2u);
  EXPECT_EQ(m.exports[0].name, "add");
  EXPECT_EQ(m.exports[0].kind, ExternKind::Func);
  EXPECT_EQ(m.exports[0].index, 1u);
  EXPECT_EQ(m.exports[1].kind, ExternKind::Memory);
  EXPECT_EQ(m.start, std::optional<uint32_t>(2));

  ASSERT_EQ(m.elems.size(), 1u);
  EXPECT_EQ(m.elems[0].mode, SegmentMode::Active);
  EXPECT_EQ(m.elems[0].func_indices, (std::vector<uint32_t>{1, 2}));

  EXPECT_EQ(m.data_count, std::optional<uint32_t>(1));
  ASSERT_EQ(m.codes.size(), 2u);
  ASSERT_EQ(m.codes[0].locals.size(), 1u);
  EXPECT_EQ(m.codes[0].locals[0].count, 2u);
  EXPECT_EQ(m.codes[0].locals[0].type, ValType::I64);
  EXPECT_EQ(m.codes[0].local_count, 2u);
  auto body = m.slice(m.codes[0].body);
  EXPECT_EQ(Bytes(body.begin(), body.end()), (Bytes{0x20, 0x00, 0x20, 0x01, 0x6a, kEnd}));
  EXPECT_EQ(b[m.codes[0].offset], 9u);  // the entry's size field

  ASSERT_EQ(m.datas.size(), 1u);
  EXPECT_EQ(m.datas[0].mode, SegmentMode::Active);
  auto data = m.slice(m.datas[0].init);
  EXPECT_EQ(std::string(data.begin(), data.end()), "hi");
}

TEST(Decode, BodiesReadBackWithInstrReader) {
  auto r = decode(sample_module());
  ASSERT_TRUE(r);
  const Code& c = r->codes[0];
  InstrReader ir(support::Reader(r->slice(c.body), c.body.begin), Features{});
  std::vector<Opcode> ops;
  while (!ir.at_end()) {
    auto in = ir.next();
    ASSERT_TRUE(in);
    ops.push_back(in->op);
  }
  EXPECT_EQ(ops, (std::vector<Opcode>{Opcode::LocalGet, Opcode::LocalGet, Opcode::I32Add, Opcode::End}));
}

// Every proper prefix of a module fails cleanly (or, at a section boundary, decodes): no crash, and a
// Malformed error with an offset inside the input.
TEST(Decode, EveryTruncationFailsCleanly) {
  Bytes full = sample_module();
  for (size_t n = 0; n < full.size(); ++n) {
    Bytes b(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    auto r = decode(b);
    if (r) continue;
    EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
    EXPECT_LE(r.error().offset, n) << n;
    EXPECT_FALSE(r.error().message.empty());
  }
}

// ---------------------------------------------------------------------------------------------------------
// Sections (spec 5.5.2)

TEST(Decode, SectionLengthBeyondInput) {
  EXPECT_EQ(fail(module({Bytes{0x01, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00}})), "length out of bounds");
  EXPECT_EQ(fail(module({Bytes{0x01, 0x05, 0x01, 0x60}})), "length out of bounds");
}

TEST(Decode, SectionSizeMismatch) {
  // One type declared but two given.
  EXPECT_EQ(fail(module({section(1, {0x01, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00})})), "section size mismatch");
  // Declared size shorter than the content: the type is read past it.
  EXPECT_EQ(fail(module({Bytes{0x01, 0x02, 0x01, 0x60, 0x00, 0x00}})), "section size mismatch");
}

TEST(Decode, MalformedSectionId) {
  EXPECT_EQ(fail(module({section(13, {})})), "malformed section id");
  EXPECT_EQ(fail(module({Bytes{0x7f, 0x00}})), "malformed section id");
}

TEST(Decode, SectionOrder) {
  EXPECT_TRUE(starts_with(fail(module({one_func(), type_void()})), "unexpected content after last section"));
  EXPECT_TRUE(starts_with(fail(module({type_void(), type_void()})), "unexpected content after last section"));
  // The data count section sits between element and code.
  EXPECT_TRUE(starts_with(fail(module({section(10, {0x00}), section(12, {0x00})})),
                          "unexpected content after last section"));
  EXPECT_TRUE(decode(module({section(12, {0x00}), section(10, {0x00})})));
}

TEST(Decode, AbsurdCountsDoNotAllocate) {
  Bytes huge = uleb(0xffffffffu);
  for (uint8_t id : {1, 2, 3, 4, 5, 6, 7, 9, 10, 11}) {
    std::string msg = fail(module({section(id, huge)}));
    EXPECT_TRUE(starts_with(msg, "unexpected end")) << int(id) << ": " << msg;
  }
  // Vectors inside entries: type params, element function indices, data bytes, local runs.
  EXPECT_TRUE(starts_with(fail(module({section(1, cat({{0x01, 0x60}, huge}))})), "unexpected end"));
  EXPECT_TRUE(starts_with(fail(module({section(9, cat({{0x01, 0x01, 0x00}, huge}))})), "unexpected end"));
  EXPECT_TRUE(starts_with(fail(module({section(11, cat({{0x01, 0x01}, huge}))})), "unexpected end"));
  EXPECT_TRUE(starts_with(fail(module({type_void(), one_func(), code_of(cat({huge}))})), "unexpected end"));
  // br_table with a huge label count.
  EXPECT_TRUE(starts_with(fail(module({type_void(), one_func(), code_of(cat({{0x00, 0x0e}, huge, {kEnd}}))})),
                          "unexpected end"));
}

TEST(Decode, IntegerEncodings) {
  EXPECT_EQ(fail(module({section(5, {0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x70})})), "integer too large");
  EXPECT_EQ(fail(module({section(5, {0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x00})})),
            "integer representation too long");
  // Limits flags are a one-bit LEB128 in the reference interpreter.
  EXPECT_EQ(fail(module({section(5, {0x01, 0x02, 0x00})})), "integer too large");
  EXPECT_EQ(fail(module({section(5, {0x01, 0x81, 0x00, 0x00})})), "integer representation too long");
  // Type form.
  EXPECT_EQ(fail(module({section(1, {0x01, 0xe0, 0x7f, 0x00, 0x00})})), "integer representation too long");
  EXPECT_TRUE(starts_with(fail(module({section(1, {0x01, 0x61, 0x00, 0x00})})), "malformed"));
}

TEST(Decode, MalformedTypes) {
  EXPECT_EQ(fail(module({section(1, {0x01, 0x60, 0x01, 0x7a, 0x00})})), "malformed value type");
  EXPECT_EQ(fail(module({section(4, {0x01, 0x7f, 0x00, 0x00})})), "malformed reference type");
  EXPECT_EQ(fail(module({section(6, {0x01, 0x7f, 0x02, kI32Const, 0x00, kEnd})})), "malformed mutability");
  EXPECT_EQ(fail(module({section(2, cat({uleb(1), str("a"), str("b"), {0x04, 0x00}}))})),
            "malformed import kind");
  EXPECT_EQ(fail(module({section(7, cat({uleb(1), str("a"), {0x04, 0x00}}))})), "malformed export kind");
}

TEST(Decode, FeaturesGateValueTypes) {
  Bytes b = module({section(1, {0x01, 0x60, 0x01, 0x7b, 0x00})});
  EXPECT_TRUE(decode(b));
  Features no_simd;
  no_simd.simd = false;
  auto r = decode(b, no_simd);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "malformed value type");
}

// ---------------------------------------------------------------------------------------------------------
// Names (spec 5.2.4)

TEST(Decode, InvalidUtf8Names) {
  Bytes bad = {0x02, 0xc0, 0x80};  // overlong encoding of NUL
  EXPECT_EQ(fail(module({section(2, cat({uleb(1), bad, str("b"), {0x00, 0x00}}))})),
            "malformed UTF-8 encoding");
  EXPECT_EQ(fail(module({section(2, cat({uleb(1), str("a"), bad, {0x00, 0x00}}))})),
            "malformed UTF-8 encoding");
  EXPECT_EQ(fail(module({section(7, cat({uleb(1), bad, {0x00, 0x00}}))})), "malformed UTF-8 encoding");
  EXPECT_EQ(fail(module({section(0, cat({bad, {0x01, 0x02}}))})), "malformed UTF-8 encoding");
  EXPECT_EQ(fail(module({section(0, {0x01, 0xff})})), "malformed UTF-8 encoding");
  auto r = decode(module({section(0, {0x03, 0xed, 0xa0, 0x80})}));  // a surrogate
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "malformed UTF-8 encoding");
  EXPECT_EQ(r.error().offset, 11u);  // the first byte of the name
}

TEST(Decode, NameLengthBeyondInput) {
  EXPECT_EQ(fail(module({section(7, {0x01, 0x40, 'a', 0x00, 0x00})})), "length out of bounds");
}

// ---------------------------------------------------------------------------------------------------------
// Custom sections and the name section (spec 5.5.3, 7.4)

TEST(Decode, CustomSectionsKept) {
  auto r = decode(
      module({section(0, cat({str("first"), {1, 2, 3}})), type_void(), section(0, cat({str("second")})),
              one_func(), code_of({0x00, kEnd}), section(0, cat({str("third"), {9}}))}));
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->customs.size(), 3u);
  EXPECT_EQ(r->customs[0].name, "first");
  EXPECT_EQ(r->customs[0].after_id, 0);
  auto d = r->slice(r->customs[0].data);
  EXPECT_EQ(Bytes(d.begin(), d.end()), (Bytes{1, 2, 3}));
  EXPECT_EQ(r->customs[1].name, "second");
  EXPECT_EQ(r->customs[1].after_id, 1);
  EXPECT_EQ(r->customs[1].data.size(), 0u);
  EXPECT_EQ(r->customs[2].after_id, 10);
}

TEST(Decode, CustomSectionNameLongerThanSection) {
  EXPECT_TRUE(starts_with(fail(module({Bytes{0x00, 0x00, 0x00, 0x05, 0x01, 0x00, 0x07, 0x00, 0x00}})),
                          "unexpected end"));
  EXPECT_TRUE(starts_with(fail(module({Bytes{0x00}})), "unexpected end"));
}

Bytes name_section(std::initializer_list<Bytes> subsections) {
  Bytes content = str("name");
  for (const Bytes& s : subsections) content.insert(content.end(), s.begin(), s.end());
  return section(0, content);
}

TEST(Decode, NameSection) {
  Bytes sub0 = section(0, str("mod"));
  Bytes sub1 = section(1, cat({uleb(2), uleb(0), str("f0"), uleb(1), str("f1")}));
  Bytes sub2 = section(2, cat({uleb(1), uleb(1), uleb(2), uleb(0), str("x"), uleb(1), str("y")}));
  Bytes sub9 = section(9, {0x01, 0x02});  // an unknown subsection is skipped
  auto r = decode(module({type_void(), section(3, {0x02, 0x00, 0x00}),
                          section(10, cat({uleb(2), func_body({0x00, kEnd}), func_body({0x00, kEnd})})),
                          name_section({sub0, sub1, sub2, sub9})}));
  ASSERT_TRUE(r) << r.error().to_string();
  const Names& n = r->names;
  EXPECT_EQ(n.module, std::optional<std::string>("mod"));
  EXPECT_EQ(n.functions.size(), 2u);
  EXPECT_EQ(n.functions.at(1), "f1");
  ASSERT_EQ(n.locals.count(1), 1u);
  EXPECT_EQ(n.locals.at(1).at(0), "x");
  EXPECT_EQ(n.locals.at(1).at(1), "y");
  ASSERT_EQ(r->customs.size(), 1u);
  EXPECT_EQ(r->customs[0].name, "name");
}

TEST(Decode, MalformedNameSectionIsIgnored) {
  Bytes sub0 = section(0, str("mod"));
  Bytes bad_utf8 = section(1, {0x01, 0x00, 0x01, 0xff});
  Bytes truncated = Bytes{0x01, 0x10, 0x01};
  for (const Bytes& bad : {bad_utf8, truncated}) {
    auto r = decode(module({name_section({sub0, bad})}));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->names.module, std::optional<std::string>("mod"));  // what came before the error is kept
    EXPECT_TRUE(r->names.functions.empty());
    EXPECT_EQ(r->customs.size(), 1u);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Element segments (spec 5.5.12): all eight forms

TEST(Decode, ElementForms) {
  Bytes offset = {kI32Const, 0x00, kEnd};
  Bytes ref_func1 = {0xd2, 0x01, kEnd};
  Bytes ref_null = {0xd0, 0x70, kEnd};
  Bytes elems = cat({uleb(8), cat({{0x00}, offset, {0x01, 0x01}}),            // 0: active table 0, funcs
                     cat({{0x01, 0x00}, {0x02, 0x00, 0x01}}),                 // 1: passive, elemkind, funcs
                     cat({{0x02, 0x01}, offset, {0x00}, {0x01, 0x00}}),       // 2: active table 1, elemkind
                     cat({{0x03, 0x00}, {0x01, 0x01}}),                       // 3: declarative, funcs
                     cat({{0x04}, offset, {0x02}, ref_func1, ref_null}),      // 4: active table 0, exprs
                     cat({{0x05, 0x6f}, {0x01}, {0xd0, 0x6f, kEnd}}),         // 5: passive, reftype, exprs
                     cat({{0x06, 0x01}, offset, {0x70}, {0x01}, ref_func1}),  // 6: active table 1, exprs
                     cat({{0x07, 0x70}, {0x01}, ref_func1})});                // 7: declarative, exprs
  auto r = decode(module({type_void(), section(3, {0x02, 0x00, 0x00}),
                          section(4, {0x02, 0x70, 0x00, 0x01, 0x70, 0x00, 0x01}), section(9, elems),
                          section(10, cat({uleb(2), func_body({0x00, kEnd}), func_body({0x00, kEnd})}))}));
  ASSERT_TRUE(r) << r.error().to_string();
  const auto& e = r->elems;
  ASSERT_EQ(e.size(), 8u);
  const SegmentMode modes[8] = {SegmentMode::Active,      SegmentMode::Passive,    SegmentMode::Active,
                                SegmentMode::Declarative, SegmentMode::Active,     SegmentMode::Passive,
                                SegmentMode::Active,      SegmentMode::Declarative};
  const uint32_t tables[8] = {0, 0, 1, 0, 0, 0, 1, 0};
  const uint32_t sizes[8] = {1, 2, 1, 1, 2, 1, 1, 1};
  for (size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(e[i].mode, modes[i]) << i;
    EXPECT_EQ(e[i].uses_exprs, i >= 4) << i;
    EXPECT_EQ(e[i].size(), sizes[i]) << i;
    if (e[i].mode == SegmentMode::Active) {
      EXPECT_EQ(e[i].table, tables[i]) << i;
      auto o = r->slice(e[i].offset.range);
      EXPECT_EQ(Bytes(o.begin(), o.end()), offset) << i;
    }
  }
  EXPECT_EQ(e[5].type, ValType::ExternRef);
  EXPECT_EQ(e[1].func_indices, (std::vector<uint32_t>{0, 1}));
  auto x = r->slice(e[4].exprs[1].range);
  EXPECT_EQ(Bytes(x.begin(), x.end()), ref_null);
}

TEST(Decode, ElementMalformed) {
  EXPECT_TRUE(starts_with(fail(module({section(9, {0x01, 0x08})})), "malformed elements segment kind"));
  EXPECT_TRUE(starts_with(fail(module({section(9, {0x01, 0x01, 0x01, 0x00})})), "malformed element kind"));
  EXPECT_EQ(fail(module({section(9, {0x01, 0x05, 0x7f, 0x00})})), "malformed reference type");
  // An illegal opcode inside an element expression.
  EXPECT_TRUE(
      starts_with(fail(module({section(9, {0x01, 0x05, 0x70, 0x01, 0xf3, 0x00, kEnd})})), "illegal opcode"));
}

// ---------------------------------------------------------------------------------------------------------
// Data segments (spec 5.5.14): the three forms, and the data count (spec 5.5.15)

TEST(Decode, DataForms) {
  Bytes datas = cat({uleb(3), cat({{0x00, kI32Const, 0x01, kEnd}, str("ab")}), cat({{0x01}, str("")}),
                     cat({{0x02, 0x01, kI32Const, 0x02, kEnd}, str("xyz")})});
  auto r = decode(module({section(11, datas)}));
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->datas.size(), 3u);
  EXPECT_EQ(r->datas[0].mode, SegmentMode::Active);
  EXPECT_EQ(r->datas[0].memory, 0u);
  EXPECT_EQ(r->datas[0].init.size(), 2u);
  EXPECT_EQ(r->datas[1].mode, SegmentMode::Passive);
  EXPECT_EQ(r->datas[1].init.size(), 0u);
  EXPECT_EQ(r->datas[2].mode, SegmentMode::Active);
  EXPECT_EQ(r->datas[2].memory, 1u);
  auto o = r->slice(r->datas[2].offset.range);
  EXPECT_EQ(Bytes(o.begin(), o.end()), (Bytes{kI32Const, 0x02, kEnd}));
  auto d = r->slice(r->datas[2].init);
  EXPECT_EQ(std::string(d.begin(), d.end()), "xyz");
  EXPECT_TRUE(starts_with(fail(module({section(11, {0x01, 0x03, 0x00})})), "malformed data segment kind"));
}

TEST(Decode, DataCount) {
  Bytes one_data = section(11, cat({uleb(1), {0x01}, str("a")}));
  EXPECT_TRUE(decode(module({section(12, {0x01}), one_data})));
  EXPECT_EQ(fail(module({section(12, {0x02}), one_data})),
            "data count and data section have inconsistent lengths");
  EXPECT_EQ(fail(module({section(12, {0x01})})), "data count and data section have inconsistent lengths");
  // memory.init and data.drop need the data count section.
  Bytes drop = code_of({0x00, 0xfc, 0x09, 0x00, kEnd});
  EXPECT_EQ(fail(module({type_void(), one_func(), drop, one_data})), "data count section required");
  EXPECT_TRUE(decode(module({type_void(), one_func(), section(12, {0x01}), drop, one_data})));
  Bytes init =
      code_of({0x00, kI32Const, 0x00, kI32Const, 0x00, kI32Const, 0x00, 0xfc, 0x08, 0x00, 0x00, kEnd});
  EXPECT_EQ(fail(module({type_void(), one_func(), section(5, {0x01, 0x00, 0x01}), init, one_data})),
            "data count section required");
}

// ---------------------------------------------------------------------------------------------------------
// Code (spec 5.5.13)

TEST(Decode, FunctionAndCodeCounts) {
  EXPECT_EQ(fail(module({type_void(), one_func()})), "function and code section have inconsistent lengths");
  EXPECT_EQ(fail(module({type_void(), code_of({0x00, kEnd})})),
            "function and code section have inconsistent lengths");
  EXPECT_EQ(fail(module({type_void(), section(3, {0x02, 0x00, 0x00}), code_of({0x00, kEnd})})),
            "function and code section have inconsistent lengths");
}

TEST(Decode, TooManyLocals) {
  Bytes locals = cat({uleb(2), uleb(0xffffffffu), {0x7f}, uleb(1), {0x7e}, {kEnd}});
  EXPECT_EQ(fail(module({type_void(), one_func(), code_of(locals)})), "too many locals");
  Bytes many = cat({uleb(2), uleb(0x80000000u), {0x7f}, uleb(0x7fffffffu), {0x7e}, {kEnd}});
  auto r = decode(module({type_void(), one_func(), code_of(many)}));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->codes[0].local_count, 0xffffffffu);
  EXPECT_EQ(r->codes[0].locals.size(), 2u);
}

TEST(Decode, BodyEnd) {
  // Missing `end` at the end of the input.
  EXPECT_EQ(fail(module({type_void(), one_func(), code_of({0x00, kI32Const, 0x01, 0x1a})})),
            "unexpected end of section or function");
  // Bytes after the final `end`.
  EXPECT_EQ(fail(module({type_void(), one_func(), code_of({0x00, kEnd, 0x01})})), "section size mismatch");
  // `else` outside an `if`, and a second `else`.
  EXPECT_EQ(fail(module({type_void(), one_func(), code_of({0x00, 0x05, kEnd})})), "END opcode expected");
  EXPECT_EQ(fail(module({type_void(), one_func(), code_of({0x00, 0x02, 0x40, 0x05, kEnd, kEnd})})),
            "END opcode expected");
  EXPECT_EQ(fail(module({type_void(), one_func(),
                         code_of({0x00, kI32Const, 0x00, 0x04, 0x40, 0x05, 0x05, kEnd, kEnd})})),
            "END opcode expected");
  // Nested blocks: the body ends at the `end` that closes the function.
  auto r = decode(module(
      {type_void(), one_func(),
       code_of({0x00, 0x02, 0x40, 0x03, 0x40, kEnd, kI32Const, 0x00, 0x04, 0x40, 0x05, kEnd, kEnd, kEnd})}));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->codes[0].body.size(), 13u);
  // A body size beyond the input.
  EXPECT_EQ(fail(module({type_void(), one_func(), section(10, {0x01, 0x7f, 0x00, kEnd})})),
            "length out of bounds");
}

TEST(Decode, MalformedInstructionsInBodies) {
  EXPECT_TRUE(
      starts_with(fail(module({type_void(), one_func(), code_of({0x00, 0x06, kEnd})})), "illegal opcode"));
  EXPECT_TRUE(
      starts_with(fail(module({type_void(), one_func(), code_of({0x00, 0xff, kEnd})})), "illegal opcode"));
  EXPECT_EQ(fail(module({type_void(), one_func(), section(5, {0x01, 0x00, 0x01}),
                         code_of({0x00, 0x3f, 0x01, 0x1a, kEnd})})),
            "zero byte expected");
  EXPECT_EQ(fail(module({type_void(), one_func(),
                         code_of({0x00, kI32Const, 0x80, 0x80, 0x80, 0x80, 0x70, 0x1a, kEnd})})),
            "integer too large");
}

TEST(Decode, ConstExprRangesIncludeEnd) {
  // Any instruction is accepted at decode time (constness is validation's concern), blocks included.
  auto r = decode(module(
      {section(6, {0x01, 0x7f, 0x00, 0x02, 0x40, kEnd, kI32Const, 0x01, kI32Const, 0x02, 0x6a, kEnd})}));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->globals[0].init.range.size(), 9u);
  EXPECT_EQ(r->bytes[r->globals[0].init.range.end - 1], kEnd);
  EXPECT_TRUE(starts_with(fail(module({section(6, {0x01, 0x7f, 0x00, kI32Const, 0x00})})), "unexpected end"));
}

}  // namespace
}  // namespace mosaic::binary
