// WIT printing of a component type, following wit-component's decoder (how a component's imports and exports
// become a world) and printer (layout, ordering and blank-line rules).

#include "component/text/wit.h"

#include <map>
#include <vector>

namespace mosaic::component::text {
namespace {

bool is_wit_keyword(std::string_view s) {
  static constexpr std::string_view kKeywords[] = {
      "use",      "type",      "func",        "u8",     "u16",    "u32",       "u64",     "s8",
      "s16",      "s32",       "s64",         "f32",    "f64",    "float32",   "float64", "char",
      "resource", "record",    "flags",       "variant", "enum",  "bool",      "string",  "option",
      "result",   "future",    "stream",      "list",   "own",    "borrow",    "_",       "as",
      "from",     "static",    "interface",   "tuple",  "world",  "import",    "export",  "package",
      "with",     "include",   "constructor", "error-context",    "async"};
  for (std::string_view k : kKeywords)
    if (s == k) return true;
  return false;
}

// An interface name (Explainer.md "Import and Export Definitions": `ns:pkg/iface@version`), as opposed to a
// plain name such as `greet`.
bool is_interface_name(std::string_view name) {
  return name.find(':') != std::string_view::npos && name.find('/') != std::string_view::npos;
}

// Resource functions are named `[constructor]R`, `[method]R.m`, `[static]R.m` (Explainer.md "Import and
// Export Definitions"); with an `[async ...]` prefix when asynchronous.
enum class FuncRole { Freestanding, Constructor, Method, Static };
struct FuncName {
  FuncRole role = FuncRole::Freestanding;
  std::string resource;
  std::string item;  // the name printed: the function's own name, or the method's
};

FuncName classify(std::string_view name) {
  auto strip = [&](std::string_view prefix) {
    if (!name.starts_with(prefix)) return false;
    name.remove_prefix(prefix.size());
    return true;
  };
  FuncName f;
  if (strip("[constructor]")) {
    f.role = FuncRole::Constructor;
    f.resource = std::string(name);
    return f;
  }
  bool method = strip("[method]") || strip("[async method]");
  bool stat = !method && (strip("[static]") || strip("[async static]"));
  if (method || stat) {
    size_t dot = name.find('.');
    if (dot != std::string_view::npos) {
      f.role = method ? FuncRole::Method : FuncRole::Static;
      f.resource = std::string(name.substr(0, dot));
      f.item = std::string(name.substr(dot + 1));
      return f;
    }
  }
  strip("[async]");
  f.item = std::string(name);
  return f;
}

// A type's identity: the address of its ValType node or of its ResourceType.
const void* key_of(const Type& t) {
  if (auto v = std::get_if<ValTypePtr>(&t)) return v->get();
  if (auto r = std::get_if<ResourcePtr>(&t)) return r->get();
  return nullptr;
}

struct Owner {
  std::string scope;  // the interface that first named the type ("" for the world)
  std::string name;
};

// One named type of a scope (world or interface), in order.
struct TypeItem {
  std::string name;
  Type type;
};

struct ResourceFunc {
  FuncName name;
  FuncTypePtr type;
};

class WitPrinter {
 public:
  Result<std::string> print(const ComponentType& ct) {
    register_owners(ct);
    out_ += "package root:component;\n\nworld root {\n";
    indent_ = 1;
    MOSAIC_TRY(print_world(ct));
    out_ += "}\n";
    return std::move(out_);
  }

 private:
  // ---- output ----
  void line_start() { out_.append(size_t(indent_) * 2, ' '); }
  void newline() { out_ += '\n'; }
  void new_item() {
    if (any_items_) newline();
    any_items_ = true;
  }

  static std::string name(std::string_view n) { return wit_name(n); }

  // ---- which interface owns each named type ----
  void register_scope(const std::string& scope, const std::vector<NamedExtern>& items) {
    for (const NamedExtern& e : items) {
      if (e.type.kind != ExternKind::Type) continue;
      const void* key = key_of(e.type.type);
      if (!key) continue;
      if (auto v = std::get_if<ValTypePtr>(&e.type.type)) {
        if (is_primitive((*v)->kind)) continue;
        copies_.try_emplace(key, v->get());
      }
      if (owners_.try_emplace(key, Owner{scope, e.name}).second) order_.push_back(key);
    }
  }

