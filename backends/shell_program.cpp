// The program of a step or a capture, as the shell and ansible backends both run it.
#include "backends/shell_program.h"

#include <map>
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

RuntimeInputs step_inputs(const plan::Step& step) {
  RuntimeInputs inputs;
  for (const plan::Command& c : step.commands) collect_inputs(c, inputs);
  return inputs;
}

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
    if (piece.value.empty()) {
      out += "''";
      column += 2;
      continue;
    }
    // One word: quoted text pieces and double-quoted variable references, with nothing between.
    for (const plan::Segment& seg : piece.value) {
      std::size_t before = out.size();
      switch (seg.kind) {
        case plan::Segment::Kind::Text:
          if (style.block_safe) {
            append_quoted_block_safe(out, seg.text, style.fold_width, &column);
          } else {
            append_quoted(out, seg.text);
            std::size_t nl = seg.text.rfind('\n');
            column = nl == std::string::npos ? column + seg.text.size() + 2 : seg.text.size() - nl;
          }
          continue;
        case plan::Segment::Kind::Capture:
          out += "\"$BATON_CAP_";
          text::put_uint(out, seg.capture);
          break;
        case plan::Segment::Kind::Secret:
          out += "\"$";
          out += secret_variable(seg.text);
          break;
      }
      out += '"';
      column += out.size() - before;
    }
  }
}

std::string command_text(const plan::Command& command, const ProgramStyle& style) {
  std::string out;
  append_command_text(out, command, style);
  return out;
}

void append_step_program(std::string& out, const plan::Step& step, const ProgramStyle& style) {
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
    for (const plan::Dependency& d : plan.steps[s].waits_for) {
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
    for (const plan::Dependency& d : s.waits_for) {
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
