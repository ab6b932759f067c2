#pragma once
// Runs one script in a child process, so that a crash, a sanitizer report or a hang of the engine fails that
// script only and the suite goes on.

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "mosaic/engine.h"
#include "wast/command_outcome.h"
#include "wast/script_runner.h"

namespace mosaic::wast {

// Runs `body` in a child process; the outcomes it reports reach `sink` here as they arrive. Returns nullopt
// when the body returned and the child exited normally, otherwise how it ended ("killed by signal 11
// (Segmentation fault)", "timed out after 600 s", "script error: <what the body threw>"). Throws ScriptError
// when no child can be started.
using ScriptBody = std::function<void(const OutcomeSink& report)>;
std::optional<std::string> run_isolated(const ScriptBody& body, std::chrono::seconds timeout,
                                        const OutcomeSink& sink);

// A core spec script through run_isolated. Forwards the child's outcomes to `sink` as they arrive. Returns nullopt when the child ran the whole script
// and exited normally, otherwise how it ended ("killed by signal 11 (Segmentation fault)", "timed out after
// 600 s", "script error: ..."). Throws ScriptError when no child can be started.
std::optional<std::string> run_script_isolated(const Engine& engine, const std::filesystem::path& json_path,
                                               const ScriptOptions& options, std::chrono::seconds timeout,
                                               const OutcomeSink& sink);

}  // namespace mosaic::wast
