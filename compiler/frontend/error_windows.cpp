// The windows of a file with mistakes (see error_windows.h): where each starts and ends, and
// how their results add up to the whole-file path's.
#include "compiler/frontend/error_windows.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/frontend/antlr_path.h"
#include "compiler/frontend/clean_file_parser.h"
#include "compiler/frontend/module_mark.h"

namespace baton {
namespace {

/// Whether the line at `p` starts (after blanks) with a keyword that starts a declaration.
bool starts_declaration(std::string_view text, size_t p) {
  static constexpr std::string_view kKeywords[] = {"import",  "param", "host",
                                                   "service", "on",    "order"};
  for (std::string_view k : kKeywords) {
    if (text.compare(p, k.size(), k) != 0) continue;
    size_t after = p + k.size();
    if (after >= text.size()) return true;
    char c = text[after];
    bool id_char =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    return !id_char;
  }
  return false;
}

/// Finds candidate ends for a window, line by line: declarations alone on their lines.
class EndSearch {
 public:
  EndSearch(FileId file, std::string_view text, TextPoint from)
      : file_(file), text_(text), at_(from.offset), line_(from.line) {}

  /// The next declaration that starts a line at or after byte `min_start` and ends after
  /// byte `min_end`, with the point after it in `end`; false at the end of the file.
  bool next(size_t min_start, size_t min_end, TextPoint& start, TextPoint& end) {
    for (;;) {
      size_t nl = text_.find('\n', at_);
      if (nl == std::string_view::npos) return false;
      // Count the line feeds on the way, then stand at the next line's start.
      line_ += 1;
      at_ = nl + 1;
      if (at_ < min_start) continue;
      size_t p = at_;
      while (p < text_.size() && (text_[p] == ' ' || text_[p] == '\t')) ++p;
      if (!starts_declaration(text_, p)) continue;
      start = TextPoint{p, line_, static_cast<uint32_t>(p - at_ + 1)};
      if (clean_declaration_at(file_, text_, start, end) && end.offset > min_end) return true;
    }
  }

