#pragma once
// A file path as a URI path: the one percent-encoding that SARIF locations and the language
// server's file:// URIs share.

#include <string>

namespace baton {

/// Every byte but RFC 3986's unreserved characters and '/' percent-encoded, upper-case hex
/// ("my spec.baton" -> "my%20spec.baton", "<stdin>" -> "%3Cstdin%3E").
std::string percent_encode_path(const std::string& path);

}  // namespace baton