  // Validation gives every named value type a node of its own, so `(export "human" (type (eq $person)))` in
  // one instance type is a copy of the `person` another instance exported: same kind, same members (the
  // members are shared, not copied). Such a copy, met in a scope that names a type another interface named
  // first, is taken as a `use` of the original, as wit-component prints it.
  static bool shallow_equal(const ValType& a, const ValType& b) {
    if (a.kind != b.kind || a.element != b.element || a.length != b.length || a.ok != b.ok || a.err != b.err ||
        a.types != b.types || a.labels != b.labels || a.resource != b.resource ||
        a.fields.size() != b.fields.size() || a.cases.size() != b.cases.size())
      return false;
    for (size_t i = 0; i < a.fields.size(); ++i)
      if (a.fields[i].name != b.fields[i].name || a.fields[i].type != b.fields[i].type) return false;
    for (size_t i = 0; i < a.cases.size(); ++i)
      if (a.cases[i].name != b.cases[i].name || a.cases[i].type != b.cases[i].type) return false;
    return true;
  }

  // The owner of the type that `t` is a named copy of, when another scope named that type before `t`.
  const Owner* origin_of(const ValTypePtr& t, const std::string& scope) {
    if (!t || is_primitive(t->kind)) return nullptr;
    for (const void* key : order_) {
      if (key == t.get()) return nullptr;
      const Owner& o = owners_.at(key);
      if (o.scope == scope || !copies_.count(key)) continue;
      if (shallow_equal(*copies_.at(key), *t)) return &o;
    }
    return nullptr;
  }

  void register_owners(const ComponentType& ct) {
    auto walk = [&](const std::vector<NamedExtern>& items, const char* side) {
      for (const NamedExtern& e : items) {
        if (e.type.kind == ExternKind::Instance && e.type.instance) {
          register_scope(scope_id(e.name, side), e.type.instance->exports);
        } else if (e.type.kind == ExternKind::Type) {
          register_scope("", {e});
        }
      }
    };
    walk(ct.imports, "import");
    walk(ct.exports, "export");
  }

  static std::string scope_id(const std::string& name, const char* side) {
    return is_interface_name(name) ? name : std::string(side) + " " + name;
  }

  // ---- type names ----
  Result<std::string> type_name(const ValTypePtr& t) {
    if (!t) return Error(ErrorKind::Invalid, "cannot be represented in WIT: a missing type");
    if (is_primitive(t->kind)) return std::string(to_string(t->kind));
    if (auto it = local_.find(t.get()); it != local_.end()) return name(it->second);
    if (auto it = owners_.find(t.get()); it != owners_.end()) return name(it->second.name);
    return structure(*t);
  }

  Result<std::string> resource_name(const ResourcePtr& r) {
    if (!r) return Error(ErrorKind::Invalid, "cannot be represented in WIT: a handle without a resource");
    if (auto it = local_.find(r.get()); it != local_.end()) return name(it->second);
    if (auto it = owners_.find(r.get()); it != owners_.end()) return name(it->second.name);
    return Error(ErrorKind::Invalid, "cannot be represented in WIT: a resource type without a name (`" + r->name +
                                         "`)");
  }

