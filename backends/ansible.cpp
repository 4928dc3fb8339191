// The ansible backend: an inventory and a playbook that run the plan with ansible-playbook.
//
// One play per level of the plan, on all hosts with the free strategy: each host runs its own
// steps of the level in plan order, hosts run at the same time, and the play ends when every
// host is done (the levels are the barriers). Each step is one task that feeds the program of
// the shell backend (shell_program.h) to `/bin/sh -s` on its standard input, its exit status
// read by the same event convention. Captured outputs are registered and reach later steps
// through hostvars, as environment variables; handlers are tasks with `when: <emitter result>
// is changed`; secrets come from extra vars (or the BATON_SECRET_<NAME> environment variable)
// into the environment of tasks that carry `no_log: true`. Every text from the spec is tagged
// `!unsafe`.
#include <fmt/core.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "backends/ansible_yaml.h"
#include "backends/emitters.h"
#include "backends/output_size.h"
#include "backends/shell_program.h"
#include "backends/shell_quote.h"
#include "backends/text_out.h"
#include "compiler/base/version.h"

namespace baton {
namespace {

/// Values are folded in programs before this column, so that lines stay under ansible-lint's
/// 160 (a program line sits 10 columns in).
constexpr std::size_t kFoldWidth = 120;

/// The condition every task of the normal flow carries: no host has failed (a failed host
/// leaves ansible_play_hosts but not ansible_play_hosts_all, in this play and every later one,
/// since every play targets all hosts). This is how a failure stops new steps.
const char* const kNoFailure = "ansible_play_hosts | length == ansible_play_hosts_all | length";

/// The inventory name of a host: `db[1]` becomes `db-1` (a hyphen is not in baton names, so
/// this never clashes with a plain host).
std::string inventory_name(const plan::Host& h) {
  if (h.member < 0) return h.name;
  return fmt::format("{}-{}", h.group, h.member);
}

std::string step_var(uint32_t i) {
  return "baton_step_" + std::to_string(i);
}
std::string capture_var(uint32_t k) {
  return "baton_capture_" + std::to_string(k);
}
std::string secret_var(const std::string& name) {
  return "baton_secret_" + name;
}

/// Text from the spec: tagged !unsafe (Jinja never evaluates it) and double-quoted (YAML never
/// reads it as a number, a boolean or null).
std::string unsafe(const std::string& s) {
  return "!unsafe " + yaml::double_quoted(s);
}

/// What the tasks of one host repeat, computed once per host.
struct HostText {
  std::string inventory;  ///< inventory_name()
  std::string when;       ///< `inventory_hostname == 'db-1'`, as a YAML scalar
  std::string name;       ///< the baton name, double-quoted (BATON_HOST)
  std::string delegate;   ///< inventory_name() as a YAML scalar (delegate_to)
};

/// Writes a playbook or an inventory line by line into one buffer; `key` and `item` take the
/// indent of the key. Values are appended in place: the `*_scalar` and `*_quoted` forms format
/// their value as they write it.
struct Lines {
  std::string out;