 private:
  FileId file_;
  std::string_view text_;
  size_t at_;      ///< a line feed's offset or a line's start, before the next candidate
  uint32_t line_;  ///< the line of at_
};

/// The line feeds in `text` before byte `offset`, from `from`.
uint32_t line_at(std::string_view text, TextPoint from, size_t offset) {
  return from.line + static_cast<uint32_t>(
                         std::count(text.begin() + static_cast<std::ptrdiff_t>(from.offset),
                                    text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

/// A window larger than this is first searched for a mistake that stops the whole file, in
/// its first kStopSearchBytes after the point where the hand-written parser gave up.
constexpr size_t kLargeWindow = size_t{256} << 10;
constexpr size_t kStopSearchBytes = size_t{64} << 10;

/// Everything the windows built so far, apart from the IR, in the whole-file path's order.
struct Totals {
  std::vector<Diagnostic> lexical, syntax, walk;
  std::vector<std::string> names_after, skipped;
  size_t declarations = 0;
  bool recovered = false;
  AntlrFileState state;

  void add(AntlrWindowOutput& out) {
    lexical.insert(lexical.end(), out.lexical.begin(), out.lexical.end());
    syntax.insert(syntax.end(), out.syntax.begin(), out.syntax.end());
    walk.insert(walk.end(), out.walk.begin(), out.walk.end());
    names_after.insert(names_after.end(), out.names_after.begin(), out.names_after.end());
    skipped.insert(skipped.end(), out.skipped.begin(), out.skipped.end());
    declarations += out.declarations;
    recovered = recovered || out.recovered;
  }

  /// How far the lists went, and the counts, at one point (the lists only grow).
  struct Sizes {
    size_t lexical, syntax, walk, names_after, skipped, declarations;
    bool recovered;
    AntlrFileState state;
  };
  Sizes sizes() const {
    return {lexical.size(), syntax.size(), walk.size(), names_after.size(),
            skipped.size(), declarations,  recovered,   state};
  }
  /// Back to `at`.
  void undo(const Sizes& at) {
    lexical.resize(at.lexical);
    syntax.resize(at.syntax);
    walk.resize(at.walk);
    names_after.resize(at.names_after);
    skipped.resize(at.skipped);
    declarations = at.declarations;
    recovered = at.recovered;
    state = at.state;
  }
};

/// The last window built, and how far everything went before it: a window that must start
/// inside it takes its place.
struct Built {
  TextPoint begin;
  ModuleMark mark;
  Totals::Sizes before;
};

}  // namespace

size_t build_ir_windowed(const SourceManager& sources, FileId file, ir::Module& module,
                         DiagnosticEngine& diags, std::vector<ImportRequest>& imports) {
  std::string_view text = sources.file(file).text;
  const ModuleMark at_start(module, imports);
  Totals totals;
  std::optional<Built> last;
  TextPoint pos;
  bool any_window = false;
  for (;;) {
    CleanRun run = parse_clean_run(file, text, pos, totals.state.depth, module, imports);
    totals.declarations += run.declarations;
    if (run.complete) break;
    any_window = true;
    AntlrWindow window;
    window.begin = run.window;
    if (run.window_at_begin && last) {
      // The declaration before the broken one is the last window's: that window grows.
      window.begin = last->begin;
      last->mark.undo(module, imports);
      totals.undo(last->before);
    }
    const Totals::Sizes before = totals.sizes();
    const ModuleMark mark(module, imports);
    // The search for the window's end starts on the line where the parser gave up.
    // (Back to the window's start at most: a file on one long line is not read again.)
    TextPoint search_from = window.begin;
    for (size_t i = run.failed_at; i > window.begin.offset; --i) {
      if (text[i - 1] == '\n') {
        search_from = TextPoint{i - 1, line_at(text, window.begin, i - 1), 1};
        break;
      }
    }
    EndSearch search(file, text, search_from);
    size_t min_start = 0;
    bool searched_for_stops = false;
    for (;;) {
      TextPoint start, end;
      AntlrWindowOutput out;
      AntlrFileState state = totals.state;
      window.at_end = !search.next(min_start, run.failed_at, start, end);
      window.end = window.at_end ? text.size() : end.offset;
      window.last = start;
      AntlrWindowResult result = AntlrWindowResult::Unverified;
      if (window.end - window.begin.offset > kLargeWindow && !searched_for_stops) {
        searched_for_stops = true;
        AntlrWindow head = window;
        head.stops_only = true;
        head.end = std::max(run.failed_at, window.begin.offset) + kStopSearchBytes;
        while (head.end < text.size() &&
               (static_cast<unsigned char>(text[head.end]) & 0xC0) == 0x80)
          ++head.end;  // not inside a character
        if (head.end < window.end) {
          AntlrFileState head_state = totals.state;
          result = build_ir_antlr_window(sources, file, head, head_state, module, imports, out);
        }
      }
      if (result != AntlrWindowResult::Fatal)
        result = build_ir_antlr_window(sources, file, window, state, module, imports, out);
      if (result == AntlrWindowResult::Unverified) {
        // At least double the window, so that the work stays linear in the file.
        min_start = window.begin.offset + 2 * (window.end - window.begin.offset);
        continue;
      }
      if (result == AntlrWindowResult::Fatal) {
        // Nothing of the file is parsed, only its lexical errors up to here are reported.
        at_start.undo(module, imports);
        report_all(totals.lexical, diags);
        report_all(out.lexical, diags);
        module.incomplete = true;
        return 0;
      }
      totals.state = state;
      totals.add(out);
      last = Built{window.begin, mark, before};
      pos = end;
      break;
    }
    if (window.at_end) break;
  }
  if (!any_window) {
    if (totals.declarations > 0) return totals.declarations;
    // A file that declares nothing: the ANTLR path says so.
    return build_ir_antlr(sources, file, module, diags, imports);
  }
  size_t errors_before = diags.error_count();
  report_all(totals.lexical, diags);
  report_all(totals.syntax, diags);
  report_all(totals.walk, diags);
  module.skipped_names.insert(module.skipped_names.end(), totals.names_after.begin(),
                              totals.names_after.end());
  module.skipped_names.insert(module.skipped_names.end(), totals.skipped.begin(),
                              totals.skipped.end());
  if (totals.recovered) module.incomplete = true;
  if (totals.declarations == 0 && totals.state.syntax_errors == 0 &&
      diags.error_count() == errors_before) {
    report_empty_spec(sources, file, diags);
  }
  return totals.declarations;
}

}  // namespace baton
