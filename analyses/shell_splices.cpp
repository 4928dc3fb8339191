// The quoting context of each `${...}` in a shell command: a scanner over the author's text.
#include "analyses/shell_splices.h"

#include <string>
#include <string_view>

namespace baton {
namespace {

/// What the text at the scanner's position is part of.
enum class Frame : uint8_t {
  Code,       ///< shell code: the command itself, or the inside of a $(...)
  Single,     ///< '...'
  Double,     ///< "..."
  Backquote,  ///< `...`
  AnsiC,      ///< $'...'
  Param,      ///< the shell's ${...}
  Arith,      ///< $((...))
  Comment,    ///< # to the end of the line
  HereBody,   ///< the lines of a here-document
};

struct Level {
  Frame frame = Frame::Code;
  bool substitution = false;  ///< a Code level opened by $(
  uint32_t depth = 0;         ///< open parentheses (Code, Arith) or braces (Param)
  std::string delimiter;      ///< HereBody: the line that ends it
  bool strip_tabs = false;    ///< HereBody: <<- (leading tabs of the end line do not count)
  /// The problem of the innermost level at or below this one where a value cannot stand, and
  /// whether one of them is a $(...): known at each level, so no look-up walks the stack.
  SpliceProblem inside = SpliceProblem::None;
  bool in_substitution = false;
};

/// Why a value cannot stand in a level of this kind.
SpliceProblem frame_problem(Frame f) {
  switch (f) {
    case Frame::HereBody: return SpliceProblem::HereDocument;
    case Frame::Backquote: return SpliceProblem::Backquotes;
    case Frame::AnsiC: return SpliceProblem::AnsiCQuotes;
    case Frame::Comment: return SpliceProblem::Comment;
    case Frame::Param: return SpliceProblem::ParamExpansion;
    case Frame::Arith: return SpliceProblem::Arithmetic;
    default: return SpliceProblem::None;
  }
}

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

/// A character that ends a word in shell code.
bool ends_word(char c) {
  return is_blank(c) || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' ||
         c == '(' || c == ')';
}

class Scanner {
 public:
  Scanner() { stack_.push_back(Level{}); }

  void text(std::string_view s) {
    for (char c : s) step(c);
  }

  Splice value() {
    if (dollar_paren_) open_substitution();
    Splice out;
    out.problem = problem();
    switch (stack_.back().frame) {
      case Frame::Single: out.quoting = plan::Quoting::Single; break;
      case Frame::Double: out.quoting = plan::Quoting::Double; break;
      default: break;
    }
    // The value is part of a word: what follows it does not start one.
    backslash_ = dollar_ = lt_ = false;
    word_start_ = false;
    word_ = "x";
    return out;
  }

 private:
  SpliceProblem problem() const {
    if (lost_) return SpliceProblem::LostTrack;
    if (heredoc_word_ != Heredoc::None) return SpliceProblem::HereDocument;
    if (stack_.back().inside != SpliceProblem::None) return stack_.back().inside;
    if (backslash_) return SpliceProblem::AfterBackslash;
    if (dollar_) return SpliceProblem::AfterDollar;
    return SpliceProblem::None;
  }

  void push(Frame f, uint32_t depth = 0) {
    Level l;
    l.frame = f;
    l.depth = depth;
    push(std::move(l));
  }

  void push(Level l) {
    const Level& below = stack_.back();
    l.inside = frame_problem(l.frame);
    if (l.inside == SpliceProblem::None) l.inside = below.inside;
    l.in_substitution = l.substitution || below.in_substitution;
    stack_.push_back(std::move(l));
  }

  void pop() {
    if (stack_.size() > 1) stack_.pop_back();
    word_start_ = false;
  }

  void open_substitution() {
    dollar_paren_ = false;
    Level l;
    l.substitution = true;
    push(std::move(l));
    word_start_ = true;
    word_.clear();
  }

