// `baton explain CODE`: a diagnostic's entry in the catalogue (docs/diagnostics.md, embedded in
// the program), offline.
#pragma once

#include <string>
#include <string_view>

#include "compiler/diagnostics/diagnostics.h"

namespace baton {

/// The section of docs/diagnostics.md headed `### CODE name`, heading included, without the
/// blank lines around it; "" when the catalogue has none (a test walks the registry).
std::string_view catalogue_entry(const DiagKindInfo& kind);

/// Every code with its name and one-line description, one per line.
std::string catalogue_index();

}  // namespace baton
