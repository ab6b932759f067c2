#pragma once
// `mosaic inspect FILE`: a component's type as WIT (what `wasm-tools component wit` and `jco wit` print), or a
// core module's imports and exports.

#include <ostream>
#include <string>

namespace mosaic::cli {

// Throws CliError (exit 1) when the file cannot be read, decoded or validated, or when its type cannot be
// written in WIT.
int inspect_command(const std::string& file, std::ostream& out);

}  // namespace mosaic::cli
