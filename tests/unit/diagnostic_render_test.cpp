// Unit tests of diagnostic rendering: the four formats, notes, help, colour, the caret line
// (line ends, tabs, wide characters, long lines), and what never reaches a terminal.
#include "compiler/diagnostics/diagnostic_render.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace baton {
namespace {

/// One file, `spec.baton`, holding `text`, and diagnostics to render against it.
struct Rendered {
  SourceManager sources;
  FileId file;
  std::vector<Diagnostic> diags;

  explicit Rendered(std::string text, std::string name = "spec.baton")
      : file(sources.add(std::move(name), "", std::move(text))) {}

  /// A range on one line, columns counted in code points from 1, `end` one past the last.
  SourceRange at(uint32_t line, uint32_t col, uint32_t end) const {
    return SourceRange{file, line, col, line, end};
  }
  Diagnostic& add(DiagKind kind, SourceRange range, std::string message) {
    diags.push_back(Diagnostic{kind, diag_info(kind).severity, range, std::move(message), {}, ""});
    return diags.back();
  }
  std::string as(DiagFormat format, bool color = false) const {
    RenderOptions options;
    options.format = format;
    options.color = color;
    return render_diagnostics(diags, sources, options);
  }
};

/// `regoin` misspelt, with a note and a help: what the gcc, json and sarif tests render.
Rendered misspelt_region(std::string name = "spec.baton") {
  Rendered r("param b = regoin\n", std::move(name));
  Diagnostic& d = r.add(DiagKind::UnknownName, r.at(1, 11, 17), "unknown name 'regoin'");
  d.notes.push_back({r.at(1, 1, 6), "a note"});
  d.help = "did you mean 'region'?";
  return r;
}

TEST_CASE("human: location, message, code, the line with a caret and underline, notes, help",
          "[diagnostic_render]") {
  Rendered r("param region = \"r\"\nparam b = regoin\n");
  Diagnostic& d = r.add(DiagKind::UnknownName, r.at(2, 11, 17), "unknown name 'regoin'");
  d.notes.push_back({r.at(1, 7, 13), "'region' declared here"});
  d.help = "did you mean 'region'?";
  r.add(DiagKind::ShadowedName, r.at(1, 1, 6), "a warning");
  CHECK(r.as(DiagFormat::Human) ==
        "spec.baton:2:11: error: unknown name 'regoin' [E0202]\n"
        "    2 | param b = regoin\n"
        "      |           ^~~~~~\n"
        "spec.baton:1:7: note: 'region' declared here\n"
        "    1 | param region = \"r\"\n"
        "      |       ^~~~~~\n"
        "help: did you mean 'region'?\n"
        "spec.baton:1:1: warning: a warning [W0201]\n"
        "    1 | param region = \"r\"\n"
        "      | ^~~~~\n"
        "1 error and 1 warning generated.\n");
}

TEST_CASE("human: a diagnostic with no place, a note with no place, counts",
          "[diagnostic_render]") {
  Rendered r("param a = 1\n");
  Diagnostic& d = r.add(DiagKind::FileUnreadable, {}, "cannot read 'x.baton': gone");
  d.notes.push_back({{}, "a note without a place"});
  r.add(DiagKind::FileUnreadable, {}, "again");
  CHECK(r.as(DiagFormat::Human) ==
        "baton: error: cannot read 'x.baton': gone [E0001]\n"
        "baton: note: a note without a place\n"
        "baton: error: again [E0001]\n"
        "2 errors generated.\n");
  Rendered none("param a = 1\n");
  CHECK(none.as(DiagFormat::Human).empty());
}

TEST_CASE("human: colour only when asked, around the parts that have it", "[diagnostic_render]") {
  Rendered r("param b = c\n");
  r.add(DiagKind::UnknownName, r.at(1, 11, 12), "unknown name 'c'").help = "declare it";
  CHECK(r.as(DiagFormat::Human, true) ==
        "\033[1mspec.baton:1:11:\033[0m \033[1;31merror\033[0m: \033[1munknown name "
        "'c'\033[0m [E0202]\n"
        "    1 | param b = c\n"
        "      | \033[1;32m          ^\033[0m\n"
        "\033[1;32mhelp\033[0m: declare it\n"
        "1 error generated.\n");
  CHECK(r.as(DiagFormat::Human, false).find('\033') == std::string::npos);
  // The other formats are never coloured.
  for (DiagFormat f : {DiagFormat::Gcc, DiagFormat::Json, DiagFormat::Sarif})
    CHECK(r.as(f, true).find('\033') == std::string::npos);
}

TEST_CASE("human: the caret at the end of a line, past it, and over several lines",
          "[diagnostic_render]") {
  Rendered r("param a = (1\nparam b = 2\n");
  r.add(DiagKind::SyntaxError, r.at(1, 13, 14), "at the end");
  r.add(DiagKind::SyntaxError, SourceRange{r.file, 1, 11, 2, 3}, "to the next line");
  CHECK(r.as(DiagFormat::Human) ==
        "spec.baton:1:13: error: at the end [E0101]\n"
        "    1 | param a = (1\n"
        "      |             ^\n"
        "spec.baton:1:11: error: to the next line [E0101]\n"
        "    1 | param a = (1\n"
        "      |           ^~\n"
        "2 errors generated.\n");
}

TEST_CASE("human: tabs stay tabs under tabs; wide characters get two marks",
          "[diagnostic_render]") {
  Rendered r("\tparam a = \"\xE4\xB8\xAD\xE6\x96\x87\" + x\n");
  // x is at code point 19: tab, 'param a = "' (11), two ideographs, '" + ' (4).
  r.add(DiagKind::UnknownName, r.at(1, 19, 20), "unknown name 'x'");
  r.add(DiagKind::UnknownName, r.at(1, 13, 15), "the ideographs");
  const std::string line = "    1 | \tparam a = \"\xE4\xB8\xAD\xE6\x96\x87\" + x\n";
  CHECK(r.as(DiagFormat::Human) == "spec.baton:1:19: error: unknown name 'x' [E0202]\n" + line +
                                       "      | \t" + std::string(11 + 2 * 2 + 4, ' ') + "^\n" +
                                       "spec.baton:1:13: error: the ideographs [E0202]\n" + line +
                                       "      | \t" + std::string(11, ' ') + "^~~~\n" +
                                       "2 errors generated.\n");
  // An emoji is two columns too.
  Rendered emoji("param a = \"\xF0\x9F\x9A\x80\" + z\n");
  emoji.add(DiagKind::UnknownName, emoji.at(1, 17, 18), "unknown name 'z'");
  CHECK(emoji.as(DiagFormat::Human).find("      | " + std::string(15 + 2, ' ') + "^\n") !=
        std::string::npos);
  // Letters with accents are one column each, like ASCII.
  Rendered accents("param \xC3\xA9t\xC3\xA9 = y\n");
  accents.add(DiagKind::UnknownName, accents.at(1, 13, 14), "unknown name 'y'");
  CHECK(accents.as(DiagFormat::Human).find("      | " + std::string(12, ' ') + "^\n") !=
        std::string::npos);
}

TEST_CASE("human: a long line is cut to a window around the range", "[diagnostic_render]") {
  std::string line = "param a = \"" + std::string(300, 'x') + "\" + y";
  Rendered r(line + "\n");
  r.add(DiagKind::UnknownName, r.at(1, 316, 317), "unknown name 'y'");
  std::string out = r.as(DiagFormat::Human);
  CHECK(out.find("    1 | ..." + std::string(36, 'x') + "\" + y\n") != std::string::npos);
  CHECK(out.find("      |    " + std::string(40, ' ') + "^\n") != std::string::npos);
}

TEST_CASE("human: a quote of a line megabytes long reads only what it shows",
          "[diagnostic_render]") {
  // `(` over 20 MB: splitting the whole line into code points took 0.6 s and 500 MB.
  std::string line(4000000, '(');
  line += "\xC3\xA9";
  Rendered r(line + "\n");
  r.add(DiagKind::NestingTooDeep, r.at(1, 129, 130), "nesting deeper than 128 levels");
  std::string out = r.as(DiagFormat::Human);
  CHECK(out.find("    1 | ..." + std::string(120, '(') + "...\n") != std::string::npos);
  CHECK(out.find("      |    " + std::string(40, ' ') + "^\n") != std::string::npos);
  // At the line's end: the last columns, the caret under the last character.
  Rendered end(line + "\n");
  end.add(DiagKind::NestingTooDeep, end.at(1, 4000001, 4000002), "at the end");
  std::string at_end = end.as(DiagFormat::Human);
  CHECK(at_end.find("    1 | ..." + std::string(40, '(') + "\xC3\xA9\n") != std::string::npos);
  CHECK(at_end.find("      |    " + std::string(40, ' ') + "^\n") != std::string::npos);
}

TEST_CASE("gcc: one line per diagnostic, one per note, the help as a note", "[diagnostic_render]") {
  Rendered r = misspelt_region();
  r.add(DiagKind::FileUnreadable, {}, "cannot read 'x'");
  CHECK(r.as(DiagFormat::Gcc) ==
        "spec.baton:1:11: error: unknown name 'regoin' [E0202]\n"
        "spec.baton:1:1: note: a note\n"
        "spec.baton:1:11: note: did you mean 'region'?\n"
        "baton: error: cannot read 'x' [E0001]\n");
}

TEST_CASE("json: every field, null for what is missing, counts", "[diagnostic_render]") {
  Rendered r = misspelt_region();
  r.add(DiagKind::ShadowedName, r.at(1, 1, 6), "a warning");
  nlohmann::json doc = nlohmann::json::parse(r.as(DiagFormat::Json));
  CHECK(doc["version"] == 1);
  CHECK(doc["errors"] == 1);
  CHECK(doc["warnings"] == 1);
  const nlohmann::json& first = doc["diagnostics"][0];
  CHECK(first["code"] == "E0202");
  CHECK(first["name"] == "unknown-name");
  CHECK(first["severity"] == "error");
  CHECK(first["message"] == "unknown name 'regoin'");
  CHECK(first["location"] == nlohmann::json{{"file", "spec.baton"},
                                            {"line", 1},
                                            {"column", 11},
                                            {"end_line", 1},
                                            {"end_column", 17}});
  CHECK(first["notes"][0]["message"] == "a note");
  CHECK(first["help"] == "did you mean 'region'?");
  CHECK(doc["diagnostics"][1]["help"].is_null());
  CHECK(doc["diagnostics"][1]["severity"] == "warning");
}

TEST_CASE("sarif: results with regions and related locations; no place: a notification",
          "[diagnostic_render]") {
  Rendered r = misspelt_region("web tier.baton");
  r.add(DiagKind::FileUnreadable, {}, "cannot read 'x'");
  nlohmann::json doc = nlohmann::json::parse(r.as(DiagFormat::Sarif));
  CHECK(doc["version"] == "2.1.0");
  const nlohmann::json& run = doc["runs"][0];
  CHECK(run["columnKind"] == "unicodeCodePoints");
  REQUIRE(run["results"].size() == 1);
  const nlohmann::json& result = run["results"][0];
  CHECK(result["ruleId"] == "E0202");
  CHECK(result["message"]["text"] == "unknown name 'regoin'\nhelp: did you mean 'region'?");
  const nlohmann::json& where = result["locations"][0]["physicalLocation"];
  CHECK(where["artifactLocation"]["uri"] == "web%20tier.baton");
  CHECK(where["region"] ==
        nlohmann::json{{"startLine", 1}, {"startColumn", 11}, {"endLine", 1}, {"endColumn", 17}});
  CHECK(result["relatedLocations"][0]["message"]["text"] == "a note");
  CHECK(result["partialFingerprints"]["batonDiagnostic/v1"].get<std::string>().size() == 18);
  const nlohmann::json& invocation = run["invocations"][0];
  CHECK(invocation["executionSuccessful"] == false);
  CHECK(invocation["toolExecutionNotifications"][0]["message"]["text"] == "cannot read 'x'");
}

TEST_CASE("control characters in messages, notes, help and file names are escaped",
          "[diagnostic_render]") {
  // An import path, a --param value or a file name may hold anything: ESC sequences would act
  // on the terminal, a newline would forge a diagnostic line of its own.
  Rendered r("import \"x\"\n", "a\033[2Jb\n.baton");
  Diagnostic& d = r.add(DiagKind::ImportNotFound, r.at(1, 8, 11),
                        "cannot import 'x\033]0;title\a\nfake.baton:1:1: error: spoofed'");
  d.notes.push_back({r.at(1, 1, 7),
                     "note\r\x7F\xC2\x9B"
                     "2J"});
  d.help = "help\t\xFF";
  const std::string file = "a\\x1B[2Jb\\n.baton";
  CHECK(r.as(DiagFormat::Gcc) ==
        file + ":1:8: error: cannot import 'x\\x1B]0;title\\x07\\nfake.baton:1:1: error: " +
            "spoofed' [E0002]\n" + file + ":1:1: note: note\\r\\x7F\\xC2\\x9B2J\n" + file +
            ":1:8: note: help\\t\\xFF\n");
  std::string human = r.as(DiagFormat::Human);
  CHECK(human.find(file + ":1:8: error: cannot import 'x\\x1B]0;title\\x07\\nfake.baton") == 0);
  for (char c : human) {
    INFO("byte " << static_cast<int>(static_cast<unsigned char>(c)));
    CHECK(((static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) || c == '\n'));
  }
  // json keeps the text exactly, in its own escapes.
  nlohmann::json doc = nlohmann::json::parse(r.as(DiagFormat::Json));
  CHECK(doc["diagnostics"][0]["message"] ==
        "cannot import 'x\033]0;title\a\nfake.baton:1:1: error: spoofed'");
  CHECK(doc["diagnostics"][0]["location"]["file"] == "a\033[2Jb\n.baton");
}

TEST_CASE("control characters in a quoted line show as U+FFFD, one column each",
          "[diagnostic_render]") {
  Rendered r("param a = \"\033[2J\xC2\x9B\" + y\n");
  r.add(DiagKind::UnknownName, r.at(1, 21, 22), "unknown name 'y'");
  CHECK(r.as(DiagFormat::Human) ==
        "spec.baton:1:21: error: unknown name 'y' [E0202]\n"
        "    1 | param a = \"\xEF\xBF\xBD[2J\xEF\xBF\xBD\" + y\n"
        "      | " +
            std::string(20, ' ') + "^\n1 error generated.\n");
}

TEST_CASE("a line that is not text (a NUL, a byte that is not UTF-8) is never quoted",
          "[diagnostic_render]") {
  // The line of an E0005 or E0004 diagnostic may come from any file the checker can read:
  // /proc/self/environ holds the environment's secrets between its NULs.
  Rendered binary(std::string("TOKEN=hunter2\0SECRET=x\0", 23), "/proc/self/environ");
  binary.add(DiagKind::BinaryFile, binary.at(1, 14, 15), "contains a NUL byte");
  CHECK(binary.as(DiagFormat::Human) ==
        "/proc/self/environ:1:14: error: contains a NUL byte [E0005]\n1 error generated.\n");
  Rendered latin1("password = caf\xE9\n");
  latin1.add(DiagKind::InvalidUtf8, latin1.at(1, 15, 16), "not UTF-8");
  CHECK(latin1.as(DiagFormat::Human) ==
        "spec.baton:1:15: error: not UTF-8 [E0004]\n1 error generated.\n");
}

TEST_CASE("printable_text: text as it is, every control character and bad byte escaped",
          "[diagnostic_render]") {
  CHECK(printable_text("plain 'text', caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x9A\x80") ==
        "plain 'text', caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x9A\x80");
  CHECK(printable_text("a\nb\rc\td") == "a\\nb\\rc\\td");
  CHECK(printable_text(std::string("\0\x01\x1B\x7F", 4)) == "\\x00\\x01\\x1B\\x7F");
  CHECK(printable_text("\xC2\x80\xC2\x9F\xC2\xA0") == "\\xC2\\x80\\xC2\\x9F\xC2\xA0");
  // Bytes that are not UTF-8: stray, overlong, a surrogate, cut short.
  CHECK(printable_text("\x80\xC0\xAF\xED\xA0\x80\xE2\x82") ==
        "\\x80\\xC0\\xAF\\xED\\xA0\\x80\\xE2\\x82");
  CHECK(printable_text("back\\slash") == "back\\slash");
}

}  // namespace
}  // namespace baton
