// Decoding of component binaries (Binary.md Component Definitions): the preamble, the sections in binary
// order, nested components and core modules.

#include "component/binary/decode.h"

#include <cstdio>
#include <cstring>

#include "component/binary/decode_common.h"

namespace mosaic::component::binary {

using namespace detail;

namespace {

constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6d};
constexpr uint8_t kComponentVersion[4] = {0x0d, 0x00, 0x01, 0x00};  // version 0x0d, layer 1
constexpr uint32_t kCoreModuleVersion = 0x00000001;                 // version 1, layer 0

enum SectionId : uint8_t {
  kCustom = 0,
  kCoreModule = 1,
  kCoreInstance = 2,
  kCoreType = 3,
  kComponent = 4,
  kInstance = 5,
  kAlias = 6,
  kType = 7,
  kCanon = 8,
  kStart = 9,
  kImport = 10,
  kExport = 11,
  kValue = 12,
};

// preamble ::= magic version layer
Result<void> read_preamble(Reader& r) {
  size_t at = r.pos();
  auto magic = MOSAIC_TRY(r.bytes(4));
  if (std::memcmp(magic.data(), kMagic, 4) != 0) {
    return r.error_at(at, "magic header not detected: bad magic number");
  }
  size_t version_at = r.pos();
  auto v = MOSAIC_TRY(r.bytes(4));
  if (std::memcmp(v.data(), kComponentVersion, 4) == 0) return ok();
  uint32_t version = uint32_t{v[0]} | uint32_t{v[1]} << 8 | uint32_t{v[2]} << 16 | uint32_t{v[3]} << 24;
  if (version == kCoreModuleVersion)
    return r.error_at(version_at, "expected a version header for a component");
  char buf[64];
  std::snprintf(buf, sizeof buf, "unknown binary version: 0x%08x", version);
  return r.error_at(version_at, buf);
}

// ---- section 2: core:instance ::= 0x00 m:<moduleidx> arg*:vec(<core:instantiatearg>)
//                                  | 0x01 e*:vec(<core:inlineexport>)
Result<ast::CoreInstance> read_core_instance(Reader& r) {
  ast::CoreInstance inst;
  inst.offset = r.offset();
  size_t at = r.pos();
  uint8_t b = MOSAIC_TRY(r.u8());
  if (b == 0x00) {
    inst.instantiate = true;
    inst.module = MOSAIC_TRY(r.u32());
    uint32_t n = MOSAIC_TRY(read_count(r));
    for (uint32_t i = 0; i < n; ++i) {
      // core:instantiatearg ::= n:<core:name> 0x12 i:<instanceidx>
      ast::CoreInstantiateArg arg;
      arg.name = MOSAIC_TRY(read_name(r));
      size_t kind_at = r.pos();
      uint8_t kind = MOSAIC_TRY(r.u8());
      if (kind != 0x12) return invalid_leading_byte(r, kind_at, kind, "instantiation arg kind");
      arg.instance = MOSAIC_TRY(r.u32());
      inst.args.push_back(std::move(arg));
    }
    return inst;
  }
  if (b == 0x01) {
    inst.instantiate = false;
    uint32_t n = MOSAIC_TRY(read_count(r));
    for (uint32_t i = 0; i < n; ++i) {
      // core:inlineexport ::= n:<core:name> si:<core:sortidx>; a core instance exports core externs only.
      ast::CoreInlineExport e;
      e.name = MOSAIC_TRY(read_name(r));
      size_t sort_at = r.pos();
      uint8_t sort = MOSAIC_TRY(r.u8());
      if (sort > 0x04) return invalid_leading_byte(r, sort_at, sort, "external kind");
      e.item.sort = static_cast<ast::CoreSort>(sort);
      e.item.index = MOSAIC_TRY(r.u32());
      inst.exports.push_back(std::move(e));
    }
    return inst;
  }
  return invalid_leading_byte(r, at, b, "core instance");
}

// ---- section 5: instance ::= 0x00 c:<componentidx> arg*:vec(<instantiatearg>)
//                            | 0x01 e*:vec(<inlineexport>)
Result<ast::Instance> read_instance(Reader& r) {
  ast::Instance inst;
  inst.offset = r.offset();
  size_t at = r.pos();
  uint8_t b = MOSAIC_TRY(r.u8());
  if (b == 0x00) {
    inst.instantiate = true;
    inst.component = MOSAIC_TRY(r.u32());
    uint32_t n = MOSAIC_TRY(read_count(r));
    for (uint32_t i = 0; i < n; ++i) {
      ast::InstantiateArg arg;  // instantiatearg ::= n:<name> si:<sortidx>
      arg.name = MOSAIC_TRY(read_name(r));
      arg.item = MOSAIC_TRY(read_sort_idx(r));
      inst.args.push_back(std::move(arg));
    }
    return inst;
  }
  if (b == 0x01) {
    inst.instantiate = false;
    uint32_t n = MOSAIC_TRY(read_count(r));
    for (uint32_t i = 0; i < n; ++i) {
      ast::InlineExport e;  // inlineexport ::= na:<nameattributes> si:<sortidx>
      e.name = MOSAIC_TRY(read_extern_name(r)).name;
      e.item = MOSAIC_TRY(read_sort_idx(r));
      inst.exports.push_back(std::move(e));
    }
    return inst;
  }
  return invalid_leading_byte(r, at, b, "instance");
}

// ---- section 8: canon

// opts ::= vec(canonopt). A repeated option, or a second string encoding, is recorded for validation
// ("Validation prevents duplicate or conflicting canonopt").
Result<void> read_opts(Reader& r, ast::CanonOpts& opts) {
  uint32_t n = MOSAIC_TRY(read_count(r));
  for (uint32_t i = 0; i < n; ++i) {
    size_t at = r.pos();
    uint8_t b = MOSAIC_TRY(r.u8());
    auto set_index = [&](std::optional<uint32_t>& slot) -> Result<void> {
      uint32_t v = MOSAIC_TRY(r.u32());
      if (slot) opts.duplicate = true;
      slot = v;
      return ok();
    };
    auto set_encoding = [&](ast::StringEncoding e) {
      if (opts.encoding) opts.duplicate = true;
      opts.encoding = e;
    };
    switch (b) {
      case 0x00: set_encoding(ast::StringEncoding::Utf8); break;
      case 0x01: set_encoding(ast::StringEncoding::Utf16); break;
      case 0x02: set_encoding(ast::StringEncoding::Latin1Utf16); break;
      case 0x03: MOSAIC_TRY(set_index(opts.memory)); break;
      case 0x04: MOSAIC_TRY(set_index(opts.realloc)); break;
      case 0x05: MOSAIC_TRY(set_index(opts.post_return)); break;
      case 0x06:
        if (opts.async) opts.duplicate = true;
        opts.async = true;
        break;
      case 0x07: MOSAIC_TRY(set_index(opts.callback)); break;
      default: return invalid_leading_byte(r, at, b, "canonical option");
    }
  }
  return ok();
}

// Binary.md Canonical Definitions. lift, lower and the resource built-ins are decoded into fields; every
// other built-in has its immediates consumed (its type index, when it has one, lands in `type`; its options
// in `opts`) and keeps its opcode.
Result<ast::Canon> read_canon(Reader& r) {
  ast::Canon c;
  c.offset = r.offset();
  size_t at = r.pos();
  uint8_t op = MOSAIC_TRY(r.u8());
  c.opcode = op;
  c.kind = ast::Canon::Kind::Other;
  switch (op) {
    case 0x00: {  // 0x00 0x00 f:<core:funcidx> opts:<opts> ft:<typeidx>
      size_t s_at = r.pos();
      uint8_t s = MOSAIC_TRY(r.u8());
      if (s != 0x00) return invalid_leading_byte(r, s_at, s, "canonical function lift");
      c.kind = ast::Canon::Kind::Lift;
      c.func = MOSAIC_TRY(r.u32());
      MOSAIC_TRY(read_opts(r, c.opts));
      c.type = MOSAIC_TRY(r.u32());
      return c;
    }
    case 0x01: {  // 0x01 0x00 f:<funcidx> opts:<opts>
      size_t s_at = r.pos();
      uint8_t s = MOSAIC_TRY(r.u8());
      if (s != 0x00) return invalid_leading_byte(r, s_at, s, "canonical function lower");
      c.kind = ast::Canon::Kind::Lower;
      c.func = MOSAIC_TRY(r.u32());
      MOSAIC_TRY(read_opts(r, c.opts));
      return c;
    }
    case 0x02:
      c.kind = ast::Canon::Kind::ResourceNew;
      c.type = MOSAIC_TRY(r.u32());
      return c;
    case 0x03:
      c.kind = ast::Canon::Kind::ResourceDrop;
      c.type = MOSAIC_TRY(r.u32());
      return c;
    case 0x04:
      c.kind = ast::Canon::Kind::ResourceRep;
      c.type = MOSAIC_TRY(r.u32());
      return c;

    // No immediates: backpressure.inc/dec, task.cancel, subtask.drop, error-context.drop, waitable-set.new,
    // waitable-set.drop, waitable.join, thread.index, thread.resume-later.
    case 0x24:
    case 0x25:
    case 0x05:
    case 0x0d:
    case 0x1e:
    case 0x1f:
    case 0x22:
    case 0x23:
    case 0x26:
    case 0x28: return c;

    case 0x09:  // task.return rs:<resultlist> opts:<opts>
      (void)MOSAIC_TRY(read_result_list(r));
      MOSAIC_TRY(read_opts(r, c.opts));
      return c;
    case 0x0a:
    case 0x0b:  // context.get / context.set t:<core:valtype> i:<u32>
      (void)MOSAIC_TRY(read_core_val_type(r));
      (void)MOSAIC_TRY(r.u32());
      return c;
    case 0x06:  // subtask.cancel async?
      c.opts.async = MOSAIC_TRY(read_bool(r));
      return c;
    // t:<typeidx>: stream.new, stream.drop-readable/-writable, future.new, future.drop-readable/-writable
    case 0x0e:
    case 0x13:
    case 0x14:
    case 0x15:
    case 0x1a:
    case 0x1b: c.type = MOSAIC_TRY(r.u32()); return c;
    // t:<typeidx> opts:<opts>: stream.read/write, future.read/write
    case 0x0f:
    case 0x10:
    case 0x16:
    case 0x17:
      c.type = MOSAIC_TRY(r.u32());
      MOSAIC_TRY(read_opts(r, c.opts));
      return c;
    // t:<typeidx> async?: stream/future cancel-read/-write
    case 0x11:
    case 0x12:
    case 0x18:
    case 0x19:
      c.type = MOSAIC_TRY(r.u32());
      c.opts.async = MOSAIC_TRY(read_bool(r));
      return c;
    case 0x1c:
    case 0x1d:  // error-context.new / error-context.debug-message opts:<opts>
      MOSAIC_TRY(read_opts(r, c.opts));
      return c;
    case 0x20:
    case 0x21:  // waitable-set.wait / poll cancel?:<cancel?> m:<core:memoryidx>
      (void)MOSAIC_TRY(read_bool(r));
      c.opts.memory = MOSAIC_TRY(r.u32());
      return c;
    case 0x27:  // thread.new-indirect ft:<core:typeidx> tbl:<core:tableidx>
      c.type = MOSAIC_TRY(r.u32());
      (void)MOSAIC_TRY(r.u32());
      return c;
    // cancel?: thread.suspend, thread.yield, thread.{suspend,yield}-then-{resume,promote}
    case 0x29:
    case 0x0c:
    case 0x2a:
    case 0x2b:
    case 0x2c:
    case 0x2d: (void)MOSAIC_TRY(read_bool(r)); return c;
    case 0x40:  // thread.spawn-ref shared?:<sh?> ft:<core:typeidx>
      (void)MOSAIC_TRY(read_bool(r));
      c.type = MOSAIC_TRY(r.u32());
      return c;
    case 0x41:  // thread.spawn-indirect shared?:<sh?> ft:<core:typeidx> tbl:<core:tableidx>
      (void)MOSAIC_TRY(read_bool(r));
      c.type = MOSAIC_TRY(r.u32());
      (void)MOSAIC_TRY(r.u32());
      return c;
    case 0x42:  // thread.available-parallelism shared?:<sh?>
      (void)MOSAIC_TRY(read_bool(r));
      return c;
    default: return invalid_leading_byte(r, at, op, "canonical function");
  }
}

// ---- section 9: start ::= f:<funcidx> arg*:vec(<valueidx>) r:<u32>
Result<ast::Start> read_start(Reader& r) {
  ast::Start s;
  s.offset = r.offset();
  s.func = MOSAIC_TRY(r.u32());
  uint32_t n = MOSAIC_TRY(read_count(r));
  for (uint32_t i = 0; i < n; ++i) s.args.push_back(MOSAIC_TRY(r.u32()));
  s.results = MOSAIC_TRY(r.u32());
  return s;
}

// ---- section 10: import ::= na:<nameattributes> et:<externtype>
Result<ast::Import> read_import(Reader& r) {
  ast::Import imp;
  imp.offset = r.offset();
  imp.name = MOSAIC_TRY(read_extern_name(r));
  imp.desc = MOSAIC_TRY(read_extern_desc(r));
  return imp;
}

// ---- section 11: export ::= na:<nameattributes> si:<sortidx> et?:<externtype>?
Result<ast::Export> read_export(Reader& r) {
  ast::Export exp;
  exp.offset = r.offset();
  exp.name = MOSAIC_TRY(read_extern_name(r));
  exp.item = MOSAIC_TRY(read_sort_idx(r));
  size_t at = r.pos();
  uint8_t b = MOSAIC_TRY(r.u8());
  if (b == 0x01)
    exp.desc = MOSAIC_TRY(read_extern_desc(r));
  else if (b != 0x00)
    return invalid_leading_byte(r, at, b, "optional component export type");
  return exp;
}

// ---- section 0: the `component-name` custom section (Binary.md Name Section). "Validity of this custom
// section is not required": a malformed one yields no name rather than an error.
Result<std::optional<std::string>> read_component_name(Reader r) {
  std::optional<std::string> name;
  while (!r.at_end()) {
    uint8_t id = MOSAIC_TRY(r.u8());
    uint32_t size = MOSAIC_TRY(r.u32());
    Reader sub = MOSAIC_TRY(r.sub(size));
    if (id == 0) {
      // componentnamesubsec ::= namesubsection_0(<name>)
      std::string n = MOSAIC_TRY(read_name(sub));
      if (!sub.at_end()) return sub.error("trailing data at the end of a name");
      name = std::move(n);
    }
  }
  return name;
}

class ComponentDecoder {
 public:
  ComponentDecoder(Reader& r, uint32_t depth) : r_(r), depth_(depth) {}

