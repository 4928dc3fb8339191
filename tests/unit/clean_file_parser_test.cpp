// The fast parser against the ANTLR path: on every spec in the repository and on thousands of
// deterministic mutations of them, the fast path either gives up (and changes nothing) or
// builds exactly the IR that ANTLR builds, and it gives up only where ANTLR reports something.
#include "compiler/frontend/clean_file_parser.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

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

/// Everything the front end produced, as text: two builds are the same when their dumps are.
/// The IR through its dump (secret values too: they must match as well), then what the front
/// end returns beside it.
std::string dump(const SourceManager& sources, const ir::Module& m,
                 const std::vector<ImportRequest>& imports, size_t declarations) {
  ir::DumpOptions everything;
  everything.show_secret_values = true;
  std::string out = ir::dump_ir(m, sources, everything);
  out += "declarations " + std::to_string(declarations) + '\n';
  for (const ImportRequest& i : imports) out += "import '" + i.path + "' " + at(i.range) + '\n';
  return out;
}

struct Outcome {
  bool fast_ok = false;
  std::string fast, antlr;  ///< dumps
  size_t antlr_diagnostics = 0;
  std::string first_diagnostic;
};

/// Builds `text` both ways, each into a module that already holds a declaration (so that the
/// fast path's undo and its ids after existing expressions are exercised too).
Outcome both_ways(const std::string& text) {
  const std::string prelude = "param prelude = [1, \"${2}\"]\n";
  Outcome o;
  SourceManager sources;
  FileId pre = sources.add("pre.baton", "", prelude);
  FileId f = sources.add("t.baton", "", text);
  {
    ir::Module m;
    std::vector<ImportRequest> imports;
    size_t n = 0;
    REQUIRE(parse_clean_file(pre, prelude, m, imports, n));
    std::string before = dump(sources, m, imports, n);
    o.fast_ok = parse_clean_file(f, text, m, imports, n);
    o.fast = o.fast_ok ? dump(sources, m, imports, n) : before;
    if (!o.fast_ok) CHECK(dump(sources, m, imports, 1) == before);  // undone whole
  }
  {
    ir::Module m;
    std::vector<ImportRequest> imports;
    DiagnosticEngine diags;
    size_t n = build_ir_antlr(sources, pre, m, diags, imports);
    REQUIRE(diags.diagnostics().empty());
    std::string before = dump(sources, m, imports, n);
    n = build_ir_antlr(sources, f, m, diags, imports);
    o.antlr = dump(sources, m, imports, n);
    if (!o.fast_ok) o.antlr = before;  // compared only when the fast path built something
    o.antlr_diagnostics = diags.diagnostics().size();
    if (!diags.diagnostics().empty()) {
      const Diagnostic& d = diags.diagnostics().front();
      o.first_diagnostic =
          std::string(diag_info(d.kind).code) + " " + at(d.range) + " " + d.message;
    }
  }
  return o;
}

using test::corpus;
using test::read;
using test::valid_utf8;

/// The fast path agrees with ANTLR on `text`: it builds the same IR when it builds at all,
/// it builds only when ANTLR reports nothing, and it builds whenever ANTLR reports nothing.
void agree(const std::string& text, const std::string& what) {
  Outcome o = both_ways(text);
  INFO(what << "\n---\n"
            << text << "\n---\nANTLR: " << o.antlr_diagnostics << " diagnostics "
            << o.first_diagnostic);
  CHECK(o.fast_ok == (o.antlr_diagnostics == 0));
  if (o.fast_ok != (o.antlr_diagnostics == 0)) std::ofstream("/tmp/fpfail.baton") << text;
  if (o.fast_ok) CHECK(o.fast == o.antlr);
}

TEST_CASE("fast parser: the same IR as ANTLR on every spec in the repository",
          "[clean_file_parser]") {
  std::vector<fs::path> files = corpus();
  REQUIRE(files.size() > 50);
  size_t fast = 0;
  for (const fs::path& p : files) {
    std::string text = read(p);
    if (!valid_utf8(text)) continue;  // the loader rejects these before parsing
    agree(text, p.string());
    fast += both_ways(text).fast_ok;
  }
  CHECK(fast > 30);  // most of the corpus is valid: the comparison above is not vacuous
}

