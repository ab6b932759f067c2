#pragma once
// ScriptError: the script itself cannot be understood (bad JSON, an unknown value type). A failing test is
// not a ScriptError; it is a CommandOutcome with the verdict Failed.

#include <stdexcept>

namespace mosaic::wast {

class ScriptError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mosaic::wast