  Result<std::unique_ptr<ast::Component>> run() {
    c_ = std::make_unique<ast::Component>();
    c_->offset = r_.offset();
    MOSAIC_TRY(read_preamble(r_));
    while (!r_.at_end()) MOSAIC_TRY(section());
    return std::move(c_);
  }

 private:
  void add(ast::Definition::Kind kind, size_t index) {
    c_->definitions.push_back(ast::Definition{kind, static_cast<uint32_t>(index)});
  }

  // A section of vec(item): every item read by `read`, appended to `items` and recorded as a definition of
  // `kind` in order; then nothing more.
  template <class T, class Read>
  Result<void> vec_section(Reader& s, std::vector<T>& items, ast::Definition::Kind kind, Read&& read) {
    uint32_t n = MOSAIC_TRY(read_count(s));
    for (uint32_t i = 0; i < n; ++i) {
      items.push_back(MOSAIC_TRY(read()));
      add(kind, items.size() - 1);
    }
    if (!s.at_end()) return s.error("section size mismatch: unexpected data at the end of the section");
    return ok();
  }

  Result<void> section() {
    size_t id_at = r_.pos();
    uint8_t id = MOSAIC_TRY(r_.u8());
    if (id > kValue) return r_.error_at(id_at, "malformed section id");
    size_t size_at = r_.pos();
    uint32_t size = MOSAIC_TRY(r_.u32());
    if (size > r_.remaining()) {
      // A nested component's sections must lie within the component's own section.
      if (depth_ == 0) return r_.error_at(r_.pos() + r_.remaining(), "unexpected end-of-file");
      char buf[96];
      std::snprintf(buf, sizeof buf, "section too large, %u goes past 0x%zx", size,
                    r_.offset() + r_.remaining());
      return r_.error_at(size_at, buf);
    }
    Reader s = MOSAIC_TRY(r_.sub(size));
    using K = ast::Definition::Kind;
    switch (id) {
      case kCustom: {
        std::string name = MOSAIC_TRY(read_name(s));
        if (name == "component-name") {
          auto parsed = read_component_name(s);
          if (parsed && *parsed) c_->name = std::move(**parsed);
        }
        return ok();
      }
      case kCoreModule: {
        // Kept verbatim; validation decodes it with the core decoder. A component preamble here is
        // reported in wasmparser's words.
        ast::CoreModule m;
        m.offset = s.offset();
        auto bytes = s.rest();
        if (bytes.size() >= 8 && std::memcmp(bytes.data(), kMagic, 4) == 0 &&
            std::memcmp(bytes.data() + 4, kComponentVersion, 4) == 0) {
          return s.error_at(4, "expected a version header for a module");
        }
        m.bytes.assign(bytes.begin(), bytes.end());
        c_->core_modules.push_back(std::move(m));
        add(K::CoreModule, c_->core_modules.size() - 1);
        return ok();
      }
      case kCoreInstance:
        return vec_section(s, c_->core_instances, K::CoreInstance, [&] { return read_core_instance(s); });
      case kCoreType:
        return vec_section(s, c_->core_types, K::CoreType, [&] { return read_core_type(s, false); });
      case kComponent: {
        if (depth_ + 1 >= kMaxComponentNesting) return s.error("components nested too deeply (limit 100)");
        ComponentDecoder nested(s, depth_ + 1);
        c_->components.push_back(MOSAIC_TRY(nested.run()));
        add(K::Component, c_->components.size() - 1);
        return ok();
      }
      case kInstance:
        return vec_section(s, c_->instances, K::Instance, [&] { return read_instance(s); });
      case kAlias:
        return vec_section(s, c_->aliases, K::Alias, [&] { return read_alias(s); });
      case kType:
        return vec_section(s, c_->types, K::Type, [&] { return read_type(s, 0); });
      case kCanon:
        return vec_section(s, c_->canons, K::Canon, [&] { return read_canon(s); });
      case kStart: {
        if (!c_->starts.empty()) return s.error("component cannot have more than one start function");
        c_->starts.push_back(MOSAIC_TRY(read_start(s)));
        add(K::Start, c_->starts.size() - 1);
        if (!s.at_end()) return s.error("unexpected content in the component start section");
        return ok();
      }
      case kImport:
        return vec_section(s, c_->imports, K::Import, [&] { return read_import(s); });
      case kExport:
        return vec_section(s, c_->exports, K::Export, [&] { return read_export(s); });
      case kValue:
        // Value definitions are gated (🪙) and not implemented by this engine.
        return s.error("unsupported: value sections are not supported");
      default: return r_.error_at(id_at, "malformed section id");
    }
  }

  Reader& r_;
  uint32_t depth_;
  std::unique_ptr<ast::Component> c_;
};

}  // namespace

bool is_component(std::span<const uint8_t> bytes) {
  return bytes.size() >= 8 && std::memcmp(bytes.data(), kMagic, 4) == 0 &&
         std::memcmp(bytes.data() + 4, kComponentVersion, 4) == 0;
}

Result<std::unique_ptr<ast::Component>> decode(std::span<const uint8_t> bytes) {
  Reader r(bytes, 0);
  ComponentDecoder decoder(r, 0);
  auto result = decoder.run();
  if (!result) {
    // The core byte reader says "unexpected end"; the component tests expect wasmparser's
    // "unexpected end-of-file".
    Error e = std::move(result).error();
    if (e.message == "unexpected end") e.message = "unexpected end-of-file";
    return e;
  }
  return result;
}

}  // namespace mosaic::component::binary