  void indent(int n) { out.append(static_cast<std::size_t>(n), ' '); }
  /// `key:` alone, to open a map or a list.
  void open(int indent_, std::string_view k) {
    indent(indent_);
    out += k;
    out += ":\n";
  }
  /// `key: `, its value to follow.
  void key_start(int indent_, std::string_view k) {
    indent(indent_);
    out += k;
    out += ": ";
  }
  /// `key: value`, the value written as given.
  void key(int indent_, std::string_view k, std::string_view value) {
    key_start(indent_, k);
    out += value;
    out += '\n';
  }
  void key_scalar(int indent_, std::string_view k, std::string_view value) {
    key_start(indent_, k);
    yaml::append_scalar(out, value);
    out += '\n';
  }
  void key_quoted(int indent_, std::string_view k, std::string_view value) {
    key_start(indent_, k);
    yaml::append_double_quoted(out, value);
    out += '\n';
  }
  /// The first key of a map in a list, `- key: value`, the value as a YAML scalar.
  void item_scalar(int indent_, std::string_view k, std::string_view value) {
    indent(indent_ - 2);
    out += "- ";
    out += k;
    out += ": ";
    yaml::append_scalar(out, value);
    out += '\n';
  }
  /// A scalar item of a list, written as given.
  void entry(int indent_, std::string_view value) {
    indent(indent_);
    out += "- ";
    out += value;
    out += '\n';
  }
};

/// What the playbook takes per item of the plan, at most (output_size.h).
SizeWeights playbook_weights() {
  SizeWeights w;
  w.fixed = 4096;
  w.per_level = 128;
  w.per_step = 1200;
  w.name_times = 4;
  w.per_trigger = 300;
  w.per_capture = 1200;
  w.per_command = 64;
  w.per_piece = 16;
  w.text_times = 2;
  w.per_segment = 32;
  w.value_times = 2;
  return w;
}

struct Emitter {
  const plan::Plan& plan;
  shell::ProgramStyle style;
  Lines y;
  std::vector<HostText> hosts;
  std::string no_failure = yaml::scalar(kNoFailure);
  // Scratch buffers, reused from task to task.
  std::string program_text, text;

  explicit Emitter(const plan::Plan& p, const shell::ProgramStyle& st) : plan(p), style(st) {
    hosts.reserve(plan.hosts.size());
    for (const plan::Host& h : plan.hosts) {
      HostText t;
      t.inventory = inventory_name(h);
      t.when = yaml::scalar("inventory_hostname == '" + t.inventory + "'");
      t.name = yaml::double_quoted(h.name);
      t.delegate = yaml::scalar(t.inventory);
      hosts.push_back(std::move(t));
    }
  }

  const HostText& host_of(uint32_t step) const { return hosts[plan.steps[step].host]; }

  /// `hostvars['db-0']['baton_step_3']`: the registered result of a step.
  void append_result_of(std::string& out, uint32_t step) const {
    out += "hostvars['";
    out += host_of(step).inventory;
    out += "']['baton_step_";
    text::put_uint(out, step);
    out += "']";
  }

  /// `key: <program>` at key indent `k`: a literal block when it can be one (readable),
  /// otherwise double-quoted; tagged !unsafe either way.
  void program(int k, std::string_view key, std::string_view body_text) {
    y.key_start(k, key);
    y.out += "!unsafe ";
    // The literal block's clip chomping adds the final newline back, and only one.
    std::string_view body = body_text;
    if (!body.empty() && body.back() == '\n') body.remove_suffix(1);
    if (!body.empty() && body.back() != '\n' && shell::block_safe(body)) {
      yaml::append_literal_block(y.out, body, k + 2);
    } else {
      yaml::append_double_quoted(y.out, body_text);
      y.out += '\n';
    }
  }

  /// The environment of a program: who runs it, and what it reads at run time.
  void environment(int k, uint32_t step, const std::string& step_label,
                   const shell::RuntimeInputs& in, const std::string* capture) {
    y.open(k, "environment");
    y.key_quoted(k + 2, "BATON_STEP", step_label);
    y.key(k + 2, "BATON_HOST", host_of(step).name);
    if (capture) y.key_quoted(k + 2, "BATON_CAPTURE", *capture);
    for (uint32_t c : in.captures) {
      // The capture program prints the value and an `x` (shell_program.h): drop the `x`.
      text = "{{ hostvars['";
      text += host_of(plan.captures[c].step).inventory;
      text += "']['baton_capture_";
      text::put_uint(text, c);
      text += "']['stdout'][:-1] }}";
      y.key_quoted(k + 2, shell::capture_variable(c), text);
    }
    for (const std::string& name : in.secrets)
      y.key_quoted(k + 2, shell::secret_variable(name), "{{ " + secret_var(name) + " }}");
  }

  /// `when:` with conditions already written as YAML scalars.
  void conditions(int k, const std::vector<std::string_view>& when) {
    if (when.empty()) return;
    if (when.size() == 1) {
      y.key(k, "when", when[0]);
      return;
    }
    y.open(k, "when");
    for (std::string_view w : when) y.entry(k + 2, w);
  }

