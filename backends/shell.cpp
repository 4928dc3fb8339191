// The shell backend: one POSIX sh driver script that runs every step of the plan on its host.
//
// The script is the runtime below (option parsing, quoting, the pieces of programs) followed by
// the plan as data and functions: how many steps each step waits for; per step its facts (host,
// label, captures...), the steps it releases and the program it sends to its host
// (shell_program.h); per handler whether a trigger fired; then the scheduler and transports.
// Commands sit in quoted here-documents, so the script reads like the plan and the shell never
// expands them; values are quoted inside them.
#include <fmt/core.h>

#include <cstdio>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "backends/emitters.h"
#include "backends/shell_program.h"
#include "backends/shell_quote.h"
#include "backends/text_out.h"
#include "compiler/base/version.h"

namespace baton {
namespace {

using shell::append_literal;

/// Items (steps, captures, hosts) per generated function, a `case` on the item inside: dash
/// keeps functions in a hash table of 31 buckets, so that a function per step made a
/// 100,000-step plan take minutes to define. Bash copies a function's body at each call, so
/// the chunks stay small.
constexpr std::size_t kChunk = 32;

// The runtime. Functions and variables start with `baton_` so that no name of a plan clashes.
// Steps are numbered in plan order. The state of step N is one variable, baton_s_N: the number
// of steps it still waits for while pending, then running, changed, ok, failed or skipped; and
// baton_p_N holds the pid of its job while it runs. What does not change (host, label, ...) is
// set by `baton_call about N`. Few variables matter: dash keeps them in a hash table of 39
// buckets, so that 8 variables per step made a 10,000-step plan take 15 s to start. For the same
// reason per-item functions hold kChunk items each (see baton_call).
const char* const kRuntime = R"SH(
baton_jobs=5
baton_dry=0
baton_verbose=0
baton_logdir=
baton_transport=${BATON_TRANSPORT:-ssh}
baton_me=${0##*/}
# Set through eval; named here for readers (and shellcheck).
baton_left='' baton_lb='' baton_caps='' baton_hi='' baton_handler='' baton_pid='' baton_next=''
baton_level='' baton_hname='' baton_addr='' baton_user='' baton_port='' baton_when='' baton_cl=''
baton_state=''

baton_die_usage() {
  printf '%s: %s\n' "$baton_me" "$1" >&2
  printf 'run "%s --help" for the options\n' "$baton_me" >&2
  exit 2
}

baton_set_option() {
  case $1 in
    -j|--jobs) baton_jobs=$2 ;;
    --transport) baton_transport=$2 ;;
    --log-dir) baton_logdir=$2 ;;
  esac
}

# A single-quoted word holding $1 exactly, for programs sent to hosts.
baton_q() {
  baton_qi=$1
  baton_qo=
  while :; do
    case $baton_qi in
      *\'*)
        baton_qo="$baton_qo${baton_qi%%\'*}'\\''"
        baton_qi=${baton_qi#*\'}
        ;;
      *) break ;;
    esac
  done
  printf "'%s%s'" "$baton_qo" "$baton_qi"
}

baton_is() { eval "[ \"\$baton_s_$1\" = $2 ]"; }

# Whether step $1 has not started (its state is still a count).
baton_pending() {
  eval "baton_state=\$baton_s_$1"
  case $baton_state in *[!0-9]*) return 1 ;; esac
}

# The initial state of the next steps, in plan order: how many steps each waits for.
baton_waits() {
  for baton_count do
    eval "baton_s_$baton_qn=$baton_count"
    [ "$baton_count" -gt 0 ] || baton_enqueue "$baton_qn"
    baton_qn=$((baton_qn + 1))
  done
}

baton_enqueue() {
  eval "baton_q_$baton_qt=$1"
  baton_qt=$((baton_qt + 1))
}

# Called with the dependents of a step that succeeded (or was skipped).
baton_release() {
  for baton_m do
    eval "baton_s_$baton_m=\$((baton_s_$baton_m - 1)); baton_left=\$baton_s_$baton_m"
    [ "$baton_left" -ne 0 ] || baton_enqueue "$baton_m"
  done
}

