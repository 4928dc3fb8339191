// The shell backend: one POSIX sh driver script that runs every step of the plan on its host.
//
// The script is the runtime (shell_runtime.sh, embedded at build time: option parsing, quoting,
// the pieces of programs, the scheduler and transports, the main program) with the plan written
// between its parts, as data and functions: how many steps each step waits for; per step its
// facts (host, label, captures...), the steps it releases and the program it sends to its host
// (shell_program.h); per handler whether a trigger fired. Commands sit in quoted
// here-documents, so the script reads like the plan and the shell never expands them; values
// are quoted inside them.
#include <fmt/core.h>

#include <cstdio>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "backends/emitters.h"
#include "backends/output_size.h"
#include "backends/shell_program.h"
#include "backends/shell_quote.h"
#include "backends/text_out.h"
#include "compiler/base/version.h"
#include "shell_runtime_parts.h"

namespace baton {
namespace {

using shell::append_literal;

/// Items (steps, captures, hosts) per generated function, a `case` on the item inside: dash
/// keeps functions in a hash table of 31 buckets, so that a function per step made a
/// 100,000-step plan take minutes to define. Bash copies a function's body at each call, so
/// the chunks stay small.
constexpr std::size_t kChunk = 32;

/// Appends a quoted here-document that feeds `body` (plus a newline) to `command`.
void heredoc(std::string& out, const char* command, std::string_view body) {
  std::string delim = shell::heredoc_delimiter(body, "BATON");
  out += "    ";
  out += command;
  out += " <<'";
  out += delim;
  out += "'\n";
  out += body;
  out += '\n';
  out += delim;
  out += '\n';
}

/// Emits the functions `baton_<kind>_<chunk>`, each a `case` on the item with the body of
/// every item of its chunk: one line (`3) ... ;;`), or several lines indented by four spaces.
/// `body(i, out)` appends the body of item i to `out`; an item with an empty body has no
/// branch, and a chunk with none is `:`.
template <class Body>
void emit_chunked(std::string& out, const char* kind, std::size_t n, Body body) {
  for (std::size_t first = 0; first < n; first += kChunk) {
    out += "baton_";
    out += kind;
    out += '_';
    text::put_uint(out, first / kChunk);
    const std::size_t header_end = out.size();
    out += "() {\n  case $1 in\n";
    bool any = false;
    for (std::size_t i = first; i < n && i < first + kChunk; ++i) {
      // The branch is written in place: `  3) `, then the body; a body of several lines turns
      // the blank after `)` into a newline (the same length), an empty body is taken back.
      const std::size_t branch = out.size();
      out += "  ";
      text::put_uint(out, i);
      out += ") ";
      const std::size_t start = out.size();
      body(i, out);
      if (out.size() == start) {
        out.resize(branch);
        continue;
      }
      any = true;
      if (out.find('\n', start) == std::string::npos) {
        out += " ;;\n";
      } else {
        out[start - 1] = '\n';
        out += "    ;;\n";
      }
    }
    if (any) {
      out += "  esac\n}\n";
    } else {
      out.resize(header_end);
      out += "() { :; }\n";
    }
  }
}

void emit_usage(const plan::Plan& plan, std::string& out) {
  out += "baton_usage() {\n  printf 'usage: sh %s [options]\\n' \"$baton_me\"\n  cat <<'BATON'\n";
  out += R"(
Runs a deployment plan compiled by baton: every step on its host, each as soon as the
steps it waits for have finished. A failed step stops new steps from starting; the
handlers of its `failed` event then run, and the script exits with status 1.

options:
  -n, --dry-run            print the steps in plan order and run nothing
  -j, --jobs N             run up to N steps at once (default 5)
      --transport T        how steps reach their host: ssh (default) or local
      --log-dir DIR        keep the output of each step in DIR/<step>.log
  -v, --verbose            print the output of every step (a failed step's always is)
  -h, --help               print this help

environment:
  BATON_TRANSPORT          the default transport (ssh or local: run each step here)
  BATON_SSH                the ssh program (default ssh), run as
                           $BATON_SSH -T -o BatchMode=yes [-p PORT] [-l USER] -- ADDRESS sh -s
)";
  if (plan.secrets.empty()) {
    out += "  (this plan reads no secret)\n";
  } else {
    for (const std::string& s : plan.secrets) {
      std::string var = shell::secret_variable(s);
      fmt::format_to(std::back_inserter(out), "  {:<24} the secret param `{}`\n", var, s);
    }
  }
  out += R"(
A command reports `ok` (nothing changed) by exiting with status 99; any other status but
0 is a failure. Exit status: 0 done, 1 a step failed, 2 usage error or missing secret.
BATON
}
)";
}

