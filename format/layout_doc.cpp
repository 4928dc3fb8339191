// Printing a layout (layout_doc.h): which groups fit, then the text.
#include "format/layout_doc.h"

#include <algorithm>

namespace baton::format {
namespace {

/// Code points in `s`: the columns it takes.
size_t columns(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

/// What the printer needs to know of each group before it prints it.
struct GroupFacts {
  size_t flat_width = 0;  ///< columns on one line
  bool must_break = false;
};

/// One pass over `doc` with a stack of open groups: each GroupBegin's facts. A forced break
/// (a hard line, a multi-line text, a group that must break) breaks every group around it.
std::vector<GroupFacts> group_facts(const std::vector<Cmd>& doc) {
  std::vector<GroupFacts> facts(doc.size());
  std::vector<size_t> open;
  for (size_t i = 0; i < doc.size(); ++i) {
    const Cmd& c = doc[i];
    size_t width = 0;
    bool hard = false;
    switch (c.op) {
      case Op::Text:
        width = columns(c.text);
        hard = c.text.find('\n') != std::string_view::npos;
        break;
      case Op::Line: width = 1; break;
      case Op::HardLine:
      case Op::BlankLine:
      case Op::ContLine: hard = true; break;
      case Op::GroupBegin:
        facts[i].must_break = c.force_break;
        open.push_back(i);
        continue;
      case Op::GroupEnd:
        if (!open.empty()) {
          GroupFacts done = facts[open.back()];
          open.pop_back();
          width = done.flat_width;
          hard = done.must_break;
        }
        break;
      default: break;
    }
    if (!open.empty()) {
      facts[open.back()].flat_width += width;
      facts[open.back()].must_break |= hard;
    }
  }
  return facts;
}

/// Columns of the text that follows the group ending at `end` up to the next place a line
/// may break: what must fit on the group's line with it. Counted up to `limit` only, so that
/// closing brackets nested deep cost no more than a line's width each.
size_t width_after(const std::vector<Cmd>& doc, size_t end, size_t limit) {
  size_t w = 0;
  for (size_t i = end + 1; i < doc.size() && w <= limit; ++i) {
    const Cmd& c = doc[i];
    if (c.op == Op::Text) {
      w += columns(c.text);
    } else if (c.op != Op::GroupEnd && c.op != Op::IndentEnd && c.op != Op::IfBroken) {
      break;
    }
  }
  return w;
}

}  // namespace

std::string print_doc(const std::vector<Cmd>& doc, const LayoutWidth& width) {
  std::vector<GroupFacts> facts = group_facts(doc);
  std::vector<size_t> group_end(doc.size(), doc.size());
  {
    std::vector<size_t> open;
    for (size_t i = 0; i < doc.size(); ++i) {
      if (doc[i].op == Op::GroupBegin) open.push_back(i);
      if (doc[i].op == Op::GroupEnd && !open.empty()) {
        group_end[open.back()] = i;
        open.pop_back();
      }
    }
  }
  std::string out;
  size_t col = 0;
  int indent = 0;
  std::vector<bool> broken;  // the open groups, innermost last
  auto newline = [&](int extra) {
    while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
    out += '\n';
    int spaces = std::max(0, (indent + extra) * width.indent);
    out.append(static_cast<size_t>(spaces), ' ');
    col = static_cast<size_t>(spaces);
  };
  for (size_t i = 0; i < doc.size(); ++i) {
    const Cmd& c = doc[i];
    switch (c.op) {
      case Op::Text: {
        out += c.text;
        size_t nl = c.text.rfind('\n');
        col = nl == std::string_view::npos ? col + columns(c.text) : columns(c.text.substr(nl + 1));
        break;
      }
      case Op::Line:
      case Op::SoftLine:
        if (!broken.empty() && broken.back()) {
          newline(0);
        } else if (c.op == Op::Line) {
          out += ' ';
          ++col;
        }
        break;
      case Op::HardLine: newline(0); break;
      case Op::BlankLine:
        newline(0);
        newline(0);
        break;
      case Op::ContLine: newline(1); break;
      case Op::IndentBegin: ++indent; break;
      case Op::IndentEnd: --indent; break;
      case Op::GroupBegin: {
        bool outer_flat = !broken.empty() && !broken.back();
        bool fits = col + facts[i].flat_width +
                        width_after(doc, group_end[i], static_cast<size_t>(width.line_width)) <=
                    static_cast<size_t>(width.line_width);
        broken.push_back(!outer_flat && (facts[i].must_break || !fits));
        break;
      }
      case Op::GroupEnd:
        if (!broken.empty()) broken.pop_back();
        break;
      case Op::IfBroken:
        if (!broken.empty() && broken.back()) {
          out += c.text;
          col += columns(c.text);
        }
        break;
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  // Trailing spaces inside multi-line texts (block comments) go too.
  std::string clean;
  clean.reserve(out.size() + 1);
  size_t line_start = 0;
  while (line_start <= out.size()) {
    size_t nl = out.find('\n', line_start);
    size_t stop = nl == std::string::npos ? out.size() : nl;
    size_t last = stop;
    while (last > line_start && (out[last - 1] == ' ' || out[last - 1] == '\t')) --last;
    clean.append(out, line_start, last - line_start);
    if (nl == std::string::npos) break;
    clean += '\n';
    line_start = nl + 1;
  }
  if (!clean.empty()) clean += '\n';
  return clean;
}

}  // namespace baton::format