# ---- the pieces of programs; in a dry run they print what the step would run
baton_identity() {
  printf 'BATON_STEP=%s BATON_HOST=%s\nexport BATON_STEP BATON_HOST\n' \
    "$(baton_q "$1")" "$(baton_q "$baton_hname")"
}

baton_secret() {
  [ "$baton_dry" = 0 ] || return 0
  eval "baton_v=\${$1:-}"
  printf '%s=%s\nexport %s\n' "$1" "$(baton_q "$baton_v")" "$1"
}

baton_use() {
  if [ "$baton_dry" = 1 ]; then
    printf '    with %s = %s\n' "\$BATON_CAP_$1" "$2"
    return 0
  fi
  if [ ! -f "$baton_tmp/cap.$1" ]; then
    printf 'baton: the output %s was not captured\n' "$2" >&2
    printf 'exit 125\n'
    return 0
  fi
  baton_v=$(cat "$baton_tmp/cap.$1")
  printf 'BATON_CAP_%s=%s\nexport BATON_CAP_%s\n' "$1" "$(baton_q "${baton_v%x}")" "$1"
}

baton_capture_is() {
  if [ "$baton_dry" = 1 ]; then
    printf 'capture %s on %s, after %s:\n' "$1" "$baton_hname" "$baton_lb"
    return 0
  fi
  printf 'BATON_CAPTURE=%s\nexport BATON_CAPTURE\n' "$(baton_q "$1")"
}

baton_indent() {
  while IFS= read -r baton_line || [ -n "$baton_line" ]; do
    printf '    %s\n' "$baton_line"
  done
}

baton_cmd() {
  if [ "$baton_dry" = 1 ]; then
    baton_indent
    return 0
  fi
  printf '(\n'
  cat
  printf ')\nbaton_status %s\n' "\$?"
}

baton_text() {
  if [ "$baton_dry" = 1 ]; then
    baton_indent
    return 0
  fi
  cat
}
)SH";

// The scheduler and transports. They are defined before the plan's functions, which dash would
// otherwise search through at every call (see kWarmUp).
const char* const kScheduler = R"SH(
# ---- transports: the program arrives on standard input
baton_send() {
  case $baton_transport in
    local) sh -s 3>&- ;;
    ssh)
      set -- -T -o BatchMode=yes
      [ -z "$baton_port" ] || set -- "$@" -p "$baton_port"
      [ -z "$baton_user" ] || set -- "$@" -l "$baton_user"
      "${BATON_SSH:-ssh}" "$@" -- "$baton_addr" sh -s 3>&-
      ;;
  esac
}

# Runs step $1 and its captures on its host; sets baton_result.
baton_exec() {
  baton_call about "$1"
  { baton_identity "$baton_lb"; baton_call step "$1"; } | baton_send
  baton_rc=$?
  case $baton_rc in
    0) baton_result=changed ;;
    99) baton_result=ok ;;
    *)
      baton_result="failed $baton_rc"
      return 0
      ;;
  esac
  for baton_cap in $baton_caps; do
    { baton_identity "$baton_lb"; baton_call capture "$baton_cap"; } | baton_send >"$baton_tmp/cap.$baton_cap"
    baton_rc=$?
    if [ "$baton_rc" != 0 ]; then
      rm -f "$baton_tmp/cap.$baton_cap"
      baton_call capture_label "$baton_cap"
      baton_result="capture $baton_cl $baton_rc"
      return 0
    fi
  done
}

baton_logfile() {
  baton_call about "$1"
  baton_log="$baton_logs/$baton_lb.log"
}

# The body of a background job: reports "<step> <result>" on the fifo when done.
baton_job() {
  baton_logfile "$1"
  baton_result="failed 125"
  baton_exec "$1" >"$baton_log" 2>&1
  printf '%s %s\n' "$1" "$baton_result" >&3
}