  // The type written out, for the kinds WIT can write anonymously.
  Result<std::string> structure(const ValType& t) {
    switch (t.kind) {
      case TypeKind::List: return "list<" + MOSAIC_TRY(type_name(t.element)) + ">";
      case TypeKind::FixedList:
        return "list<" + MOSAIC_TRY(type_name(t.element)) + ", " + std::to_string(t.length) + ">";
      case TypeKind::Option: return "option<" + MOSAIC_TRY(type_name(t.element)) + ">";
      case TypeKind::Result:
        if (t.ok && t.err) return "result<" + MOSAIC_TRY(type_name(t.ok)) + ", " + MOSAIC_TRY(type_name(t.err)) + ">";
        if (t.err) return "result<_, " + MOSAIC_TRY(type_name(t.err)) + ">";
        if (t.ok) return "result<" + MOSAIC_TRY(type_name(t.ok)) + ">";
        return std::string("result");
      case TypeKind::Tuple: {
        std::string s = "tuple<";
        for (size_t i = 0; i < t.types.size(); ++i) s += (i ? ", " : "") + MOSAIC_TRY(type_name(t.types[i]));
        return s + ">";
      }
      case TypeKind::Own: return resource_name(t.resource);
      case TypeKind::Borrow: return "borrow<" + MOSAIC_TRY(resource_name(t.resource)) + ">";
      case TypeKind::Stream:
      case TypeKind::Future: {
        std::string s = to_string(t.kind);
        if (t.element) s += "<" + MOSAIC_TRY(type_name(t.element)) + ">";
        return s;
      }
      default:
        return Error(ErrorKind::Invalid, std::string("cannot be represented in WIT: an unnamed ") +
                                             to_string(t.kind) + " type");
    }
  }

  // ---- declarations ----
  Result<void> declare(const std::string& n, const ValType& t) {
    auto body = [&](const char* keyword, auto&& each) -> Result<void> {
      line_start();
      out_ += std::string(keyword) + " " + name(n) + " {\n";
      ++indent_;
      MOSAIC_TRY(each());
      --indent_;
      line_start();
      out_ += "}\n";
      return {};
    };
    switch (t.kind) {
      case TypeKind::Record:
        return body("record", [&]() -> Result<void> {
          for (const Field& f : t.fields) {
            line_start();
            out_ += name(f.name) + ": " + MOSAIC_TRY(type_name(f.type)) + ",\n";
          }
          return {};
        });
      case TypeKind::Variant:
        return body("variant", [&]() -> Result<void> {
          for (const Case& c : t.cases) {
            line_start();
            out_ += name(c.name);
            if (c.type) out_ += "(" + MOSAIC_TRY(type_name(c.type)) + ")";
            out_ += ",\n";
          }
          return {};
        });
      case TypeKind::Enum:
      case TypeKind::Flags:
        return body(t.kind == TypeKind::Enum ? "enum" : "flags", [&]() -> Result<void> {
          for (const std::string& l : t.labels) {
            line_start();
            out_ += name(l) + ",\n";
          }
          return {};
        });
      case TypeKind::Own: {
        // `type a = own<r>`: the handle is written out, as wit-component does, to keep the alias an alias.
        line_start();
        out_ += "type " + name(n) + " = own<" + MOSAIC_TRY(resource_name(t.resource)) + ">;\n";
        return {};
      }
      default: {
        std::string rhs = is_primitive(t.kind) ? std::string(to_string(t.kind)) : MOSAIC_TRY(structure(t));
        line_start();
        out_ += "type " + name(n) + " = " + rhs + ";\n";
        return {};
      }
    }
  }

  // `name: func(...) -> r`, `name: static func(...)`, `constructor(...)`, without the indentation or `;`.
  Result<std::string> function(const FuncName& fn, const FuncType& ft, const ResourceType* self) {
    std::string s;
    if (fn.role == FuncRole::Method || fn.role == FuncRole::Static) s += name(fn.item) + ": ";
    if (fn.role == FuncRole::Static) s += "static ";
    if (ft.is_async) s += "async ";
    s += fn.role == FuncRole::Constructor ? "constructor(" : "func(";
    size_t skip = fn.role == FuncRole::Method ? 1 : 0;
    for (size_t i = skip; i < ft.params.size(); ++i) {
      if (i > skip) s += ", ";
      s += name(ft.params[i].name) + ": " + MOSAIC_TRY(type_name(ft.params[i].type));
    }
    s += ")";
    // A constructor returning its own resource is written without the result (WIT.md "Item: resource").
    if (fn.role == FuncRole::Constructor && ft.result && ft.result->kind == TypeKind::Own &&
        ft.result->resource.get() == self)
      return s;
    if (ft.result) s += " -> " + MOSAIC_TRY(type_name(ft.result));
    return s;
  }

