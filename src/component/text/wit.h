#pragma once
// A component's type as WIT (WIT.md), printed the way wasm-tools' wit-component prints a decoded component
// (what `jco wit` and `wasm-tools component wit` print):
//
//   package root:component;
//
//   world root {
//     import local:demo/api;
//     import log: interface {
//       ...
//     }
//
//     record point {
//       ...
//     }
//     import greet: func(name: string) -> string;
//
//     export run: func();
//   }
//
// Imports of named interfaces are printed by name (their bodies belong to foreign packages, which are not
// printed); plain-named instances are printed inline; types are printed by the name they were imported or
// exported under (types.h: a type's node address identifies its definition), and a type first exported by one
// interface and named again elsewhere becomes a `use`.

#include <string>
#include <string_view>

#include "mosaic/component/types.h"
#include "mosaic/result.h"

namespace mosaic::component::text {

// The WIT text, ending in a newline. An Invalid error when the type cannot be written in WIT (an unnamed
// record, variant, enum, flags or resource; an import of a core module, component or value).
Result<std::string> print_wit(const ComponentType& type);

// A WIT identifier as WIT writes it: with a leading `%` when it is a WIT keyword (`%type`, `%list`).
std::string wit_name(std::string_view name);

}  // namespace mosaic::component::text