baton_launch() {
  baton_call about "$1"
  baton_call host "$baton_hi"
  eval "baton_s_$1=running"
  printf 'start    %s on %s\n' "$baton_lb" "$baton_hname"
  baton_job "$1" </dev/null &
  eval "baton_p_$1=\$!"
  baton_running=$((baton_running + 1))
}

baton_start() {
  baton_call about "$1"
  if [ "$baton_handler" = 1 ] && ! baton_call fired "$1"; then
    eval "baton_s_$1=skipped"
    printf 'skipped  %s: not triggered\n' "$baton_lb"
    baton_skipped=$((baton_skipped + 1))
    baton_call next "$1"
    return 0
  fi
  baton_launch "$1"
}

baton_show_log() {
  baton_logfile "$1"
  [ -s "$baton_log" ] || return 0
  while IFS= read -r baton_line || [ -n "$baton_line" ]; do
    printf '    | %s\n' "$baton_line"
  done <"$baton_log"
}

# Takes the report of a finished job: $1 step, $2 result, $3 and $4 details.
baton_finish() {
  eval "baton_pid=\$baton_p_$1"
  wait "$baton_pid"
  unset "baton_p_$1"
  baton_running=$((baton_running - 1))
  baton_call about "$1"
  case $2 in
    changed|ok)
      eval "baton_s_$1=$2"
      printf '%-8s %s\n' "$2" "$baton_lb"
      if [ "$2" = changed ]; then baton_changed=$((baton_changed + 1)); else baton_ok=$((baton_ok + 1)); fi
      [ "$baton_verbose" = 0 ] || baton_show_log "$1"
      [ -n "$baton_failed" ] || baton_call next "$1"
      ;;
    *)
      eval "baton_s_$1=failed"
      if [ "$2" = capture ]; then
        baton_why="capturing $3 exited with status $4"
      else
        baton_why="exit status $3"
      fi
      printf 'FAILED   %s: %s\n' "$baton_lb" "$baton_why"
      baton_show_log "$1"
      baton_failed="$baton_failed$baton_me: step $baton_lb failed: $baton_why
"
      baton_failures=$((baton_failures + 1))
      ;;
  esac
}

baton_schedule() {
  while :; do
    while [ -z "$baton_failed" ] && [ "$baton_running" -lt "$baton_jobs" ] && [ "$baton_qh" -lt "$baton_qt" ]; do
      eval "baton_next=\$baton_q_$baton_qh"
      unset "baton_q_$baton_qh"
      baton_qh=$((baton_qh + 1))
      baton_start "$baton_next"
    done
    [ "$baton_running" -gt 0 ] || break
    read -r baton_rid baton_r1 baton_r2 baton_r3 <&3
    baton_finish "$baton_rid" "$baton_r1" "$baton_r2" "$baton_r3"
  done
}

# A handler of a failed step's `failed` event, run once the running steps have finished.
baton_now() {
  baton_pending "$1" || return 0
  baton_launch "$1"
  read -r baton_rid baton_r1 baton_r2 baton_r3 <&3
  baton_finish "$baton_rid" "$baton_r1" "$baton_r2" "$baton_r3"
}

baton_dry_run() {
  printf 'dry run: %s steps on %s hosts in %s levels; nothing runs\n' "$baton_total" "$baton_hosts" "$baton_levels"
  baton_i=0
  while [ "$baton_i" -lt "$baton_total" ]; do
    baton_call about "$baton_i"
    baton_call host "$baton_hi"
    printf 'step %s/%s, level %s: %s on %s' "$((baton_i + 1))" "$baton_total" "$baton_level" "$baton_lb" "$baton_hname"
    if [ -n "$baton_when" ]; then printf ', handler, runs if %s\n' "$baton_when"; else printf '\n'; fi
    baton_call step "$baton_i"
    for baton_cap in $baton_caps; do baton_call capture "$baton_cap"; done
    baton_i=$((baton_i + 1))
  done
}
)SH";

