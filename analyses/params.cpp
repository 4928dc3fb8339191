// Params: command-line values parsed by type, missing and misplaced values reported.
#include "analyses/params.h"

#include <algorithm>

namespace baton {

namespace {

/// The type a param's values must have: declared, else that of a literal default, else string.
ir::Type param_type(const ir::Module& m, const ir::Param& p) {
  if (p.type) return *p.type;
  if (p.default_value.valid()) {
    switch (m.expr(p.default_value).kind) {
      case ir::ExprKind::Int: return ir::Type::Int;
      case ir::ExprKind::Bool: return ir::Type::Bool;
      case ir::ExprKind::List: return ir::Type::List;
      default: break;
    }
  }
  return ir::Type::String;
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
                        const std::vector<std::pair<std::string, std::string>>& given,
                        DiagnosticEngine& diags) {
  ParamInputs inputs(m.params.size());
  for (const ir::Param& p : m.params) {
    if (p.type == ir::Type::Secret && p.default_value.valid())
      diags.report(DiagKind::SecretDefault, m.expr(p.default_value).range,
                   "secret param '" + p.name + "' has a value written in the spec")
          .help = "remove the value: secrets are supplied when the plan runs (BATON_SECRET_" +
                  p.name + " for the shell target)";
  }
  for (const auto& [name, text] : given) {
    Symbol s = names.lookup(name);
    if (s.kind != SymbolKind::Param) {
      std::vector<std::string> params;
      for (const ir::Param& p : m.params) params.push_back(p.name);
      std::sort(params.begin(), params.end());
      Diagnostic& d = diags.report(DiagKind::UnknownParam, {},
                                   "--param " + name + ": the spec declares no param '" + name + "'");
      std::string near = closest_name(name, params);
      if (!near.empty()) d.help = "did you mean '" + near + "'?";
      continue;
    }
    const ir::Param& p = m.params[s.index];
    ir::Type t = param_type(m, p);
    if (t == ir::Type::Secret) {
      Diagnostic& d = diags.report(DiagKind::SecretOnCommandLine, {},
                                   "--param " + name + ": '" + name +
                                       "' is a secret and cannot be given on the command line");
      d.notes.push_back({p.name_range, "declared secret here"});
      d.help = "secrets are supplied when the plan runs, never at compile time";
      continue;
    }
    Value v;
    bool ok = true;
    switch (t) {
      case ir::Type::Int: {
        size_t k = !text.empty() && text[0] == '-' ? 1 : 0;
        ok = k < text.size() && text.size() - k <= 18 &&
             std::all_of(text.begin() + k, text.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (ok) v = Value::of_int(std::stoll(text));
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
      default:
        v = Value::of_string(text);
        break;
    }
    if (!ok) {
      Diagnostic& d = diags.report(DiagKind::InvalidParamValue, {},
                                   "--param " + name + "=" + text + ": '" + name + "' is " +
                                       ir::type_name(t) + ", and '" + text + "' is not");
      d.notes.push_back({p.name_range, "'" + name + "' declared here"});
      continue;
    }
    inputs[s.index] = std::move(v);
  }
  return inputs;
}

void report_missing_params(const ir::Module& m, Evaluator& eval, DiagnosticEngine& diags) {
  for (uint32_t k = 0; k < m.params.size(); ++k) {
    if (!eval.param_missing(k)) continue;
    const ir::Param& p = m.params[k];
    diags.report(DiagKind::MissingParam, p.name_range, "param '" + p.name + "' has no value")
        .help = "pass --param " + p.name + "=" + example_of(param_type(m, p)) + ", or give it a default";
  }
}

}  // namespace baton
