#include "component/binary/decode_common.h"

#include <cstdio>

namespace mosaic::component::binary::detail {

Error invalid_leading_byte(const Reader& r, size_t at, uint8_t byte, const char* what) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "invalid leading byte (0x%x) for %s", byte, what);
  return r.error_at(at, buf);
}

Result<uint32_t> read_count(Reader& r) {
  uint32_t n = MOSAIC_TRY(r.u32());
  if (n > r.remaining()) return r.error_at(r.pos() + r.remaining(), "unexpected end-of-file");
  return n;
}

// core:name (core spec 5.2.4): the length, then that many bytes of UTF-8.
Result<std::string> read_name(Reader& r) {
  uint32_t len = MOSAIC_TRY(r.u32());
  if (len > r.remaining()) return r.error_at(r.pos() + r.remaining(), "unexpected end-of-file");
  size_t at = r.pos();
  auto bytes = MOSAIC_TRY(r.bytes(len));
  if (!support::is_valid_utf8(bytes)) return r.error_at(at, "malformed UTF-8 encoding");
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

Result<bool> read_bool(Reader& r) {
  size_t at = r.pos();
  uint8_t b = MOSAIC_TRY(r.u8());
  if (b > 1) return r.error_at(at, "invalid boolean value");
  return b == 1;
}

// Binary.md primvaltype.
std::optional<TypeKind> primitive_of(uint8_t byte) {
  switch (byte) {
    case 0x7f: return TypeKind::Bool;
    case 0x7e: return TypeKind::S8;
    case 0x7d: return TypeKind::U8;
    case 0x7c: return TypeKind::S16;
    case 0x7b: return TypeKind::U16;
    case 0x7a: return TypeKind::S32;
    case 0x79: return TypeKind::U32;
    case 0x78: return TypeKind::S64;
    case 0x77: return TypeKind::U64;
    case 0x76: return TypeKind::F32;
    case 0x75: return TypeKind::F64;
    case 0x74: return TypeKind::Char;
    case 0x73: return TypeKind::String;
    case 0x64: return TypeKind::ErrorContext;
    default: return std::nullopt;
  }
}

// Binary.md valtype ::= i:<typeidx> | pvt:<primvaltype>. Type opcodes are negative SLEB128s, indices the
// non-negative ones; a negative value that is no primitive (a constructor opcode written where a valtype
// belongs) is kept as the huge index it reinterprets to, which validation reports as out of bounds.
Result<ast::ValTypeRef> read_val_type(Reader& r) {
  ast::ValTypeRef t;
  uint8_t b = MOSAIC_TRY(r.peek_u8());
  if (auto prim = primitive_of(b)) {
    (void)MOSAIC_TRY(r.u8());
    t.primitive = *prim;
    return t;
  }
  int64_t v = MOSAIC_TRY(r.s33());
  t.is_index = true;
  t.index = static_cast<uint32_t>(v);
  return t;
}

Result<std::optional<ast::ValTypeRef>> read_opt_val_type(Reader& r) {
  size_t at = r.pos();
  uint8_t b = MOSAIC_TRY(r.u8());
  if (b == 0x00) return std::optional<ast::ValTypeRef>{};
  if (b == 0x01) return std::optional<ast::ValTypeRef>{MOSAIC_TRY(read_val_type(r))};
  return invalid_leading_byte(r, at, b, "optional component value type");
}

namespace {

// The sort bytes (one, or two for `core`) have been read; map them for an export-style use.
Result<ast::SortRef> extern_sort_from(const Reader& r, size_t at, uint8_t b1, uint8_t b2) {
  ast::SortRef s;
  switch (b1) {
    case 0x00:
      // Only `core module` is an extern kind of a component (Binary.md Import and Export Definitions).
      if (b2 != 0x11) return invalid_leading_byte(r, at + 1, b2, "component external kind");
      s.sort = ast::Sort::Core;
      s.core = ast::CoreSort::Module;
      return s;
    case 0x01: s.sort = ast::Sort::Func; return s;
    case 0x02: s.sort = ast::Sort::Value; return s;
    case 0x03: s.sort = ast::Sort::Type; return s;
    case 0x04: s.sort = ast::Sort::Component; return s;
    case 0x05: s.sort = ast::Sort::Instance; return s;
    default: return invalid_leading_byte(r, at, b1, "component external kind");
  }
}

// core:sort bytes that a core instance can export (core spec externtype): func, table, memory, global, tag.
std::optional<ast::CoreSort> core_export_sort(uint8_t b) {
  if (b <= 0x04) return static_cast<ast::CoreSort>(b);
  return std::nullopt;
}

}  // namespace

Result<ast::SortRef> read_extern_sort(Reader& r) {
  size_t at = r.pos();
  uint8_t b1 = MOSAIC_TRY(r.u8());
  uint8_t b2 = 0;
  if (b1 == 0x00) b2 = MOSAIC_TRY(r.u8());
  return extern_sort_from(r, at, b1, b2);
}

Result<ast::SortIdx> read_sort_idx(Reader& r) {
  ast::SortIdx s;
  s.sort = MOSAIC_TRY(read_extern_sort(r));
  s.index = MOSAIC_TRY(r.u32());
  return s;
}

// Binary.md Alias Definitions:
//   alias ::= s:<sort> 0x00 i:<instanceidx> n:<name>
//           | s:<sort> 0x01 i:<core:instanceidx> n:<core:name>
//           | s:<sort> 0x02 ct:<u32> idx:<u32>      (if s in outeraliassort)
// The sort is read first and interpreted according to the target that follows it.
Result<ast::Alias> read_alias(Reader& r) {
  ast::Alias a;
  a.offset = r.offset();
  size_t at = r.pos();
  uint8_t b1 = MOSAIC_TRY(r.u8());
  uint8_t b2 = 0;
  if (b1 == 0x00) b2 = MOSAIC_TRY(r.u8());
  size_t target_at = r.pos();
  uint8_t target = MOSAIC_TRY(r.u8());
  switch (target) {
    case 0x00:
      a.target = ast::Alias::Target::Export;
      a.sort = MOSAIC_TRY(extern_sort_from(r, at, b1, b2));
      a.instance = MOSAIC_TRY(r.u32());
      a.name = MOSAIC_TRY(read_name(r));
      return a;
    case 0x01: {
      a.target = ast::Alias::Target::CoreExport;
      if (b1 != 0x00) return invalid_leading_byte(r, at, b1, "core instance export kind");
      auto core = core_export_sort(b2);
      if (!core) return invalid_leading_byte(r, at + 1, b2, "external kind");
      a.sort.sort = ast::Sort::Core;
      a.sort.core = *core;
      a.instance = MOSAIC_TRY(r.u32());
      a.name = MOSAIC_TRY(read_name(r));
      return a;
    }
    case 0x02:
      // outeraliassort: core module, core type, type, component.
      a.target = ast::Alias::Target::Outer;
      if (b1 == 0x00) {
        if (b2 != 0x10 && b2 != 0x11)
          return invalid_leading_byte(r, at + 1, b2, "component outer alias kind");
        a.sort.sort = ast::Sort::Core;
        a.sort.core = static_cast<ast::CoreSort>(b2);
      } else if (b1 == 0x03) {
        a.sort.sort = ast::Sort::Type;
      } else if (b1 == 0x04) {
        a.sort.sort = ast::Sort::Component;
      } else {
        return invalid_leading_byte(r, at, b1, "component outer alias kind");
      }
      a.outer_count = MOSAIC_TRY(r.u32());
      a.outer_index = MOSAIC_TRY(r.u32());
      return a;
    default: return invalid_leading_byte(r, target_at, target, "alias");
  }
}

// Binary.md Import and Export Definitions:
//   nameattributes ::= 0x00 len en | 0x01 len en | 0x02 len en a*:vec(<attribute>)
//   attribute      ::= 0x00 implements | 0x01 versionsuffix | 0x02 external-id
// "Validation requires that a vec(<attribute>) contains each kind of attribute at most once": a repeated
// kind is reported as invalid (not malformed), in wasmparser's words.
Result<ast::ExternName> read_extern_name(Reader& r) {
  ast::ExternName n;
  size_t at = r.pos();
  uint8_t form = MOSAIC_TRY(r.u8());
  if (form > 0x02) return invalid_leading_byte(r, at, form, "component name");
  n.form = form;
  n.name = MOSAIC_TRY(read_name(r));
  if (form != 0x02) return n;
  uint32_t count = MOSAIC_TRY(read_count(r));
  for (uint32_t i = 0; i < count; ++i) {
    size_t attr_at = r.pos();
    uint8_t kind = MOSAIC_TRY(r.u8());
    std::optional<std::string>* slot = nullptr;
    const char* what = nullptr;
    switch (kind) {
      case 0x00:
        slot = &n.implements;
        what = "implements";
        break;
      case 0x01:
        slot = &n.version_suffix;
        what = "versionsuffix";
        break;
      case 0x02:
        slot = &n.external_id;
        what = "external-id";
        break;
      default: return invalid_leading_byte(r, attr_at, kind, "name option");
    }
    std::string value = MOSAIC_TRY(read_name(r));
    if (slot->has_value()) {
      return r.error_at(attr_at, std::string("duplicate '") + what + "' option in name", ErrorKind::Invalid);
    }
    *slot = std::move(value);
  }
  return n;
}

// Binary.md externtype:
//   0x00 0x11 i:<core:typeidx> | 0x01 i:<typeidx> | 0x02 b:<valuebound> | 0x03 b:<typebound>
//   | 0x04 i:<typeidx> | 0x05 i:<typeidx>
Result<ast::ExternDesc> read_extern_desc(Reader& r) {
  ast::ExternDesc d;
  ast::SortRef sort = MOSAIC_TRY(read_extern_sort(r));
  switch (sort.sort) {
    case ast::Sort::Core:
      d.kind = ExternKind::Module;
      d.index = MOSAIC_TRY(r.u32());
      return d;
    case ast::Sort::Func:
      d.kind = ExternKind::Func;
      d.index = MOSAIC_TRY(r.u32());
      return d;
    case ast::Sort::Component:
      d.kind = ExternKind::Component;
      d.index = MOSAIC_TRY(r.u32());
      return d;
    case ast::Sort::Instance:
      d.kind = ExternKind::Instance;
      d.index = MOSAIC_TRY(r.u32());
      return d;
    case ast::Sort::Value: {
      // valuebound ::= 0x00 i:<valueidx> | 0x01 t:<valtype>
      d.kind = ExternKind::Value;
      size_t at = r.pos();
      uint8_t b = MOSAIC_TRY(r.u8());
      if (b == 0x00) {
        d.value_eq = true;
        d.index = MOSAIC_TRY(r.u32());
      } else if (b == 0x01) {
        d.value = MOSAIC_TRY(read_val_type(r));
      } else {
        return invalid_leading_byte(r, at, b, "value bound");
      }
      return d;
    }
    case ast::Sort::Type: {
      // typebound ::= 0x00 i:<typeidx> (eq i) | 0x01 (sub resource)
      d.kind = ExternKind::Type;
      size_t at = r.pos();
      uint8_t b = MOSAIC_TRY(r.u8());
      if (b == 0x00) {
        d.index = MOSAIC_TRY(r.u32());
      } else if (b == 0x01) {
        d.sub_resource = true;
      } else {
        return invalid_leading_byte(r, at, b, "type bound");
      }
      return d;
    }
  }
  return r.error("unreachable sort");
}

// Core value types (core spec 5.3.4, with the GC proposal's reference types consumed):
//   numtype 0x7f..0x7c, vectype 0x7b, reftype 0x70 / 0x6f, abstract heap type shorthands,
//   0x63 ht (ref null ht), 0x64 ht (ref ht).
Result<CoreValType> read_core_val_type(Reader& r) {
  CoreValType t;
  size_t at = r.pos();
  t.byte = MOSAIC_TRY(r.u8());
  switch (t.byte) {
    case 0x7f: t.kind = ValKind::I32; return t;
    case 0x7e: t.kind = ValKind::I64; return t;
    case 0x7d: t.kind = ValKind::F32; return t;
    case 0x7c: t.kind = ValKind::F64; return t;
    case 0x7b: t.kind = ValKind::V128; return t;
    case 0x70: t.kind = ValKind::FuncRef; return t;
    case 0x6f: t.kind = ValKind::ExternRef; return t;
    // nofunc, noextern, none, any, eq, i31, struct, array, exn, noexn
    case 0x73:
    case 0x72:
    case 0x71:
    case 0x6e:
    case 0x6d:
    case 0x6c:
    case 0x6b:
    case 0x6a:
    case 0x69:
    case 0x74: return t;
    case 0x63:
    case 0x64:
      (void)MOSAIC_TRY(r.s33());  // the heap type: an abstract shorthand or a type index
      return t;
    default: return r.error_at(at, "malformed value type");
  }
}

}  // namespace mosaic::component::binary::detail
