// The ansible backend: an inventory and a playbook that run the plan with ansible-playbook.
//
// One play per level of the plan, on all hosts with the free strategy: each host runs its own
// steps of the level in plan order, hosts run at the same time, and the play ends when every
// host is done (the levels are the barriers). Each step is one shell task that runs the same
// program as the shell backend (shell_program.h), its exit status read by the same event
// convention. Captured outputs are registered and reach later steps through hostvars, as
// environment variables; handlers are tasks with `when: <emitter result> is changed`; secrets
// come from extra vars (or the BATON_SECRET_<NAME> environment variable) into the environment
// of tasks that carry `no_log: true`. Every text from the spec is tagged `!unsafe`.
#include <string>
#include <vector>

#include "backends/ansible_yaml.h"
#include "backends/emitters.h"
#include "backends/shell_program.h"
#include "backends/shell_quote.h"
#include "compiler/version.h"

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
  return h.group + "-" + std::to_string(h.member);
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

/// A Jinja string literal (single-quoted) for a name we generate (hosts, variables).
std::string jinja_string(const std::string& s) {
  return "'" + s + "'";
}

std::string result_of(const plan::Plan& plan, uint32_t step) {
  return "hostvars[" + jinja_string(inventory_name(plan.hosts[plan.steps[step].host])) + "][" +
         jinja_string(step_var(step)) + "]";
}

std::string pad(int n) {
  return std::string(static_cast<std::size_t>(n), ' ');
}

/// Text from the spec: tagged !unsafe (Jinja never evaluates it) and double-quoted (YAML never
/// reads it as a number, a boolean or null).
std::string unsafe(const std::string& s) {
  return "!unsafe " + yaml::double_quoted(s);
}

/// A program at key indent `indent`: a literal block when it can be one (readable), otherwise
/// double-quoted; tagged !unsafe either way.
std::string program(const std::string& text, int indent) {
  // The literal block's clip chomping adds the final newline back, and only one.
  std::string_view body = text;
  if (!body.empty() && body.back() == '\n') body.remove_suffix(1);
  if (!body.empty() && body.back() != '\n' && shell::block_safe(body))
    return "!unsafe " + yaml::literal_block(body, indent + 2);
  return "!unsafe " + yaml::double_quoted(text) + "\n";
}

/// Writes a playbook or an inventory line by line; `key` and `item` take the indent of the key.
struct Lines {
  std::string out;

  /// `key: value`, or `key:` alone to open a map or a list.
  void key(int indent, const std::string& k, const std::string& value = "") {
    out += pad(indent) + k + ":";
    if (!value.empty()) out += " " + value;
    out += "\n";
  }
  /// The first key of a map in a list: `- key: value`.
  void item(int indent, const std::string& k, const std::string& value) {
    out += pad(indent - 2) + "- " + k + ": " + value + "\n";
  }
  /// A scalar item of a list.
  void entry(int indent, const std::string& value) { out += pad(indent) + "- " + value + "\n"; }
  /// `key: ` followed by a value that brings its own line ending (a literal block).
  void block(int indent, const std::string& k, const std::string& value) {
    out += pad(indent) + k + ": " + value;
  }
};

struct Emitter {
  const plan::Plan& plan;
  shell::ProgramStyle style;
  Lines y;

  /// The environment of a program: who runs it, and what it reads at run time.
  void environment(int k, const plan::Step& s, const shell::RuntimeInputs& in,
                   const std::string* capture) {
    y.key(k, "environment");
    y.key(k + 2, "BATON_STEP", yaml::double_quoted(s.label()));
    y.key(k + 2, "BATON_HOST", yaml::double_quoted(plan.hosts[s.host].name));
    if (capture) y.key(k + 2, "BATON_CAPTURE", yaml::double_quoted(*capture));
    for (uint32_t c : in.captures) {
      const plan::Capture& cap = plan.captures[c];
      // The capture program prints the value and an `x` (shell_program.h): drop the `x`.
      std::string ref = "hostvars[" +
                        jinja_string(inventory_name(plan.hosts[plan.steps[cap.step].host])) + "][" +
                        jinja_string(capture_var(c)) + "]['stdout'][:-1]";
      y.key(k + 2, shell::capture_variable(c), yaml::double_quoted("{{ " + ref + " }}"));
    }
    for (const std::string& name : in.secrets)
      y.key(k + 2, shell::secret_variable(name),
            yaml::double_quoted("{{ " + secret_var(name) + " }}"));
  }

