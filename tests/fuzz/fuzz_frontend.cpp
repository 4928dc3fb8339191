// The front end's harness: any bytes as a spec file -> diagnostics.
//
// The bytes are written to a spec file and loaded as `baton check` loads one (tests/fuzz/
// spec_file.h), so that encodings, byte order marks, NUL bytes and imports go through the
// loader. Properties, besides no crash, leak, hang or undefined behaviour:
// - the loader reads the file (a spec file is never an I/O error);
// - every diagnostic renders in the four formats; the human and gcc texts are valid UTF-8 with
//   no control character but the line feed and the tab (kept in quoted source lines, so that
//   carets line up): nothing from a spec reaches a terminal as a control sequence;
// - the fast parser (compiler/frontend/clean_file_parser.h) builds a file exactly when ANTLR
//   reports nothing about it, and then builds the IR that ANTLR builds (the same dump), as
//   tests/unit/clean_file_parser_test.cpp requires of the repository's specs and their
//   deterministic mutations.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostics/diagnostic_render.h"
#include "compiler/frontend/antlr_path.h"
#include "compiler/frontend/clean_file_parser.h"
#include "compiler/frontend/loader.h"
#include "compiler/ir/ir_dump.h"
#include "fuzz_check.h"
#include "spec_file.h"

namespace baton::fuzz {
namespace {

/// True when `text` is valid UTF-8 holding no C0 control but the line feed and the tab, no DEL
/// and no C1 control: what may reach a terminal.
bool terminal_safe(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return false;
      ++i;
      continue;
    }
    size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > text.size()) return false;
    uint32_t cp = c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    if (cp >= 0x80 && cp < 0xA0) return false;
    i += len;
  }
  return true;
}

/// The IR of one file as text, with what the front end returns beside it: two builds are the
/// same when these are.
std::string front_end_result(const SourceManager& sources, const ir::Module& module,
                             const std::vector<ImportRequest>& imports, size_t declarations) {
  ir::DumpOptions everything;
  everything.show_secret_values = true;
  std::string out = ir::dump_ir(module, sources, everything);
  out += "declarations " + std::to_string(declarations) + '\n';
  for (const ImportRequest& i : imports) {
    out += "import '" + i.path + "' " + std::to_string(i.range.line) + ':' +
           std::to_string(i.range.col) + '-' + std::to_string(i.range.end_line) + ':' +
           std::to_string(i.range.end_col) + '\n';
  }
  return out;
}

/// True when `d` comes from parsing a file (E0006 and up), not from reading or finding one.
bool from_parser(const Diagnostic& d) {
  switch (d.kind) {
    case DiagKind::FileUnreadable:
    case DiagKind::ImportNotFound:
    case DiagKind::ImportCycle:
    case DiagKind::InvalidUtf8:
    case DiagKind::BinaryFile: return false;
    default: return true;
  }
}

/// The fast parser against ANTLR on `text`, a file the loader accepted and parsed into
/// `loaded` (the fast parser's work, or where it gave up, ANTLR's). So ANTLR runs once per
/// input: here when the fast parser builds the file, in the loader when it does not.
void check_parsers_agree(const std::string& text, const DiagnosticEngine& loaded) {
  SourceManager sources;
  FileId file = sources.add("fuzz.baton", "", text);
  ir::Module fast_module;
  std::vector<ImportRequest> fast_imports;
  size_t fast_declarations = 0;
  if (!parse_clean_file(file, text, fast_module, fast_imports, fast_declarations)) {
    bool reported = false;
    for (const Diagnostic& d : loaded.diagnostics()) reported |= from_parser(d);
    require(reported, "the fast parser gives up only on a file that ANTLR reports an error in",
            text);
    return;
  }
  ir::Module antlr_module;
  std::vector<ImportRequest> antlr_imports;
  DiagnosticEngine diags;
  size_t antlr_declarations = build_ir_antlr(sources, file, antlr_module, diags, antlr_imports);
  require(diags.diagnostics().empty(), "the fast parser builds only a file that ANTLR accepts",
          diags.diagnostics().empty() ? std::string_view()
                                      : std::string_view(diags.diagnostics().front().message));
  std::string fast = front_end_result(sources, fast_module, fast_imports, fast_declarations);
  std::string antlr = front_end_result(sources, antlr_module, antlr_imports, antlr_declarations);
  require(fast == antlr, "the fast parser builds the IR that ANTLR builds",
          fast + "\n---\n" + antlr);
}

}  // namespace
}  // namespace baton::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace baton;
  using namespace baton::fuzz;
  SpecFile& spec = SpecFile::instance();
  require(spec.write(std::string_view(reinterpret_cast<const char*>(data), size)),
          "the spec file could be written");

  SourceManager sources;
  ir::Module module;
  DiagnosticEngine diags;
  require(load_spec(spec.path(), sources, module, diags) == LoadStatus::Ok,
          "the loader reads a spec file");
  diags.sort_by_location();

  for (DiagFormat format : {DiagFormat::Human, DiagFormat::Gcc}) {
    std::string text = render_diagnostics(diags.diagnostics(), sources, RenderOptions{format});
    require(terminal_safe(text), "human and gcc diagnostics hold no control character", text);
  }
  // nlohmann::json writes these: they are JSON when they render at all (it throws on what it
  // cannot write), so parsing them back would only double the cost of an input.
  for (DiagFormat format : {DiagFormat::Json, DiagFormat::Sarif})
    (void)render_diagnostics(diags.diagnostics(), sources, RenderOptions{format});
  (void)ir::dump_ir(module, sources);

  // The loader keeps a file with a NUL or invalid UTF-8 from the parsers (E0005, E0004).
  bool unreadable = false;
  for (const Diagnostic& d : diags.diagnostics())
    unreadable |= d.kind == DiagKind::BinaryFile || d.kind == DiagKind::InvalidUtf8;
  if (!unreadable && sources.size() > 0) check_parsers_agree(sources.file(0).text, diags);
  return 0;
}