TEST_CASE("fast parser: the same IR as ANTLR on mutated specs", "[clean_file_parser]") {
  // Deterministic: a fixed linear congruential generator, not std::random_device.
  uint64_t state = 0x9e3779b97f4a7c15ull;
  auto next = [&state](size_t bound) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>((state >> 33) % bound);
  };
  static const std::vector<std::string> kInserts = {"{",       "}",          "[",
                                                    "]",       "(",          ")",
                                                    "\"",      "${",         "$",
                                                    "\\",      "\\n",        "\\q",
                                                    ";",       ",",          ".",
                                                    "*",       "-",          "->",
                                                    "<",       "<=",         "==",
                                                    "=",       "!",          "|",
                                                    "||",      "&&",         "#",
                                                    "//",      "/*",         "*/",
                                                    "\n",      "\r",         "\t",
                                                    " ",       "x",          "host",
                                                    "min",     "on",         "after",
                                                    "when",    "repeatable", "99999999999999999999",
                                                    "0",       "é",          "\xe2\x82\xac",
                                                    "@",       "`",          "[*]",
                                                    "changed", "ok",         "capture",
                                                    "sh",      "import",     "env"};
  size_t mutated = 0;
  for (const fs::path& p : corpus()) {
    std::string original = read(p);
    if (original.size() > 20000 || !valid_utf8(original)) continue;
    for (int round = 0; round < 24; ++round) {
      std::string text = original;
      for (int edits = 1 + static_cast<int>(next(3)); edits > 0 && !text.empty(); --edits) {
        size_t pos = next(text.size() + 1);
        switch (next(4)) {
          case 0: text.erase(pos, 1 + next(4)); break;
          case 1: text.insert(std::min(pos, text.size()), kInserts[next(kInserts.size())]); break;
          case 2:
            if (pos + 1 < text.size()) std::swap(text[pos], text[pos + 1]);
            break;
          default: text.resize(std::min(pos, text.size())); break;
        }
      }
      if (!valid_utf8(text)) continue;
      agree(text, p.string() + " mutation " + std::to_string(round));
      ++mutated;
    }
  }
  CHECK(mutated > 1000);
}

TEST_CASE("fast parser: columns count code points, lines count line feeds", "[clean_file_parser]") {
  agree("param a = \"é€\"; param b = 1 // ü\n/* ä\n ö */ param c = [a, b]\r\nparam d = \"${c}\"",
        "unicode");
  agree("param a = \"$$${x}$\" param b = \"\\$\\\"\\\\\\n\\t\\r$\\\\\"", "dollars and escapes");
  agree(
      "host h[2] min 1 { address = \"10.0.0.${index}\" }\nservice s on h {\n"
      "  input i = host.address  output o = capture \"hostname\"\n"
      "  action a after t[*].b, t[0] when !-x[0].y[*].z && (1 + 2) * 3 % 4 >= 5 repeatable {\n"
      "    sh \"echo ${f(1, [2, 3,],)}\" sh \"true\";\n  }\n  handler h env A = 1, B_2 = \"${i}\" "
      "{ }\n}\n"
      "on s.a changed -> s.h; order s, t before u.v\nimport \"x.baton\"",
      "every construct");
}

TEST_CASE("fast parser: a chain of small files grows the expressions geometrically",
          "[clean_file_parser]") {
  // Each file of an import chain is parsed into the same module. Reserving exactly what each
  // one needs moved every expression parsed so far once per file: quadratic in the chain.
  ir::Module module;
  std::vector<ImportRequest> imports;
  // 40 bytes and two expressions (the path and the value): 20 bytes each, just what the
  // reservation expects, so that each file fills exactly what was reserved for it.
  const std::string text = "import \"next.baton\"\nparam value = 12345\n";
  REQUIRE(text.size() == 40);
  size_t moves = 0;
  const int files = 4000;
  for (int i = 0; i < files; ++i) {
    const ir::Expr* before = module.exprs.data();
    size_t declarations = 0;
    REQUIRE(parse_clean_file(static_cast<FileId>(i), text, module, imports, declarations));
    moves += module.exprs.data() != before;
  }
  CHECK(module.exprs.size() == 2 * static_cast<size_t>(files));
  CHECK(moves <= 20);  // a doubling series: about log2(8000) = 13
}

}  // namespace
}  // namespace baton
