// Unit tests for SourceManager line lookup and SourceRange.
#include "compiler/base/source.h"

#include <catch2/catch.hpp>

namespace baton {
namespace {

TEST_CASE("line_text finds each line without its line break", "[source]") {
  SourceManager sm;
  FileId f = sm.add("a.baton", "/x/a.baton", "first\nsecond\r\n\nlast");
  CHECK(f == 0);
  CHECK(sm.size() == 1);
  CHECK(sm.file(f).display_name == "a.baton");
  CHECK(sm.file(f).canonical == "/x/a.baton");
  CHECK(sm.line_text(f, 1) == "first");
  CHECK(sm.line_text(f, 2) == "second");  // \r\n: the \r is not shown
  CHECK(sm.line_text(f, 3) == "");
  CHECK(sm.line_text(f, 4) == "last");  // no final line break
  CHECK(sm.file(f).line_starts == std::vector<uint32_t>{0, 6, 14, 15});
}

TEST_CASE("line_text is empty out of range and for unknown files", "[source]") {
  SourceManager sm;
  FileId f = sm.add("a", "", "one\n");
  CHECK(sm.line_text(f, 0) == "");
  CHECK(sm.line_text(f, 2) == "");  // the empty line after the final break exists...
  CHECK(sm.line_text(f, 3) == "");  // ...and the one after it does not
  CHECK(sm.line_text(7, 1) == "");
  CHECK(sm.line_text(kNoFile, 1) == "");
}

TEST_CASE("an empty file has one empty line", "[source]") {
  SourceManager sm;
  FileId f = sm.add("empty", "", "");
  CHECK(sm.file(f).line_starts.size() == 1);
  CHECK(sm.line_text(f, 1) == "");
}

TEST_CASE("files get consecutive ids and keep their text", "[source]") {
  SourceManager sm;
  FileId a = sm.add("a", "", "param a = 1\n");
  FileId b = sm.add("b", "", "param b = 2\n");
  CHECK(a == 0);
  CHECK(b == 1);
  CHECK(sm.file(b).text == "param b = 2\n");
  CHECK(sm.line_text(a, 1) == "param a = 1");
}

TEST_CASE("SourceRange::to spans from one range to the end of another", "[source]") {
  SourceRange a{0, 2, 5, 2, 8};
  SourceRange b{0, 4, 1, 4, 9};
  SourceRange r = a.to(b);
  CHECK(r.file == 0);
  CHECK(r.line == 2);
  CHECK(r.col == 5);
  CHECK(r.end_line == 4);
  CHECK(r.end_col == 9);
  // Another file or an invalid range: the first range unchanged.
  SourceRange other{1, 4, 1, 4, 9};
  CHECK(a.to(other).end_line == 2);
  CHECK(a.to(SourceRange{}).end_col == 8);
  CHECK(!SourceRange{}.valid());
  CHECK(!SourceRange{0, 0, 0, 0, 0}.valid());
  CHECK(a.valid());
}

}  // namespace
}  // namespace baton
