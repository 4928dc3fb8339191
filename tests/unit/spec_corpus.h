// The specs of the repository, for the tests that compare the front end's parsers on them and
// on their mutations (clean_file_parser_test.cpp, error_windows_test.cpp).
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace baton::test {

/// Whether `s` is UTF-8 without a NUL byte: what the loader lets reach a parser.
inline bool valid_utf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return false;
    size_t extra = c < 0x80           ? 0
                   : (c >> 5) == 0x6  ? 1
                   : (c >> 4) == 0xE  ? 2
                   : (c >> 3) == 0x1E ? 3
                                      : 9;
    if (extra == 9 || i + extra >= s.size()) return false;
    for (size_t k = 1; k <= extra; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += extra + 1;
  }
  return true;
}

/// Every .baton file under examples/, tests/ and bench/inputs/, sorted.
inline std::vector<std::filesystem::path> corpus() {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const char* dir : {"examples", "tests", "bench/inputs"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(BATON_SOURCE_DIR) / dir)) {
      if (entry.is_regular_file() && entry.path().extension() == ".baton")
        files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// The text of `p`, without a UTF-8 byte order mark (as the loader reads it).
inline std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  return text;
}

}  // namespace baton::test
