// Params: command-line values parsed by type, missing and misplaced values reported.
#include "analyses/params.h"

#include <fmt/core.h>

#include <algorithm>

#include "compiler/base/closest_name.h"

namespace baton {

namespace {

ir::Type param_type(const ir::Module& m, const Resolution* names, const ir::Param& p,
                    int depth = 0);

/// The type of a default value, read from its shape, for params declared without a type
/// (`param n = base * 2`): enough to parse a --param value as what the default would give.
ir::Type default_type(const ir::Module& m, const Resolution* names, ir::ExprId id, int depth) {
  // Deep or self-referring defaults are reported by the evaluator; string is a safe answer.
  if (!id.valid() || depth > 32) return ir::Type::String;
  const ir::Expr& e = m.expr(id);
  switch (e.kind) {
    case ir::ExprKind::Int: return ir::Type::Int;
    case ir::ExprKind::Bool: return ir::Type::Bool;
    case ir::ExprKind::List: return ir::Type::List;
    case ir::ExprKind::Unary:
      return e.unary_op == ir::UnaryOp::Not ? ir::Type::Bool : ir::Type::Int;
    case ir::ExprKind::Binary:
      switch (e.binary_op) {
        case ir::BinaryOp::Add: return default_type(m, names, e.lhs, depth + 1);
        case ir::BinaryOp::Sub:
        case ir::BinaryOp::Mul:
        case ir::BinaryOp::Div:
        case ir::BinaryOp::Mod: return ir::Type::Int;
        default: return ir::Type::Bool;
      }
    case ir::ExprKind::Call:
      if (e.name == "len" || e.name == "int") return ir::Type::Int;
      if (e.name == "contains") return ir::Type::Bool;
      return ir::Type::String;
    case ir::ExprKind::Name: {
      if (!names || names->names[id.value].kind != SymbolKind::Param) return ir::Type::String;
      ir::Type t = param_type(m, names, m.params[names->names[id.value].index], depth + 1);
      // A default taken from a secret is still given as a plain string on the command line.
      return t == ir::Type::Secret ? ir::Type::String : t;
    }
    default: return ir::Type::String;
  }
}

/// The type a param's values must have: declared, else that of its default, else string.
ir::Type param_type(const ir::Module& m, const Resolution* names, const ir::Param& p, int depth) {
  if (p.type) return *p.type;
  return default_type(m, names, p.default_value, depth);
}

/// Parses a decimal int that fits in 64 bits, with an optional leading '-'.
bool parse_int(const std::string& text, int64_t& out) {
  size_t k = !text.empty() && text[0] == '-' ? 1 : 0;
  if (k == text.size()) return false;
  int64_t v = 0;
  for (; k < text.size(); ++k) {
    char c = text[k];
    if (c < '0' || c > '9') return false;
    // Accumulate negatively, so that INT64_MIN parses too.
    if (__builtin_mul_overflow(v, 10, &v) || __builtin_sub_overflow(v, c - '0', &v)) return false;
  }
  if (text[0] != '-') {
    if (v == INT64_MIN) return false;
    v = -v;
  }
  out = v;
  return true;
}

std::string example_of(ir::Type t) {
  switch (t) {
    case ir::Type::Int: return "<int>";
    case ir::Type::Bool: return "true|false";
    case ir::Type::List: return "a,b,c";
    default: return "<value>";
  }
}

}  // namespace

ParamInputs bind_params(const ir::Module& m, const Resolution& names,
                        const std::vector<ParamSetting>& given, DiagnosticEngine& diags) {
  ParamInputs inputs(m.params.size());
  for (const ir::Param& p : m.params) {
    if (p.type == ir::Type::Secret && p.default_value.valid()) {
      diags
          .report(DiagKind::SecretDefault, m.expr(p.default_value).range,
                  fmt::format("secret param '{}' has a value written in the spec", p.name))
          .help = fmt::format(
          "remove the value: secrets are supplied when the plan runs (BATON_SECRET_{} for the "
          "shell target)",
          p.name);
    }
  }
  for (const ParamSetting& setting : given) {
    const std::string& name = setting.name;
    const std::string& text = setting.value;
    const bool from_config = setting.origin.valid();
    Symbol s = names.lookup(name);
    if (s.kind != SymbolKind::Param && from_config) continue;
    if (s.kind != SymbolKind::Param) {
      std::vector<std::string> params;
      for (const ir::Param& p : m.params) params.push_back(p.name);
      std::sort(params.begin(), params.end());
      Diagnostic& d =
          diags.report(DiagKind::UnknownParam, {},
                       fmt::format("--param {0}: the spec declares no param '{0}'", name));
      std::string near = closest_name(name, params);
      if (!near.empty()) {
        d.help = fmt::format("did you mean '{}'?", near);
      } else if (params.empty()) {
        d.help = "the spec declares no params";
      } else if (params.size() <= 8) {
        d.help = "the spec's params:";
        for (size_t k = 0; k < params.size(); ++k) d.help += (k ? ", " : " ") + params[k];
      }
      continue;
    }
    const ir::Param& p = m.params[s.index];
    ir::Type t = param_type(m, &names, p);
    if (t == ir::Type::Secret) {
      Diagnostic& d =
          from_config
              ? diags.report(
                    DiagKind::SecretOnCommandLine, setting.origin,
                    fmt::format("'{}' is a secret and cannot be given a value in a file", name))
              : diags.report(DiagKind::SecretOnCommandLine, {},
                             fmt::format("--param {0}: '{0}' is a secret and cannot be "
                                         "given on the command line",
                                         name));
      d.notes.push_back({p.name_range, "declared secret here"});
      d.help = "secrets are supplied when the plan runs, never at compile time";
      continue;
    }
    Value v;
    bool ok = true;
    switch (t) {
      case ir::Type::Int: {
        int64_t i = 0;
        ok = parse_int(text, i);
        if (ok) v = Value::of_int(i);
        break;
      }
      case ir::Type::Bool:
        ok = text == "true" || text == "false";
        if (ok) v = Value::of_bool(text == "true");
        break;
      case ir::Type::List: {
        v.kind = Value::Kind::List;
        size_t pos = 0;
        while (!text.empty() && pos <= text.size()) {
          size_t comma = text.find(',', pos);
          if (comma == std::string::npos) comma = text.size();
          v.items.push_back(Value::of_string(text.substr(pos, comma - pos)));
          pos = comma + 1;
        }
        break;
      }
      default: v = Value::of_string(text); break;
    }
    if (!ok) {
      Diagnostic& d = diags.report(
          DiagKind::InvalidParamValue, setting.origin,
          from_config ? fmt::format("'{}' is {}, and '{}' is not", name, ir::type_name(t), text)
                      : fmt::format("--param {0}={1}: '{0}' is {2}, and '{1}' is not", name, text,
                                    ir::type_name(t)));
      d.notes.push_back({p.name_range, fmt::format("'{}' declared here", name)});
      if (from_config) {
        d.help = t == ir::Type::Int ? fmt::format("write a whole number, like {} = 3", name)
                                    : fmt::format("write {0} = true or {0} = false", name);
      } else {
        d.help = t == ir::Type::Int
                     ? fmt::format(
                           "write a whole number between -2^63 and 2^63-1, like "
                           "--param {}=3",
                           name)
                     : fmt::format("write --param {0}=true or --param {0}=false", name);
      }
      // The param has a value, an erroneous one: no "missing param" error, no cascade.
      inputs[s.index] = Value::error();
      continue;
    }
    inputs[s.index] = std::move(v);
  }
  return inputs;
}

void report_missing_params(const ir::Module& m, Evaluator& eval, DiagnosticEngine& diags) {
  for (uint32_t k = 0; k < m.params.size(); ++k) {
    if (!eval.param_missing(ir::ParamId{k})) continue;
    const ir::Param& p = m.params[k];
    diags
        .report(DiagKind::MissingParam, p.name_range,
                fmt::format("param '{}' has no value", p.name))
        .help = fmt::format("pass --param {}={}, or give it a default", p.name,
                            example_of(param_type(m, nullptr, p)));
  }
}

}  // namespace baton