// Names the builtins (and `cat`) that the runtime and the scheduler run for every step, before
// the plan's functions are defined. dash keeps every command name it has seen, functions and
// builtins alike, in a hash table of 31 buckets that never grows, each bucket a list searched
// from its head in the order the names were first seen. At 100,000 steps the plan has some
// 12,000 functions: a builtin first run after their definitions sat behind ~400 of them in its
// bucket, and `--dry-run` spent most of its time in those searches (22 s of CPU under dash).
const char* const kWarmUp = R"SH(
# ---- name the builtins each step runs before the plan's functions (dash searches its table of
# commands in the order names were first seen)
baton_warm_up() {
  printf ''
  [ "$baton_dry" = 1 ] || eval :
  unset baton_none
  shift 0
  set --
  wait
  read -r baton_line </dev/null || :
  command -v cat >/dev/null || :
  while :; do break; done
  return 0
}
baton_warm_up
)SH";

// The main program: options, then a dry run or the run.
const char* const kMain = R"SH(
# ---- main
while [ $# -gt 0 ]; do
  case $1 in
    -n|--dry-run) baton_dry=1 ;;
    -v|--verbose) baton_verbose=1 ;;
    -j|--jobs|--transport|--log-dir)
      [ $# -ge 2 ] || baton_die_usage "$1 needs a value"
      baton_set_option "$1" "$2"
      shift
      ;;
    --jobs=*|--transport=*|--log-dir=*) baton_set_option "${1%%=*}" "${1#*=}" ;;
    -j?*) baton_jobs=${1#-j} ;;
    -h|--help)
      baton_usage
      exit 0
      ;;
    *) baton_die_usage "unknown option: $1" ;;
  esac
  shift
done
# --jobs: 1 to 999999999, in decimal; more digits could pass the shell's arithmetic limit.
baton_n=${baton_jobs#"${baton_jobs%%[!0]*}"}
case $baton_n in
  ''|*[!0-9]*|??????????*) baton_die_usage "--jobs needs a number from 1 to 999999999, not '$baton_jobs'" ;;
esac
baton_jobs=$baton_n
case $baton_transport in
  ssh|local) ;;
  *) baton_die_usage "unknown transport '$baton_transport': ssh or local" ;;
esac

if [ "$baton_dry" = 1 ]; then
  baton_dry_run
  exit 0
fi

baton_check_secrets
baton_tmp=$(mktemp -d "${TMPDIR:-/tmp}/baton.XXXXXX") || {
  printf '%s: cannot make a temporary directory\n' "$baton_me" >&2
  exit 2
}
trap 'rm -rf "$baton_tmp"' EXIT
trap 'printf "%s: interrupted\n" "$baton_me" >&2; exit 130' INT
trap 'printf "%s: terminated\n" "$baton_me" >&2; exit 143' TERM
baton_logs=$baton_tmp
if [ -n "$baton_logdir" ]; then
  mkdir -p "$baton_logdir" || exit 2
  baton_logs=$baton_logdir
fi
# The fifo on which jobs report; opened read-write so that reads block until a report comes.
mkfifo "$baton_tmp/fifo" || exit 2
exec 3<>"$baton_tmp/fifo"

baton_qh=0
baton_qt=0
baton_qn=0
baton_init
baton_running=0
baton_failed=
baton_changed=0
baton_ok=0
baton_skipped=0
baton_failures=0
printf '%s: %s steps on %s hosts, up to %s at once, through %s\n' "$baton_me" "$baton_total" "$baton_hosts" "$baton_jobs" "$baton_transport"
baton_schedule
if [ -n "$baton_failed" ]; then
  baton_on_failure
  baton_done=$((baton_changed + baton_ok + baton_skipped + baton_failures))
  printf '%s' "$baton_failed" >&2
  printf '%s: stopped: %s of %s steps did not run\n' "$baton_me" "$((baton_total - baton_done))" "$baton_total" >&2
  exit 1
fi
baton_done=$((baton_changed + baton_ok + baton_skipped))
if [ "$baton_done" -ne "$baton_total" ]; then
  printf '%s: internal error: %s of %s steps ran\n' "$baton_me" "$baton_done" "$baton_total" >&2
  exit 1
