// The formatter's API (format/formatter.h), as the language server will call it: text in,
// formatted text or diagnostics out; and the generic rules on syntax the layout has no rule for.
#include "format/formatter.h"

#include <catch2/catch.hpp>
#include <string>

#include "format/spec_layout.h"

namespace baton::format {
namespace {

TEST_CASE("format_spec returns the layout of a spec with a BOM and CRLF", "[formatter]") {
  SourceManager sources;
  DiagnosticEngine diags;
  std::string out = "untouched";
  REQUIRE(
      format_spec("\xEF\xBB\xBFparam a=1;\r\nhost h{b=2}\r\n", "spec.baton", sources, diags, out));
  CHECK(out == "param a = 1\nhost h { b = 2 }\n");
  CHECK(diags.diagnostics().empty());
}

TEST_CASE("format_spec refuses a file with a mistake and leaves the output alone", "[formatter]") {
  SourceManager sources;
  DiagnosticEngine diags;
  std::string out = "untouched";
  CHECK_FALSE(format_spec("param a = \n", "spec.baton", sources, diags, out));
  CHECK(out == "untouched");
  REQUIRE(diags.has_errors());
  CHECK(sources.file(diags.diagnostics().front().range.file).display_name == "spec.baton");
}

TEST_CASE("format_spec refuses NUL bytes and bytes that are not UTF-8", "[formatter]") {
  for (const std::string& bad :
       {std::string("param a = 1\0\n", 13), std::string("param a = \"\xFF\"\n")}) {
    SourceManager sources;
    DiagnosticEngine diags;
    std::string out;
    CHECK_FALSE(format_spec(bad, "spec.baton", sources, diags, out));
    CHECK(diags.has_errors());
  }
}

TEST_CASE("a construct without a rule of its own gets the generic layout", "[formatter]") {
  // Not baton syntax today: a service's operations block with words the layout does not know.
  // Braces indent, the source's items stay one per line, lists wrap, `;` goes, comments stay.
  std::string text =
      "service web on h {\n"
      "  action run { sh \"x\" }\n"
      "  operations{ restart batch 2  when !first {sh \"r\";}\n"
      "  teardown   after db.run,cache.run { sh \"t\" } // gone\n"
      "  health every 5 {sh \"h\"}}\n"
      "}\n";
  CHECK(layout_spec(text) ==
        "service web on h {\n"
        "  action run { sh \"x\" }\n"
        "  operations {\n"
        "    restart batch 2 when !first { sh \"r\" }\n"
        "    teardown after db.run, cache.run { sh \"t\" }  // gone\n"
        "    health every 5 { sh \"h\" }\n"
        "  }\n"
        "}\n");
}

TEST_CASE("placed_comments sees every comment once, with the tokens before it", "[formatter]") {
  auto comments = placed_comments("// a\nparam x = [1, /* b */ 2]; # c\n");
  REQUIRE(comments.size() == 3);
  CHECK(comments[0] == PlacedComment{"// a", 0});
  CHECK(comments[1] == PlacedComment{"/* b */", 5});
  CHECK(comments[2] == PlacedComment{"# c", 7});
}

}  // namespace
}  // namespace baton::format
