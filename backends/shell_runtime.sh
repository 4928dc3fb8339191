#!/bin/sh
# The runtime of deploy.sh, the driver script that the shell backend (backends/shell.cpp) writes:
# option parsing, quoting, the pieces of programs, the scheduler, the transports and the main
# program. It is the same for every plan; the backend writes the plan between its parts:
#
#   runtime, baton_call, scheduler, the fixed text of programs (shell_program.h), warm_up,
#   --help, the hosts, the secrets check, the plan as data, the programs, main_program.
#
# backends/embed_parts.cmake turns this file into C++ strings at build time: a line
# `#@part NAME` starts a part, which runs to the next one; lines starting with `#@ ` are notes
# for the reader of this file and, like this header, are not copied into the script. A test
# runs shellcheck on this file (tests/CMakeLists.txt); the functions and variables that the
# plan's text defines (baton_call, baton_total, ...) are not here, hence the directive below.
# shellcheck disable=SC2154

#@ Functions and variables start with `baton_` so that no name of a plan clashes. Steps are
#@ numbered in plan order. The state of step N is one variable, baton_s_N: the number of steps it
#@ still waits for while pending, then running, changed, ok, failed or skipped; baton_p_N holds
#@ the pid of its job while it runs. What does not change (host, label, ...) is set by
#@ `baton_call about N`. Few variables per step, and per-item functions that hold 32 items
#@ each: dash keeps both in hash tables of a fixed size (docs/backends.md, "Layout of the script").
#@part runtime
baton_jobs=5
baton_dry=0
baton_verbose=0
baton_logdir=
baton_transport=${BATON_TRANSPORT:-ssh}
baton_me=${0##*/}
# Set through eval; named here for readers (and shellcheck).
baton_left='' baton_lb='' baton_caps='' baton_hi='' baton_handler='' baton_pid='' baton_next=''
baton_level='' baton_hname='' baton_addr='' baton_user='' baton_port='' baton_when='' baton_cl=''
baton_state='' baton_bn='' baton_k=''

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
#@ The scheduler and transports, defined before the plan's functions, which dash would
#@ otherwise search through at every call (see warm_up).
#@part scheduler
# ---- transports: the program arrives on standard input
# The local transport starts the step from an empty environment, as a remote login does: only
# these basics, and the variables named in BATON_LOCAL_ENV (the counterpart of ssh's SendEnv).
baton_send_local() {
  set --
  for baton_v in PATH HOME USER LOGNAME SHELL LANG LC_ALL ${BATON_LOCAL_ENV-}; do
    case $baton_v in
      '' | [0-9]* | *[!A-Za-z0-9_]*) continue ;;
    esac
    eval "[ -z \"\${$baton_v+x}\" ] || set -- \"\$@\" \"$baton_v=\$$baton_v\""
  done
  env -i "$@" sh -s 3>&-
}

baton_send() {
  case $baton_transport in
    local) baton_send_local ;;
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

# Runs the plan: each step once what it waits for is done or, for a rolling operation, batch
# after batch: a batch starts once every step of the one before succeeded, and the first batch
# that fails stops the run.
baton_run() {
  if [ "$baton_batches" = 0 ]; then
    baton_schedule
    return 0
  fi
  baton_k=0
  while [ "$baton_k" -lt "$baton_batches" ]; do
    baton_call batch "$baton_k"
    printf 'batch %s/%s: %s\n' "$((baton_k + 1))" "$baton_batches" "$baton_bn"
    [ "$baton_k" = 0 ] || baton_call open "$baton_k"
    baton_schedule
    if [ -n "$baton_failed" ]; then
      baton_failed="$baton_failed$baton_me: batch $((baton_k + 1)) of $baton_batches ($baton_bn) failed; the $((baton_batches - baton_k - 1)) later batches did not start
"
      return 0
    fi
    baton_k=$((baton_k + 1))
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
#@ Names the builtins (and `cat`) that the runtime and the scheduler run for every step before
#@ the plan's functions are defined: dash keeps every command name it has seen in a table of 31
#@ buckets, each a list searched in the order the names were first seen, so that a builtin first
#@ seen after the plan's functions would sit behind hundreds of them.
#@part warm_up
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
#@ The main program: options, then a dry run or the run.
#@part main_program
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
baton_run
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
