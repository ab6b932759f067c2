#pragma once
// Reading a module file for the `mosaic` subcommands, with messages that say what to do about it.

#include <cstdint>
#include <string>
#include <vector>

namespace mosaic::cli {

// The file's bytes. Throws CliError (exit 1) when the file cannot be read or is plainly not a core module
// binary: WebAssembly text, a component, an empty file.
std::vector<uint8_t> read_module_file(const std::string& path);

}  // namespace mosaic::cli
