// The windows of the ANTLR path against the whole file through ANTLR: on every spec in the
// repository, on thousands of deterministic mutations of them, and on long specs with mistakes
// at their start, middle and end, build_ir() (windows) reports exactly the diagnostics that
// build_ir_antlr() (the whole file) reports, in the same order, and builds the same IR.
#include "compiler/frontend/error_windows.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <string_view>

#include "compiler/frontend/antlr_path.h"
#include "compiler/ir/ir_dump.h"
#include "spec_corpus.h"

namespace baton {
namespace {

namespace fs = std::filesystem;

std::string at(const SourceRange& r) {
  std::ostringstream out;
  out << r.file << ':' << r.line << ':' << r.col << '-' << r.end_line << ':' << r.end_col;
  return out.str();
}

/// Everything the front end produced for one file, as text: diagnostics with their notes and
/// help, the IR (secret values too), the imports and the count of declarations.
std::string build(const std::string& text, bool windows) {
  const std::string prelude = "param prelude = [1, \"${2}\"]\n";
  SourceManager sources;
  FileId pre = sources.add("pre.baton", "", prelude);
  FileId f = sources.add("t.baton", "", text);
  ir::Module m;
  std::vector<ImportRequest> imports;
  DiagnosticEngine diags;
  clear_antlr_cache();
  build_ir_antlr(sources, pre, m, diags, imports);
  size_t n = windows ? build_ir_windowed(sources, f, m, diags, imports)
                     : build_ir_antlr(sources, f, m, diags, imports);
  std::string out;
  for (const Diagnostic& d : diags.diagnostics()) {
    out += std::string(diag_info(d.kind).code) + " " + at(d.range) + " " + d.message + '\n';
    for (const DiagNote& note : d.notes)
      out += "  note " + at(note.range) + " " + note.message + '\n';
    if (!d.help.empty()) out += "  help " + d.help + '\n';
  }
  ir::DumpOptions everything;
  everything.show_secret_values = true;
  out += ir::dump_ir(m, sources, everything);
  out += "declarations " + std::to_string(n) + '\n';
  for (const ImportRequest& i : imports) out += "import '" + i.path + "' " + at(i.range) + '\n';
  return out;
}

/// The windows and the whole file agree on `text`.
void agree(const std::string& text, const std::string& what) {
  std::string whole = build(text, false);
  std::string windowed = build(text, true);
  INFO(what << "\n---\n" << text << "\n---");
  CHECK(windowed == whole);
  if (windowed != whole) std::ofstream("/tmp/window_fail.baton") << text;
}

/// The first line of `s`.
std::string first_line(const std::string& s) {
  return s.substr(0, s.find('\n'));
}

/// With several mistakes, the windows and the whole file agree on the first diagnostic; and
/// mostly on all. ANTLR's recovery from a later mistake can depend on the earlier ones through
/// its prediction cache (the same mistake met before), which the windows do not replay whole.
/// Returns whether they agree on everything.
bool agree_on_first(const std::string& text, const std::string& what) {
  std::string whole = build(text, false);
  std::string windowed = build(text, true);
  INFO(what << "\n---\n" << text << "\n---");
  CHECK(first_line(windowed) == first_line(whole));
  return windowed == whole;
}

using test::corpus;
using test::read;
using test::valid_utf8;

/// A deterministic generator: a fixed linear congruential one, not std::random_device.
struct Random {
  uint64_t state = 0x2545f4914f6cdd1dull;
  size_t operator()(size_t bound) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>((state >> 33) % bound);
  }
};

const std::vector<std::string> kInserts = {"{",
                                           "}",
                                           "[",
                                           "]",
                                           "(",
                                           ")",
                                           "\"",
                                           "${",
                                           "$",
                                           "\\",
                                           "\\q",
                                           ";",
                                           ",",
                                           ".",
                                           "*",
                                           "-",
                                           "->",
                                           "<",
                                           "==",
                                           "=",
                                           "!",
                                           "|",
                                           "&&",
                                           "#",
                                           "//",
                                           "/*",
                                           "*/",
                                           "\n",
                                           "\r",
                                           " ",
                                           "x",
                                           "host",
                                           "min",
                                           "on",
                                           "after",
                                           "when",
                                           "99999999999999999999",
                                           "é",
                                           "@",
                                           "`",
                                           "[*]",
                                           "changed",
                                           "sh",
                                           "import",
                                           "service",
                                           "param",
                                           "\n}\n",
                                           "\nservice x on y {\n",
                                           "'a'",
                                           "${#",
                                           "\"${"};

/// `text` with 1 to `most` random edits.
std::string mutate(std::string text, Random& next, int most) {
  for (int edits = 1 + static_cast<int>(next(static_cast<size_t>(most)));
       edits > 0 && !text.empty(); --edits) {
    size_t pos = next(text.size() + 1);
    switch (next(4)) {
      case 0: text.erase(pos, 1 + next(4)); break;
      case 1: text.insert(std::min(pos, text.size()), kInserts[next(kInserts.size())]); break;
      case 2:
        if (pos + 1 < text.size()) std::swap(text[pos], text[pos + 1]);
        break;
      default:
        if (next(3) == 0) text.resize(std::min(pos, text.size()));
        break;
    }
  }
  return text;
}

TEST_CASE("error windows: the whole file's diagnostics on every spec in the repository",
          "[error_windows]") {
  size_t files = 0;
  for (const fs::path& p : corpus()) {
    std::string text = read(p);
    if (!valid_utf8(text)) continue;  // the loader rejects these before parsing
    agree(text, p.string());
    ++files;
  }
  CHECK(files > 50);
}

TEST_CASE("error windows: the whole file's diagnostics on mutated specs", "[error_windows]") {
  Random next;
  size_t mutated = 0;
  for (const fs::path& p : corpus()) {
    std::string original = read(p);
    if (original.size() > 20000 || !valid_utf8(original)) continue;
    for (int round = 0; round < 16; ++round) {
      std::string text = mutate(original, next, 4);
      if (!valid_utf8(text)) continue;
      agree(text, p.string() + " mutation " + std::to_string(round));
      ++mutated;
    }
  }
  CHECK(mutated > 1000);
}

/// A flat spec of `n` declarations of every kind, one or more lines each.
std::string long_spec(int n) {
  std::string s = "host h[3] min 1 {\n  address = \"10.0.0.${index}\"\n}\n";
  auto add = [&s](std::initializer_list<std::string_view> parts) {
    for (std::string_view part : parts) s += part;
  };
  for (int i = 0; i < n; ++i) {
    const std::string k = std::to_string(i), before = std::to_string(i - 1),
                      two_before = std::to_string(i - 2);
    switch (i % 4) {
      case 0: add({"param p", k, " = ", k, " + 1\n"}); break;
      case 1:
        add({"service s", k, " on h {\n  input i = \"${p", before, "}\"\n  action run {\n",
             "    sh \"echo ", k, "\"\n  }\n}\n"});
        break;
      case 2: add({"order s", before, " before s", before, ".run\n"}); break;
      default: add({"on s", two_before, ".run changed -> s", two_before, ".run\n"}); break;
    }
  }
  return s;
}

TEST_CASE("error windows: a mistake at many places of a long spec", "[error_windows]") {
  const std::string original = long_spec(120);
  Random next;
  for (int round = 0; round < 300; ++round) {
    std::string text = mutate(original, next, 1);
    if (!valid_utf8(text)) continue;
    agree(text, "long spec mutation " + std::to_string(round));
  }
}

TEST_CASE("error windows: several mistakes in a long spec", "[error_windows]") {
  const std::string original = long_spec(120);
  Random next;
  next.state = 0x51;
  for (int round = 0; round < 200; ++round) {
    std::string text = mutate(original, next, 6);
    if (!valid_utf8(text)) continue;
    agree(text, "long spec mutations " + std::to_string(round));
  }
}

TEST_CASE("error windows: blocks and strings left open, at the start, middle and end",
          "[error_windows]") {
  const std::string spec = long_spec(40);
  const std::vector<std::string> breaks = {
      "service broken on h {\n  input a = 1\n",  // an unclosed block
      "param s = \"open\n",                      // a string open to the end of its line
      "param s = \"${open\n",                    // an interpolation open
      "param s = \"open",                        // a string open at the end of file
      "/* open\n",                               // a comment open to the end of file
      "param x = ((((((((\n",                    // brackets left open
      "param = 1\n",                             // a name missing
      "= 2\n",                                   // a stray assignment after a value
      "}\n",                                     // a brace that closes nothing
      "param t: strnig = 1\n",                   // an unknown type (no syntax error)
      "param n = 99999999999999999999\n",        // an integer too large
      "param q = `x`\n",                         // invalid characters
  };
  for (const std::string& b : breaks) {
    agree(b + spec, "at the start: " + b);
    agree(spec + b, "at the end: " + b);
    size_t middle = spec.find("\nparam p20 ") + 1;
    std::string in_middle = spec.substr(0, middle);
    in_middle += b;
    in_middle += spec.substr(middle);
    agree(in_middle, "in the middle: " + b);
    // Brackets left open three times: ANTLR's recovery from the later ones depends on the
    // earlier ones through its prediction cache (see agree_on_first).
    std::string thrice = b;
    thrice += in_middle;
    thrice += b;
    if (b.find("((") != std::string::npos) {
      agree_on_first(thrice, "three times: " + b);
    } else {
      agree(thrice, "three times: " + b);
    }
  }
  std::string nested;
  for (int i = 0; i < 130; ++i) nested += "(";
  agree(spec + "param deep = " + nested + "\n" + spec, "nesting too deep");
  std::string many;
  for (int i = 0; i < 60; ++i) many += "param = " + std::to_string(i) + "\n" + long_spec(2);
  agree(many, "more than 50 syntax errors");
  std::string bad_chars;
  for (int i = 0; i < 60; ++i) bad_chars += "param b" + std::to_string(i) + " = 1 @ 2\n";
  agree(bad_chars, "more than 50 lexical errors");
}

}  // namespace
}  // namespace baton
