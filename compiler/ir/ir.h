// The IR: a spec's declarations and expressions as built from the parse tree, before analysis.
//
// Entities live in vectors of the Module and refer to each other by small typed ids (or, for
// what a service owns, by index in the service). Every declaration and expression keeps its
// source range. A construct the builder could not understand becomes an ExprKind::Error node
// (or is left out), so one syntax error never cascades into name errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/base/typed_id.h"

namespace baton::ir {

/// A typed index into one of the Module's vectors (see compiler/base/typed_id.h).
template <typename Tag>
using Id = TypedId<Tag>;
using ExprId = Id<struct ExprTag>;
using ParamId = Id<struct ParamTag>;
using HostId = Id<struct HostTag>;
using ServiceId = Id<struct ServiceTag>;

/// Types of values. Secret is a string that must never be printed.
enum class Type : uint8_t { String, Int, Bool, List, Secret };
const char* type_name(Type t);
std::optional<Type> type_from_name(const std::string& name);

enum class ExprKind : uint8_t {
  Error,   ///< could not be built; never reported again
  Int,     ///< int_value
  Bool,    ///< bool_value
  String,  ///< parts: literal text and ${...} expressions
  List,    ///< items
  Name,    ///< name: a bare identifier
  Member,  ///< lhs.name (name_range covers the member name)
  Index,   ///< lhs[rhs]
  Splat,   ///< lhs[*]: every member of a group; a following Member maps over them
  Unary,   ///< unary_op lhs
  Binary,  ///< lhs binary_op rhs
  Call,    ///< name(items...)
};

enum class UnaryOp : uint8_t { Not, Neg };
enum class BinaryOp : uint8_t { Or, And, Eq, Ne, Lt, Le, Gt, Ge, Add, Sub, Mul, Div, Mod };
const char* op_text(UnaryOp op);
const char* op_text(BinaryOp op);

/// A piece of a string literal: literal text (escapes already decoded) or an interpolation.
struct StringPart {
  std::string text;  ///< when !expr.valid()
  ExprId expr;       ///< the ${...} expression, when valid
};

struct Expr {
  ExprKind kind = ExprKind::Error;
  SourceRange range;
  int64_t int_value = 0;
  bool bool_value = false;
  UnaryOp unary_op = UnaryOp::Not;
  BinaryOp binary_op = BinaryOp::Add;
  std::string name;        ///< Name, Member, Call
  SourceRange name_range;  ///< Member: the member name; Name/Call: the identifier
  ExprId lhs, rhs;
  std::vector<ExprId> items;      ///< List items, Call arguments
  std::vector<StringPart> parts;  ///< String
};

struct Param {
  std::string name;
  SourceRange range, name_range;
  std::optional<Type> type;  ///< declared type, if any (secret params have Type::Secret)
  SourceRange type_range;
  ExprId default_value;  ///< invalid when the user must supply it
};

/// `name = expr` inside a host block.
struct Attr {
  std::string name;
  SourceRange range, name_range;
  ExprId value;
};

struct Host {
  std::string name;
  SourceRange range, name_range;
  ExprId count;    ///< valid for a replicated group `host db[count]`
  ExprId minimum;  ///< `min N`, valid only for groups that declare it
  std::vector<Attr> attrs;
  /// A syntax error inside the block: attributes may be missing, so lookups of unknown
  /// attributes are not reported (they would only echo the syntax error).
  bool incomplete = false;
  bool is_group() const { return count.valid(); }
};

struct Input {
  std::string name;
  SourceRange range, name_range;
  ExprId value;
};

struct Output {
  std::string name;
  SourceRange range, name_range;
  bool captured = false;  ///< `capture "cmd"`: value is the command's stdout at run time
  ExprId value;           ///< the static value, or the capture command (a String expr)
};

/// How a target names the members of a replicated service.
enum class TargetIndex : uint8_t { None, Star, Expr };

/// `svc`, `svc.act`, `svc[i].act`, `svc[*].act` in after/order/on.
struct Target {
  std::string service;
  SourceRange service_range;
  TargetIndex index_kind = TargetIndex::None;
  ExprId index;        ///< when index_kind == Expr
  std::string action;  ///< "" when the whole service is meant
  SourceRange action_range;
  SourceRange range;
};

struct Command {
  ExprId text;  ///< a String expr: `sh "..."`
  SourceRange range;
};

/// An action or a handler (handlers run only when an event triggers them).
/// `NAME = value` of an action's `env` clause: a variable of the commands' environment.
struct EnvVar {
  std::string name;
  SourceRange name_range;
  ExprId value;
};

struct Action {
  std::string name;
  SourceRange range, name_range;
  bool handler = false;
  bool repeatable = false;
  SourceRange repeatable_range;
  ExprId when;  ///< guard, evaluated per member; invalid when absent
  /// `op NAME`: the action belongs to the named operation (`teardown`, `restart`, `health`,
  /// ...), not to the deploy; "" for a deploy action or a handler.
  std::string operation;
  SourceRange operation_range;
  std::vector<Target> after;
  std::vector<EnvVar> env;  ///< in declaration order
  std::vector<Command> commands;
};

struct Service {
  std::string name;
  SourceRange range, name_range;
  std::string host;
  SourceRange host_range;
  std::vector<Input> inputs;
  std::vector<Output> outputs;
  std::vector<Action> actions;  ///< in declaration order, handlers included
  /// A syntax error inside the block: members may be missing, so references to unknown
  /// outputs or actions of this service are not reported (they would only echo that error).
  bool incomplete = false;
};

enum class EventKind : uint8_t { Changed, Ok, Failed };
const char* event_name(EventKind k);

/// `on emitter EVENT -> subscriber`.
struct Event {
  Target emitter;
  std::optional<EventKind> kind;  ///< empty when the word was not an event (already reported)
  std::string event_word;
  SourceRange event_range;
  Target subscriber;
  SourceRange range;
};

/// `order a, b before c, d`.
struct Order {
  std::vector<Target> first, then;
  SourceRange range;
};

/// The whole spec: every file's declarations merged into one namespace.
struct Module {
  std::vector<Expr> exprs;
  std::vector<Param> params;
  std::vector<Host> hosts;
  std::vector<Service> services;
  std::vector<Event> events;
  std::vector<Order> orders;
  /// Identifiers that syntax-error recovery skipped over: a declaration of one of them may be
  /// what failed to parse, so a reference to one is not reported as unknown.
  std::vector<std::string> skipped_names;
  /// Some text of the spec could not be read or parsed (a syntax error, an unreadable import):
  /// a check over the whole spec, such as "no event triggers this handler", must not conclude
  /// anything from what is missing.
  bool incomplete = false;
  /// An import could not be loaded: a name it may declare is not reported as unknown.
  bool missing_imports = false;
  /// By FileId: the place of each file's declarations in the spec. An imported file ranks
  /// before the file that imports it, so a name declared in both is a duplicate in the
  /// importer. Empty or short: FileId order.
  std::vector<uint32_t> file_rank;

  const Expr& expr(ExprId id) const { return exprs[id.value]; }
  Expr& expr(ExprId id) { return exprs[id.value]; }
  const Param& param(ParamId id) const { return params[id.value]; }
  const Host& host(HostId id) const { return hosts[id.value]; }
  const Service& service(ServiceId id) const { return services[id.value]; }
  ExprId add(Expr e) {
    exprs.push_back(std::move(e));
    return ExprId{static_cast<uint32_t>(exprs.size() - 1)};
  }
};

}  // namespace baton::ir
