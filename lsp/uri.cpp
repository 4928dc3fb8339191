// `file://` URIs: what editors send, what the server answers.
#include "lsp/uri.h"

#include <cctype>

#include "compiler/base/percent_encoding.h"

namespace baton::lsp {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string uri_to_path(const std::string& uri) {
  const std::string scheme = "file://";
  if (uri.compare(0, scheme.size(), scheme) != 0) return "";
  std::string rest = uri.substr(scheme.size());
  size_t slash = rest.find('/');  // an authority ("localhost") before the path is dropped
  if (slash == std::string::npos) return "";
  rest.erase(0, slash);
  std::string out;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size()) {
      int hi = hex_value(rest[i + 1]), lo = hex_value(rest[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    if (rest[i] == '?' || rest[i] == '#') break;
    out += rest[i];
  }
  return out;
}

std::string path_to_uri(const std::string& path) {
  return "file://" + percent_encode_path(path);
}

}  // namespace baton::lsp