  void conditions(int k, const std::vector<std::string>& when) {
    if (when.empty()) return;
    if (when.size() == 1) {
      y.key(k, "when", yaml::scalar(when[0]));
      return;
    }
    y.key(k, "when");
    for (const std::string& w : when) y.entry(k + 2, yaml::scalar(w));
  }

  void shell_module(int k, const std::string& text) {
    y.key(k, "ansible.builtin.shell");
    y.block(k + 2, "cmd", program(text, k + 2));
    y.key(k + 2, "executable", "/bin/sh");
  }

  /// The shell task of a step (or a handler run as a rescue, with `delegate`), keys at `k`.
  void step_task(int k, uint32_t i, const std::vector<std::string>& when, bool delegate) {
    const plan::Step& s = plan.steps[i];
    shell::RuntimeInputs in = shell::step_inputs(s);
    y.item(k, "name",
           yaml::scalar((s.handler ? "Run handler " : "Run ") + s.label() + " on " +
                        plan.hosts[s.host].name));
    conditions(k, when);
    shell_module(k, shell::step_program(s, style));
    if (delegate) y.key(k, "delegate_to", yaml::scalar(inventory_name(plan.hosts[s.host])));
    environment(k, s, in, nullptr);
    y.key(k, "register", step_var(i));
    y.key(k, "changed_when", yaml::scalar(step_var(i) + ".rc == 0"));
    y.key(k, "failed_when",
          yaml::scalar(step_var(i) + ".rc not in [0, " + std::to_string(shell::kUnchangedStatus) +
                       "]"));
    if (!in.secrets.empty()) y.key(k, "no_log", "true");
  }

  void capture_task(int k, uint32_t c, const std::vector<std::string>& when) {
    const plan::Capture& cap = plan.captures[c];
    const plan::Step& s = plan.steps[cap.step];
    shell::RuntimeInputs in;
    shell::collect_inputs(cap.command, in);
    std::string label = cap.instance + "." + cap.output;
    y.item(k, "name", yaml::scalar("Capture " + label + " on " + plan.hosts[s.host].name));
    conditions(k, when);
    shell_module(k, shell::capture_program(cap, style));
    environment(k, s, in, &label);
    y.key(k, "register", capture_var(c));
    y.key(k, "changed_when", "false");
    if (!in.secrets.empty()) y.key(k, "no_log", "true");
  }

  /// The condition under which a handler runs in the normal flow (`failed` events are handled
  /// by rescues): "" when it never does.
  std::string trigger_condition(const plan::Step& s) {
    std::vector<std::string> parts;
    for (const plan::Trigger& t : s.triggers) {
      std::string r = result_of(plan, t.step);
      if (t.event == ir::EventKind::Changed) parts.push_back(r + " is changed");
      if (t.event == ir::EventKind::Ok)
        parts.push_back(r + " is not skipped and " + r + " is not changed");
    }
    if (parts.size() == 1) return parts[0];
    std::string cond;
    for (const std::string& p : parts) cond += (cond.empty() ? "(" : " or (") + p + ")";
    return cond;
  }

  void play_header(const std::string& name, bool free) {
    y.item(2, "name", yaml::scalar(name));
    y.key(2, "hosts", "all");
    y.key(2, "gather_facts", "false");
    if (free) y.key(2, "strategy", "free");
    y.key(2, "tasks");
  }

  void secrets_play() {
    play_header("Check the secrets", false);
    for (const std::string& name : plan.secrets) {
      y.item(6, "name", yaml::scalar("Check that the secret " + name + " is set"));
      y.key(6, "ansible.builtin.assert");
      y.key(8, "that", yaml::scalar(secret_var(name) + " | length > 0"));
      y.key(8, "fail_msg",
            yaml::double_quoted("missing secret " + name + ": set " + shell::secret_variable(name) +
                                " in the environment, or pass -e " + secret_var(name) +
                                "=... (or a vault file)"));
      y.key(8, "quiet", "true");
      y.key(6, "run_once", "true");
    }
  }

