// Type definitions of the component binary format (Binary.md Type Definitions): component-level types
// (section 7 and the type declarators) and core types (section 3 and the core type declarators).

#include "binary/read_types.h"
#include "component/binary/decode_common.h"

namespace mosaic::component::binary::detail {

namespace {

ValKind to_val_kind(mosaic::binary::ValType t) {
  switch (t) {
    case mosaic::binary::ValType::I32: return ValKind::I32;
    case mosaic::binary::ValType::I64: return ValKind::I64;
    case mosaic::binary::ValType::F32: return ValKind::F32;
    case mosaic::binary::ValType::F64: return ValKind::F64;
    case mosaic::binary::ValType::V128: return ValKind::V128;
    case mosaic::binary::ValType::FuncRef: return ValKind::FuncRef;
    case mosaic::binary::ValType::ExternRef: return ValKind::ExternRef;
  }
  return ValKind::I32;
}

Limits to_limits(const mosaic::binary::Limits& l) {
  Limits out;
  out.min = l.min;
  out.max = l.max;
  return out;
}

// ---- core types

// vec(core:valtype); `supported` is cleared when one of them is a GC reference type.
Result<std::vector<ValKind>> read_core_val_types(Reader& r, bool& supported) {
  uint32_t n = MOSAIC_TRY(read_count(r));
  std::vector<ValKind> out;
  for (uint32_t i = 0; i < n; ++i) {
    CoreValType t = MOSAIC_TRY(read_core_val_type(r));
    if (t.kind)
      out.push_back(*t.kind);
    else
      supported = false;
  }
  return out;
}

// fieldtype ::= st:storagetype m:mut, storagetype ::= valtype | 0x78 (i8) | 0x77 (i16) (GC proposal).
Result<void> skip_field_type(Reader& r) {
  uint8_t b = MOSAIC_TRY(r.peek_u8());
  if (b == 0x78 || b == 0x77)
    (void)MOSAIC_TRY(r.u8());
  else
    (void)MOSAIC_TRY(read_core_val_type(r));
  (void)MOSAIC_TRY(read_bool(r));
  return ok();
}

// comptype ::= 0x60 functype | 0x5f struct | 0x5e array (GC proposal). A plain function type over the
// engine's value types becomes Kind::Func; every other form is consumed and marked Unsupported.
// The leading byte `b` was read at `at`.
Result<void> read_comp_type(Reader& r, size_t at, uint8_t b, ast::CoreTypeDef& def) {
  switch (b) {
    case 0x60: {
      bool supported = true;
      def.func.params = MOSAIC_TRY(read_core_val_types(r, supported));
      def.func.results = MOSAIC_TRY(read_core_val_types(r, supported));
      if (!supported) def.kind = ast::CoreTypeDef::Kind::Unsupported;
      return ok();
    }
    case 0x5f: {
      uint32_t n = MOSAIC_TRY(read_count(r));
      for (uint32_t i = 0; i < n; ++i) MOSAIC_TRY(skip_field_type(r));
      def.kind = ast::CoreTypeDef::Kind::Unsupported;
      return ok();
    }
    case 0x5e:
      MOSAIC_TRY(skip_field_type(r));
      def.kind = ast::CoreTypeDef::Kind::Unsupported;
      return ok();
    default: return invalid_leading_byte(r, at, b, "core type");
  }
}

Result<void> read_comp_type(Reader& r, ast::CoreTypeDef& def) {
  size_t at = r.pos();
  uint8_t b = MOSAIC_TRY(r.u8());
  return read_comp_type(r, at, b, def);
}

// subtype ::= 0x50 vec(typeidx) comptype | 0x4f vec(typeidx) comptype | comptype. The leading 0x50 / 0x4f
// (if any) has been consumed when `with_supers`.
Result<void> read_sub_type_rest(Reader& r, ast::CoreTypeDef& def, bool with_supers) {
  if (with_supers) {
    uint32_t n = MOSAIC_TRY(read_count(r));
    for (uint32_t i = 0; i < n; ++i) (void)MOSAIC_TRY(r.u32());
    def.kind = ast::CoreTypeDef::Kind::Unsupported;
  }
  return read_comp_type(r, def);
}

Result<void> read_sub_type(Reader& r, ast::CoreTypeDef& def) {
  uint8_t b = MOSAIC_TRY(r.peek_u8());
  if (b == 0x50 || b == 0x4f) {
    (void)MOSAIC_TRY(r.u8());
    return read_sub_type_rest(r, def, true);
  }
  return read_comp_type(r, def);
}

// core:externtype as it appears in the imports and exports of a module type (core spec 5.3.11):
//   0x00 typeidx | 0x01 tabletype | 0x02 memtype | 0x03 globaltype.
Result<ast::CoreExternDesc> read_core_extern_desc(Reader& r) {
  static const mosaic::binary::Features kFeatures;
  ast::CoreExternDesc d;
  size_t at = r.pos();
  uint8_t b = MOSAIC_TRY(r.u8());
  switch (b) {
    case 0x00:
      d.core = mosaic::ExternKind::Func;
      d.func_type = MOSAIC_TRY(r.u32());
      return d;
    case 0x01: {
      d.core = mosaic::ExternKind::Table;
      auto t = MOSAIC_TRY(mosaic::binary::read_table_type(r));
      d.table.element = to_val_kind(t.elem);
      d.table.limits = to_limits(t.limits);
      return d;
    }
    case 0x02: {
      d.core = mosaic::ExternKind::Memory;
      auto m = MOSAIC_TRY(mosaic::binary::read_memory_type(r));
      d.memory.limits = to_limits(m.limits);
      return d;
    }
    case 0x03: {
      d.core = mosaic::ExternKind::Global;
      auto g = MOSAIC_TRY(mosaic::binary::read_global_type(r, kFeatures));
      d.global.content = to_val_kind(g.type);
      d.global.is_mutable = g.is_mutable;
      return d;
    }
    case 0x04: return r.error_at(at, "unsupported: tags in a core module type");
    default: return invalid_leading_byte(r, at, b, "external kind");
  }
}

// core:moduledecl ::= 0x00 core:import | 0x01 core:type | 0x02 core:alias | 0x03 core:exportdecl
Result<ast::CoreModuleDecl> read_module_decl(Reader& r) {
  ast::CoreModuleDecl d;
  size_t at = r.pos();
  uint8_t b = MOSAIC_TRY(r.u8());
  switch (b) {
    case 0x00:
      d.kind = ast::CoreModuleDecl::Kind::Import;
      d.module = MOSAIC_TRY(read_name(r));
      d.name = MOSAIC_TRY(read_name(r));
      d.desc = MOSAIC_TRY(read_core_extern_desc(r));
      return d;
    case 0x01:
      d.kind = ast::CoreModuleDecl::Kind::Type;
      d.type = MOSAIC_TRY(read_core_type(r, true));
      return d;
    case 0x02: {
      // core:alias ::= 0x10 0x01 ct:<u32> idx:<u32>  (type sort, outer target)
      d.kind = ast::CoreModuleDecl::Kind::Alias;
      size_t sort_at = r.pos();
      uint8_t sort = MOSAIC_TRY(r.u8());
      if (sort != 0x10) return invalid_leading_byte(r, sort_at, sort, "outer alias kind");
      size_t target_at = r.pos();
      uint8_t target = MOSAIC_TRY(r.u8());
      if (target != 0x01) return invalid_leading_byte(r, target_at, target, "outer alias target");
      d.outer_count = MOSAIC_TRY(r.u32());
      d.outer_index = MOSAIC_TRY(r.u32());
      return d;
    }
    case 0x03:
      d.kind = ast::CoreModuleDecl::Kind::Export;
      d.name = MOSAIC_TRY(read_name(r));
      d.desc = MOSAIC_TRY(read_core_extern_desc(r));
      return d;
    default: return invalid_leading_byte(r, at, b, "type definition");
  }
}

// ---- component-level types

Result<std::vector<ast::LabeledType>> read_labeled_types(Reader& r) {
  uint32_t n = MOSAIC_TRY(read_count(r));
  std::vector<ast::LabeledType> out;
  for (uint32_t i = 0; i < n; ++i) {
    ast::LabeledType lt;
    lt.label = MOSAIC_TRY(read_name(r));
    lt.type = MOSAIC_TRY(read_val_type(r));
    out.push_back(std::move(lt));
  }
  return out;
}

Result<std::vector<std::string>> read_labels(Reader& r) {
  uint32_t n = MOSAIC_TRY(read_count(r));
  std::vector<std::string> out;
  for (uint32_t i = 0; i < n; ++i) out.push_back(MOSAIC_TRY(read_name(r)));
  return out;
}

// defvaltype, after its leading byte `b` (not a primvaltype) was read at `at`.
Result<void> read_def_val_type(Reader& r, size_t at, uint8_t b, ast::DefValType& t) {
  switch (b) {
    case 0x72:  // record: vec(labelvaltype)
      t.kind = TypeKind::Record;
      t.fields = MOSAIC_TRY(read_labeled_types(r));
      return ok();
    case 0x71: {  // variant: vec(case), case ::= l:<labellit> t?:<valtype>? 0x00
      t.kind = TypeKind::Variant;
      uint32_t n = MOSAIC_TRY(read_count(r));
      for (uint32_t i = 0; i < n; ++i) {
        ast::CaseDef c;
        c.label = MOSAIC_TRY(read_name(r));
        c.type = MOSAIC_TRY(read_opt_val_type(r));
        size_t z_at = r.pos();
        uint8_t z = MOSAIC_TRY(r.u8());
        if (z != 0x00) return invalid_leading_byte(r, z_at, z, "zero byte required");
        t.cases.push_back(std::move(c));
      }
      return ok();
    }
    case 0x70:  // list t
      t.kind = TypeKind::List;
      t.element = MOSAIC_TRY(read_val_type(r));
      return ok();
    case 0x67:  // list t len (fixed length)
      t.kind = TypeKind::FixedList;
      t.element = MOSAIC_TRY(read_val_type(r));
      t.length = MOSAIC_TRY(r.u32());
      return ok();
    case 0x6f: {  // tuple: vec(valtype)
      t.kind = TypeKind::Tuple;
      uint32_t n = MOSAIC_TRY(read_count(r));
      for (uint32_t i = 0; i < n; ++i) t.types.push_back(MOSAIC_TRY(read_val_type(r)));
      return ok();
    }
    case 0x6e:  // flags: vec(labellit)
      t.kind = TypeKind::Flags;
      t.labels = MOSAIC_TRY(read_labels(r));
      return ok();
    case 0x6d:  // enum: vec(labellit)
      t.kind = TypeKind::Enum;
      t.labels = MOSAIC_TRY(read_labels(r));
      return ok();
    case 0x6b:  // option t
      t.kind = TypeKind::Option;
      t.element = MOSAIC_TRY(read_val_type(r));
      return ok();
    case 0x6a:  // result t? u?
      t.kind = TypeKind::Result;
      t.ok = MOSAIC_TRY(read_opt_val_type(r));
      t.err = MOSAIC_TRY(read_opt_val_type(r));
      return ok();
    case 0x69:  // own i
      t.kind = TypeKind::Own;
      t.resource = MOSAIC_TRY(r.u32());
      return ok();
    case 0x68:  // borrow i
      t.kind = TypeKind::Borrow;
      t.resource = MOSAIC_TRY(r.u32());
      return ok();
    case 0x66:  // stream t?
      t.kind = TypeKind::Stream;
      t.element = MOSAIC_TRY(read_opt_val_type(r));
      return ok();
    case 0x65:  // future t?
      t.kind = TypeKind::Future;
      t.element = MOSAIC_TRY(read_opt_val_type(r));
      return ok();
    case 0x63:  // map k v: gated (🗺️), not supported by this engine
      return r.error_at(at, "unsupported: map types are not supported");
    default: return invalid_leading_byte(r, at, b, "component defined type");
  }
}

// componentdecl ::= 0x03 importdecl | instancedecl
// instancedecl  ::= 0x00 core:type | 0x01 type | 0x02 alias | 0x04 exportdecl
Result<ast::Decl> read_decl(Reader& r, bool component, uint32_t depth) {
  ast::Decl d;
  d.offset = r.offset();
  size_t at = r.pos();
  uint8_t b = MOSAIC_TRY(r.u8());
  switch (b) {
    case 0x00:
      d.kind = ast::Decl::Kind::CoreType;
      d.core_type = MOSAIC_TRY(read_core_type(r, false));
      return d;
    case 0x01:
      d.kind = ast::Decl::Kind::Type;
      d.type = MOSAIC_TRY(read_type(r, depth));
      return d;
    case 0x02:
      d.kind = ast::Decl::Kind::Alias;
      d.alias = MOSAIC_TRY(read_alias(r));
      return d;
    case 0x03:
      if (!component) break;
      d.kind = ast::Decl::Kind::Import;
      d.name = MOSAIC_TRY(read_extern_name(r));
      d.desc = MOSAIC_TRY(read_extern_desc(r));
      return d;
    case 0x04:
      d.kind = ast::Decl::Kind::Export;
      d.name = MOSAIC_TRY(read_extern_name(r));
      d.desc = MOSAIC_TRY(read_extern_desc(r));
      return d;
    default: break;
  }
  return invalid_leading_byte(r, at, b, "component or instance type declaration");
}

}  // namespace

// resultlist ::= 0x00 t:<valtype> | 0x01 0x00
Result<std::optional<ast::ValTypeRef>> read_result_list(Reader& r) {
  size_t at = r.pos();
  uint8_t b = MOSAIC_TRY(r.u8());
  if (b == 0x00) return std::optional<ast::ValTypeRef>{MOSAIC_TRY(read_val_type(r))};
  if (b == 0x01) {
    size_t z_at = r.pos();
    uint8_t z = MOSAIC_TRY(r.u8());
    if (z != 0x00) return invalid_leading_byte(r, z_at, z, "number of results");
    return std::optional<ast::ValTypeRef>{};
  }
  return invalid_leading_byte(r, at, b, "component function results");
}

// Binary.md: deftype ::= defvaltype | functype | componenttype | instancetype | resourcetype
Result<std::shared_ptr<ast::TypeDef>> read_type(Reader& r, uint32_t depth) {
  auto def = std::make_shared<ast::TypeDef>();
  def->offset = r.offset();
  size_t at = r.pos();
  uint8_t b = MOSAIC_TRY(r.u8());
  if (auto prim = primitive_of(b)) {
    def->kind = ast::TypeDef::Kind::DefVal;
    def->defval.kind = *prim;
    return def;
  }
  switch (b) {
    case 0x3f: {  // resourcetype ::= 0x3f t:<core:valtype> f?:<core:funcidx>?
      def->kind = ast::TypeDef::Kind::Resource;
      CoreValType rep = MOSAIC_TRY(read_core_val_type(r));
      def->resource.rep = rep.byte;
      size_t d_at = r.pos();
      uint8_t d = MOSAIC_TRY(r.u8());
      if (d == 0x01)
        def->resource.dtor = MOSAIC_TRY(r.u32());
      else if (d != 0x00)
        return invalid_leading_byte(r, d_at, d, "resource destructor");
      return def;
    }
    case 0x40:
    case 0x43:  // functype ::= 0x40 paramlist resultlist | 0x43 (async) paramlist resultlist
      def->kind = ast::TypeDef::Kind::Func;
      def->func.is_async = b == 0x43;
      def->func.params = MOSAIC_TRY(read_labeled_types(r));
      def->func.result = MOSAIC_TRY(read_result_list(r));
      return def;
    case 0x41:
    case 0x42: {  // componenttype ::= 0x41 vec(componentdecl), instancetype ::= 0x42 vec(instancedecl)
      if (depth >= kMaxTypeNesting) return r.error_at(at, "type nesting too deep (limit 100)");
      def->kind = b == 0x41 ? ast::TypeDef::Kind::Component : ast::TypeDef::Kind::Instance;
      uint32_t n = MOSAIC_TRY(read_count(r));
      for (uint32_t i = 0; i < n; ++i) def->decls.push_back(MOSAIC_TRY(read_decl(r, b == 0x41, depth + 1)));
      return def;
    }
    default:
      def->kind = ast::TypeDef::Kind::DefVal;
      MOSAIC_TRY(read_def_val_type(r, at, b, def->defval));
      return def;
  }
}

// Binary.md: core:deftype ::= core:rectype | 0x00 0x50 x*:vec(typeidx) ct:comptype | core:moduletype
// 0x50 is both a non-final subtype and core:moduletype; here it means the module type, and a non-final
// subtype carries the 0x00 prefix.
Result<std::shared_ptr<ast::CoreTypeDef>> read_core_type(Reader& r, bool in_module_type) {
  auto def = std::make_shared<ast::CoreTypeDef>();
  def->offset = r.offset();
  size_t at = r.pos();
  uint8_t b = MOSAIC_TRY(r.u8());
  switch (b) {
    case 0x00: {
      size_t sub_at = r.pos();
      uint8_t s = MOSAIC_TRY(r.u8());
      if (s != 0x50) return invalid_leading_byte(r, sub_at, s, "non-final sub type");
      def->kind = ast::CoreTypeDef::Kind::Unsupported;
      MOSAIC_TRY(read_sub_type_rest(r, *def, true));
      return def;
    }
    case 0x50: {
      // "Validation of core:moduledecl rejects core:moduletype definitions" (Binary.md).
      if (in_module_type) {
        return r.error_at(at,
                          "invalid leading byte (0x50) for type definition: a module type cannot contain "
                          "a module type",
                          ErrorKind::Invalid);
      }
      def->kind = ast::CoreTypeDef::Kind::Module;
      uint32_t n = MOSAIC_TRY(read_count(r));
      for (uint32_t i = 0; i < n; ++i) def->decls.push_back(MOSAIC_TRY(read_module_decl(r)));
      return def;
    }
    case 0x4e: {  // rectype ::= 0x4e vec(subtype)
      uint32_t n = MOSAIC_TRY(read_count(r));
      for (uint32_t i = 0; i < n; ++i) {
        ast::CoreTypeDef member;
        MOSAIC_TRY(read_sub_type(r, member));
      }
      def->kind = ast::CoreTypeDef::Kind::Unsupported;
      return def;
    }
    case 0x4f:  // a final subtype with declared supertypes
      MOSAIC_TRY(read_sub_type_rest(r, *def, true));
      return def;
    default:  // a bare comptype
      MOSAIC_TRY(read_comp_type(r, at, b, *def));
      return def;
  }
}

}  // namespace mosaic::component::binary::detail
