// A layout to print: text and the places where a line may or must break, with groups that
// print on one line when they fit and break at each of their lines when they do not (the
// scheme of Wadler's "prettier printer", as a flat list of commands instead of a tree, so
// that neither building it nor printing it recurses).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace baton::format {

enum class Op : uint8_t {
  Text,         ///< `text`, as is (it may hold line breaks: a block comment)
  Line,         ///< a space in a group on one line, a line break in a broken group
  SoftLine,     ///< nothing in a group on one line, a line break in a broken group
  HardLine,     ///< a line break, always
  BlankLine,    ///< an empty line, then a line break
  ContLine,     ///< a line break to one level deeper than the current indentation
  IndentBegin,  ///< the lines after it are one level deeper ...
  IndentEnd,    ///< ... until here
  GroupBegin,   ///< a group starts: on one line if it fits (and holds no forced break)
  GroupEnd,
  IfBroken,  ///< `text` only when the innermost group is broken (a trailing comma)
};

struct Cmd {
  Op op;
  bool force_break = false;  ///< GroupBegin: break even if it fits
  std::string_view text;     ///< Text and IfBroken
};

/// The printing settings of docs/style.md.
struct LayoutWidth {
  int line_width = 100;
  int indent = 2;
};

/// Prints `doc`: trailing spaces removed from every line, each line break `\n`.
std::string print_doc(const std::vector<Cmd>& doc, const LayoutWidth& width = {});

}  // namespace baton::format
