#include "cli/module_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <algorithm>

#include "cli/cli_error.h"

namespace mosaic::cli {
namespace {

bool looks_like_text(const std::vector<uint8_t>& bytes) {
  for (uint8_t b : bytes) {
    if (b == ' ' || b == '\t' || b == '\n' || b == '\r') continue;
    return b == '(' || b == ';';
  }
  return false;
}

}  // namespace

bool is_component_binary(const std::vector<uint8_t>& bytes) {
  static constexpr uint8_t kComponentPreamble[] = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  return bytes.size() >= 8 && std::memcmp(bytes.data(), kComponentPreamble, 8) == 0;
}

std::vector<uint8_t> read_module_file(const std::string& path) {
  std::vector<uint8_t> bytes = read_wasm_file(path);
  if (is_component_binary(bytes))
    throw CliError(kExitError, path + ": this is a component; this command takes a core module");
  return bytes;
}

std::vector<uint8_t> read_wasm_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw CliError(kExitError, path + ": is a folder, not a module file");
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw CliError(kExitError, "cannot read " + path + ": " + std::strerror(errno));
  // One read of the whole file (a module can be tens of megabytes).
  const std::streamoff size = in.tellg();
  if (size < 0) throw CliError(kExitError, "cannot read " + path + ": " + std::strerror(errno));
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(bytes.data()), size))
    throw CliError(kExitError, "cannot read " + path + ": " + std::strerror(errno));
  if (bytes.empty()) throw CliError(kExitError, path + ": the file is empty, not a WebAssembly module");
  if (looks_like_text(bytes) && std::string_view(reinterpret_cast<const char*>(bytes.data()),
                                                  std::min<size_t>(bytes.size(), 4096))
                                     .find("(component") != std::string_view::npos)
    throw CliError(kExitError, path + ": this looks like component text; mosaic reads binary components (convert it "
                                      "with `npx jco parse " + path + " -o FILE.wasm`)");
  if (looks_like_text(bytes))
    throw CliError(kExitError,
                   path +
                       ": this looks like WebAssembly text; mosaic reads binary modules (convert it "
                       "with `wat2wasm " +
                       path + " -o FILE.wasm`)");
  return bytes;
}

}  // namespace mosaic::cli
