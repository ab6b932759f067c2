// Linker (include/mosaic/component/linker.h): the host's definitions, matched against a component's imports by
// name (Explainer.md "Import and Export Definitions": interface names `ns:pkg/iface@version`) and by type.

#include "mosaic/component/linker.h"

#include <charconv>
#include <map>
#include <string>

#include "component/runtime/instance_state.h"

namespace mosaic::component {

namespace {

Error unlinkable(std::string msg) { return Error(ErrorKind::Unlinkable, std::move(msg)); }

// One definition: a host function, a host resource, an instance of further definitions, or an item another
// component instance exports (composition).
struct Def {
  enum class Kind : uint8_t { Func, Resource, Instance, Guest };
  Kind kind = Kind::Instance;
  HostCallback host;
  Linker::SignatureCheck check;
  std::shared_ptr<RtResource> resource;
  rt::RtItem guest;
  std::map<std::string, Def, std::less<>> children;
};

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = path.find('#', start);
    out.push_back(path.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

// A semantic version "MAJOR.MINOR.PATCH"; pre-release or build suffixes only match exactly.
struct Version {
  uint64_t major = 0, minor = 0, patch = 0;
  bool plain = false;
};

Version parse_version(std::string_view s) {
  Version v;
  uint64_t* parts[3] = {&v.major, &v.minor, &v.patch};
  const char* p = s.data();
  const char* end = s.data() + s.size();
  for (int i = 0; i < 3; ++i) {
    auto [q, ec] = std::from_chars(p, end, *parts[i]);
    if (ec != std::errc() || q == p) return v;
    p = q;
    if (i < 2) {
      if (p == end || *p != '.') return v;
      ++p;
    }
  }
  v.plain = p == end;
  return v;
}

// Splits "ns:pkg/iface@1.2.3" into the unversioned name and the version; no '@' gives an empty version.
std::pair<std::string_view, std::string_view> split_version(std::string_view name) {
  size_t at = name.rfind('@');
  if (at == std::string_view::npos) return {name, {}};
  return {name.substr(0, at), name.substr(at + 1)};
}

// Semver compatibility as wasmtime's linker applies it to interface versions: for 0.x the same major and minor
// (any patch), from 1.0 the same major.
bool compatible(const Version& a, const Version& b) {
  if (!a.plain || !b.plain || a.major != b.major) return false;
  return a.major != 0 || a.minor == b.minor;
}

bool newer(const Version& a, const Version& b) {
  if (a.major != b.major) return a.major > b.major;
  if (a.minor != b.minor) return a.minor > b.minor;
  return a.patch > b.patch;
}

}  // namespace

struct Linker::Impl {
  std::map<std::string, Def, std::less<>> defs;

  Def& define_path(std::string_view path) {
    std::vector<std::string_view> parts = split_path(path);
    std::map<std::string, Def, std::less<>>* level = &defs;
    Def* d = nullptr;
    for (size_t i = 0; i < parts.size(); ++i) {
      d = &(*level)[std::string(parts[i])];
      if (i + 1 < parts.size()) {
        if (d->kind != Def::Kind::Instance) *d = Def{};
        d->kind = Def::Kind::Instance;
        level = &d->children;
      }
    }
    *d = Def{};
    return *d;
  }

