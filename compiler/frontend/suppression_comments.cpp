// Suppression comments: the scan that finds them, and their matching against diagnostics.
#include "compiler/frontend/suppression_comments.h"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "compiler/base/closest_name.h"

namespace baton {
namespace {

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}
bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

/// Walks one file as the lexer would (strings, interpolations, braces, comments), collecting
/// its suppression comments and the lines each one covers.
class CommentScanner {
 public:
  CommentScanner(const SourceFile& file, FileId id, DiagnosticEngine& diags,
                 std::vector<Suppression>& out)
      : s_(file.text), id_(id), diags_(diags), out_(out) {}

  void run() {
    const size_t n = s_.size();
    size_t pos = 0;
    while (pos < n) {
      char c = s_[pos];
      if (c == '\n') {
        if (in_string()) modes_.pop_back();  // a line break ends an unterminated string
        end_line(pos);
        ++pos;
      } else if (in_string()) {
        pos = string_char(pos);
      } else if (is_blank(c) || c == '\r' || c == '\f') {
        ++pos;
      } else if (c == '#' || (c == '/' && pos + 1 < n && s_[pos + 1] == '/')) {
        size_t end = std::min(s_.find('\n', pos), n);
        if (end > pos && s_[end - 1] == '\r') --end;
        line_comment(pos, end);
        pos = end;
      } else if (c == '/' && pos + 1 < n && s_[pos + 1] == '*') {
        size_t close = s_.find("*/", pos + 2);
        size_t end = close == std::string_view::npos ? n : close + 2;
        for (size_t i = pos; i < end; ++i)
          if (s_[i] == '\n') end_line(i);
        pos = end;
      } else {
        code_at();
        if (c == '"') {
          modes_.push_back(Mode::String);
        } else if (c == '{') {
          modes_.push_back(Mode::Block);
        } else if (c == '}' && !modes_.empty()) {
          modes_.pop_back();
        }
        ++pos;
      }
    }
    // The end of the file ends every statement still open (an unclosed block included).
    for (const Open& o : open_) out_[o.index].last_line = line_;
  }

 private:
  enum class Mode { String, Block };
  struct Open {
    size_t index;  ///< in out_
    size_t depth;  ///< nesting where its statement began
  };

  bool in_string() const { return !modes_.empty() && modes_.back() == Mode::String; }

  /// One character inside a string; returns the position after it.
  size_t string_char(size_t pos) {
    char c = s_[pos];
    if (c == '"') {
      modes_.pop_back();
    } else if (c == '\\' && pos + 1 < s_.size() && s_[pos + 1] != '\n') {
      return pos + 2;
    } else if (c == '$' && pos + 1 < s_.size() && s_[pos + 1] == '{') {
      modes_.push_back(Mode::Block);
      return pos + 2;
    }
    return pos + 1;
  }

  /// A character of code on the current line: it starts the statement that waiting own-line
  /// suppressions cover.
  void code_at() {
    if (line_has_code_) return;
    line_has_code_ = true;
    for (size_t index : waiting_) {
      out_[index].first_line = line_;
      open_.push_back(Open{index, modes_.size()});
    }
    waiting_.clear();
  }

  /// The line break at `pos` ends the current line, and each statement whose block is closed.
  void end_line(size_t pos) {
    auto closed = [&](const Open& o) {
      if (modes_.size() > o.depth) return false;
      out_[o.index].last_line = line_;
      return true;
    };
    open_.erase(std::remove_if(open_.begin(), open_.end(), closed), open_.end());
    ++line_;
    line_start_ = pos + 1;
    line_has_code_ = false;
  }

  uint32_t column(size_t pos) const {
    uint32_t col = 1;
    for (size_t i = line_start_; i < pos; ++i) col += is_continuation(s_[i]) ? 0 : 1;
    return col;
  }

  SourceRange range(size_t from, size_t to) const {
    uint32_t col = column(from);
    uint32_t end = col;
    for (size_t i = from; i < to; ++i) end += is_continuation(s_[i]) ? 0 : 1;
    return SourceRange{id_, line_, col, line_, std::max(end, col + 1)};
  }

  void invalid(size_t from, size_t to, std::string message, std::string help = "") {
    diags_.report(DiagKind::InvalidSuppression, range(from, to), std::move(message)).help =
        std::move(help);
  }

  /// A `#` or `//` comment from `pos` to `end`: a suppression if its text starts with `baton:`.
  void line_comment(size_t pos, size_t end) {
    size_t k = pos + (s_[pos] == '#' ? 1 : 2);
    while (k < end && is_blank(s_[k])) ++k;
    constexpr std::string_view kTag = "baton:";
    if (s_.compare(k, kTag.size(), kTag) != 0) return;
    const size_t tag = k;
    k += kTag.size();
    while (k < end && is_blank(s_[k])) ++k;
    constexpr std::string_view kIgnore = "ignore[";
    if (s_.compare(k, kIgnore.size(), kIgnore) != 0 || k + kIgnore.size() > end) {
      invalid(tag, end, "this 'baton:' comment is not a suppression",
              "write '# baton: ignore[CODE, ...] reason'");
      return;
    }
    k += kIgnore.size();
    size_t close = s_.find(']', k);
    if (close == std::string_view::npos || close >= end) {
      invalid(tag, end, "the code list of this suppression has no closing ']'");
      return;
    }
    Suppression sup;
    sup.file = id_;
    bool named = false;
    while (k < close) {
      while (k < close && (is_blank(s_[k]) || s_[k] == ',')) ++k;
      size_t word_end = k;
      while (word_end < close && !is_blank(s_[word_end]) && s_[word_end] != ',') ++word_end;
      if (word_end > k) {
        named = true;
        add_rule(sup, k, word_end);
      }
      k = word_end;
    }
    if (!named) {
      invalid(tag, close + 1, "this suppression names no diagnostic",
              "name the codes to silence: '# baton: ignore[W0201]'");
    }
    if (sup.rules.empty()) return;
    if (line_has_code_) {
      sup.first_line = sup.last_line = line_;
      out_.push_back(std::move(sup));
    } else {
      out_.push_back(std::move(sup));
      waiting_.push_back(out_.size() - 1);
    }
  }

