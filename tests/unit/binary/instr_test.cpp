#include "binary/instr.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_bytes.h"

namespace mosaic::binary {
namespace {

using test::Bytes;
using test::cat;
using test::uleb;

// Reads one instruction from `b` (placed at absolute offset 100) and checks that it used every byte.
Result<Instr> read_one(const Bytes& b, const Features& f = {}) {
  InstrReader ir(support::Reader(std::span<const uint8_t>(b), 100), f);
  auto in = ir.next();
  if (in) {
    EXPECT_TRUE(ir.at_end()) << "bytes left after " << op_info(in->op).text;
  }
  return in;
}

std::string fail(const Bytes& b, const Features& f = {}) {
  auto r = read_one(b, f);
  if (r) return "<decoded>";
  EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
  return r.error().message;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// The encoding of `op` followed by immediates of the shortest well-formed form for its ImmKind.
Bytes encode_with_zero_immediates(Opcode op) {
  const OpInfo& info = op_info(op);
  Bytes b;
  if (info.prefix != 0) {
    b.push_back(info.prefix);
    b = cat({b, uleb(info.code)});
  } else {
    b.push_back(static_cast<uint8_t>(info.code));
  }
  switch (info.imm) {
    case ImmKind::None: break;
    case ImmKind::BlockType: b.push_back(0x40); break;
    case ImmKind::LabelIdx:
    case ImmKind::FuncIdx:
    case ImmKind::LocalIdx:
    case ImmKind::GlobalIdx:
    case ImmKind::TableIdx:
    case ImmKind::MemIdx:
    case ImmKind::I32:
    case ImmKind::I64:
    case ImmKind::LaneIdx:
    case ImmKind::DataIdx:
    case ImmKind::ElemIdx: b.push_back(0x00); break;
    case ImmKind::BrTable: b = cat({b, {0x00, 0x00}}); break;
    case ImmKind::CallIndirect:
    case ImmKind::MemArg:
    case ImmKind::MemInit:
    case ImmKind::MemCopy:
    case ImmKind::TableInit:
    case ImmKind::TableCopy: b = cat({b, {0x00, 0x00}}); break;
    case ImmKind::MemArgLane: b = cat({b, {0x00, 0x00, 0x00}}); break;
    case ImmKind::F32: b = cat({b, Bytes(4, 0)}); break;
    case ImmKind::F64: b = cat({b, Bytes(8, 0)}); break;
    case ImmKind::V128:
    case ImmKind::Shuffle: b = cat({b, Bytes(16, 0)}); break;
    case ImmKind::SelectT: b = cat({b, {0x01, 0x7f}}); break;
    case ImmKind::RefType: b.push_back(0x70); break;
  }
  return b;
}

// Every opcode of the table decodes back to itself, with every immediate consumed.
TEST(InstrReader, EveryOpcodeRoundTrips) {
  for (size_t i = 0; i < kOpcodeCount; ++i) {
    Opcode op = static_cast<Opcode>(i);
    auto in = read_one(encode_with_zero_immediates(op));
    ASSERT_TRUE(in) << op_info(op).text << ": " << in.error().to_string();
    EXPECT_EQ(in->op, op) << op_info(op).text;
    EXPECT_EQ(in->offset, 100u);
  }
}

TEST(InstrReader, PrefixedSubOpcodesAreLeb) {
  // memory.copy written with a two-byte sub-opcode.
  auto in = read_one({0xfc, 0x8a, 0x00, 0x00, 0x00});
  ASSERT_TRUE(in);
  EXPECT_EQ(in->op, Opcode::MemoryCopy);
  auto s = read_one({0xfd, 0x8c, 0x80, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->op, Opcode::V128Const);
}

TEST(InstrReader, IllegalOpcodes) {
  for (uint8_t b :
       {0x06, 0x07, 0x08, 0x09, 0x0a, 0x12, 0x13, 0x1d, 0x27, 0xc5, 0xcf, 0xd3, 0xfb, 0xfe, 0xff}) {
    EXPECT_TRUE(starts_with(fail({b}), "illegal opcode")) << int(b);
  }
  EXPECT_TRUE(starts_with(fail({0xfc, 0x12}), "illegal opcode"));
  EXPECT_TRUE(starts_with(fail({0xfc, 0x80, 0x02}), "illegal opcode"));
  EXPECT_TRUE(starts_with(fail({0xfd, 0x80, 0x02}), "illegal opcode"));  // 256
  EXPECT_TRUE(starts_with(fail({0xfd, 0x9a, 0x01}), "illegal opcode"));  // 154 is unassigned
  auto r = read_one({0x06});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().offset, 100u);
  // A sub-opcode that is not a valid u32.
  EXPECT_EQ(fail({0xfc, 0x80, 0x80, 0x80, 0x80, 0x10}), "integer too large");
}

TEST(InstrReader, FeaturesDisableOpcodes) {
  Features f;
  f.simd = false;
  EXPECT_TRUE(
      starts_with(fail({0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, f), "illegal opcode"));
  f = {};
  f.sign_extension = false;
  EXPECT_TRUE(starts_with(fail({0xc0}, f), "illegal opcode"));
  f = {};
  f.saturating_float_to_int = false;
  EXPECT_TRUE(starts_with(fail({0xfc, 0x00}, f), "illegal opcode"));
  f = {};
  f.bulk_memory = false;
  EXPECT_TRUE(starts_with(fail({0xfc, 0x0a, 0x00, 0x00}, f), "illegal opcode"));
  f = {};
  f.reference_types = false;
  EXPECT_TRUE(starts_with(fail({0xd0, 0x70}, f), "illegal opcode"));
}

TEST(InstrReader, BlockTypes) {
  auto e = read_one({0x02, 0x40});
  ASSERT_TRUE(e);
  EXPECT_EQ(e->block.kind, BlockType::Kind::Empty);
  auto v = read_one({0x03, 0x7b});
  ASSERT_TRUE(v);
  EXPECT_EQ(v->block.kind, BlockType::Kind::Value);
  EXPECT_EQ(v->block.type, ValType::V128);
  auto t = read_one({0x04, 0x85, 0x01});  // type index 133 (s33)
  ASSERT_TRUE(t);
  EXPECT_EQ(t->block.kind, BlockType::Kind::TypeIndex);
  EXPECT_EQ(t->block.index, 133u);
  EXPECT_TRUE(starts_with(fail({0x02, 0x60}), "malformed"));  // negative, not a value type
}

TEST(InstrReader, Constants) {
  auto a = read_one({0x41, 0x7f});
  ASSERT_TRUE(a);
  EXPECT_EQ(static_cast<int64_t>(a->bits), -1);
  auto b = read_one({0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f});
  ASSERT_TRUE(b);
  EXPECT_EQ(static_cast<int64_t>(b->bits), INT64_MIN);
  auto f = read_one({0x43, 0x00, 0x00, 0x80, 0x3f});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->bits, 0x3f800000u);
  auto d = read_one({0x44, 1, 2, 3, 4, 5, 6, 7, 8});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->bits, 0x0807060504030201u);
  Bytes v = {0xfd, 0x0c};
  for (uint8_t i = 0; i < 16; ++i) v.push_back(i);
  auto c = read_one(v);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->v128[0], 0);
  EXPECT_EQ(c->v128[15], 15);
  EXPECT_EQ(fail({0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}), "integer representation too long");
  EXPECT_TRUE(starts_with(fail({0x43, 0x00, 0x00}), "unexpected end"));
}

TEST(InstrReader, IndexImmediates) {
  auto ci = read_one({0x11, 0x05, 0x02});
  ASSERT_TRUE(ci);
  EXPECT_EQ(ci->index, 5u);   // type
  EXPECT_EQ(ci->index2, 2u);  // table
  auto ti = read_one({0xfc, 0x0c, 0x03, 0x01});
  ASSERT_TRUE(ti);
  EXPECT_EQ(ti->index, 3u);   // elem
  EXPECT_EQ(ti->index2, 1u);  // table
  auto tc = read_one({0xfc, 0x0e, 0x04, 0x06});
  ASSERT_TRUE(tc);
  EXPECT_EQ(tc->index, 4u);  // destination
  EXPECT_EQ(tc->index2, 6u);
  auto lg = read_one({0x20, 0xff, 0xff, 0xff, 0xff, 0x0f});
  ASSERT_TRUE(lg);
  EXPECT_EQ(lg->index, 0xffffffffu);
  auto mi = read_one({0xfc, 0x08, 0x07, 0x00});
  ASSERT_TRUE(mi);
  EXPECT_EQ(mi->index, 7u);
}

TEST(InstrReader, MemArg) {
  auto l = read_one({0x28, 0x02, 0x80, 0x01});
  ASSERT_TRUE(l);
  EXPECT_EQ(l->mem.align, 2u);
  EXPECT_EQ(l->mem.offset, 128u);
  EXPECT_EQ(l->mem.memory, 0u);
  auto ll = read_one({0xfd, 0x56, 0x02, 0x10, 0x03});  // v128.load32_lane align 2 offset 16 lane 3
  ASSERT_TRUE(ll);
  EXPECT_EQ(ll->mem.offset, 16u);
  EXPECT_EQ(ll->lane, 3);
  EXPECT_EQ(fail({0x28, 0x02, 0x82, 0x80, 0x80, 0x80, 0x10}), "integer too large");
}

TEST(InstrReader, ZeroBytes) {
  EXPECT_EQ(fail({0x3f, 0x01}), "zero byte expected");
  EXPECT_EQ(fail({0x40, 0x80, 0x00}), "zero byte expected");  // not a LEB128: one byte
  EXPECT_EQ(fail({0xfc, 0x08, 0x00, 0x01}), "zero byte expected");
  EXPECT_EQ(fail({0xfc, 0x0a, 0x00, 0x01}), "zero byte expected");
  EXPECT_EQ(fail({0xfc, 0x0a, 0x01, 0x00}), "zero byte expected");
  EXPECT_EQ(fail({0xfc, 0x0b, 0x01}), "zero byte expected");
  auto r = read_one({0x3f, 0x01});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().offset, 101u);
}

