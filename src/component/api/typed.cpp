// Typed function access (include/mosaic/component/typed.h): matching a C++ signature against a component
// function type.

#include "mosaic/component/typed.h"

#include <string>

#include "component/runtime/instance_state.h"

namespace mosaic::component::typed_detail {

namespace {

constexpr uint32_t kMaxDepth = 200;

bool matches(const ValTypePtr& want, const ValTypePtr& have, uint32_t depth);

bool matches_opt(const ValTypePtr& want, const ValTypePtr& have, uint32_t depth) {
  if (!want || !have) return !want && !have;
  return matches(want, have, depth);
}

// `want` comes from C++ types: a handle without a resource matches every resource type, flags without labels
// every flags type; everything else must be the same structure and names.
bool matches(const ValTypePtr& want, const ValTypePtr& have, uint32_t depth) {
  if (!want || !have || depth > kMaxDepth) return false;
  if (want->kind != have->kind) return false;
  switch (want->kind) {
    case TypeKind::List:
    case TypeKind::Option:
      return matches_opt(want->element, have->element, depth + 1);
    case TypeKind::Record:
      if (want->fields.size() != have->fields.size()) return false;
      for (size_t i = 0; i < want->fields.size(); ++i) {
        if (want->fields[i].name != have->fields[i].name ||
            !matches(want->fields[i].type, have->fields[i].type, depth + 1))
          return false;
      }
      return true;
    case TypeKind::Tuple:
      if (want->types.size() != have->types.size()) return false;
      for (size_t i = 0; i < want->types.size(); ++i)
        if (!matches(want->types[i], have->types[i], depth + 1)) return false;
      return true;
    case TypeKind::Enum:
      return want->labels == have->labels;
    case TypeKind::Flags:
      return want->labels.empty() || want->labels == have->labels;
    case TypeKind::Result:
      return matches_opt(want->ok, have->ok, depth + 1) && matches_opt(want->err, have->err, depth + 1);
    case TypeKind::Own:
    case TypeKind::Borrow:
      return !want->resource || want->resource == have->resource;
    default:
      return is_primitive(want->kind);
  }
}

}  // namespace

Error mismatch(std::string_view expected, const Value& got) {
  return Error(ErrorKind::Usage,
               "typed value: expected " + std::string(expected) + ", got a " + std::string(to_string(got.kind())));
}

Result<void> check_signature(const FuncType& have, const std::vector<ValTypePtr>& params, const ValTypePtr& result,
                             std::string_view what) {
  FuncType want;
  for (size_t i = 0; i < params.size(); ++i) {
    want.params.push_back({i < have.params.size() ? have.params[i].name : "p" + std::to_string(i), params[i]});
  }
  want.result = result;
  bool ok_sig = params.size() == have.params.size() && matches_opt(result, have.result, 0);
  for (size_t i = 0; ok_sig && i < params.size(); ++i) ok_sig = matches(params[i], have.params[i].type, 0);
  if (ok_sig) return ok();
  return Error(ErrorKind::Usage, "typed function `" + std::string(what) + "`: the signature " +
                                     rt::type_to_string(want) + " does not match its type " +
                                     rt::type_to_string(have));
}

}  // namespace mosaic::component::typed_detail
