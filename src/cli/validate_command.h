#pragma once
// `mosaic validate FILE`: decodes and validates a module, prints "ok".

#include <ostream>
#include <string>

namespace mosaic::cli {

// Throws CliError (exit 1) with the error and its byte offset when the module is malformed or invalid.
int validate_command(const std::string& file, std::ostream& out);

}  // namespace mosaic::cli