void emit_hosts(const plan::Plan& plan, std::string& out) {
  out += "\n# ---- hosts: name, address, user, port (empty: ssh's default)\n";
  emit_chunked(out, "host", plan.hosts.size(), [&](std::size_t i, std::string& b) {
    const plan::Host& h = plan.hosts[i];
    b += "baton_hname=";
    append_literal(b, h.name);
    b += " baton_addr=";
    append_literal(b, h.address.empty() ? h.name : h.address);
    b += " baton_user=";
    append_literal(b, h.user);
    b += " baton_port=";
    if (h.port > 0) {
      text::put_int(b, h.port);
    } else {
      b += "''";
    }
  });
}

void emit_secrets_check(const plan::Plan& plan, std::string& out) {
  out += "\n# ---- secrets: read from the environment when the plan runs, never stored here\n";
  out += "baton_check_secrets() {\n  baton_missing=\n";
  for (const std::string& s : plan.secrets) {
    std::string var = shell::secret_variable(s);
    fmt::format_to(std::back_inserter(out),
                   "  [ -n \"${{{0}:-}}\" ] || baton_missing=\"$baton_missing {0}\"\n", var);
  }
  out += R"(  [ -z "$baton_missing" ] && return 0
  printf '%s: missing secret, set it in the environment:%s\n' "$baton_me" "$baton_missing" >&2
  exit 2
}
)";
}

