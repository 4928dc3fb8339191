// The language server's positions: UTF-16 and UTF-8 characters against code-point columns,
// clamping, and file URIs.
#include <catch2/catch.hpp>

#include "lsp/positions.h"
#include "lsp/uri.h"

using baton::lsp::character_of;
using baton::lsp::column_of;
using baton::lsp::line_at;
using baton::lsp::offset_of;
using baton::lsp::Position;
using baton::lsp::PositionEncoding;

TEST_CASE("a character outside the BMP is two UTF-16 units and four UTF-8 bytes",
          "[lsp_positions]") {
  const std::string line =
      "a\xF0\x9F\x98\x80"
      "b";  // a, U+1F600, b
  CHECK(character_of(line, 3, PositionEncoding::Utf16) == 3);
  CHECK(character_of(line, 3, PositionEncoding::Utf8) == 5);
  CHECK(offset_of(line, Position{0, 3}, PositionEncoding::Utf16) == 5);
  CHECK(offset_of(line, Position{0, 5}, PositionEncoding::Utf8) == 5);
  CHECK(column_of(line, 5) == 3);
}

TEST_CASE("a position inside a character counts as its start", "[lsp_positions]") {
  const std::string line = "\xF0\x9F\x98\x80x";
  CHECK(offset_of(line, Position{0, 1}, PositionEncoding::Utf16) == 0);
  CHECK(offset_of(line, Position{0, 2}, PositionEncoding::Utf8) == 0);
  CHECK(offset_of(line, Position{0, 2}, PositionEncoding::Utf16) == 4);
}

TEST_CASE("positions past a line or the text are clamped", "[lsp_positions]") {
  const std::string text = "ab\r\ncd\nef";
  CHECK(offset_of(text, Position{0, 99}, PositionEncoding::Utf16) == 2);  // before the \r
  CHECK(offset_of(text, Position{1, 1}, PositionEncoding::Utf16) == 5);
  CHECK(offset_of(text, Position{2, 99}, PositionEncoding::Utf16) == 9);
  CHECK(offset_of(text, Position{7, 0}, PositionEncoding::Utf16) == 9);
  CHECK(line_at(text, 0) == "ab");
  CHECK(line_at(text, 2) == "ef");
  CHECK(line_at(text, 3).empty());
  CHECK(character_of("ab", 5, PositionEncoding::Utf16) == 4);  // past the end: one per column
}

TEST_CASE("file URIs are percent-decoded and encoded", "[lsp_positions]") {
  CHECK(baton::lsp::uri_to_path("file:///tmp/my%20spec.baton") == "/tmp/my spec.baton");
  CHECK(baton::lsp::uri_to_path("file://localhost/tmp/a.baton") == "/tmp/a.baton");
  CHECK(baton::lsp::uri_to_path("untitled:Untitled-1").empty());
  CHECK(baton::lsp::uri_to_path("file:///tmp/bad%zz%").size() ==
        std::string("/tmp/bad%zz%").size());
  CHECK(baton::lsp::path_to_uri("/tmp/my spec.baton") == "file:///tmp/my%20spec.baton");
}