  /// The module that runs `program_text`: `sh -s` reading it on its standard input, as the
  /// shell backend sends it. An argument (the shell module's `cmd`, run as `sh -c PROGRAM`)
  /// would be limited to 128 KiB by the kernel; standard input has no limit.
  void program_module(int k) {
    y.open(k, "ansible.builtin.command");
    y.key(k + 2, "cmd", "/bin/sh -s");
    program(k + 2, "stdin", program_text);
  }

  /// The task of a step (or a handler run as a rescue, with `delegate`), keys at `k`.
  void step_task(int k, uint32_t i, const std::string& label,
                 const std::vector<std::string_view>& when, bool delegate) {
    const plan::Step& s = plan.steps[i];
    shell::RuntimeInputs in = shell::step_inputs(s);
    text = s.handler ? "Run handler " : "Run ";
    text += label;
    text += " on ";
    text += plan.hosts[s.host].name;
    y.item_scalar(k, "name", text);
    conditions(k, when);
    program_text.clear();
    shell::append_step_program(program_text, s, style);
    program_module(k);
    if (delegate) y.key(k, "delegate_to", host_of(i).delegate);
    environment(k, i, label, in, nullptr);
    std::string var = step_var(i);
    y.key(k, "register", var);
    y.key_scalar(k, "changed_when", var + ".rc == 0");
    y.key_scalar(k, "failed_when",
                 var + ".rc not in [0, " + std::to_string(shell::kUnchangedStatus) + "]");
    if (!in.secrets.empty()) y.key(k, "no_log", "true");
  }

  /// The task of a capture, after its step (whose label is `step_label`).
  void capture_task(int k, uint32_t c, const std::string& step_label,
                    const std::vector<std::string_view>& when) {
    const plan::Capture& cap = plan.captures[c];
    shell::RuntimeInputs in;
    shell::collect_inputs(cap.command, in);
    std::string capture_label = cap.instance + "." + cap.output;
    y.item_scalar(k, "name",
                  "Capture " + capture_label + " on " + plan.hosts[plan.steps[cap.step].host].name);
    conditions(k, when);
    program_text.clear();
    shell::append_capture_program(program_text, cap, style);
    program_module(k);
    environment(k, cap.step, step_label, in, &capture_label);
    y.key(k, "register", capture_var(c));
    y.key(k, "changed_when", "false");
    if (!in.secrets.empty()) y.key(k, "no_log", "true");
  }

  /// The condition under which a handler runs in the normal flow (`failed` events are handled
  /// by rescues): "" when it never does.
  std::string trigger_condition(const plan::Step& s) const {
    std::vector<std::string> parts;
    for (const plan::Trigger& t : s.triggers) {
      std::string r;
      append_result_of(r, t.step);
      if (t.event == plan::Event::Changed) parts.push_back(r + " is changed");
      if (t.event == plan::Event::Ok)
        parts.push_back(fmt::format("{0} is not skipped and {0} is not changed", r));
    }
    if (parts.size() == 1) return parts[0];
    std::string cond;
    for (const std::string& p : parts) cond += (cond.empty() ? "(" : " or (") + p + ")";
    return cond;
  }

  void play_header(const std::string& name, bool free, bool fatal = false) {
    y.item_scalar(2, "name", name);
    y.key(2, "hosts", "all");
    y.key(2, "gather_facts", "false");
    if (free) y.key(2, "strategy", "free");
    // A batch of a rolling operation: one failed member stops the run, no later batch starts.
    if (fatal) {
      y.key(2, "any_errors_fatal", "true");
      y.key(2, "max_fail_percentage", "0");
    }
    y.open(2, "tasks");
  }

