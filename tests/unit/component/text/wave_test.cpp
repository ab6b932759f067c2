#include "component/text/wave.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

namespace mosaic::component::text {
namespace {

ValTypePtr prim(TypeKind k) { return ValType::primitive(k); }

ValTypePtr make(ValType t) { return std::make_shared<const ValType>(std::move(t)); }

ValTypePtr list_of(ValTypePtr e) {
  ValType t;
  t.kind = TypeKind::List;
  t.element = std::move(e);
  return make(std::move(t));
}

ValTypePtr fixed_list_of(ValTypePtr e, uint32_t n) {
  ValType t;
  t.kind = TypeKind::FixedList;
  t.element = std::move(e);
  t.length = n;
  return make(std::move(t));
}

ValTypePtr option_of(ValTypePtr e) {
  ValType t;
  t.kind = TypeKind::Option;
  t.element = std::move(e);
  return make(std::move(t));
}

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

// Parses `text` as `type`, prints it back; "ERROR: message" when parsing fails.
std::string round_trip(std::string_view text, const ValTypePtr& type) {
  Result<Value> v = parse_value(text, type);
  if (!v) return "ERROR: " + v.error().message;
  return print_value(*v);
}

std::string parse_error(std::string_view text, const ValTypePtr& type) {
  Result<Value> v = parse_value(text, type);
  if (v) return "parsed: " + print_value(*v);
  EXPECT_EQ(v.error().kind, ErrorKind::Usage);
  return v.error().message;
}

TEST(ComponentText, WaveBools) {
  EXPECT_EQ(round_trip("true", prim(TypeKind::Bool)), "true");
  EXPECT_EQ(round_trip("  false ", prim(TypeKind::Bool)), "false");
  EXPECT_EQ(parse_value("false", prim(TypeKind::Bool))->as_bool(), false);
  EXPECT_EQ(parse_error("1", prim(TypeKind::Bool)), "invalid value at column 1: expected a bool, found `1`");
  EXPECT_EQ(parse_error("truex", prim(TypeKind::Bool)).substr(0, 25), "invalid value at column 1");
}

TEST(ComponentText, WaveIntegersAndRanges) {
  EXPECT_EQ(round_trip("255", prim(TypeKind::U8)), "255");
  EXPECT_EQ(round_trip("-128", prim(TypeKind::S8)), "-128");
  EXPECT_EQ(round_trip("127", prim(TypeKind::S8)), "127");
  EXPECT_EQ(round_trip("65535", prim(TypeKind::U16)), "65535");
  EXPECT_EQ(round_trip("-32768", prim(TypeKind::S16)), "-32768");
  EXPECT_EQ(round_trip("4294967295", prim(TypeKind::U32)), "4294967295");
  EXPECT_EQ(round_trip("-2147483648", prim(TypeKind::S32)), "-2147483648");
  EXPECT_EQ(round_trip("18446744073709551615", prim(TypeKind::U64)), "18446744073709551615");
  EXPECT_EQ(round_trip("-9223372036854775808", prim(TypeKind::S64)), "-9223372036854775808");
  EXPECT_EQ(round_trip("-0", prim(TypeKind::U8)), "0");
  EXPECT_EQ(parse_value("200", prim(TypeKind::U8))->kind(), TypeKind::U8);
  EXPECT_EQ(parse_value("-5", prim(TypeKind::S16))->as_signed(), -5);

  EXPECT_EQ(parse_error("256", prim(TypeKind::U8)), "invalid value at column 1: 256 is out of range for u8");
  EXPECT_EQ(parse_error("128", prim(TypeKind::S8)), "invalid value at column 1: 128 is out of range for s8");
  EXPECT_EQ(parse_error("-129", prim(TypeKind::S8)), "invalid value at column 1: -129 is out of range for s8");
  EXPECT_EQ(parse_error("-1", prim(TypeKind::U32)), "invalid value at column 1: -1 is out of range for u32");
  EXPECT_EQ(parse_error("18446744073709551616", prim(TypeKind::U64)),
            "invalid value at column 1: 18446744073709551616 is out of range for u64");
  EXPECT_EQ(parse_error("9223372036854775808", prim(TypeKind::S64)),
            "invalid value at column 1: 9223372036854775808 is out of range for s64");
  EXPECT_EQ(parse_error("1.5", prim(TypeKind::U32)), "invalid value at column 1: expected an integer, found `1.5`");
  EXPECT_EQ(parse_error("1e3", prim(TypeKind::U32)), "invalid value at column 1: expected an integer, found `1e3`");
  EXPECT_EQ(parse_error("0x10", prim(TypeKind::U32)), "invalid value at column 1: expected a number, found `0x10`");
  EXPECT_EQ(parse_error("007", prim(TypeKind::U32)), "invalid value at column 1: a number must not have leading zeros");
  EXPECT_EQ(parse_error("", prim(TypeKind::U32)), "invalid value at column 1: expected a number, found end of input");
  EXPECT_EQ(parse_error("1 2", prim(TypeKind::U32)), "invalid value at column 3: unexpected `2` after the value");
}

TEST(ComponentText, WaveFloatsPrintAsRustDisplay) {
  EXPECT_EQ(round_trip("1", prim(TypeKind::F64)), "1");
  EXPECT_EQ(round_trip("1.5", prim(TypeKind::F64)), "1.5");
  EXPECT_EQ(round_trip("0.1", prim(TypeKind::F32)), "0.1");
  EXPECT_EQ(round_trip("3.14", prim(TypeKind::F32)), "3.14");
  EXPECT_EQ(round_trip("6.022e+23", prim(TypeKind::F64)), "602200000000000000000000");
  EXPECT_EQ(round_trip("1e-7", prim(TypeKind::F64)), "0.0000001");
  EXPECT_EQ(round_trip("-0", prim(TypeKind::F64)), "-0");
  EXPECT_EQ(round_trip("-0.0", prim(TypeKind::F32)), "-0");
  EXPECT_EQ(round_trip("nan", prim(TypeKind::F64)), "nan");
  EXPECT_EQ(round_trip("inf", prim(TypeKind::F32)), "inf");
  EXPECT_EQ(round_trip("-inf", prim(TypeKind::F64)), "-inf");
  EXPECT_EQ(round_trip("1e39", prim(TypeKind::F32)), "inf");  // out of range rounds to infinity, as Rust
  EXPECT_TRUE(std::isnan(parse_value("nan", prim(TypeKind::F32))->as_f32()));
  EXPECT_EQ(parse_value("2.5", prim(TypeKind::F32))->as_f32(), 2.5f);
  EXPECT_EQ(print_value(Value::f32(16777216.0f)), "16777216");
  EXPECT_EQ(print_value(Value::f64(0.30000000000000004)), "0.30000000000000004");
  EXPECT_EQ(parse_error(".5", prim(TypeKind::F64)), "invalid value at column 1: expected a number, found `.`");
  EXPECT_EQ(parse_error("1.", prim(TypeKind::F64)), "invalid value at column 1: expected digits after `.`");
  EXPECT_EQ(parse_error("infinity", prim(TypeKind::F64)),
            "invalid value at column 1: expected a number, found `infinity`");
  EXPECT_EQ(parse_error("-nan", prim(TypeKind::F64)), "invalid value at column 1: expected a number, found `-nan`");
}

TEST(ComponentText, WaveChars) {
  EXPECT_EQ(round_trip("'x'", prim(TypeKind::Char)), "'x'");
  EXPECT_EQ(round_trip("'☃'", prim(TypeKind::Char)), "'☃'");
  EXPECT_EQ(parse_value("'\\u{1F600}'", prim(TypeKind::Char))->as_char(), U'\U0001F600');
  EXPECT_EQ(round_trip("'\\''", prim(TypeKind::Char)), "'\\''");
  EXPECT_EQ(round_trip("'\"'", prim(TypeKind::Char)), "'\\\"'");
  EXPECT_EQ(round_trip("'\\n'", prim(TypeKind::Char)), "'\\n'");
  EXPECT_EQ(round_trip("'\\u{0}'", prim(TypeKind::Char)), "'\\u{0}'");
  EXPECT_EQ(round_trip("'\\u{7f}'", prim(TypeKind::Char)), "'\\u{7f}'");
  EXPECT_EQ(parse_error("'ab'", prim(TypeKind::Char)), "invalid value at column 1: multiple characters in char value");
  EXPECT_EQ(parse_error("''", prim(TypeKind::Char)), "invalid value at column 1: empty char");
  EXPECT_EQ(parse_error("'\\u{d800}'", prim(TypeKind::Char)),
            "invalid value at column 2: invalid character escape: not a Unicode scalar value");
  EXPECT_EQ(parse_error("'\\q'", prim(TypeKind::Char)), "invalid value at column 2: invalid character escape `\\q`");
  EXPECT_EQ(parse_error("'x", prim(TypeKind::Char)), "invalid value at column 1: unterminated char");
}

TEST(ComponentText, WaveStrings) {
  ValTypePtr s = prim(TypeKind::String);
  EXPECT_EQ(round_trip("\"héllo\"", s), "\"héllo\"");
  EXPECT_EQ(round_trip("\"👋 Hello, world! 👋\"", s), "\"👋 Hello, world! 👋\"");
  EXPECT_EQ(parse_value("\"a\\tb\\n\\\\\\\"\\'\\u{48}\"", s)->as_string(), "a\tb\n\\\"'H");
  EXPECT_EQ(round_trip("\"a\\tb\\r\\n\\\\ \\\" '\"", s), "\"a\\tb\\r\\n\\\\ \\\" \\'\"");
  EXPECT_EQ(round_trip("\"\\u{1b}[0m\"", s), "\"\\u{1b}[0m\"");
  EXPECT_EQ(round_trip("\"\"", s), "\"\"");
  EXPECT_EQ(parse_error("\"abc", s), "invalid value at column 1: unterminated string");
  EXPECT_EQ(parse_error("abc", s), "invalid value at column 1: expected a string, found `abc`");
  EXPECT_EQ(parse_error("\"a\\x\"", s), "invalid value at column 3: invalid character escape `\\x`");
  EXPECT_EQ(parse_error("\"\xff\"", s), "invalid value at column 2: invalid UTF-8");
}

TEST(ComponentText, WaveMultilineStrings) {
  ValTypePtr s = prim(TypeKind::String);
  EXPECT_EQ(parse_value("\"\"\"\n  one\n    two\n  \"\"\"", s)->as_string(), "one\n  two");
  EXPECT_EQ(parse_value("\"\"\"\nline \\t tab\n\"\"\"", s)->as_string(), "line \t tab");
  EXPECT_EQ(parse_value("\"\"\"\n\"\"\"", s)->as_string(), "");
  EXPECT_EQ(parse_error("\"\"\"one\n\"\"\"", s),
            "invalid value at column 1: invalid multiline string: the opening \"\"\" must end its line");
  EXPECT_EQ(parse_error("\"\"\"\none", s), "invalid value at column 1: unterminated multiline string");
  EXPECT_EQ(parse_error("\"\"\"\nx\n  \"\"\"", s),
            "invalid value at column 1: invalid multiline string: a line is indented less than the closing \"\"\"");
}

TEST(ComponentText, WaveListsTuplesAndFixedLists) {
  EXPECT_EQ(round_trip("[1,2 , 3]", list_of(prim(TypeKind::U8))), "[1, 2, 3]");
  EXPECT_EQ(round_trip("[1, 2,]", list_of(prim(TypeKind::U8))), "[1, 2]");
  EXPECT_EQ(round_trip("[]", list_of(prim(TypeKind::U8))), "[]");
  EXPECT_EQ(round_trip("[[\"a\"], []]", list_of(list_of(prim(TypeKind::String)))), "[[\"a\"], []]");
  EXPECT_EQ(round_trip("(\"abc\", 123)", tuple_of({prim(TypeKind::String), prim(TypeKind::U32)})), "(\"abc\", 123)");
  EXPECT_EQ(round_trip("(1,)", tuple_of({prim(TypeKind::U32)})), "(1)");
  EXPECT_EQ(round_trip("[1, 2, 3]", fixed_list_of(prim(TypeKind::U8), 3)), "[1, 2, 3]");
  EXPECT_EQ(parse_error("[1, 2]", fixed_list_of(prim(TypeKind::U8), 3)),
            "invalid value at column 1: expected 3 elements, found 2");
  EXPECT_EQ(parse_error("[1 2]", list_of(prim(TypeKind::U8))), "invalid value at column 4: expected `]`, found `2`");
  EXPECT_EQ(parse_error("[1, 300]", list_of(prim(TypeKind::U8))),
            "invalid value at column 5: 300 is out of range for u8");
  EXPECT_EQ(parse_error("(1)", tuple_of({prim(TypeKind::U8), prim(TypeKind::U8)})),
            "invalid value at column 3: expected `,`, found `)`");
  EXPECT_EQ(parse_error("(1, 2, 3)", tuple_of({prim(TypeKind::U8), prim(TypeKind::U8)})),
            "invalid value at column 8: expected `)` after 2 tuple elements, found `3`");
  EXPECT_EQ(parse_error("[1, 2", list_of(prim(TypeKind::U8))),
            "invalid value at column 6: expected `]`, found end of input");
}

TEST(ComponentText, WaveRecords) {
  ValTypePtr person = record_of({{"name", prim(TypeKind::String)}, {"age", prim(TypeKind::U8)}});
  EXPECT_EQ(round_trip("{name: \"x\", age: 3}", person), "{name: \"x\", age: 3}");
  EXPECT_EQ(round_trip("{ age: 3, name: \"x\", }", person), "{name: \"x\", age: 3}");
  Result<Value> v = parse_value("{age: 3, name: \"x\"}", person);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->field_names(), (std::vector<std::string>{"name", "age"}));