fi
printf '%s: done: %s steps, %s changed, %s ok, %s skipped\n' "$baton_me" "$baton_total" "$baton_changed" "$baton_ok" "$baton_skipped"
)SH";

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
    for (const plan::Dependency& d : plan.steps[i].waits_for) {
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
  out += "\n";
  out += "\n# how many steps each step waits for, in plan order\nbaton_init() {\n";
  for (std::size_t i = 0; i < n; i += 20) {
    out += "  baton_waits";
    for (std::size_t k = i; k < n && k < i + 20; ++k) {
      std::size_t waits = 0;
      uint32_t last = UINT32_MAX;
      for (const plan::Dependency& d : plan.steps[k].waits_for) {
        if (d.step != last) ++waits;
        last = d.step;
      }
      out += ' ';
      text::put_uint(out, waits);
    }
    out += "\n";
  }
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
  auto uses = [&](std::string& b, const plan::Command* first, const plan::Command* last) {
    shell::RuntimeInputs in;
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
    uses(b, s.commands.data(), s.commands.data() + s.commands.size());
    b += "    baton_open\n";
    for (const plan::Command& c : s.commands) command_heredoc(b, "baton_cmd", c);
    b += "    baton_close\n";
  });
  emit_chunked(out, "capture", plan.captures.size(), [&](std::size_t k, std::string& b) {
    const plan::Capture& c = plan.captures[k];
    b += "    baton_capture_is ";
    append_literal(b, c.instance + "." + c.output);
    b += '\n';
    uses(b, &c.command, &c.command + 1);
    b += "    baton_capture_open\n";
    command_heredoc(b, "baton_text", c.command);
    b += "    baton_capture_close\n";
  });
}

/// A generous estimate of the script's size, so that its buffer is allocated once (pages never
/// written cost nothing).
std::size_t estimated_size(const plan::Plan& plan) {
  std::size_t bytes = std::size_t{64} * 1024 + plan.hosts.size() * 160;
  auto command_bytes = [](const plan::Command& c) {
    std::size_t b = 48;
    for (const plan::CommandPiece& p : c.pieces) {
      b += 8 + p.shell.size();
      for (const plan::Segment& seg : p.value) b += 32 + 2 * seg.text.size();
    }
    return b;
  };
  for (const plan::Step& s : plan.steps) {
    bytes += 300 + 3 * (s.instance.size() + s.action.size()) + 12 * s.waits_for.size() +
             80 * s.triggers.size();
    for (const plan::Command& c : s.commands) bytes += command_bytes(c);
  }
  for (const plan::Capture& c : plan.captures) bytes += 200 + command_bytes(c.command);
  return bytes;
}

}  // namespace

bool emit_shell(const plan::Plan& plan, const BackendOptions&, std::vector<OutputFile>& files,
                std::string* err) {
  if (!shell::check_runnable(plan, err)) return false;
  std::vector<std::string> labels;
  labels.reserve(plan.steps.size());
  for (const plan::Step& s : plan.steps) labels.push_back(s.label());
  std::string out;
  out.reserve(estimated_size(plan));
  out += "#!/bin/sh\n";
  out += std::string("# A deployment plan compiled by baton ") + kVersion + ": " +
         std::to_string(plan.steps.size()) + " steps on " + std::to_string(plan.hosts.size()) +
         " hosts. Generated: edit the spec and compile again.\n";
  out +=
      "# Run it with --help for the options; baton's docs/backends.md describes the conventions.\n";
  out += "set -u\n";
  out += kRuntime;
  out +=
      "\n# Calls the function of kind $1 (about, step, next, ...) for item $2.\n"
      "baton_call() { \"baton_$1_$(($2 / " +
      std::to_string(kChunk) + "))\" \"$2\"; }\n";
  out += kScheduler;
  emit_fixed_text(out);
  out += kWarmUp;
  out += '\n';
  emit_usage(plan, out);
  emit_hosts(plan, out);
  emit_secrets_check(plan, out);
  emit_schedule(plan, labels, out);
  emit_programs(plan, labels, out);
  out += kMain;
  files.push_back({"deploy.sh", std::move(out), true});
  return true;
}

}  // namespace baton