  void secrets_play() {
    play_header("Check the secrets", false);
    for (const std::string& name : plan.secrets) {
      y.item_scalar(6, "name", "Check that the secret " + name + " is set");
      y.open(6, "ansible.builtin.assert");
      y.key_scalar(8, "that", secret_var(name) + " | length > 0");
      y.key_quoted(8, "fail_msg",
                   fmt::format("missing secret {}: set {} in the environment, or pass -e {}=... "
                               "(or a vault file)",
                               name, shell::secret_variable(name), secret_var(name)));
      y.key(8, "quiet", "true");
      y.key(6, "run_once", "true");
    }
  }

  /// The steps of `level`, with their captures and the rescues of `failed` events.
  void level_play(uint32_t level, std::size_t first, std::size_t end,
                  const std::vector<std::vector<uint32_t>>& rescues) {
    // The batch that holds the level (batches are in step order).
    const plan::Batch* batch = nullptr;
    auto after =
        std::upper_bound(plan.batches.begin(), plan.batches.end(), first,
                         [](std::size_t step, const plan::Batch& b) { return step < b.first; });
    if (after != plan.batches.begin() && first < std::prev(after)->end) batch = &*std::prev(after);
    if (batch) {
      play_header(
          fmt::format("Batch {} of {} ({} on {}), level {} of {}", batch - plan.batches.data() + 1,
                      plan.batches.size(), batch->service, batch->group, level, plan.levels),
          false, true);
    } else {
      play_header(fmt::format("Level {} of {}", level, plan.levels), true);
    }
    std::string trigger;
    std::vector<std::string_view> when;
    for (std::size_t i = first; i < end; ++i) {
      const plan::Step& s = plan.steps[i];
      when = {host_of(static_cast<uint32_t>(i)).when, no_failure};
      if (s.handler) {
        trigger = trigger_condition(s);
        // A handler of `failed` events only runs from the rescue of its emitters.
        if (trigger.empty()) continue;
        trigger = yaml::scalar(trigger);
        when.push_back(trigger);
      }
      uint32_t id = static_cast<uint32_t>(i);
      const std::string label = s.label();
      if (rescues[i].empty()) {
        step_task(6, id, label, when, false);
        for (uint32_t c : s.captures) capture_task(6, c, label, when);
        continue;
      }
      // A step whose failure triggers handlers: the step and its captures in a block, the
      // handlers in its rescue (on their own hosts), then the failure again, so that the host
      // counts as failed and no new step starts.
      y.item_scalar(6, "name", "Run " + label + ", or its failure handlers");
      y.open(6, "block");
      step_task(10, id, label, when, false);
      for (uint32_t c : s.captures) capture_task(10, c, label, when);
      y.open(6, "rescue");
      for (uint32_t h : rescues[i]) step_task(10, h, plan.steps[h].label(), {}, true);
      y.item_scalar(10, "name", "Stop after the failure of " + label);
      y.open(10, "ansible.builtin.fail");
      y.key_quoted(12, "msg", "step " + label + " failed");
    }
  }

  std::string playbook() {
    const std::size_t n = plan.steps.size();
    // rescues[i]: the handlers that run when step i fails, in plan order.
    std::vector<std::vector<uint32_t>> rescues(n);
    for (std::size_t h = 0; h < n; ++h) {
      for (const plan::Trigger& t : plan.steps[h].triggers)
        if (t.event == plan::Event::Failed) rescues[t.step].push_back(static_cast<uint32_t>(h));
    }
    y.out.reserve(estimated_size(plan, playbook_weights()));
    y.out = "---\n";
    fmt::format_to(std::back_inserter(y.out),
                   "# The deployment plan compiled by baton {}: {} steps on {} hosts, one play "
                   "per level.\n",
                   kVersion, n, plan.hosts.size());
    y.out +=
        "# Run: ansible-playbook -i inventory.yml site.yml; baton's docs/backends.md has the "
        "conventions.\n";
    y.out += "# Generated: edit the spec and compile again.\n";
    if (!plan.secrets.empty()) secrets_play();
    for (std::size_t i = 0; i < n;) {
      std::size_t j = i;
      while (j < n && plan.steps[j].level == plan.steps[i].level) ++j;
      level_play(plan.steps[i].level, i, j, rescues);
      i = j;
    }
    // ansible-playbook refuses a playbook without a play: a plan with nothing to run has one
    // without tasks.
    if (n == 0 && plan.secrets.empty()) {
      y.item_scalar(2, "name", "Nothing to run");
      y.key(2, "hosts", "all");
      y.key(2, "gather_facts", "false");
      y.key(2, "tasks", "[]");
    }
    return std::move(y.out);
  }