/// The meta lines, the dependents and the trigger conditions of every step.
void emit_schedule(const plan::Plan& plan, const std::vector<std::string>& labels,
                   std::string& out) {
  const std::size_t n = plan.steps.size();
  std::vector<std::vector<uint32_t>> dependents(n);
  for (std::size_t i = 0; i < n; ++i) {
    uint32_t last = UINT32_MAX;
    for (const plan::Dependency& d : plan::all_waits(plan, plan.steps[i])) {
      // One entry per (step, kind): several kinds of edge to the same step count once.
      if (d.step == last) continue;
      last = d.step;
      dependents[d.step].push_back(static_cast<uint32_t>(i));
    }
  }
  out += "\n# ---- the plan\nbaton_total=";
  text::put_uint(out, n);
  out += "\nbaton_hosts=";
  text::put_uint(out, plan.hosts.size());
  out += "\nbaton_levels=";
  text::put_uint(out, plan.levels);
  out += "\nbaton_batches=";
  text::put_uint(out, plan.batches.size());
  out += "\n";
  // A rolling operation: the first steps of each batch after the first wait for one more thing,
  // the batch's opening (`baton_call open K`, once the batch before succeeded).
  std::vector<bool> gated(n, false);
  for (std::size_t b = 1; b < plan.batches.size(); ++b) {
    for (uint32_t i = plan.batches[b].first; i < plan.batches[b].end && i < n; ++i)
      gated[i] = plan.steps[i].waits_for.empty();
  }
  out += "\n# how many steps each step waits for, in plan order\nbaton_init() {\n";
  for (std::size_t i = 0; i < n; i += 20) {
    out += "  baton_waits";
    for (std::size_t k = i; k < n && k < i + 20; ++k) {
      std::size_t waits = 0;
      uint32_t last = UINT32_MAX;
      for (const plan::Dependency& d : plan::all_waits(plan, plan.steps[k])) {
        if (d.step != last) ++waits;
        last = d.step;
      }
      out += ' ';
      text::put_uint(out, waits + (gated[k] ? 1 : 0));
    }
    out += "\n";
  }
  // A function needs a command: a plan with no step has none to count.
  if (n == 0) out += "  :\n";
  out +=
      "}\n\n# per step: its host, whether it is a handler, the captures taken after it, its "
      "label,\n"
      "# when it runs (handlers) and its level\n";
  std::string field;
  emit_chunked(out, "about", n, [&](std::size_t i, std::string& b) {
    const plan::Step& s = plan.steps[i];
    b += "baton_hi=";
    text::put_uint(b, s.host);
    b += s.handler ? " baton_handler=1 baton_caps=" : " baton_handler=0 baton_caps=";
    field.clear();
    for (uint32_t c : s.captures) {
      if (!field.empty()) field += ' ';
      text::put_uint(field, c);
    }
    append_literal(b, field);
    b += " baton_lb=";
    append_literal(b, labels[i]);
    b += " baton_when=";
    field.clear();
    for (const plan::Trigger& t : s.triggers) {
      if (!field.empty()) field += " or ";
      field += labels[t.step];
      field += ' ';
      field += plan::event_name(t.event);
    }
    append_literal(b, field);
    b += " baton_level=";
    text::put_uint(b, s.level);
  });
  emit_chunked(out, "capture_label", plan.captures.size(), [&](std::size_t k, std::string& b) {
    b += "baton_cl=";
    append_literal(b, plan.captures[k].instance + "." + plan.captures[k].output);
  });
  if (!plan.batches.empty()) {
    out += "\n# the batches of the operation: what each takes down, and its first steps\n";
    emit_chunked(out, "batch", plan.batches.size(), [&](std::size_t k, std::string& b) {
      const plan::Batch& batch = plan.batches[k];
      field = batch.service + " on " + batch.group + ":";
      for (const std::string& m : batch.members) field += " " + m;
      b += "baton_bn=";
      append_literal(b, field);
    });
    emit_chunked(out, "open", plan.batches.size(), [&](std::size_t k, std::string& b) {
      if (k == 0) return;
      b += "baton_release";
      for (uint32_t i = plan.batches[k].first; i < plan.batches[k].end; ++i) {
        if (!gated[i]) continue;
        b += ' ';
        text::put_uint(b, i);
      }
    });
  }
  out += "\n# dependents, released when a step succeeds or is skipped\n";
  emit_chunked(out, "next", n, [&](std::size_t i, std::string& b) {
    if (dependents[i].empty()) return;
    b += "baton_release";
    for (uint32_t d : dependents[i]) {
      b += ' ';
      text::put_uint(b, d);
    }
  });
  out += "\n# handlers: whether one of their triggers fired\n";
  // `baton_is 3 changed`: the test of one trigger.
  auto test = [](std::string& b, const plan::Trigger& t) {
    b += "baton_is ";
    text::put_uint(b, t.step);
    b += ' ';
    b += plan::event_name(t.event);
  };
  emit_chunked(out, "fired", n, [&](std::size_t i, std::string& b) {
    const plan::Step& s = plan.steps[i];
    if (!s.handler) return;
    if (s.triggers.empty()) b += "false";
    for (std::size_t t = 0; t < s.triggers.size(); ++t) {
      if (t) b += " || ";
      test(b, s.triggers[t]);
    }
  });
  out += "\n# after a failure: the handlers of `failed` events that fired, in plan order\n";
  out += "baton_on_failure() {\n";
  bool any_rescue = false;
  for (std::size_t i = 0; i < n; ++i) {
    const plan::Step& s = plan.steps[i];
    if (!s.handler) continue;
    bool first = true;
    for (const plan::Trigger& t : s.triggers) {
      if (t.event != plan::Event::Failed) continue;
      out += first ? "  if " : " || ";
      first = false;
      test(out, t);
    }
    if (first) continue;
    any_rescue = true;
    out += "; then baton_now ";
    text::put_uint(out, i);
    out += "; fi\n";
  }
  out += any_rescue ? "}\n" : "  :\n}\n";
}

/// The functions that print the fixed text around commands (shell_program.h), the same as the
/// ansible backend's. A here-document adds the newline after a command, so the capture
/// epilogue's first is dropped.
void emit_fixed_text(std::string& out) {
  auto fixed = [&](const char* name, std::string_view body) {
    out += name;
    out += "() { [ \"$baton_dry\" = 1 ] || printf '%s' ";
    append_literal(out, body);
    out += "; }\n";
  };
  out += "\n# ---- the fixed text of programs\n";
  fixed("baton_open", shell::kStepPrologue);
  fixed("baton_close", shell::kStepEpilogue);
  fixed("baton_capture_open", shell::kCapturePrologue);
  fixed("baton_capture_close", std::string_view(shell::kCaptureEpilogue).substr(1));
}

