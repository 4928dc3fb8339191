// The canonical layout (spec_layout.h): one pass that classifies the tokens (which start an
// item, which brackets hold a list, which blocks stay on one line), one that builds the layout
// document (layout_doc.h) with every comment where it stands, then the printer.
#include "format/spec_layout.h"

#include <array>
#include <cstddef>
#include <vector>

#include "format/format_tokens.h"

namespace baton::format {
namespace {

/// The reserved words of docs/language.md.
bool is_reserved(std::string_view w) {
  static constexpr std::array<std::string_view, 20> kWords = {
      "import", "param",   "host",   "min",     "service", "on",    "input",
      "output", "capture", "action", "handler", "when",    "after", "repeatable",
      "env",    "sh",      "order",  "before",  "true",    "false"};
  for (std::string_view k : kWords)
    if (w == k) return true;
  return false;
}

/// Words that begin a declaration, a member or a command wherever they stand.
bool is_item_keyword(std::string_view w) {
  static constexpr std::array<std::string_view, 9> kWords = {
      "import", "param", "service", "order", "input", "output", "action", "handler", "sh"};
  for (std::string_view k : kWords)
    if (w == k) return true;
  return false;
}

enum class Role : uint8_t {
  Plain,
  BlockOpen,   ///< `{`
  BlockClose,  ///< `}`
  GroupOpen,   ///< `(` or `[` holding a comma at its level: a list that may wrap
  GroupClose,
  GroupComma,    ///< a comma of such a list
  DroppedSemi,   ///< a `;` between items: not printed
  DroppedComma,  ///< a list's trailing comma: printed only when the list is broken
};

/// What the classification pass learns about each significant (non-comment) token.
struct TokenFacts {
  Role role = Role::Plain;
  bool starts_item = false;
  bool unary = false;        ///< a prefix `-` or `!`
  bool one_line = false;     ///< BlockOpen/BlockClose: the block stays on one line
  bool force_break = false;  ///< GroupOpen: the list had a trailing comma
  bool empty = false;        ///< BlockOpen/BlockClose: nothing between the braces
};

class Layout {
 public:
  Layout(std::string_view text, const LayoutWidth& width)
      : text_(text), width_(width), all_(lex_for_format(text)) {
    for (size_t i = 0; i < all_.size(); ++i)
      if (!all_[i].is_comment()) sig_.push_back(i);
    facts_.resize(sig_.size());
  }

  std::string run() {
    classify_brackets();
    classify_items();
    classify_one_line_blocks();
    build();
    return print_doc(doc_, width_);
  }

 private:
  std::string_view text(size_t k) const { return token_text(text_, all_[sig_[k]]); }
  const Token& tok(size_t k) const { return all_[sig_[k]]; }
  bool is(size_t k, std::string_view s) const {
    return k < sig_.size() && tok(k).kind != TokenKind::String && text(k) == s;
  }

  /// A token after which an expression (or a clause) is complete.
  bool ends_value(size_t k) const {
    const Token& t = tok(k);
    if (t.kind == TokenKind::Int || t.kind == TokenKind::String) return true;
    if (t.kind == TokenKind::Word) {
      std::string_view w = text(k);
      return !is_reserved(w) || w == "true" || w == "false" || w == "host" || w == "repeatable";
    }
    std::string_view p = text(k);
    return p == ")" || p == "]" || p == "}";
  }