TEST(InstrReader, BrTable) {
  Bytes b = {0x0e, 0x03, 0x00, 0x01, 0x80, 0x01, 0x05};
  InstrReader ir(support::Reader(std::span<const uint8_t>(b)), Features{});
  auto in = ir.next();
  ASSERT_TRUE(in);
  ASSERT_EQ(in->targets.size(), 3u);
  EXPECT_EQ(in->targets[2], 128u);
  EXPECT_EQ(in->index, 5u);
  // An untrusted count larger than the remaining bytes fails before any allocation.
  EXPECT_TRUE(starts_with(fail({0x0e, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00}), "unexpected end"));
  EXPECT_TRUE(starts_with(fail({0x0e, 0x02, 0x00, 0x00}), "unexpected end"));
}

TEST(InstrReader, SelectT) {
  auto one = read_one({0x1c, 0x01, 0x7e});
  ASSERT_TRUE(one);
  EXPECT_EQ(one->select_count, 1u);
  EXPECT_EQ(one->type, ValType::I64);
  auto two = read_one({0x1c, 0x02, 0x7d, 0x7f});
  ASSERT_TRUE(two);
  EXPECT_EQ(two->select_count, 2u);
  EXPECT_EQ(two->type, ValType::F32);
  auto none = read_one({0x1c, 0x00});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->select_count, 0u);
  EXPECT_EQ(fail({0x1c, 0x01, 0x40}), "malformed value type");
  EXPECT_TRUE(starts_with(fail({0x1c, 0xff, 0xff, 0xff, 0xff, 0x0f}), "unexpected end"));
}