  void add_rule(Suppression& sup, size_t from, size_t to) {
    std::string_view word = s_.substr(from, to - from);
    const DiagKindInfo* info = find_diag_kind(word);
    if (info == nullptr) {
      std::string near = closest_name(word, diag_kind_words(true));
      invalid(from, to, fmt::format("unknown diagnostic '{}' in a suppression", word),
              near.empty() ? "" : fmt::format("did you mean '{}'?", near));
      return;
    }
    if (info->severity == Severity::Error) {
      invalid(from, to, fmt::format("{} is an error: errors cannot be silenced", info->code),
              "fix what it reports; only warnings and remarks can be silenced");
      return;
    }
    if (info->kind == DiagKind::UnusedSuppression || info->kind == DiagKind::InvalidSuppression) {
      invalid(from, to, fmt::format("{} cannot be silenced by a comment", info->code),
              fmt::format("allow it with --allow {} or in baton.toml", info->code));
      return;
    }
    sup.rules.push_back(SuppressedRule{info->kind, range(from, to)});
  }

  std::string_view s_;
  FileId id_;
  DiagnosticEngine& diags_;
  std::vector<Suppression>& out_;
  uint32_t line_ = 1;
  size_t line_start_ = 0;
  bool line_has_code_ = false;
  std::vector<Mode> modes_;
  std::vector<size_t> waiting_;  ///< own-line suppressions before their statement
  std::vector<Open> open_;       ///< suppressions whose statement has not ended
};

/// The suppressions of one code in one file, by first line, with the running furthest end:
/// the lines of a diagnostic are covered when some interval starting at or before it reaches it.
struct CoverIndex {
  struct Entry {
    uint32_t first_line, last_line;
    SuppressedRule* rule;
    size_t reach;  ///< index of the entry with the largest last_line among entries [0, this]
  };
  std::vector<Entry> entries;

  void finish() {
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return a.first_line < b.first_line; });
    for (size_t i = 0; i < entries.size(); ++i) {
      size_t best = i;
      if (i > 0 && entries[entries[i - 1].reach].last_line >= entries[i].last_line)
        best = entries[i - 1].reach;
      entries[i].reach = best;
    }
  }

  SuppressedRule* covering(uint32_t line) const {
    auto after = std::upper_bound(entries.begin(), entries.end(), line,
                                  [](uint32_t l, const Entry& e) { return l < e.first_line; });
    if (after == entries.begin()) return nullptr;
    const Entry& best = entries[std::prev(after)->reach];
    return best.last_line >= line ? best.rule : nullptr;
  }
};

}  // namespace

SuppressionSet SuppressionSet::scan(const SourceManager& sources, FileId first, FileId end,
                                    DiagnosticEngine& diags) {
  SuppressionSet set;
  for (FileId id = first; id < end && id < sources.size(); ++id) {
    const SourceFile& file = sources.file(id);
    if (file.text.find("baton:") == std::string::npos) continue;
    CommentScanner(file, id, diags, set.suppressions_).run();
  }
  return set;
}

void SuppressionSet::apply(std::vector<Diagnostic>& list) {
  if (suppressions_.empty()) return;
  std::map<std::pair<FileId, DiagKind>, CoverIndex> index;
  for (Suppression& s : suppressions_) {
    if (s.first_line == 0) continue;
    for (SuppressedRule& r : s.rules)
      index[{s.file, r.kind}].entries.push_back({s.first_line, s.last_line, &r, 0});
  }
  for (auto& [key, cover] : index) cover.finish();
  auto silenced = [&](const Diagnostic& d) {
    if (diag_info(d.kind).severity == Severity::Error || !d.range.valid()) return false;
    auto it = index.find({d.range.file, d.kind});
    if (it == index.end()) return false;
    SuppressedRule* rule = it->second.covering(d.range.line);
    if (rule == nullptr) return false;
    rule->used = true;
    return true;
  };
  list.erase(std::remove_if(list.begin(), list.end(), silenced), list.end());
}

void SuppressionSet::report_unused(DiagnosticEngine& diags) const {
  for (const Suppression& s : suppressions_) {
    for (const SuppressedRule& r : s.rules) {
      if (r.used) continue;
      const DiagKindInfo& info = diag_info(r.kind);
      diags
          .report(DiagKind::UnusedSuppression, r.range,
                  fmt::format("this suppression of {} silenced nothing", info.code))
          .help = s.first_line == 0 ? "no statement follows it: move it onto the line it is for"
                                    : fmt::format("remove {} from the comment", info.code);
    }
  }
}

}  // namespace baton
