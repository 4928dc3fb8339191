// The program of a step or a capture, as the shell and ansible backends both run it.
#include "backends/shell_program.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <vector>

#include "backends/shell_quote.h"
#include "backends/text_out.h"

namespace baton::shell {

// `{ ... } </dev/null`: the shell backend feeds the program to `sh -s` on its standard input, so
// commands must not read the rest of the program; a group is parsed whole before it runs.
const char* const kStepPrologue =
    "{\n"
    "baton_changed=0\n"
    "baton_status() { case $1 in 0) baton_changed=1 ;; 99) ;; *) exit \"$1\" ;; esac; }\n";

const char* const kCommandOpen = "(\n";
const char* const kCommandClose = "\n)\nbaton_status $?\n";

const char* const kStepEpilogue =
    "[ \"$baton_changed\" = 1 ] || exit 99\n"
    "} </dev/null\n";

// The command runs in a function so that its text never sits inside `$(...)`, where a `case`
// or an unbalanced parenthesis of the author's would be parsed differently. The `x` keeps
// trailing newlines through the command substitution; one final newline is then dropped.
const char* const kCapturePrologue =
    "{\n"
    "baton_capture() {\n"
    "(\n";

const char* const kCaptureEpilogue =
    "\n)\n"
    "}\n"
    "baton_value=$(baton_capture; baton_s=$?; printf x; exit \"$baton_s\")\n"
    "baton_s=$?\n"
    "[ \"$baton_s\" = 0 ] || exit \"$baton_s\"\n"
    "baton_value=${baton_value%x}\n"
    "baton_value=${baton_value%'\n'}\n"
    "printf '%sx' \"$baton_value\"\n"
    "} </dev/null\n";

std::string capture_variable(uint32_t index) {
  return "BATON_CAP_" + std::to_string(index);
}

std::string secret_variable(const std::string& name) {
  std::string v = "BATON_SECRET_";
  for (char c : name) v += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  return v;
}

void collect_inputs(const plan::Command& command, RuntimeInputs& inputs) {
  for (const plan::CommandPiece& piece : command.pieces) {
    if (!piece.is_value) continue;
    for (const plan::Segment& seg : piece.value) {
      if (seg.kind == plan::Segment::Kind::Capture) inputs.captures.insert(seg.capture);
      if (seg.kind == plan::Segment::Kind::Secret) inputs.secrets.insert(seg.text);
    }
  }
}

void collect_inputs(const plan::Word& value, RuntimeInputs& inputs) {
  for (const plan::Segment& seg : value) {
    if (seg.kind == plan::Segment::Kind::Capture) inputs.captures.insert(seg.capture);
    if (seg.kind == plan::Segment::Kind::Secret) inputs.secrets.insert(seg.text);
  }
}

RuntimeInputs step_inputs(const plan::Step& step) {
  RuntimeInputs inputs;
  for (const plan::EnvVar& v : step.env) collect_inputs(v.value, inputs);
  for (const plan::Command& c : step.commands) collect_inputs(c, inputs);
  return inputs;
}

namespace {

/// The variable a run-time segment is read from.
void append_variable_name(std::string& out, const plan::Segment& seg) {
  if (seg.kind == plan::Segment::Kind::Capture) {
    out += "BATON_CAP_";
    text::put_uint(out, seg.capture);
  } else {
    out += secret_variable(seg.text);
  }
}

/// Where the column is after `text` was written from `column`.
std::size_t column_after(std::string_view text, std::size_t column) {
  std::size_t nl = text.rfind('\n');
  return nl == std::string_view::npos ? column + text.size() : text.size() - nl - 1;
}

/// A value outside quotes: one word of quoted text pieces and double-quoted variable
/// references, with nothing between them.
void append_word(std::string& out, const plan::Word& value, const ProgramStyle& style,
                 std::size_t* column) {
  if (value.empty()) {
    out += "''";
    *column += 2;
    return;
  }
  for (const plan::Segment& seg : value) {
    if (seg.kind == plan::Segment::Kind::Text) {
      if (style.block_safe) {
        append_quoted_block_safe(out, seg.text, style.fold_width, column);
      } else {
        std::size_t before = out.size();
        append_quoted(out, seg.text);
        *column = column_after(std::string_view(out).substr(before), *column);
      }
      continue;
    }
    std::size_t before = out.size();
    out += "\"$";
    append_variable_name(out, seg);
    out += '"';
    *column += out.size() - before;
  }
}

/// A value inside the author's '...': the word of append_word() without its first and last
/// quote, so that the author's quotes close and reopen around each run-time piece
/// (`'token='"$BATON_CAP_0"''`) and a `'` of the text is `'\''`.
void append_in_single_quotes(std::string& out, const plan::Word& value, const ProgramStyle& style,
                             std::size_t* column) {
  for (const plan::Segment& seg : value) {
    if (seg.kind != plan::Segment::Kind::Text) {
      std::size_t before = out.size();
      out += "'\"$";
      append_variable_name(out, seg);
      out += "\"'";
      *column += out.size() - before;
      continue;
    }
    std::string word;
    std::size_t col = *column > 0 ? *column - 1 : 0;
    append_word(word, plan::Word{seg}, style, &col);
    out.append(word, 1, word.size() - 2);
    *column = column_after(std::string_view(word).substr(1, word.size() - 2), *column);
  }
}

/// What a value's text can keep inside "..." with a backslash before `$`, `` ` ``, `"` and `\`:
/// printable ASCII but `{` (block-safe words split Jinja's delimiters).
constexpr text::ByteSet kDoublePlain =
    text::byte_set([](unsigned char c) { return c >= 0x20 && c < 0x7F && c != '{'; });
constexpr text::ByteSet kDoubleNoEscape =
    text::byte_set([](unsigned char c) { return c != '$' && c != '`' && c != '"' && c != '\\'; });

/// A value inside the author's "...": variables as `${BATON_CAP_0}`, text with `$`, `` ` ``,
/// `"` and `\` escaped by a backslash. In a block-safe program, text that is not plain or would
/// pass the fold column closes the quotes for a block-safe word and reopens them.
void append_in_double_quotes(std::string& out, const plan::Word& value, const ProgramStyle& style,
                             std::size_t* column) {
  for (const plan::Segment& seg : value) {
    std::size_t before = out.size();
    if (seg.kind != plan::Segment::Kind::Text) {
      out += "${";
      append_variable_name(out, seg);
      out += '}';
      *column += out.size() - before;
      continue;
    }
    bool plain =
        !style.block_safe ||
        (std::all_of(seg.text.begin(), seg.text.end(), [](char c) { return kDoublePlain[c]; }) &&
         (style.fold_width == 0 || *column + 2 * seg.text.size() < style.fold_width));
    if (!plain) {
      out += '"';
      *column += 1;
      append_word(out, plan::Word{seg}, style, column);
      out += '"';
      *column += 1;
      continue;
    }
    text::append_escaped(out, seg.text, kDoubleNoEscape,
                         [](std::string& o, std::string_view s, std::size_t i) {
                           o += '\\';
                           o += s[i];
                           return std::size_t{1};
                         });
    *column = column_after(std::string_view(out).substr(before), *column);
  }
}

}  // namespace

void append_command_text(std::string& out, const plan::Command& command,
                         const ProgramStyle& style) {
  if (style.block_safe) {
    // The bytes that block-safe words take from variables, assigned on lines before the command.
    ByteFlags escaped{};
    bool any = false;
    for (const plan::CommandPiece& piece : command.pieces) {
      for (const plan::Segment& seg : piece.value) {
        if (seg.kind == plan::Segment::Kind::Text && collect_block_escapes(seg.text, escaped))
          any = true;
      }
    }
    if (any) append_byte_definitions(out, escaped);
  }
  std::size_t column = 0;
  for (const plan::CommandPiece& piece : command.pieces) {
    if (!piece.is_value) {
      out += piece.shell;
      std::size_t nl = piece.shell.rfind('\n');
      column = nl == std::string::npos ? column + piece.shell.size() : piece.shell.size() - nl - 1;
      continue;
    }
    switch (piece.quoting) {
      case plan::Quoting::Unquoted: append_word(out, piece.value, style, &column); break;
      case plan::Quoting::Single: append_in_single_quotes(out, piece.value, style, &column); break;
      case plan::Quoting::Double: append_in_double_quotes(out, piece.value, style, &column); break;
    }
  }
}

std::string command_text(const plan::Command& command, const ProgramStyle& style) {
  std::string out;
  append_command_text(out, command, style);
  return out;
}

void append_env_text(std::string& out, const std::vector<plan::EnvVar>& env,
                     const ProgramStyle& style) {
  for (const plan::EnvVar& v : env) {
    plan::Command assignment;
    plan::CommandPiece& name = assignment.pieces.emplace_back();
    name.shell = v.name + "=";
    plan::CommandPiece& value = assignment.pieces.emplace_back();
    value.is_value = true;
    value.value = v.value;
    append_command_text(out, assignment, style);
    out += "\nexport ";
    out += v.name;
    out += '\n';
  }
}

void append_step_program(std::string& out, const plan::Step& step, const ProgramStyle& style) {
  append_env_text(out, step.env, style);
  out += kStepPrologue;
  for (const plan::Command& c : step.commands) {
    out += kCommandOpen;
    append_command_text(out, c, style);
    out += kCommandClose;
  }
  out += kStepEpilogue;
}

std::string step_program(const plan::Step& step, const ProgramStyle& style) {
  std::string out;
  append_step_program(out, step, style);
  return out;
}

void append_capture_program(std::string& out, const plan::Capture& capture,
                            const ProgramStyle& style) {
  out += kCapturePrologue;
  append_command_text(out, capture.command, style);
  out += kCaptureEpilogue;
}

namespace {

/// Whether `from` waits for `target`, directly or through other steps (levels bound the search).
bool waits_for(const plan::Plan& plan, uint32_t from, uint32_t target) {
  std::vector<uint32_t> todo{from};
  std::vector<bool> seen(plan.steps.size(), false);
  uint32_t floor = plan.steps[target].level;
  while (!todo.empty()) {
    uint32_t s = todo.back();
    todo.pop_back();
    for (const plan::Dependency& d : plan::all_waits(plan, plan.steps[s])) {
      if (d.step == target) return true;
      if (seen[d.step] || plan.steps[d.step].level <= floor) continue;
      seen[d.step] = true;
      todo.push_back(d.step);
    }
  }
  return false;
}

}  // namespace

bool check_runnable(const plan::Plan& plan, std::string* err) {
  if (!plan.deadlocks.empty()) {
    *err = "the plan has a cycle that cannot be split, so it cannot run";
    return false;
  }
  const std::size_t n = plan.steps.size();
  for (std::size_t i = 0; i < n; ++i) {
    const plan::Step& s = plan.steps[i];
    if (s.host >= plan.hosts.size()) {
      *err = "step " + s.label() + " has no host";
      return false;
    }
    for (const plan::Dependency& d : plan::all_waits(plan, s)) {
      if (d.step >= n || plan.steps[d.step].level >= s.level) {
        *err = "step " + s.label() + " waits for a step that is not scheduled before it";
        return false;
      }
    }
    for (const plan::Trigger& t : s.triggers) {
      if (t.step >= n || plan.steps[t.step].level >= s.level) {
        *err = "handler " + s.label() + " is triggered by a step that is not scheduled before it";
        return false;
      }
    }
    for (uint32_t c : s.captures) {
      if (c >= plan.captures.size() || plan.captures[c].step != i) {
        *err = "step " + s.label() + " lists a capture that is not its own";
        return false;
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    RuntimeInputs in = step_inputs(plan.steps[i]);
    for (uint32_t c : in.captures) {
      if (c >= plan.captures.size() ||
          !waits_for(plan, static_cast<uint32_t>(i), plan.captures[c].step)) {
        *err = "step " + plan.steps[i].label() + " uses a captured output before it is taken";
        return false;
      }
    }
  }
  for (const plan::Capture& c : plan.captures) {
    if (c.step >= n) {
      *err = "capture " + c.instance + "." + c.output + " follows no step";
      return false;
    }
    RuntimeInputs in;
    collect_inputs(c.command, in);
    for (uint32_t k : in.captures) {
      if (k >= plan.captures.size() ||
          (plan.captures[k].step != c.step && !waits_for(plan, c.step, plan.captures[k].step))) {
        *err =
            "capture " + c.instance + "." + c.output + " uses a captured output before it is taken";
        return false;
      }
    }
  }
  std::map<std::string, std::string> variables;
  for (const std::string& name : plan.secrets) {
    auto [it, fresh] = variables.emplace(secret_variable(name), name);
    if (!fresh && it->second != name) {
      *err = "secrets `" + it->second + "` and `" + name + "` would both be read from " + it->first;
      return false;
    }
  }
  return true;
}

}  // namespace baton::shell