  ValTypePtr opt = record_of({{"a", option_of(prim(TypeKind::U8))}, {"b", prim(TypeKind::U8)},
                              {"c", option_of(prim(TypeKind::U8))}});
  EXPECT_EQ(round_trip("{b: 1}", opt), "{b: 1}");
  EXPECT_EQ(round_trip("{b: 1, c: 2}", opt), "{b: 1, c: some(2)}");
  EXPECT_EQ(round_trip("{a: none, b: 1}", opt), "{b: 1}");
  ValTypePtr all_optional = record_of({{"a", option_of(prim(TypeKind::U8))}});
  EXPECT_EQ(round_trip("{:}", all_optional), "{:}");
  EXPECT_EQ(parse_error("{}", all_optional),
            "invalid value at column 2: expected a record field (an empty record is written {:})");

  EXPECT_EQ(parse_error("{name: \"x\"}", person), "invalid value at column 1: missing field `age`");
  EXPECT_EQ(parse_error("{name: \"x\", age: 1, size: 2}", person),
            "invalid value at column 21: unknown field `size`");
  EXPECT_EQ(parse_error("{age: 1, age: 2}", person), "invalid value at column 10: duplicate field `age`");
  EXPECT_EQ(parse_error("{name \"x\"}", person), "invalid value at column 7: expected `:`, found `\"`");
  EXPECT_EQ(parse_error("{name: \"x\" age: 1}", person), "invalid value at column 12: expected `,` or `}`, found `age`");
}

TEST(ComponentText, WaveVariantsEnumsAndKeywords) {
  ValTypePtr v = variant_of({{"days", prim(TypeKind::U32)}, {"forever", nullptr}, {"none", nullptr}});
  EXPECT_EQ(round_trip("days(30)", v), "days(30)");
  EXPECT_EQ(round_trip("forever", v), "forever");
  EXPECT_EQ(round_trip("%forever", v), "forever");
  EXPECT_EQ(round_trip("%none", v), "%none");
  EXPECT_EQ(parse_error("none", v), "invalid value at column 1: `none` is a WAVE keyword; write the label as %none");
  EXPECT_EQ(parse_error("days", v), "invalid value at column 5: case `days` needs a payload: days(...)");
  EXPECT_EQ(parse_error("forever(1)", v), "invalid value at column 8: case `forever` has no payload");
  EXPECT_EQ(parse_error("weeks(2)", v), "invalid value at column 1: unknown case `weeks` (expected days, forever, %none)");

  ValTypePtr e = labels_of(TypeKind::Enum, {"north", "south", "inf"});
  EXPECT_EQ(round_trip("south", e), "south");
  EXPECT_EQ(round_trip("%inf", e), "%inf");
  EXPECT_EQ(parse_value("south", e)->case_name(), "south");
  EXPECT_EQ(parse_error("up", e), "invalid value at column 1: unknown case `up` (expected north, south, %inf)");
  EXPECT_EQ(print_label("true"), "%true");
  EXPECT_EQ(print_label("some-thing"), "some-thing");
}

TEST(ComponentText, WaveOptionsAndResults) {
  ValTypePtr o = option_of(prim(TypeKind::U8));
  EXPECT_EQ(round_trip("some(1)", o), "some(1)");
  EXPECT_EQ(round_trip("none", o), "none");
  EXPECT_EQ(round_trip("1", o), "some(1)");  // the flat form
  ValTypePtr oo = option_of(option_of(prim(TypeKind::String)));
  EXPECT_EQ(round_trip("some(none)", oo), "some(none)");
  EXPECT_EQ(round_trip("\"x\"", oo), "some(some(\"x\"))");
  EXPECT_EQ(parse_error("some 1", o), "invalid value at column 6: expected `(`, found `1`");

  ValTypePtr r = result_of(prim(TypeKind::String), prim(TypeKind::U8));
  EXPECT_EQ(round_trip("ok(\"x\")", r), "ok(\"x\")");
  EXPECT_EQ(round_trip("err(3)", r), "err(3)");
  EXPECT_EQ(round_trip("\"flat\"", r), "ok(\"flat\")");
  EXPECT_EQ(parse_error("ok", r), "invalid value at column 3: `ok` needs a payload: ok(...)");
  ValTypePtr bare = result_of(nullptr, nullptr);
  EXPECT_EQ(round_trip("ok", bare), "ok");
  EXPECT_EQ(round_trip("err", bare), "err");
  EXPECT_EQ(parse_error("ok(1)", bare), "invalid value at column 3: `ok` has no payload in this result type");
  EXPECT_EQ(parse_error("1", bare), "invalid value at column 1: expected `ok` or `err`, found `1`");
  ValTypePtr err_only = result_of(nullptr, prim(TypeKind::String));
  EXPECT_EQ(round_trip("err(\"e\")", err_only), "err(\"e\")");
  EXPECT_EQ(round_trip("ok", err_only), "ok");
}

TEST(ComponentText, WaveFlags) {
  ValTypePtr f = labels_of(TypeKind::Flags, {"read", "write", "exec"});
  EXPECT_EQ(round_trip("{write, read}", f), "{read, write}");
  EXPECT_EQ(round_trip("{}", f), "{}");
  EXPECT_EQ(round_trip("{exec,}", f), "{exec}");
  EXPECT_EQ(parse_error("{read, read}", f), "invalid value at column 8: duplicate flag `read`");
  EXPECT_EQ(parse_error("{delete}", f), "invalid value at column 2: unknown flag `delete`");
}

TEST(ComponentText, WaveCommentsAndWhitespace) {
  EXPECT_EQ(round_trip("// a list\n[1, // one\n 2]\n", list_of(prim(TypeKind::U8))), "[1, 2]");
}

TEST(ComponentText, WaveResourcesAndUnsupportedTypes) {
  ValType own;
  own.kind = TypeKind::Own;
  own.resource = std::make_shared<const ResourceType>(ResourceType{"file", false, std::nullopt});
  EXPECT_EQ(parse_error("1", make(own)), "invalid value at column 1: resource handles cannot be written as WAVE values");
}

TEST(ComponentText, WaveNestingIsBounded) {
  ValTypePtr t = prim(TypeKind::U8);
  for (int i = 0; i < 150; ++i) t = list_of(t);
  std::string deep(150, '[');
  deep += std::string(150, ']');
  EXPECT_NE(parse_error(deep, t).find("nesting too deep"), std::string::npos);
  // Bounded also when the type is shallow but the text is not.
  std::string text(100000, '[');
  EXPECT_NE(parse_error(text, list_of(prim(TypeKind::U8))).find("expected a number"), std::string::npos);
}

TEST(ComponentText, WavePrintsValuesBuiltByHand) {
  EXPECT_EQ(print_value(Value::record({{"name", Value::string("x")}, {"age", Value::u8(3)}})), "{name: \"x\", age: 3}");
  EXPECT_EQ(print_value(Value::record({{"a", Value::option(std::nullopt)}})), "{:}");
  EXPECT_EQ(print_value(Value::list({Value::s32(1), Value::s32(-2)})), "[1, -2]");
  EXPECT_EQ(print_value(Value::option(Value::u32(1))), "some(1)");
  EXPECT_EQ(print_value(Value::ok(Value::string("x"))), "ok(\"x\")");
  EXPECT_EQ(print_value(Value::err(std::nullopt)), "err");
  EXPECT_EQ(print_value(Value::variant("ok", Value::u8(1))), "%ok(1)");
  EXPECT_EQ(print_value(Value::flags({"a", "b"})), "{a, b}");
  EXPECT_EQ(print_value(Value::tuple({Value::make_char(U'é'), Value::make_bool(true)})), "('é', true)");
}

// A small export table for parse_call.
struct Funcs {
  std::map<std::string, FuncType> types;
  FuncLookup lookup() const {
    return [this](std::string_view path) -> const FuncType* {
      auto it = types.find(std::string(path));
      return it == types.end() ? nullptr : &it->second;
    };
  }
};

TEST(ComponentText, WaveCalls) {
  Funcs f;
  f.types["greet"] = FuncType{{{"name", prim(TypeKind::String)}, {"xs", list_of(prim(TypeKind::U8))}},
                              prim(TypeKind::String), false};
  f.types["local:demo/api#add"] = FuncType{{{"a", prim(TypeKind::U32)}, {"b", prim(TypeKind::U32)}}, nullptr, false};
  f.types["wasi:cli/run@0.2.0#run"] = FuncType{{}, nullptr, false};

  Result<Call> c = parse_call("greet(\"world\", [1, 2])", f.lookup());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->path, "greet");
  ASSERT_EQ(c->args.size(), 2u);
  EXPECT_EQ(print_value(c->args[0]), "\"world\"");
  EXPECT_EQ(print_value(c->args[1]), "[1, 2]");