  Result<void> print_resource(const std::string& n, const ResourceType* r,
                              const std::map<std::string, std::vector<ResourceFunc>>& funcs) {
    line_start();
    out_ += "resource " + name(n);
    auto it = funcs.find(n);
    if (it == funcs.end() || it->second.empty()) {
      out_ += ";\n";
      return {};
    }
    out_ += " {\n";
    ++indent_;
    for (const ResourceFunc& f : it->second) {
      line_start();
      out_ += MOSAIC_TRY(function(f.name, *f.type, r)) + ";\n";
    }
    --indent_;
    line_start();
    out_ += "}\n";
    return {};
  }

  // The types of one scope: `use` statements for types another interface named first, then declarations.
  Result<void> print_types(const std::string& scope, const std::vector<TypeItem>& types,
                           const std::map<std::string, std::vector<ResourceFunc>>& funcs) {
    struct Use {
      std::string from;
      std::vector<std::pair<std::string, std::string>> names;  // (theirs, ours)
    };
    std::vector<Use> uses;
    std::vector<const TypeItem*> declared;
    std::vector<std::string> aliases;  // for declared items that are a second name of a local type
    for (const TypeItem& item : types) {
      const void* key = key_of(item.type);
      auto owner = owners_.find(key);
      const Owner* from = owner != owners_.end() && owner->second.scope != scope ? &owner->second : nullptr;
      if (!from) {
        if (auto v = std::get_if<ValTypePtr>(&item.type)) from = origin_of(*v, scope);
      }
      if (from) {
        // WIT can `use` only types of named interfaces (WIT.md "Item: use").
        if (!is_interface_name(from->scope))
          return Error(ErrorKind::Invalid, "cannot be represented in WIT: type `" + item.name + "` names a type of " +
                                               (from->scope.empty() ? std::string("the world") : "`" + from->scope + "`") +
                                               ", which no interface can `use`");
        if (uses.empty() || uses.back().from != from->scope) uses.push_back({from->scope, {}});
        uses.back().names.emplace_back(from->name, item.name);
        local_.try_emplace(key, item.name);
        continue;
      }
      auto existing = local_.find(key);
      aliases.push_back(existing != local_.end() && existing->second != item.name ? existing->second : "");
      declared.push_back(&item);
      local_.try_emplace(key, item.name);
    }
    for (const Use& u : uses) {
      any_items_ = true;
      line_start();
      out_ += "use " + u.from + ".{";
      for (size_t i = 0; i < u.names.size(); ++i) {
        if (i) out_ += ", ";
        out_ += name(u.names[i].first);
        if (u.names[i].first != u.names[i].second) out_ += " as " + name(u.names[i].second);
      }
      out_ += "};\n";
    }
    for (size_t i = 0; i < declared.size(); ++i) {
      const TypeItem& item = *declared[i];
      new_item();
      if (!aliases[i].empty()) {
        line_start();
        out_ += "type " + name(item.name) + " = " + name(aliases[i]) + ";\n";
      } else if (auto r = std::get_if<ResourcePtr>(&item.type)) {
        MOSAIC_TRY(print_resource(item.name, r->get(), funcs));
      } else if (auto v = std::get_if<ValTypePtr>(&item.type); v && *v) {
        MOSAIC_TRY(declare(item.name, **v));
      } else {
        return Error(ErrorKind::Invalid, "cannot be represented in WIT: type `" + item.name + "`");
      }
    }
    return {};
  }

  static Result<void> unsupported(const NamedExtern& e) {
    return Error(ErrorKind::Invalid, std::string("cannot be represented in WIT: `") + e.name + "` is a " +
                                         to_string(e.type.kind));
  }

