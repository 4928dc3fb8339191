// A param's value as the user gave it, before it is checked against the param's type.
#pragma once

#include <string>

#include "compiler/base/source.h"

namespace baton {

/// A value for a param: from `--param NAME=VALUE` (no origin) or from the project's baton.toml
/// (origin: the value's place in that file).
struct ParamSetting {
  std::string name;
  std::string value;
  SourceRange origin = {};  ///< invalid: the command line
};

}  // namespace baton