  /// Brackets: blocks, lists that may wrap (a comma at their level), trailing commas.
  void classify_brackets() {
    struct Open {
      size_t at;
      bool comma = false;
    };
    std::vector<Open> open;
    for (size_t k = 0; k < sig_.size(); ++k) {
      std::string_view p = tok(k).kind == TokenKind::Punct ? text(k) : std::string_view{};
      if (p == "{" || p == "(" || p == "[") {
        if (p == "{") facts_[k].role = Role::BlockOpen;
        open.push_back({k});
      } else if (p == "}" || p == ")" || p == "]") {
        if (open.empty()) continue;
        Open o = open.back();
        open.pop_back();
        if (p == "}") {
          if (facts_[o.at].role == Role::BlockOpen) {
            facts_[k].role = Role::BlockClose;
            partner_.emplace_back(o.at, k);
            facts_[o.at].empty = facts_[k].empty = k == o.at + 1;
          }
          continue;
        }
        if (!o.comma || facts_[o.at].role == Role::BlockOpen) continue;
        facts_[o.at].role = Role::GroupOpen;
        facts_[k].role = Role::GroupClose;
        if (is(k - 1, ",")) {
          facts_[k - 1].role = Role::DroppedComma;
          facts_[o.at].force_break = true;
        }
      } else if (p == "," && !open.empty() && facts_[open.back().at].role != Role::BlockOpen) {
        open.back().comma = true;
      }
    }
    // The commas of the lists: those directly inside a GroupOpen.
    std::vector<size_t> stack;
    for (size_t k = 0; k < sig_.size(); ++k) {
      Role r = facts_[k].role;
      std::string_view p = tok(k).kind == TokenKind::Punct ? text(k) : std::string_view{};
      if (p == "{" || p == "(" || p == "[") {
        stack.push_back(k);
      } else if (p == "}" || p == ")" || p == "]") {
        if (!stack.empty()) stack.pop_back();
      } else if (p == "," && r == Role::Plain && !stack.empty() &&
                 facts_[stack.back()].role == Role::GroupOpen) {
        facts_[k].role = Role::GroupComma;
      }
    }
  }

  /// Which tokens start an item (a declaration, a member, an attribute, a command), which `;`
  /// go, which `-` and `!` are prefixes.
  void classify_items() {
    int depth = 0;           // brackets ( [ open inside the current block
    std::vector<int> saved;  // the depth of each enclosing block
    size_t item_first = SIZE_MAX;
    bool seen_arrow = false;
    bool after_semi = false;
    for (size_t k = 0; k < sig_.size(); ++k) {
      const Token& t = tok(k);
      std::string_view s = text(k);
      bool punct = t.kind == TokenKind::Punct;
      if (punct && (s == "-" || s == "!"))
        facts_[k].unary = s == "!" || k == 0 || !ends_value(k - 1);
      if (facts_[k].role == Role::BlockOpen) {
        saved.push_back(depth);
        depth = 0;
        after_semi = false;
        continue;
      }
      if (facts_[k].role == Role::BlockClose) {
        depth = saved.empty() ? 0 : saved.back();
        if (!saved.empty()) saved.pop_back();
        after_semi = false;
        continue;
      }
      if (depth == 0 && punct && s == ";") {
        facts_[k].role = Role::DroppedSemi;
        after_semi = true;
        continue;
      }
      if (depth == 0 && starts_item(k, item_first, seen_arrow, after_semi)) {
        facts_[k].starts_item = true;
        item_first = k;
        seen_arrow = false;
      }
      after_semi = false;
      if (punct && s == "->") seen_arrow = true;
      if (punct && (s == "(" || s == "[")) ++depth;
      if (punct && (s == ")" || s == "]") && depth > 0) --depth;
    }
  }

  bool starts_item(size_t k, size_t item_first, bool seen_arrow, bool after_semi) const {
    if (k == 0 || after_semi) return true;
    Role prev = facts_[k - 1].role;
    if (prev == Role::BlockOpen || prev == Role::BlockClose) return true;
    const Token& t = tok(k);
    if (t.kind != TokenKind::Word) return false;
    std::string_view w = text(k);
    if (is_item_keyword(w)) return true;
    if (w == "host") return k + 1 < sig_.size() && tok(k + 1).kind == TokenKind::Word;
    if (w == "on") return !(k >= 2 && is(k - 2, "service"));
    if (is_reserved(w) || !ends_value(k - 1)) return false;
    if (is(k + 1, "=")) return true;  // a host's attribute
    // A construct this file does not know: its items are the lines of the source.
    bool in_event = item_first < sig_.size() && is(item_first, "on") && !seen_arrow;
    return !in_event && breaks_between(k - 1, k) > 0;
  }

  /// Line breaks in the source between significant tokens a and b (comments included).
  uint32_t breaks_between(size_t a, size_t b) const {
    uint32_t n = 0;
    for (size_t i = sig_[a] + 1; i <= sig_[b]; ++i) {
      n += all_[i].breaks_before;
      if (all_[i].kind == TokenKind::BlockComment) {
        std::string_view c = token_text(text_, all_[i]);
        n += c.find('\n') != std::string_view::npos;
      }
    }
    return n;
  }