  /// The steps of `level`, with their captures and the rescues of `failed` events.
  void level_play(uint32_t level, std::size_t first, std::size_t end,
                  const std::vector<std::vector<uint32_t>>& rescues) {
    play_header("Level " + std::to_string(level) + " of " + std::to_string(plan.levels), true);
    for (std::size_t i = first; i < end; ++i) {
      const plan::Step& s = plan.steps[i];
      std::vector<std::string> when = {
          "inventory_hostname == " + jinja_string(inventory_name(plan.hosts[s.host])), kNoFailure};
      if (s.handler) {
        std::string trigger = trigger_condition(s);
        // A handler of `failed` events only runs from the rescue of its emitters.
        if (trigger.empty()) continue;
        when.push_back(trigger);
      }
      uint32_t id = static_cast<uint32_t>(i);
      if (rescues[i].empty()) {
        step_task(6, id, when, false);
        for (uint32_t c : s.captures) capture_task(6, c, when);
        continue;
      }
      // A step whose failure triggers handlers: the step and its captures in a block, the
      // handlers in its rescue (on their own hosts), then the failure again, so that the host
      // counts as failed and no new step starts.
      y.item(6, "name", yaml::scalar("Run " + s.label() + ", or its failure handlers"));
      y.key(6, "block");
      step_task(10, id, when, false);
      for (uint32_t c : s.captures) capture_task(10, c, when);
      y.key(6, "rescue");
      for (uint32_t h : rescues[i]) step_task(10, h, {}, true);
      y.item(10, "name", yaml::scalar("Stop after the failure of " + s.label()));
      y.key(10, "ansible.builtin.fail");
      y.key(12, "msg", yaml::double_quoted("step " + s.label() + " failed"));
    }
  }

  std::string playbook() {
    const std::size_t n = plan.steps.size();
    // rescues[i]: the handlers that run when step i fails, in plan order.
    std::vector<std::vector<uint32_t>> rescues(n);
    for (std::size_t h = 0; h < n; ++h)
      for (const plan::Trigger& t : plan.steps[h].triggers)
        if (t.event == ir::EventKind::Failed) rescues[t.step].push_back(static_cast<uint32_t>(h));
    y.out = "---\n";
    y.out += std::string("# The deployment plan compiled by baton ") + kVersion + ": " +
             std::to_string(n) + " steps on " + std::to_string(plan.hosts.size()) +
             " hosts, one play per level.\n";
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
    if (n == 0 && plan.secrets.empty()) y.out += "[]\n";
    return std::move(y.out);
  }

  std::string inventory() {
    y.out =
        "---\n# The hosts of a plan compiled by baton. Generated: edit the spec and compile "
        "again.\n";
    y.key(0, "all");
    // Secrets default to the environment of ansible-playbook; extra vars (-e, a vault file)
    // take precedence over inventory variables.
    if (!plan.secrets.empty()) {
      y.key(2, "vars");
      for (const std::string& name : plan.secrets)
        y.key(4, secret_var(name),
              yaml::double_quoted("{{ lookup('ansible.builtin.env', '" +
                                  shell::secret_variable(name) + "') }}"));
    }
    if (plan.hosts.empty())
      y.key(2, "hosts", "{}");
    else
      y.key(2, "hosts");
    for (const plan::Host& h : plan.hosts) {
      y.key(4, inventory_name(h));
      y.key(6, "ansible_host", unsafe(h.address.empty() ? h.name : h.address));
      if (!h.user.empty()) y.key(6, "ansible_user", unsafe(h.user));
      if (h.port > 0) y.key(6, "ansible_port", std::to_string(h.port));
      y.key(6, "baton_host", yaml::double_quoted(h.name));
    }
    // One group per host group, for --limit.
    std::vector<std::string> groups;
    for (const plan::Host& h : plan.hosts)
      if (h.member >= 0 && (groups.empty() || groups.back() != h.group)) groups.push_back(h.group);
    if (!groups.empty()) {
      y.key(2, "children");
      for (const std::string& g : groups) {
        // `all` and `ungrouped` are Ansible's own groups.
        y.key(4, g == "all" || g == "ungrouped" ? "group_" + g : g);
        y.key(6, "hosts");
        for (const plan::Host& h : plan.hosts)
          if (h.member >= 0 && h.group == g) y.key(8, inventory_name(h), "{}");
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
  for (const plan::Host& h : plan.hosts)
    if (bad(h.address, "the address of host " + h.name) ||
        bad(h.user, "the user of host " + h.name))
      return false;
  auto command_ok = [&](const plan::Command& c, const std::string& where) {
    for (const plan::CommandPiece& p : c.pieces)
      if (!p.is_value && bad(p.shell, where)) return false;
    return true;
  };
  for (const plan::Step& s : plan.steps)
    for (const plan::Command& c : s.commands)
      if (!command_ok(c, "a command of " + s.label())) return false;
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
  std::string inventory = Emitter{plan, style, {}}.inventory();
  std::string playbook = Emitter{plan, style, {}}.playbook();
  files.push_back({"inventory.yml", std::move(inventory), false});
  files.push_back({"site.yml", std::move(playbook), false});
  return true;
}

}  // namespace baton
