// Extern names (Explainer.md "Import and Export Definitions"): labels in kebab case, the annotated plain names
// of resource functions, interface names with semver versions, strong uniqueness within a scope.

#include <cctype>
#include <string>
#include <string_view>

#include "component/valid/context.h"

namespace mosaic::component::valid {

namespace {

bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_upper_or_digit(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The annotation of a plain name ("[method]" ...) and the rest; empty annotation when there is none.
struct Annotated {
  std::string_view annotation, rest;
};
Annotated split_annotation(std::string_view name) {
  if (name.empty() || name[0] != '[') return {{}, name};
  size_t close = name.find(']');
  if (close == std::string_view::npos) return {{}, name};
  return {name.substr(0, close + 1), name.substr(close + 1)};
}

// semver 2.0.0 as the `semver` crate parses it; messages in its words.
Result<void> check_semver(std::string_view s, size_t offset) {
  if (s.empty()) return invalid(offset, "empty string, expected a semver version");
  size_t i = 0;
  const char* parts[3] = {"major", "minor", "patch"};
  for (int p = 0; p < 3; ++p) {
    if (i >= s.size())
      return invalid(offset, std::string("unexpected end of input while parsing ") + parts[p] + " version number");
    if (!std::isdigit(static_cast<unsigned char>(s[i])))
      return invalid(offset, std::string("unexpected character '") + s[i] + "' while parsing " + parts[p] +
                                 " version number");
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i - start > 1 && s[start] == '0')
      return invalid(offset, std::string("invalid leading zero in ") + parts[p] + " version number");
    if (p < 2) {
      if (i >= s.size())
        return invalid(offset, std::string("unexpected end of input while parsing ") + parts[p + 1] +
                                   " version number");
      if (s[i] != '.')
        return invalid(offset, std::string("unexpected character '") + s[i] + "' after " + parts[p] +
                                   " version number");
      ++i;
    }
  }
  auto identifiers = [&](const char* what) -> Result<void> {
    ++i;  // '-' or '+'
    while (true) {
      size_t start = i;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '-')) ++i;
      if (i == start) return invalid(offset, std::string("empty identifier segment in ") + what);
      if (i < s.size() && s[i] == '.') {
        ++i;
        continue;
      }
      return ok();
    }
  };
  if (i < s.size() && s[i] == '-') MOSAIC_TRY(identifiers("pre-release identifier"));
  if (i < s.size() && s[i] == '+') MOSAIC_TRY(identifiers("build metadata"));
  if (i < s.size())
    return invalid(offset, std::string("unexpected character '") + s[i] + "' after patch version number");
  return ok();
}

bool has_upper(std::string_view s) {
  for (char c : s)
    if (c >= 'A' && c <= 'Z') return true;
  return false;
}

// interfacename ::= namespace ':' package '/' interface ('@' version)?
Result<void> check_interface_name_parts(std::string_view name, size_t offset) {
  size_t colon = name.find(':');
  std::string_view ns = name.substr(0, colon);
  MOSAIC_TRY(check_kebab(ns, offset));
  std::string_view rest = name.substr(colon + 1);
  size_t end = rest.find_first_of("/@:");
  std::string_view pkg = rest.substr(0, end);
  MOSAIC_TRY(check_kebab(pkg, offset));
  if (end == std::string_view::npos || rest[end] != '/')
    return invalid(offset, "expected `/` after package name");
  if (has_upper(ns) || has_upper(pkg)) return invalid(offset, "package names must be lowercase");
  rest = rest.substr(end + 1);
  end = rest.find_first_of("/@");
  std::string_view iface = rest.substr(0, end);
  MOSAIC_TRY(check_kebab(iface, offset));
  if (end == std::string_view::npos) return ok();
  if (rest[end] == '/') return invalid(offset, "trailing characters found: `" + std::string(rest.substr(end)) + "`");
  return check_semver(rest.substr(end + 1), offset);
}

Result<void> check_interface_name(std::string_view name, size_t offset) {
  auto r = check_interface_name_parts(name, offset);
  if (r) return ok();
  return invalid(offset, "`" + std::string(name) + "` is not a valid extern name: " + r.error().message);
}

// A dependency, URL or hash import name: `prefix=<...>`.
bool is_bracketed_import_name(std::string_view name) {
  for (std::string_view prefix : {"unlocked-dep=<", "locked-dep=<", "url=<", "integrity=<", "relative-url=<"}) {
    if (name.substr(0, prefix.size()) == prefix) return name.size() > prefix.size() && name.back() == '>';
  }
  return false;
}

Result<void> check_plain_name(std::string_view name, size_t offset) {
  auto [annotation, rest] = split_annotation(name);
  if (annotation.empty()) return check_kebab(name, offset);
  if (annotation == "[constructor]" || annotation == "[async]") return check_kebab(rest, offset);
  if (annotation == "[method]" || annotation == "[static]" || annotation == "[async method]" ||
      annotation == "[async static]") {
    size_t dot = rest.find('.');
    if (dot == std::string_view::npos) return invalid(offset, "failed to find `.` character");
    MOSAIC_TRY(check_kebab(rest.substr(0, dot), offset));
    return check_kebab(rest.substr(dot + 1), offset);
  }
  return invalid(offset, "`" + std::string(name) + "` is not in kebab case");
}

}  // namespace