TEST(InstrReader, RefNull) {
  auto f = read_one({0xd0, 0x70});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->type, ValType::FuncRef);
  auto e = read_one({0xd0, 0x6f});
  ASSERT_TRUE(e);
  EXPECT_EQ(e->type, ValType::ExternRef);
  EXPECT_EQ(fail({0xd0, 0x7f}), "malformed reference type");
}

TEST(InstrReader, LanesAndShuffle) {
  auto x = read_one({0xfd, 0x15, 0x0f});
  ASSERT_TRUE(x);
  EXPECT_EQ(x->op, Opcode::I8x16ExtractLaneS);
  EXPECT_EQ(x->lane, 15);
  Bytes sh = {0xfd, 0x0d};
  for (uint8_t i = 0; i < 16; ++i) sh.push_back(static_cast<uint8_t>(31 - i));
  auto s = read_one(sh);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->op, Opcode::I8x16Shuffle);
  EXPECT_EQ(s->v128[0], 31);
  EXPECT_TRUE(starts_with(fail({0xfd, 0x0d, 0x00}), "unexpected end"));
}

TEST(InstrReader, Sequence) {
  Bytes b = {0x41, 0x01, 0x41, 0x02, 0x6a, 0x0b};
  InstrReader ir(support::Reader(std::span<const uint8_t>(b), 10), Features{});
  std::vector<std::pair<Opcode, uint32_t>> got;
  while (!ir.at_end()) {
    auto in = ir.next();
    ASSERT_TRUE(in);
    got.emplace_back(in->op, in->offset);
  }
  std::vector<std::pair<Opcode, uint32_t>> want = {
      {Opcode::I32Const, 10}, {Opcode::I32Const, 12}, {Opcode::I32Add, 14}, {Opcode::End, 15}};
  EXPECT_EQ(got, want);
  EXPECT_EQ(ir.offset(), 16u);
  EXPECT_TRUE(starts_with(ir.next().error().message, "unexpected end"));
}

}  // namespace
}  // namespace mosaic::binary