void emit_programs(const plan::Plan& plan, const std::vector<std::string>& labels,
                   std::string& out) {
  shell::ProgramStyle style;
  out += "\n# ---- the programs: each prints what runs on the step's host\n";
  // The uses (secrets, captures) of a program, then its fixed text around its commands.
  auto uses = [&](std::string& b, const plan::Command* first, const plan::Command* last,
                  const std::vector<plan::EnvVar>& env) {
    shell::RuntimeInputs in;
    for (const plan::EnvVar& v : env) shell::collect_inputs(v.value, in);
    for (const plan::Command* c = first; c != last; ++c) shell::collect_inputs(*c, in);
    for (const std::string& secret : in.secrets) {
      b += "    baton_secret ";
      b += shell::secret_variable(secret);
      b += '\n';
    }
    for (uint32_t c : in.captures) {
      b += "    baton_use ";
      text::put_uint(b, c);
      b += ' ';
      append_literal(b, plan.captures[c].instance + "." + plan.captures[c].output);
      b += '\n';
    }
  };
  std::string command;  // scratch: the text of one command
  auto command_heredoc = [&](std::string& b, const char* function, const plan::Command& c) {
    command.clear();
    shell::append_command_text(command, c, style);
    heredoc(b, function, command);
  };
  emit_chunked(out, "step", plan.steps.size(), [&](std::size_t i, std::string& b) {
    const plan::Step& s = plan.steps[i];
    b += "    # ";
    b += labels[i];
    b += " on ";
    b += plan.hosts[s.host].name;
    b += s.handler ? " (handler)\n" : "\n";
    uses(b, s.commands.data(), s.commands.data() + s.commands.size(), s.env);
    if (!s.env.empty()) {
      command.clear();
      shell::append_env_text(command, s.env, style);
      command.pop_back();  // heredoc() ends the body with its own line break
      heredoc(b, "baton_text", command);
    }
    b += "    baton_open\n";
    for (const plan::Command& c : s.commands) command_heredoc(b, "baton_cmd", c);
    b += "    baton_close\n";
  });
  emit_chunked(out, "capture", plan.captures.size(), [&](std::size_t k, std::string& b) {
    const plan::Capture& c = plan.captures[k];
    b += "    baton_capture_is ";
    append_literal(b, c.instance + "." + c.output);
    b += '\n';
    uses(b, &c.command, &c.command + 1, {});
    b += "    baton_capture_open\n";
    command_heredoc(b, "baton_text", c.command);
    b += "    baton_capture_close\n";
  });
}

/// What the script takes per item of the plan, at most (output_size.h).
SizeWeights script_weights() {
  SizeWeights w;
  w.fixed = std::size_t{64} * 1024;
  w.per_host = 160;
  w.per_step = 300;
  w.name_times = 3;
  w.per_wait = 12;
  w.per_trigger = 80;
  w.per_capture = 200;
  w.per_command = 48;
  w.per_piece = 8;
  w.text_times = 1;
  w.per_segment = 32;
  w.value_times = 2;
  return w;
}

}  // namespace

bool emit_shell(const plan::Plan& plan, const BackendOptions&, std::vector<OutputFile>& files,
                std::string* err) {
  if (!shell::check_runnable(plan, err)) return false;
  std::vector<std::string> labels;
  labels.reserve(plan.steps.size());
  for (const plan::Step& s : plan.steps) labels.push_back(s.label());
  std::string out;
  out.reserve(estimated_size(plan, script_weights()));
  out += "#!/bin/sh\n";
  fmt::format_to(std::back_inserter(out),
                 "# A deployment plan compiled by baton {}: {} steps on {} hosts. Generated: edit "
                 "the spec and compile again.\n",
                 kVersion, plan.steps.size(), plan.hosts.size());
  out +=
      "# Run it with --help for the options; baton's docs/backends.md describes the conventions.\n";
  out += "set -u\n";
  out += shell_runtime::runtime;
  out +=
      "\n# Calls the function of kind $1 (about, step, next, ...) for item $2.\n"
      "baton_call() { \"baton_$1_$(($2 / " +
      std::to_string(kChunk) + "))\" \"$2\"; }\n";
  out += shell_runtime::scheduler;
  emit_fixed_text(out);
  out += shell_runtime::warm_up;
  out += '\n';
  emit_usage(plan, out);
  emit_hosts(plan, out);
  emit_secrets_check(plan, out);
  emit_schedule(plan, labels, out);
  emit_programs(plan, labels, out);
  out += shell_runtime::main_program;
  files.push_back({"deploy.sh", std::move(out), true});
  return true;
}

}  // namespace baton