bool is_kebab(std::string_view s) {
  if (s.empty()) return false;
  if (!std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  size_t i = 0;
  while (i <= s.size()) {
    size_t end = s.find('-', i);
    if (end == std::string_view::npos) end = s.size();
    std::string_view word = s.substr(i, end - i);
    if (word.empty()) return false;
    bool lower = true, upper = true;
    for (char c : word) {
      lower = lower && is_lower_or_digit(c);
      upper = upper && is_upper_or_digit(c);
    }
    if (!lower && !upper) return false;
    i = end + 1;
  }
  return true;
}

Result<void> check_kebab(std::string_view s, size_t offset, const char* what) {
  if (is_kebab(s)) return ok();
  std::string prefix = what ? std::string(what) + " " : std::string();
  return invalid(offset, prefix + "`" + std::string(s) + "` is not in kebab case");
}

Result<void> check_extern_name(const ast::ExternName& name, bool is_import, ExternKind kind, size_t offset) {
  const std::string& n = name.name;
  if (n.find(':') != std::string::npos && (n.empty() || n[0] != '[')) {
    MOSAIC_TRY(check_interface_name(n, offset));
  } else if (is_import && is_bracketed_import_name(n)) {
    // depname / urlname / hashname: the contents are not interpreted.
  } else {
    MOSAIC_TRY(check_plain_name(n, offset));
  }
  // Name attributes (Binary.md "nameattributes").
  if (name.implements) {
    if (kind != ExternKind::Instance) return invalid(offset, "only instances can have an `implements`");
    if (n.find(':') != std::string::npos)
      return invalid(offset, "name `" + n + "` is not valid with `implements`");
    const std::string& iface = *name.implements;
    if (iface.find(':') == std::string::npos)
      return invalid(offset, "`implements` name `" + iface + "` is not a valid name: it must be an interface");
    MOSAIC_TRY(check_interface_name(iface, offset));
  }
  if (name.version_suffix) MOSAIC_TRY(check_semver(*name.version_suffix, offset));
  return ok();
}

// Strong uniqueness: two names conflict when equal ignoring case after their annotation is stripped, and a
// label `l` conflicts with `[method]l.l` / `[static]l.l`.
Result<void> NameSet::insert(const std::string& name, const char* what, size_t offset) {
  auto [annotation, rest] = split_annotation(name);
  // A constructor shares its resource's label without conflicting with it.
  std::string key = annotation == "[constructor]" ? lowercase(name) : lowercase(rest);
  size_t dot = key.find('.');
  if (dot != std::string::npos && key.substr(0, dot) == key.substr(dot + 1)) key = key.substr(0, dot);
  auto [it, inserted] = keys_.emplace(key, name);
  if (!inserted)
    return invalid(offset, std::string(what) + " name `" + name + "` conflicts with previous name `" + it->second +
                               "`");
  return ok();
}

Result<void> check_annotated_kind(const std::string& name, ExternKind kind, size_t offset) {
  std::string_view annotation = split_annotation(name).annotation;
  if (annotation.empty() || kind == ExternKind::Func) return ok();
  return invalid(offset, "name `" + name + "` is not a func");
}

// Explainer.md "Import and Export Definitions": [constructor]R returns (own R) or (result (own R) E?),
// [method]R.m takes (param "self" (borrow R)) first, and R is the name of a resource in the same namespace
// (imports or exports) as the function.
Result<void> check_resource_func_name(const Scope& scope, const std::string& name, const FuncType& ft, bool is_import,
                                      size_t offset) {
  auto [annotation, rest] = split_annotation(name);
  if (annotation.empty() || annotation == "[async]") return ok();
  const auto& names = is_import ? scope.import_resources : scope.export_resources;
  std::string resource(rest);
  bool method = annotation == "[method]" || annotation == "[async method]";
  bool is_static = annotation == "[static]" || annotation == "[async static]";
  if (method || is_static) resource = resource.substr(0, resource.find('.'));
  // The resource named by the function's type must be known here under the name the function uses.
  auto expect_name = [&](const ResourceType* r) -> Result<void> {
    std::string found;
    for (const auto& [n, res] : names) {
      if (res != r) continue;
      if (n == resource) return ok();
      found = n;
    }
    if (found.empty()) return invalid(offset, "resource used in function does not have a name in this context");
    return invalid(offset, "function does not match expected resource name `" + found + "`");
  };
  if (annotation == "[constructor]") {
    if (!ft.result) return invalid(offset, "function should return one value");
    ValTypePtr r = ft.result;
    if (r->kind == TypeKind::Result && r->ok) r = r->ok;
    if (r->kind != TypeKind::Own)
      return invalid(offset, "function should return `(own $T)` or `(result (own $T))`");
    return expect_name(r->resource.get());
  }
  if (method) {
    if (ft.params.empty()) return invalid(offset, "function should have at least one argument");
    if (ft.params[0].name != "self") return invalid(offset, "function should have a first argument called `self`");
    const ValTypePtr& p = ft.params[0].type;
    if (p->kind != TypeKind::Borrow) return invalid(offset, "function should take a first argument of `(borrow $T)`");
    return expect_name(p->resource.get());
  }
  if (is_static && !names.count(resource))
    return invalid(offset, "static resource name is not known in this context");
  return ok();
}

}  // namespace mosaic::component::valid
