#include "binary/names.h"

#include <string>

#include "binary/errors.h"
#include "support/reader.h"

namespace mosaic::binary {
namespace {

using support::Reader;

// Spec 7.4.1: namemap ::= vec(nameassoc), nameassoc ::= idx:u32 nm:name.
Result<std::map<uint32_t, std::string>> read_name_map(Reader& r) {
  std::map<uint32_t, std::string> map;
  uint32_t count = MOSAIC_TRY(r.u32());
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t index = MOSAIC_TRY(r.u32());
    std::string_view name = MOSAIC_TRY(r.name());
    map.insert_or_assign(index, std::string(name));
  }
  return map;
}

// Spec 7.4.1: namesec ::= subsec*, each subsection N:byte size:u32 B^size, in increasing id order.
Result<void> parse(Reader& r, Names& out) {
  int last_id = -1;
  while (!r.at_end()) {
    uint8_t id = MOSAIC_TRY(r.u8());
    uint32_t size = MOSAIC_TRY(r.u32());
    Reader sub = MOSAIC_TRY(r.sub(size));
    if (static_cast<int>(id) <= last_id) return r.error(message(Malformed::NameSection));
    last_id = id;
    switch (id) {
      case 0: {  // module name
        std::string_view name = MOSAIC_TRY(sub.name());
        if (!sub.at_end()) return sub.error(message(Malformed::SectionSizeMismatch));
        out.module = std::string(name);
        break;
      }
      case 1: {  // function names
        auto map = MOSAIC_TRY(read_name_map(sub));
        if (!sub.at_end()) return sub.error(message(Malformed::SectionSizeMismatch));
        out.functions = std::move(map);
        break;
      }
      case 2: {  // local names: indirectnamemap ::= vec(indirectnameassoc), idx:u32 namemap
        std::map<uint32_t, std::map<uint32_t, std::string>> locals;
        uint32_t count = MOSAIC_TRY(sub.u32());
        for (uint32_t i = 0; i < count; ++i) {
          uint32_t func = MOSAIC_TRY(sub.u32());
          locals.insert_or_assign(func, MOSAIC_TRY(read_name_map(sub)));
        }
        if (!sub.at_end()) return sub.error(message(Malformed::SectionSizeMismatch));
        out.locals = std::move(locals);
        break;
      }
      default:  // other subsections (extended name section) are skipped
        break;
    }
  }
  return ok();
}

}  // namespace

void parse_name_section(std::span<const uint8_t> contents, size_t base_offset, Names& names) {
  Reader r(contents, base_offset);
  (void)parse(r, names);
}

}  // namespace mosaic::binary
