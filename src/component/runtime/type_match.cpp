// Run-time type comparison and the spelling of types in link errors (instance_state.h).
//
// Validation checks instantiation arguments by static subtyping; what it cannot see is the host side: a
// function another component's instance exports (Linker::define_instance) is typed in that component's terms,
// with its own resource types. At run time two resource types are the same when they map to the same RtResource
// (Explainer.md "Type checking": resource types are generative, compared by identity).

#include <string>

#include "component/runtime/instance_state.h"

namespace mosaic::component::rt {

namespace {

constexpr uint32_t kMaxTypeDepth = 200;

bool same_opt(const ValTypePtr& a, const ResourceMap& ma, const ValTypePtr& b, const ResourceMap& mb,
              uint32_t depth);

RtResource* lookup(const ResourceMap& m, const ResourcePtr& r) {
  if (!r) return nullptr;
  auto it = m.find(r.get());
  return it == m.end() ? nullptr : it->second;
}

bool same(const ValTypePtr& a, const ResourceMap& ma, const ValTypePtr& b, const ResourceMap& mb,
          uint32_t depth) {
  if (!a || !b) return a == b;
  if (depth > kMaxTypeDepth) return false;
  if (a->kind != b->kind) return false;
  if (is_primitive(a->kind)) return true;
  switch (a->kind) {
    case TypeKind::List:
    case TypeKind::Option:
    case TypeKind::Stream:
    case TypeKind::Future:
      return same_opt(a->element, ma, b->element, mb, depth + 1);
    case TypeKind::FixedList:
      return a->length == b->length && same_opt(a->element, ma, b->element, mb, depth + 1);
    case TypeKind::Record:
      if (a->fields.size() != b->fields.size()) return false;
      for (size_t i = 0; i < a->fields.size(); ++i) {
        if (a->fields[i].name != b->fields[i].name ||
            !same(a->fields[i].type, ma, b->fields[i].type, mb, depth + 1))
          return false;
      }
      return true;
    case TypeKind::Tuple:
      if (a->types.size() != b->types.size()) return false;
      for (size_t i = 0; i < a->types.size(); ++i)
        if (!same(a->types[i], ma, b->types[i], mb, depth + 1)) return false;
      return true;
    case TypeKind::Variant:
      if (a->cases.size() != b->cases.size()) return false;
      for (size_t i = 0; i < a->cases.size(); ++i) {
        if (a->cases[i].name != b->cases[i].name || !same_opt(a->cases[i].type, ma, b->cases[i].type, mb, depth + 1))
          return false;
      }
      return true;
    case TypeKind::Enum:
    case TypeKind::Flags:
      return a->labels == b->labels;
    case TypeKind::Result:
      return same_opt(a->ok, ma, b->ok, mb, depth + 1) && same_opt(a->err, ma, b->err, mb, depth + 1);
    case TypeKind::Own:
    case TypeKind::Borrow: {
      RtResource* ra = lookup(ma, a->resource);
      RtResource* rb = lookup(mb, b->resource);
      if (ra || rb) return ra == rb;
      return a->resource == b->resource;  // neither bound yet: only the very same definition
    }
    default:
      return false;
  }
}

bool same_opt(const ValTypePtr& a, const ResourceMap& ma, const ValTypePtr& b, const ResourceMap& mb,
              uint32_t depth) {
  if (!a || !b) return !a && !b;
  return same(a, ma, b, mb, depth);
}

void print(std::string& out, const ValTypePtr& t, uint32_t depth);

void print_opt(std::string& out, const ValTypePtr& t, uint32_t depth) {
  if (t) {
    print(out, t, depth);
  } else {
    out += "_";
  }
}

void print(std::string& out, const ValTypePtr& t, uint32_t depth) {
  if (!t) return;
  if (depth > kMaxTypeDepth) {
    out += "...";
    return;
  }
  out += to_string(t->kind);
  if (is_primitive(t->kind)) return;
  switch (t->kind) {
    case TypeKind::List:
    case TypeKind::Option:
    case TypeKind::Stream:
    case TypeKind::Future:
      if (!t->element) return;
      out += "<";
      print(out, t->element, depth + 1);
      out += ">";
      return;
    case TypeKind::FixedList:
      out += "<";
      print_opt(out, t->element, depth + 1);
      out += ", " + std::to_string(t->length) + ">";
      return;
    case TypeKind::Record:
      out += " { ";
      for (size_t i = 0; i < t->fields.size(); ++i) {
        if (i) out += ", ";
        out += t->fields[i].name + ": ";
        print(out, t->fields[i].type, depth + 1);
      }
      out += " }";
      return;
    case TypeKind::Tuple:
      out += "<";
      for (size_t i = 0; i < t->types.size(); ++i) {
        if (i) out += ", ";
        print(out, t->types[i], depth + 1);
      }
      out += ">";
      return;
    case TypeKind::Variant:
      out += " { ";
      for (size_t i = 0; i < t->cases.size(); ++i) {
        if (i) out += ", ";
        out += t->cases[i].name;
        if (t->cases[i].type) {
          out += "(";
          print(out, t->cases[i].type, depth + 1);
          out += ")";
        }
      }
      out += " }";
      return;
    case TypeKind::Enum:
    case TypeKind::Flags:
      out += " { ";
      for (size_t i = 0; i < t->labels.size(); ++i) out += (i ? ", " : "") + t->labels[i];
      out += " }";
      return;
    case TypeKind::Result:
      if (!t->ok && !t->err) return;
      out += "<";
      print_opt(out, t->ok, depth + 1);
      if (t->err) {
        out += ", ";
        print(out, t->err, depth + 1);
      }
      out += ">";
      return;
    case TypeKind::Own:
    case TypeKind::Borrow:
      out += "<" + (t->resource ? t->resource->name : std::string("resource")) + ">";
      return;
    default:
      return;
  }
}

}  // namespace

bool same_type(const ValTypePtr& a, const ResourceMap& ma, const ValTypePtr& b, const ResourceMap& mb) {
  return same(a, ma, b, mb, 0);
}

bool same_func_type(const FuncType& a, const ResourceMap& ma, const FuncType& b, const ResourceMap& mb) {
  if (a.is_async != b.is_async || a.params.size() != b.params.size()) return false;
  for (size_t i = 0; i < a.params.size(); ++i) {
    if (a.params[i].name != b.params[i].name || !same(a.params[i].type, ma, b.params[i].type, mb, 0)) return false;
  }
  return same_opt(a.result, ma, b.result, mb, 0);
}

std::string type_to_string(const ValTypePtr& t) {
  std::string out;
  print(out, t, 0);
  return out;
}

std::string type_to_string(const FuncType& t) {
  std::string out = t.is_async ? "async func(" : "func(";
  for (size_t i = 0; i < t.params.size(); ++i) {
    if (i) out += ", ";
    out += t.params[i].name + ": ";
    print(out, t.params[i].type, 0);
  }
  out += ")";
  if (t.result) {
    out += " -> ";
    print(out, t.result, 0);
  }
  return out;
}

std::string type_to_string(const ExternType& t) {
  switch (t.kind) {
    case ExternKind::Func:
      return t.func ? type_to_string(*t.func) : "func";
    case ExternKind::Instance: {
      if (!t.instance) return "instance";
      std::string out = "instance {";
      for (size_t i = 0; i < t.instance->exports.size(); ++i) {
        const NamedExtern& e = t.instance->exports[i];
        out += (i ? ", " : " ") + e.name + ": ";
        if (e.type.kind == ExternKind::Instance) {
          out += "instance";
        } else {
          out += type_to_string(e.type);
        }
      }
      out += " }";
      return out;
    }
    case ExternKind::Type:
      if (std::holds_alternative<ResourcePtr>(t.type)) return "resource";
      if (auto* v = std::get_if<ValTypePtr>(&t.type)) return "type " + type_to_string(*v);
      return "type";
    case ExternKind::Value:
      return "value " + type_to_string(t.value);
    default:
      return to_string(t.kind);
  }
}

}  // namespace mosaic::component::rt