  void step(char c) {
    if (dollar_paren_) {
      // `$((` is arithmetic; `$(` then anything else opens a command substitution.
      if (c == '(') {
        dollar_paren_ = false;
        push(Frame::Arith, 2);
        return;
      }
      open_substitution();
    }
    Level& top = stack_.back();
    switch (top.frame) {
      case Frame::Code: code(c); return;
      case Frame::Double:
        if (backslash_ || dollar_) {
          if (escaped_or_expansion(c)) return;
        }
        if (c == '\\') backslash_ = true;
        if (c == '"') pop();
        if (c == '$') dollar_ = true;
        if (c == '`') push(Frame::Backquote);
        return;
      case Frame::Single:
        if (c == '\'') pop();
        return;
      case Frame::AnsiC:
      case Frame::Backquote:
        if (backslash_) {
          backslash_ = false;
          return;
        }
        if (c == '\\') backslash_ = true;
        if ((c == '\'' && top.frame == Frame::AnsiC) || (c == '`' && top.frame == Frame::Backquote))
          pop();
        return;
      case Frame::Param:
        if (backslash_) {
          backslash_ = false;
          return;
        }
        if (c == '\\') backslash_ = true;
        if (c == '{') ++top.depth;
        if (c == '}' && --top.depth == 0) pop();
        return;
      case Frame::Arith:
        if (c == '(') ++top.depth;
        if (c == ')' && --top.depth == 0) pop();
        return;
      case Frame::Comment:
        if (c == '\n') {
          stack_.pop_back();
          code(c);
        }
        return;
      case Frame::HereBody:
        if (c != '\n') {
          line_ += c;
          return;
        }
        {
          std::string_view line = line_;
          if (top.strip_tabs) {
            while (!line.empty() && line.front() == '\t') line.remove_prefix(1);
          }
          if (line == top.delimiter) stack_.pop_back();
          line_.clear();
        }
        return;
    }
  }

  /// After a backslash or a `$` (in code or "..."): true when `c` was consumed by it.
  bool escaped_or_expansion(char c) {
    if (backslash_) {
      backslash_ = false;
      return true;
    }
    dollar_ = false;
    if (c == '(') {
      dollar_paren_ = true;
      return true;
    }
    if (c == '{') {
      push(Frame::Param, 1);
      return true;
    }
    if (c == '\'' && stack_.back().frame == Frame::Code) {
      push(Frame::AnsiC);
      return true;
    }
    return false;
  }

  void end_word() {
    if (word_ == "case" && stack_.back().in_substitution) lost_ = true;
    word_.clear();
    word_start_ = true;
  }

  void code(char c) {
    if (backslash_ || dollar_) {
      word_start_ = false;
      if (escaped_or_expansion(c)) return;
    }
    if (heredoc_word_ != Heredoc::None && heredoc_delimiter(c)) return;
    bool lt = lt_;
    lt_ = false;
    Level& top = stack_.back();
    switch (c) {
      case '\\': backslash_ = true; break;
      case '\'': push(Frame::Single); break;
      case '"': push(Frame::Double); break;
      case '`': push(Frame::Backquote); break;
      case '$': dollar_ = true; break;
      case '#':
        if (word_start_) {
          push(Frame::Comment);
          return;
        }
        word_ += c;
        return;
      case '<':
        if (lt) {
          heredoc_word_ = Heredoc::Operator;
          strip_tabs_ = false;
          delimiter_.clear();
        } else {
          lt_ = true;
        }
        end_word();
        return;
      case '(':
        ++top.depth;
        end_word();
        return;
      case ')':
        if (top.depth > 0) {
          --top.depth;
        } else if (top.substitution) {
          end_word();
          pop();
          return;
        }
        end_word();
        return;
      case '\n':
        end_word();
        // The bodies of the here-documents opened on this line follow it, the first on top.
        for (auto it = heredocs_.rbegin(); it != heredocs_.rend(); ++it) {
          Level l;
          l.frame = Frame::HereBody;
          l.delimiter = std::move(it->delimiter);
          l.strip_tabs = it->strip_tabs;
          push(std::move(l));
        }
        heredocs_.clear();
        line_.clear();
        return;
      default:
        if (ends_word(c)) {
          end_word();
          return;
        }
        word_ += c;
        word_start_ = false;
        return;
    }
    word_start_ = false;
  }

  /// While reading the word after `<<`: true when `c` was part of it (or of the operator).
  bool heredoc_delimiter(char c) {
    if (heredoc_word_ == Heredoc::Operator) {
      if (c == '-' && !strip_tabs_ && delimiter_.empty()) {
        strip_tabs_ = true;
        return true;
      }
      if (is_blank(c)) return true;
      if (c == '<' || c == '\n' || ends_word(c)) {
        heredoc_word_ = Heredoc::None;  // `<<<` or no word: nothing to follow
        return false;
      }
      heredoc_word_ = Heredoc::Word;
    }
    if (ends_word(c)) {
      heredocs_.push_back({delimiter_, strip_tabs_});
      heredoc_word_ = Heredoc::None;
      return false;
    }
    // Quote removal, roughly: the delimiter is the word without its quotes.
    if (c != '\'' && c != '"' && c != '\\') delimiter_ += c;
    return true;
  }

