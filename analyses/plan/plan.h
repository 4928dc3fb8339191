// The scheduled plan: the only structure backends read. Produced by analyses/schedule.cpp.
//
// Every value here is already evaluated. What is known only at run time (a captured output, a
// secret) is a symbolic segment that each backend renders in its own way (a shell variable, a
// Jinja lookup), always as data, never as code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source.h"

namespace baton::plan {

/// A piece of a run-time string.
struct Segment {
  enum class Kind : uint8_t {
    Text,     ///< `text` literally
    Capture,  ///< the value of Plan::captures[capture], known once that capture ran
    Secret,   ///< the secret param named `text`, supplied when the plan runs
  };
  Kind kind = Kind::Text;
  std::string text;
  uint32_t capture = 0;
};

/// A string value whose parts may be known only at run time. Adjacent Text segments are merged.
using Word = std::vector<Segment>;

/// Where the author's shell text puts a `${...}`: outside quotes, inside '...' or inside "...".
/// A value must mean exactly its text in each: every backend quotes it for its context.
enum class Quoting : uint8_t {
  Unquoted,  ///< one whole word of its own
  Single,    ///< inside the author's '...': the quotes stay open around it
  Double,    ///< inside the author's "...": the quotes stay open around it
};
/// `unquoted`, `single`, `double`.
const char* quoting_name(Quoting q);

/// A piece of a command: shell text written by the spec's author (trusted, emitted as is), or
/// the value of one `${...}`, which every backend must pass as data in its quoting context.
struct CommandPiece {
  bool is_value = false;
  Quoting quoting = Quoting::Unquoted;  ///< when is_value
  std::string shell;                    ///< when !is_value
  Word value;                           ///< when is_value
};

struct Command {
  std::vector<CommandPiece> pieces;
  SourceRange range;
};

/// A variable of a step's environment (its action's `env` clause), set before its commands run.
struct EnvVar {
  std::string name;
  Word value;
};

/// One expanded host: a plain host, or one member of a group (`db[1]`).
struct Host {
  std::string name;     ///< `lb`, `db[1]`
  std::string group;    ///< the declared name (`db`), same as name for plain hosts
  int member = -1;      ///< position in the group, -1 for plain hosts
  std::string address;  ///< defaults to the host's name
  std::string user;     ///< "" when not given
  int port = 0;         ///< 0 when not given (ssh's default)
  std::vector<std::pair<std::string, std::string>> attrs;  ///< every other attribute, evaluated
};

/// A run-time output: after `step` (the instance's last deploy action) the command runs on
/// the step's host and its standard output, without the final newline, is the value.
struct Capture {
  uint32_t step = 0;
  std::string instance;  ///< `galera[0]`
  std::string output;    ///< `uuid`
  Command command;
};

enum class EdgeKind : uint8_t { Sequence, Data, After, Order, Event };
const char* edge_kind_name(EdgeKind k);

/// Why a step waits for another.
struct Dependency {
  uint32_t step = 0;  ///< index in Plan::steps
  EdgeKind kind = EdgeKind::Sequence;
  SourceRange range;  ///< the source that created the edge
};

/// Waits that many steps share: the steps of one reference to a whole group (`order a before b`,
/// `after a[*].run`, `a[*].o` from every member), kept once instead of once per waiting step, so
/// that the plan stays linear in the group's size. Made only for a reference to at least
/// kMinWaitGroup steps from at least two steps; any other is listed in each step's waits_for.
struct WaitGroup {
  std::vector<Dependency> waits;  ///< sorted by step, one entry per (step, kind)
};
inline constexpr size_t kMinWaitGroup = 64;

/// What a step reports when it ends (docs/backends.md, the events convention).
enum class Event : uint8_t { Changed, Ok, Failed };
/// `changed`, `ok`, `failed`.
const char* event_name(Event e);

/// A handler runs when any of its triggers fired.
struct Trigger {
  uint32_t step = 0;  ///< the emitter
  Event event = Event::Changed;
  SourceRange range;
};

/// One action (or handler) of one service instance, possibly one occurrence of a split action.
struct Step {
  std::string service;   ///< `galera`
  int member = -1;       ///< member of a replicated service, -1 otherwise
  std::string instance;  ///< `galera[1]` or `keystone`
  std::string action;    ///< `join`
  int occurrence = -1;   ///< 0 or 1 for the two runs of a split action, -1 otherwise
  bool handler = false;
  uint32_t host = 0;                  ///< index in Plan::hosts
  uint32_t level = 0;                 ///< steps of one level may run concurrently
  std::vector<Dependency> waits_for;  ///< sorted by step, one entry per (step, kind)
  /// Plan::wait_groups the step also waits for, ascending. What it waits for in all is
  /// all_waits(): read that, not waits_for alone.
  std::vector<uint32_t> wait_groups;
  std::vector<Trigger> triggers;  ///< handlers only
  std::vector<EnvVar> env;        ///< set for every command, in declaration order
  std::vector<Command> commands;
  std::vector<uint32_t> captures;  ///< Plan::captures taken right after this step
  SourceRange range;
  /// A teardown's step: the label of the deploy step it undoes (its place in the reversed
  /// order); "" otherwise.
  std::string undoes;
  /// A rolling operation's step: an action of the service's `health` operation.
  bool health = false;

  /// `galera[1].join`, `haproxy.run#1`.
  std::string label() const;
};

/// A cycle that was split by running a repeatable action twice.
struct Split {
  std::string action;              ///< `haproxy.run`
  std::vector<std::string> cycle;  ///< the actions of the component, by label
};

/// A batch of a rolling operation: the steps [first, end) of Plan::steps, which start only once
/// every step of the batch before succeeded.
struct Batch {
  std::string service;               ///< `galera`
  std::string group;                 ///< its host: the group `db`, or a plain host
  uint32_t size = 1;                 ///< the group's members
  int64_t minimum = -1;              ///< the group's `min`, -1 when it declares none
  std::vector<std::string> members;  ///< the instances taken down, `galera[0]`
  uint32_t first = 0, end = 0;
};

/// The expanded, ordered plan. Steps are in schedule order: by level, then declaration order.
struct Plan {
  std::vector<Host> hosts;
  std::vector<Step> steps;
  std::vector<Capture> captures;
  std::vector<std::string> secrets;    ///< names of the secret params the plan needs at run time
  std::vector<WaitGroup> wait_groups;  ///< see Step::wait_groups
  std::vector<Split> splits;
  uint32_t levels = 0;
  /// For diagrams of a spec that deadlocks: the edges of each rejected cycle, as step pairs.
  /// When non-empty the plan is not runnable, and levels are meaningless.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> deadlocks;
  /// The operation this plan runs (`--op`): "" for the deploy, `teardown`, or a rolling one.
  std::string operation;
  /// A rolling operation's batches, in the order they run; empty otherwise.
  std::vector<Batch> batches;
  /// A rolling operation on a selection: the services the selected ones depend on, which it
  /// does not touch.
  std::vector<std::string> untouched;
};

/// Everything step `s` of `p` waits for: its waits_for and the waits of its wait groups, sorted
/// by step, one entry per (step, kind).
std::vector<Dependency> all_waits(const Plan& p, const Step& s);

}  // namespace baton::plan
