#pragma once
// Reading a module or component file for the `mosaic` subcommands, with messages that say what to do about it.

#include <cstdint>
#include <string>
#include <vector>

namespace mosaic::cli {

// The file's bytes. Throws CliError (exit 1) when the file cannot be read or is plainly not a core module
// binary: WebAssembly text, a component, an empty file.
std::vector<uint8_t> read_module_file(const std::string& path);

// The same checks, but a component binary is accepted too (`run`, `inspect` and `validate` take either).
std::vector<uint8_t> read_wasm_file(const std::string& path);

// True when the bytes start with the component preamble (Binary.md: layer 0x01 0x00 after the version).
bool is_component_binary(const std::vector<uint8_t>& bytes);

}  // namespace mosaic::cli