  enum class Heredoc : uint8_t { None, Operator, Word };
  struct Pending {
    std::string delimiter;
    bool strip_tabs = false;
  };

  std::vector<Level> stack_;
  bool backslash_ = false;     ///< the last character was a backslash that escapes the next
  bool dollar_ = false;        ///< the last character was a `$` whose meaning the next decides
  bool dollar_paren_ = false;  ///< the last two were `$(`
  bool lt_ = false;            ///< the last character was a `<` of code
  bool word_start_ = true;     ///< the next character of code starts a word
  bool lost_ = false;          ///< a `case` inside $(...): its `)` cannot be told apart
  std::string word_;           ///< the word of code being read
  Heredoc heredoc_word_ = Heredoc::None;
  bool strip_tabs_ = false;
  std::string delimiter_;
  std::vector<Pending> heredocs_;  ///< opened on the current line, bodies not started
  std::string line_;               ///< the current line of a here-document's body
};

}  // namespace

std::vector<Splice> shell_splices(const std::vector<ir::StringPart>& parts) {
  std::vector<Splice> out;
  Scanner scanner;
  for (const ir::StringPart& part : parts) {
    if (part.expr.valid()) {
      out.push_back(scanner.value());
    } else {
      scanner.text(part.text);
    }
  }
  return out;
}

const char* splice_problem_message(SpliceProblem p) {
  switch (p) {
    case SpliceProblem::None: return "";
    case SpliceProblem::HereDocument:
      return "a value cannot be put inside a here-document: its body is not shell words, so "
             "baton cannot quote the value there";
    case SpliceProblem::Backquotes:
      return "a value cannot be put inside backquotes: they change what backslashes and quotes "
             "mean, so baton cannot quote the value there";
    case SpliceProblem::AnsiCQuotes:
      return "a value cannot be put inside $'...': not every shell reads those quotes the same";
    case SpliceProblem::Comment:
      return "this value is inside a shell comment: the shell would never see it";
    case SpliceProblem::ParamExpansion:
      return "a value cannot be put inside the shell's own ${...}: its quoting rules differ "
             "between shells";
    case SpliceProblem::Arithmetic:
      return "a value cannot be put inside $((...)): the shell would evaluate it as code";
    case SpliceProblem::AfterBackslash:
      return "a value cannot follow a backslash: the backslash would escape the quoting baton "
             "puts around the value";
    case SpliceProblem::AfterDollar:
      return "a value cannot follow a `$`: the shell would read the two as one expansion";
    case SpliceProblem::LostTrack:
      return "baton cannot tell how this value is quoted: a `case` inside $(...) makes its `)` "
             "ambiguous";
  }
  return "";
}

const char* splice_problem_help(SpliceProblem p) {
  switch (p) {
    case SpliceProblem::None: return "";
    case SpliceProblem::HereDocument:
      return "pipe the value in instead: printf '%s\\n' ${x} | command";
    case SpliceProblem::Backquotes: return "write $(...) instead of `...`";
    case SpliceProblem::AnsiCQuotes:
      return "write the value outside the quotes, or in '...' or \"...\"";
    case SpliceProblem::Comment: return "move the value out of the comment, or remove it";
    case SpliceProblem::ParamExpansion:
      return "put the value in a variable first: v=${x}; then use \"${v:-...}\" (written "
             "\\${v:-...} in the spec)";
    case SpliceProblem::Arithmetic:
      return "compute it in the spec (${n + 1}) when it is known at compile time, or with expr "
             "in the command: expr ${x} + 1";
    case SpliceProblem::AfterBackslash:
      return "remove it; a backslash meant as text goes in quotes: '\\\\' in the spec";
    case SpliceProblem::AfterDollar: return "quote the dollar sign: '$'${x}";
    case SpliceProblem::LostTrack:
      return "move the case statement out of $(...), into a function or a script of its own";
  }
  return "";
}

}  // namespace baton