  // The body of an interface: its types (with the resources' functions), then its functions.
  Result<void> print_interface(const std::string& scope, const InstanceType& it) {
    bool prev_items = any_items_;
    any_items_ = false;
    std::map<const void*, std::string> saved = std::move(local_);
    local_.clear();
    std::vector<TypeItem> types;
    std::map<std::string, std::vector<ResourceFunc>> resource_funcs;
    std::vector<std::pair<FuncName, FuncTypePtr>> funcs;
    for (const NamedExtern& e : it.exports) {
      switch (e.type.kind) {
        case ExternKind::Type: types.push_back({e.name, e.type.type}); break;
        case ExternKind::Func: {
          FuncName fn = classify(e.name);
          if (fn.role == FuncRole::Freestanding) {
            funcs.emplace_back(fn, e.type.func);
          } else {
            resource_funcs[fn.resource].push_back({fn, e.type.func});
          }
          break;
        }
        default: return unsupported(e);
      }
    }
    MOSAIC_TRY(print_types(scope, types, resource_funcs));
    for (const auto& [fn, ft] : funcs) {
      new_item();
      line_start();
      out_ += name(fn.item) + ": " + MOSAIC_TRY(function(fn, *ft, nullptr)) + ";\n";
    }
    local_ = std::move(saved);
    any_items_ = prev_items;
    return {};
  }

  // `import name: interface { ... }`, `export ns:pkg/iface;`, `import f: func(...);`
  Result<void> print_item(const NamedExtern& e, const char* side) {
    line_start();
    out_ += std::string(side) + " ";
    if (e.type.kind == ExternKind::Instance) {
      if (is_interface_name(e.name)) {
        out_ += e.name + ";\n";
        return {};
      }
      out_ += name(e.name) + ": interface {\n";
      ++indent_;
      MOSAIC_TRY(print_interface(scope_id(e.name, side), *e.type.instance));
      --indent_;
      line_start();
      out_ += "}\n";
      return {};
    }
    FuncName fn = classify(e.name);
    out_ += name(fn.item) + ": " + MOSAIC_TRY(function(fn, *e.type.func, nullptr)) + ";\n";
    return {};
  }

  // WIT worlds list interfaces, then types (with resource functions), then functions (wit-component's
  // print_world), so that each item follows what it refers to.
  Result<void> print_world(const ComponentType& ct) {
    any_items_ = false;
    std::vector<TypeItem> types;
    std::map<std::string, std::vector<ResourceFunc>> resource_funcs;
    std::vector<const NamedExtern*> func_imports;
    for (const NamedExtern& e : ct.imports) {
      switch (e.type.kind) {
        case ExternKind::Type: types.push_back({e.name, e.type.type}); break;
        case ExternKind::Func: {
          if (!e.type.func) return unsupported(e);
          FuncName fn = classify(e.name);
          if (fn.role != FuncRole::Freestanding) {
            resource_funcs[fn.resource].push_back({fn, e.type.func});
          } else {
            func_imports.push_back(&e);
          }
          break;
        }
        case ExternKind::Instance:
          if (!e.type.instance) return unsupported(e);
          MOSAIC_TRY(print_item(e, "import"));
          any_items_ = true;
          break;
        default: return unsupported(e);
      }
    }
    MOSAIC_TRY(print_types("", types, resource_funcs));
    for (const NamedExtern* e : func_imports) {
      MOSAIC_TRY(print_item(*e, "import"));
      any_items_ = true;
    }
    std::vector<const NamedExtern*> exports;
    for (const NamedExtern& e : ct.exports) {
      if (e.type.kind == ExternKind::Type) continue;  // world exports are interfaces and functions only
      if (e.type.kind != ExternKind::Func && e.type.kind != ExternKind::Instance) return unsupported(e);
      if ((e.type.kind == ExternKind::Func && !e.type.func) ||
          (e.type.kind == ExternKind::Instance && !e.type.instance))
        return unsupported(e);
      exports.push_back(&e);
    }
    if (!exports.empty()) new_item();
    for (const NamedExtern* e : exports) MOSAIC_TRY(print_item(*e, "export"));
    return {};
  }

  std::string out_;
  int indent_ = 0;
  bool any_items_ = false;
  std::map<const void*, Owner> owners_;
  std::vector<const void*> order_;                    // owners_ keys, in the order they were named
  std::map<const void*, const ValType*> copies_;      // the value types among them
  std::map<const void*, std::string> local_;  // names of the scope being printed
};

}  // namespace

std::string wit_name(std::string_view n) {
  std::string out;
  if (is_wit_keyword(n)) out += '%';
  out += n;
  return out;
}

Result<std::string> print_wit(const ComponentType& type) {
  WitPrinter printer;
  return printer.print(type);
}

}  // namespace mosaic::component::text
