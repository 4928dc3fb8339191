// The version of baton and where its documentation lives.
#pragma once

namespace baton {

inline constexpr const char* kVersion = "0.1.0";
/// The diagnostics catalogue; SARIF rules link to its anchors (one per code).
inline constexpr const char* kDocsUrl =
    "https://github.com/baton-deploy/baton/blob/main/docs/diagnostics.md";

}  // namespace baton