  /// A block stays on one line when it was written on one line, holds one item and no
  /// comment, no block and no `;` but a last one.
  void classify_one_line_blocks() {
    for (auto [open, close] : partner_) {
      if (facts_[open].empty) continue;
      bool ok = sig_[close] - sig_[open] == close - open;  // no comment inside
      for (size_t k = open + 1; ok && k <= close; ++k) {
        if (tok(k).breaks_before > 0) ok = false;
        if (k < close &&
            (facts_[k].role == Role::BlockOpen || (facts_[k].starts_item && k != open + 1) ||
             (facts_[k].role == Role::DroppedSemi && k + 1 != close)))
          ok = false;
      }
      facts_[open].one_line = facts_[close].one_line = ok;
    }
  }

  // ---- building the document

  /// What goes between two things printed: the ops of layout_doc.h, and a plain space.
  enum class Sep : uint8_t { None, Space, Soft, Line, Hard, Cont, Blank };

  void emit(Op op, std::string_view s = {}) { doc_.push_back(Cmd{op, false, s}); }
  void emit(Sep sep) {
    switch (sep) {
      case Sep::None: break;
      case Sep::Space: emit(Op::Text, " "); break;
      case Sep::Soft: emit(Op::SoftLine); break;
      case Sep::Line: emit(Op::Line); break;
      case Sep::Hard: emit(Op::HardLine); break;
      case Sep::Cont: emit(Op::ContLine); break;
      case Sep::Blank: emit(Op::BlankLine); break;
    }
  }

  /// The separator that the rules put between the significant token printed before k and k.
  Sep natural_separator(size_t k) const {
    const TokenFacts& f = facts_[k];
    const TokenFacts& p = facts_[k - 1 - skipped_before(k)];
    if (f.role == Role::BlockClose) return f.empty ? Sep::None : f.one_line ? Sep::Line : Sep::Hard;
    if (p.role == Role::BlockOpen) return p.one_line ? Sep::Line : Sep::Hard;
    if (f.starts_item) return Sep::Hard;
    if (f.role == Role::GroupClose || p.role == Role::GroupOpen) return Sep::Soft;
    if (p.role == Role::GroupComma) return Sep::Line;
    return inline_space(k) ? Sep::Space : Sep::None;
  }

  /// How many dropped tokens stand right before k.
  size_t skipped_before(size_t k) const {
    size_t n = 0;
    while (k - 1 - n > 0 && dropped(k - 1 - n)) ++n;
    return n;
  }
  bool dropped(size_t k) const {
    return facts_[k].role == Role::DroppedSemi || facts_[k].role == Role::DroppedComma;
  }

  /// Whether one space goes between significant tokens k-1 and k on one line.
  bool inline_space(size_t k) const {
    size_t j = k - 1 - skipped_before(k);
    std::string_view t = tok(k).kind == TokenKind::Punct ? text(k) : std::string_view{};
    std::string_view p = tok(j).kind == TokenKind::Punct ? text(j) : std::string_view{};
    if (t == "," || t == ")" || t == "]" || t == "." || t == ":") return false;
    if (p == "(" || p == "[" || p == ".") return false;
    if (facts_[j].unary) return false;
    if (t == "(") return !(tok(j).kind == TokenKind::Word && !is_reserved(text(j)));
    if (t == "[") return !ends_value(j);
    return true;
  }

  /// The separator after a comment that ends its line.
  static Sep broken(Sep sep) {
    if (sep == Sep::Line || sep == Sep::Soft) return Sep::Hard;
    if (sep == Sep::None || sep == Sep::Space) return Sep::Cont;
    return sep;
  }

