#pragma once
// Converts .wast scripts to wast2json's JSON + .wasm form with Debian's `wast2json` (package wabt).

#include <filesystem>
#include <string>
#include <vector>

namespace mosaic::wast {

// Runs `wast2json [EXTRA_ARGS...] WAST -o OUT_ROOT/<name>/<name>.json` into a fresh folder and returns the
// .json path. Throws ScriptError when wast2json cannot be started or rejects the file (with the start of its
// message; the whole of it stays in OUT_ROOT/<name>/wast2json.log).
std::filesystem::path convert_wast(const std::filesystem::path& wast, const std::filesystem::path& out_root,
                                   const std::vector<std::string>& extra_args = {});

}  // namespace mosaic::wast
