// `file://` URIs and the paths they name.
#pragma once

#include <string>

namespace baton::lsp {

/// The path of a `file://` URI, percent-decoded; "" for any other scheme.
std::string uri_to_path(const std::string& uri);

/// The `file://` URI of an absolute path, percent-encoding what RFC 3986 reserves.
std::string path_to_uri(const std::string& path);

}  // namespace baton::lsp