  /// Emits the comments among all_[from, to), then `sep`, the separator before all_[to].
  /// `boundary`: they stand between items, at the block's indentation. `blank_first`: an empty
  /// line of the source may stay before the first of them; `blank_last`: before all_[to].
  /// Returns whether it emitted a comment.
  bool comments_then(size_t from, size_t to, Sep sep, bool boundary, bool blank_first,
                     bool blank_last) {
    bool need_break = false, need_space = false, any = false;
    bool blank_ok = blank_first;
    for (size_t i = from; i < to; ++i) {
      const Token& c = all_[i];
      if (!c.is_comment()) continue;
      if (any || !first_) {
        if (c.breaks_before == 0) {
          emit(Op::Text, c.kind == TokenKind::LineComment ? "  " : " ");
        } else if (boundary) {
          emit(blank_ok && c.breaks_before > 1 ? Sep::Blank : Sep::Hard);
        } else {
          emit(broken(sep));
        }
      }
      any = true;
      blank_ok = true;
      emit(Op::Text, token_text(text_, c));
      need_break = c.kind == TokenKind::LineComment ||
                   (i + 1 < all_.size() && all_[i + 1].breaks_before > 0);
      need_space = !need_break;
    }
    if (to >= all_.size() || (first_ && !any)) return any;
    if (need_break) sep = broken(sep);
    if (need_space && (sep == Sep::None || sep == Sep::Soft))
      sep = sep == Sep::None ? Sep::Space : Sep::Line;
    if (sep == Sep::Hard && (any ? blank_last : blank_first) && all_[to].breaks_before > 1)
      sep = Sep::Blank;
    emit(sep);
    return any;
  }

  void build() {
    size_t prev_all = 0;  // index in all_ after the last significant token printed
    for (size_t k = 0; k < sig_.size(); ++k) {
      const TokenFacts& f = facts_[k];
      if (dropped(k)) {
        if (f.role == Role::DroppedComma) emit(Op::IfBroken, ",");
        continue;
      }
      size_t at = sig_[k];
      if (first_) {
        comments_then(0, at, Sep::Hard, true, false, true);
        first_ = false;
      } else {
        const TokenFacts& p = facts_[k - 1 - skipped_before(k)];
        Sep sep = natural_separator(k);
        bool boundary = f.starts_item || f.role == Role::BlockClose;
        bool blank = f.starts_item && p.role != Role::BlockOpen;
        if (f.role == Role::GroupClose && !is_dropped_comma_before(k)) emit(Op::IfBroken, ",");
        if (f.role == Role::BlockClose && f.empty) {
          // `{}`, unless comments stand between the braces.
          if (at != sig_[k - 1] + 1) {
            emit(Op::IndentBegin);
            comments_then(prev_all, at, Sep::Hard, true, false, false);
            doc_.insert(doc_.end() - 1, Cmd{Op::IndentEnd, false, {}});
          }
        } else if (f.role == Role::BlockClose || f.role == Role::GroupClose) {
          // The comments before a closing bracket stay inside it: the indentation ends just
          // before the separator that precedes the bracket.
          comments_then(prev_all, at, sep, boundary, false, false);
          doc_.insert(doc_.end() - 1, Cmd{Op::IndentEnd, false, {}});
        } else {
          comments_then(prev_all, at, sep, boundary, blank, true);
        }
      }
      emit(Op::Text, text(k));
      if (f.role == Role::BlockClose && f.one_line) emit(Op::GroupEnd);
      if (f.role == Role::GroupClose) emit(Op::GroupEnd);
      if (f.role == Role::BlockOpen || f.role == Role::GroupOpen) {
        if (f.one_line || f.role == Role::GroupOpen)
          doc_.insert(doc_.end() - 1, Cmd{Op::GroupBegin, f.force_break, {}});
        if (!f.empty) emit(Op::IndentBegin);
      }
      prev_all = at + 1;
    }
    comments_then(prev_all, all_.size(), Sep::Hard, true, true, true);
  }

  bool is_dropped_comma_before(size_t k) const {
    return k > 0 && facts_[k - 1].role == Role::DroppedComma;
  }

  bool first_ = true;  ///< nothing printed yet
  std::string_view text_;
  LayoutWidth width_;
  std::vector<Token> all_;
  std::vector<size_t> sig_;  ///< indexes in all_ of the tokens that are not comments
  std::vector<TokenFacts> facts_;
  std::vector<std::pair<size_t, size_t>> partner_;  ///< each block's braces
  std::vector<Cmd> doc_;
};

}  // namespace

std::string layout_spec(std::string_view text, const LayoutWidth& width) {
  return Layout(text, width).run();
}

}  // namespace baton::format