  std::string inventory() {
    y.out =
        "---\n# The hosts of a plan compiled by baton. Generated: edit the spec and compile "
        "again.\n";
    y.open(0, "all");
    // Secrets default to the environment of ansible-playbook; extra vars (-e, a vault file)
    // take precedence over inventory variables.
    if (!plan.secrets.empty()) {
      y.open(2, "vars");
      for (const std::string& name : plan.secrets) {
        y.key_quoted(4, secret_var(name),
                     "{{ lookup('ansible.builtin.env', '" + shell::secret_variable(name) + "') }}");
      }
    }
    if (plan.hosts.empty()) {
      y.key(2, "hosts", "{}");
    } else {
      y.open(2, "hosts");
    }
    for (std::size_t i = 0; i < plan.hosts.size(); ++i) {
      const plan::Host& h = plan.hosts[i];
      y.open(4, hosts[i].inventory);
      y.key(6, "ansible_host", unsafe(h.address.empty() ? h.name : h.address));
      if (!h.user.empty()) y.key(6, "ansible_user", unsafe(h.user));
      if (h.port > 0) y.key(6, "ansible_port", std::to_string(h.port));
      y.key(6, "baton_host", hosts[i].name);
    }
    // One group per host group, for --limit.
    std::vector<std::string> groups;
    for (const plan::Host& h : plan.hosts)
      if (h.member >= 0 && (groups.empty() || groups.back() != h.group)) groups.push_back(h.group);
    if (!groups.empty()) {
      y.open(2, "children");
      for (const std::string& g : groups) {
        // `all` and `ungrouped` are Ansible's own groups.
        y.open(4, g == "all" || g == "ungrouped" ? "group_" + g : g);
        y.open(6, "hosts");
        for (std::size_t i = 0; i < plan.hosts.size(); ++i) {
          if (plan.hosts[i].member >= 0 && plan.hosts[i].group == g)
            y.key(8, hosts[i].inventory, "{}");
        }
      }
    }
    return std::move(y.out);
  }
};

/// Every text of the plan that goes into YAML must be UTF-8.
bool check_text(const plan::Plan& plan, std::string* err) {
  auto bad = [&](const std::string& s, const std::string& where) {
    if (shell::valid_utf8(s)) return false;
    *err = where + " holds bytes that are not UTF-8, which a YAML file cannot hold";
    return true;
  };
  for (const plan::Host& h : plan.hosts) {
    if (bad(h.address, "the address of host " + h.name) ||
        bad(h.user, "the user of host " + h.name))
      return false;
  }
  auto command_ok = [&](const plan::Command& c, const std::string& where) {
    for (const plan::CommandPiece& p : c.pieces)
      if (!p.is_value && bad(p.shell, where)) return false;
    return true;
  };
  for (const plan::Step& s : plan.steps) {
    for (const plan::Command& c : s.commands)
      if (!command_ok(c, "a command of " + s.label())) return false;
  }
  for (const plan::Capture& c : plan.captures)
    if (!command_ok(c.command, "the capture " + c.instance + "." + c.output)) return false;
  return true;
}

}  // namespace

bool emit_ansible(const plan::Plan& plan, const BackendOptions&, std::vector<OutputFile>& files,
                  std::string* err) {
  if (!shell::check_runnable(plan, err) || !check_text(plan, err)) return false;
  shell::ProgramStyle style;
  style.block_safe = true;
  style.fold_width = kFoldWidth;
  Emitter emitter(plan, style);
  std::string inventory = emitter.inventory();
  std::string playbook = emitter.playbook();
  files.push_back({"inventory.yml", std::move(inventory), false});
  files.push_back({"site.yml", std::move(playbook), false});
  return true;
}

}  // namespace baton
