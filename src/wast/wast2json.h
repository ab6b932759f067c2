#pragma once
// Converts .wast scripts to wast2json's JSON + .wasm form with Debian's `wast2json` (package wabt).

#include <filesystem>

namespace mosaic::wast {

// Runs `wast2json WAST -o OUT_ROOT/<name>/<name>.json` into a fresh folder and returns the .json path.
// Throws ScriptError when wast2json cannot be started or rejects the file (with its message).
std::filesystem::path convert_wast(const std::filesystem::path& wast, const std::filesystem::path& out_root);

}  // namespace mosaic::wast