  // Exact name first, then the highest defined version of the same interface that is semver-compatible.
  const Def* find_top(std::string_view name) const {
    if (auto it = defs.find(name); it != defs.end()) return &it->second;
    auto [base, ver] = split_version(name);
    if (ver.empty()) return nullptr;
    Version want = parse_version(ver);
    const Def* best = nullptr;
    Version best_v;
    for (const auto& [n, d] : defs) {
      auto [b, v] = split_version(n);
      if (b != base || v.empty()) continue;
      Version have = parse_version(v);
      if (!compatible(want, have)) continue;
      if (!best || newer(have, best_v)) {
        best = &d;
        best_v = have;
      }
    }
    return best;
  }
};

namespace {

std::string found_kind(const Def& d) {
  switch (d.kind) {
    case Def::Kind::Func: return "a host function";
    case Def::Kind::Resource: return "a host resource";
    case Def::Kind::Instance: return "an instance";
    case Def::Kind::Guest: return std::string("a ") + to_string(d.guest.kind);
  }
  return "a definition";
}

// Checks that the item `have` (another component instance's export) fits `type` in the importing instance,
// recording its resources in the importer's map as they are met (an instance type exports its resources before
// the functions that use them).
Result<void> check_guest(const rt::RtItem& have, const ExternType& type, const std::string& path,
                         rt::ComponentInstance* inst, uint32_t depth) {
  if (depth > rt::kMaxInstantiationDepth) return unlinkable("import `" + path + "` nests too deeply");
  auto mismatch = [&] {
    return unlinkable("type mismatch for import `" + path + "`: expected " + rt::type_to_string(type) +
                      ", found a " + to_string(have.kind));
  };
  if (have.kind != type.kind) return mismatch();
  switch (type.kind) {
    case ExternKind::Func: {
      if (!have.func || !have.func->type || !type.func) return mismatch();
      static const rt::ResourceMap kNone;
      const rt::ResourceMap& theirs = have.func->resources ? *have.func->resources : kNone;
      if (!rt::same_func_type(*type.func, inst->resources, *have.func->type, theirs)) {
        return unlinkable("type mismatch for import `" + path + "`: expected " + rt::type_to_string(*type.func) +
                          ", found " + rt::type_to_string(*have.func->type));
      }
      return ok();
    }
    case ExternKind::Type: {
      const ResourcePtr* r = std::get_if<ResourcePtr>(&type.type);
      if (!r || !*r) return ok();
      if (!have.resource) return unlinkable("type mismatch for import `" + path + "`: expected a resource");
      inst->resources[r->get()] = have.resource;
      return ok();
    }
    case ExternKind::Instance: {
      if (!have.instance || !type.instance) return mismatch();
      for (const NamedExtern& e : type.instance->exports) {
        const rt::RtItem* sub = have.instance->find(e.name);
        if (!sub) {
          if (e.type.kind == ExternKind::Type && !std::holds_alternative<ResourcePtr>(e.type.type)) continue;
          return unlinkable("missing import `" + path + "#" + e.name + "`: expected " + rt::type_to_string(e.type));
        }
        MOSAIC_TRY(check_guest(*sub, e.type, path + "#" + e.name, inst, depth + 1));
      }
      return ok();
    }
    default:
      return ok();
  }
}

Result<rt::RtItem> resolve_def(InstanceState& state, const Def& d, const ExternType& type, const std::string& path,
                               rt::ComponentInstance* inst, uint32_t depth) {
  if (d.kind == Def::Kind::Guest) {
    MOSAIC_TRY(check_guest(d.guest, type, path, inst, depth));
    return d.guest;
  }
  auto mismatch = [&] {
    return unlinkable("type mismatch for import `" + path + "`: expected " + rt::type_to_string(type) +
                      ", found " + found_kind(d));
  };
  rt::RtItem it;
  it.kind = type.kind;
  switch (type.kind) {
    case ExternKind::Func: {
      if (d.kind != Def::Kind::Func || !type.func) return mismatch();
      if (d.check) MOSAIC_TRY(d.check(*type.func));
      rt::ComponentFunc& f = state.funcs.emplace_back();
      f.type = type.func;
      f.resources = &inst->resources;
      f.host = d.host;
      f.name = path;
      it.func = &f;
      return it;
    }
    case ExternKind::Type: {
      const ResourcePtr* r = std::get_if<ResourcePtr>(&type.type);
      if (!r || !*r) return it;  // a value type: nothing to supply at run time
      if (d.kind != Def::Kind::Resource || !d.resource) return mismatch();
      state.host_resources.push_back(d.resource);
      inst->resources[r->get()] = d.resource.get();
      it.resource = d.resource.get();
      return it;
    }
    case ExternKind::Instance: {
      if (d.kind != Def::Kind::Instance || !type.instance) return mismatch();
      if (depth > rt::kMaxInstantiationDepth) return unlinkable("import `" + path + "` nests too deeply");
      auto exports = std::make_shared<rt::RtExports>();
      for (const NamedExtern& e : type.instance->exports) {
        std::string sub = path + "#" + e.name;
        auto c = d.children.find(e.name);
        if (c == d.children.end()) {
          if (e.type.kind == ExternKind::Type && !std::holds_alternative<ResourcePtr>(e.type.type)) {
            rt::RtItem t;
            t.kind = ExternKind::Type;
            exports->items.emplace_back(e.name, t);
            continue;
          }
          if (auto* r = std::get_if<ResourcePtr>(&e.type.type);
              e.type.kind == ExternKind::Type && r && *r && inst->resources.count(r->get())) {
            rt::RtItem t;
            t.kind = ExternKind::Type;
            t.resource = inst->resources[r->get()];
            exports->items.emplace_back(e.name, t);
            continue;
          }
          return unlinkable("missing import `" + sub + "`: expected " + rt::type_to_string(e.type));
        }
        exports->items.emplace_back(e.name, MOSAIC_TRY(resolve_def(state, c->second, e.type, sub, inst, depth + 1)));
      }
      it.instance = std::move(exports);
      return it;
    }
    default:
      return unlinkable("import `" + path + "`: " + to_string(type.kind) + " imports cannot be defined by the host");
  }
}

}  // namespace

Linker::Linker() : impl_(std::make_unique<Impl>()) {}
Linker::~Linker() = default;
Linker::Linker(Linker&&) noexcept = default;
Linker& Linker::operator=(Linker&&) noexcept = default;

void Linker::define_func(std::string_view path, HostCallback callback) {
  Def& d = impl_->define_path(path);
  d.kind = Def::Kind::Func;
  d.host = std::move(callback);
}

void Linker::define_func(std::string_view path, HostCallback callback, SignatureCheck check) {
  Def& d = impl_->define_path(path);
  d.kind = Def::Kind::Func;
  d.host = std::move(callback);
  d.check = std::move(check);
}

RtResource* Linker::define_resource(std::string_view path, std::function<Result<void>(Store&, uint32_t rep)> dtor) {
  Def& d = impl_->define_path(path);
  d.kind = Def::Kind::Resource;
  d.resource = std::make_shared<RtResource>();
  std::vector<std::string_view> parts = split_path(path);
  d.resource->name = std::string(parts.back());
  d.resource->host_dtor = std::move(dtor);
  return d.resource.get();
}

void Linker::define_instance(std::string_view name, const Instance& instance) {
  InstanceState* s = instance.impl();
  if (!s || !s->exports) return;
  auto define_item = [&](std::string_view n, const rt::RtItem& it) {
    Def& d = impl_->define_path(n);
    d.kind = Def::Kind::Guest;
    d.guest = it;
  };
  if (name.empty()) {
    for (const auto& [n, it] : s->exports->items) define_item(n, it);
    return;
  }
  // "iface#name" names the export `name` of the instance, defined at that path.
  std::string_view last = name.substr(name.rfind('#') == std::string_view::npos ? 0 : name.rfind('#') + 1);
  if (const rt::RtItem* it = s->exports->find(last)) {
    define_item(name, *it);
    return;
  }
  rt::RtItem whole;
  whole.kind = ExternKind::Instance;
  whole.instance = s->exports;
  define_item(name, whole);
}

Result<Instance> Linker::instantiate(Store& store, const Component& component) const {
  const Impl& impl = *impl_;
  rt::ImportResolver resolve = [&impl](InstanceState& state, const std::string& name, const ExternType& type,
                                       rt::ComponentInstance* inst) -> Result<rt::RtItem> {
    const Def* d = impl.find_top(name);
    if (!d && type.kind == ExternKind::Type) {
      // A type import bound to a value type (`(type (eq ...))`, as WIT worlds make for their named types) needs
      // nothing at run time; one equal to a resource already imported is that resource.
      rt::RtItem t;
      t.kind = ExternKind::Type;
      const ResourcePtr* r = std::get_if<ResourcePtr>(&type.type);
      if (!r || !*r) return t;
      if (auto it = inst->resources.find(r->get()); it != inst->resources.end()) {
        t.resource = it->second;
        return t;
      }
    }
    if (!d) return unlinkable("missing import `" + name + "`: expected " + rt::type_to_string(type));
    return resolve_def(state, *d, type, name, inst, 0);
  };
  std::shared_ptr<InstanceState> state = MOSAIC_TRY(rt::instantiate(store, component.impl(), resolve));
  return Instance(state.get());
}

}  // namespace mosaic::component
