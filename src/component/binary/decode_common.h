#pragma once
// Readers shared by the section decoders of the component binary format (Binary.md): names, vectors,
// value types, sorts, aliases, extern names and extern types. Messages follow wasm-tools' wasmparser, which
// the Component Model's tests compare against ("invalid leading byte (0x2) for instance", ...).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "component/binary/ast.h"
#include "mosaic/result.h"
#include "support/reader.h"

namespace mosaic::component::binary::detail {

using support::Reader;

// Nested components, and component/instance types inside one another, recurse in the decoder; these bound
// the recursion so that a hostile binary cannot exhaust the host stack.
inline constexpr uint32_t kMaxComponentNesting = 100;
inline constexpr uint32_t kMaxTypeNesting = 100;

// "invalid leading byte (0x<byte>) for <what>", at the byte's relative position `at` in `r`.
Error invalid_leading_byte(const Reader& r, size_t at, uint8_t byte, const char* what);

// A vec length. Every element of every vector in the format takes at least one byte, so a length larger
// than the bytes left is rejected here, before anything is allocated.
Result<uint32_t> read_count(Reader& r);

// name ::= len:u32 bytes (valid UTF-8).
Result<std::string> read_name(Reader& r);

// A flag byte 0x00 / 0x01 (async?, cancel?, sh?): "invalid boolean value" otherwise.
Result<bool> read_bool(Reader& r);

// valtype ::= primvaltype | typeidx (a non-negative s33).
Result<ast::ValTypeRef> read_val_type(Reader& r);
// <valtype>? ::= 0x00 | 0x01 valtype.
Result<std::optional<ast::ValTypeRef>> read_opt_val_type(Reader& r);
// The primitive value type of a primvaltype byte, when it is one.
std::optional<TypeKind> primitive_of(uint8_t byte);

// resultlist ::= 0x00 t:<valtype> | 0x01 0x00
Result<std::optional<ast::ValTypeRef>> read_result_list(Reader& r);

// sort as used by sortidx, instantiate arguments and exports: `core module` or a component sort
// (wasmparser's "component external kind").
Result<ast::SortRef> read_extern_sort(Reader& r);
Result<ast::SortIdx> read_sort_idx(Reader& r);

// alias (section 6, and the alias declarator of component and instance types).
Result<ast::Alias> read_alias(Reader& r);

// nameattributes.
Result<ast::ExternName> read_extern_name(Reader& r);

// externtype.
Result<ast::ExternDesc> read_extern_desc(Reader& r);

// A core value type as it appears in core types and the canonical built-ins. `kind` is empty for the
// reference types of the GC proposal, which are consumed but not represented.
struct CoreValType {
  uint8_t byte = 0;
  std::optional<ValKind> kind;
};
Result<CoreValType> read_core_val_type(Reader& r);

// type (section 7 and the type declarator); `depth` counts the enclosing component and instance types.
Result<std::shared_ptr<ast::TypeDef>> read_type(Reader& r, uint32_t depth);

// core:type (section 3 and the core type declarators). `in_module_type`: a declarator of a core module type,
// where a nested module type is rejected.
Result<std::shared_ptr<ast::CoreTypeDef>> read_core_type(Reader& r, bool in_module_type);

}  // namespace mosaic::component::binary::detail