  c = parse_call("local:demo/api#add(1, 2,)", f.lookup());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->path, "local:demo/api#add");
  c = parse_call(" local:demo/api.add (1, 2) ", f.lookup());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->path, "local:demo/api#add");
  c = parse_call("wasi:cli/run@0.2.0.run()", f.lookup());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->path, "wasi:cli/run@0.2.0#run");
  EXPECT_TRUE(c->args.empty());

  auto error = [&](std::string_view text) {
    Result<Call> r = parse_call(text, f.lookup());
    if (r) return std::string("parsed");
    EXPECT_EQ(r.error().kind, ErrorKind::Usage);
    return r.error().message;
  };
  EXPECT_EQ(error("nope(1)"), "unknown function `nope`");

  // A function of an exported interface may be named alone when no other export has that name.
  std::vector<std::string> paths = {"greet", "local:demo/api#add", "wasi:cli/run@0.2.0#run", "other#run"};
  c = parse_call("add(1, 2)", f.lookup(), paths);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->path, "local:demo/api#add");
  c = parse_call("run()", f.lookup(), paths);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "ambiguous function `run`: wasi:cli/run@0.2.0#run, other#run");
  EXPECT_EQ(error("greet"), "invalid value at column 6: expected a call such as `name(arg, ...)`: no `(`");
  EXPECT_EQ(error("(1)"), "invalid value at column 1: expected a function name before `(`");
  EXPECT_EQ(error("greet(\"x\")"), "invalid value at column 10: `greet` takes 2 arguments, found 1");
  EXPECT_EQ(error("local:demo/api#add(1, 2, 3)"),
            "invalid value at column 26: `local:demo/api#add` takes 2 arguments; expected `)`, found `3`");
  EXPECT_EQ(error("local:demo/api#add(1, x)"),
            "invalid value at column 23: expected a number, found `x` (argument `b`)");
  EXPECT_EQ(error("local:demo/api#add(1, 2"), "invalid value at column 24: expected `)`, found end of input");
  EXPECT_EQ(error("local:demo/api#add(1, 2) x"), "invalid value at column 26: unexpected `x` after the call");
}

}  // namespace
}  // namespace mosaic::component::text
