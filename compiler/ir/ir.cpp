// Names of IR enumerations, as they appear in source and in messages.
#include "compiler/ir/ir.h"

namespace baton::ir {

const char* type_name(Type t) {
  switch (t) {
    case Type::String: return "string";
    case Type::Int: return "int";
    case Type::Bool: return "bool";
    case Type::List: return "list";
    case Type::Secret: return "secret";
  }
  return "?";
}

std::optional<Type> type_from_name(const std::string& name) {
  for (Type t : {Type::String, Type::Int, Type::Bool, Type::List, Type::Secret})
    if (name == type_name(t)) return t;
  return std::nullopt;
}

const char* op_text(UnaryOp op) {
  return op == UnaryOp::Not ? "!" : "-";
}

const char* op_text(BinaryOp op) {
  static const char* const kText[] = {"||", "&&", "==", "!=", "<", "<=", ">",
                                      ">=", "+",  "-",  "*",  "/", "%"};
  return kText[static_cast<int>(op)];
}

const char* event_name(EventKind k) {
  switch (k) {
    case EventKind::Changed: return "changed";
    case EventKind::Ok: return "ok";
    case EventKind::Failed: return "failed";
  }
  return "?";
}

}  // namespace baton::ir
