// Name resolution: one namespace for params, hosts and services; inputs, outputs, actions and
// host attributes scoped to their declaration. Reports duplicates with a note at the first
// declaration, and unknown names with the closest known one.
#include "analyses/resolve.h"

#include <fmt/core.h>

#include <algorithm>
#include <functional>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "analyses/builtins.h"
#include "compiler/base/closest_name.h"

namespace baton {

bool is_builtin_host_attr(const std::string& attr) {
  return attr == "name" || attr == "address";
}

const NameTable::Entry* NameTable::find(std::string_view name) const {
  auto it = std::lower_bound(
      entries_.begin(), entries_.end(), name,
      [](const Entry& e, std::string_view n) { return std::string_view(e.first) < n; });
  return it != entries_.end() && it->first == name ? &*it : nullptr;
}

std::vector<std::pair<uint32_t, uint32_t>> NameTable::finish() {
  // Stable: of the entries with one name, the first declared comes first and stays.
  std::stable_sort(entries_.begin(), entries_.end(),
                   [](const Entry& a, const Entry& b) { return a.first < b.first; });
  std::vector<std::pair<uint32_t, uint32_t>> duplicates;
  size_t kept = 0;
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (kept > 0 && entries_[kept - 1].first == entries_[i].first) {
      duplicates.emplace_back(entries_[i].second, entries_[kept - 1].second);
      continue;
    }
    if (kept != i) entries_[kept] = std::move(entries_[i]);
    ++kept;
  }
  entries_.resize(kept);
  entries_.shrink_to_fit();
  std::sort(duplicates.begin(), duplicates.end());
  return duplicates;
}

namespace {

using ir::ExprId;
using ir::ExprKind;

const char* kind_word(SymbolKind k) {
  switch (k) {
    case SymbolKind::Param: return "param";
    case SymbolKind::Host: return "host";
    case SymbolKind::Service: return "service";
    case SymbolKind::Input: return "input";
    default: return "name";
  }
}

/// Where an expression appears: what its bare names may mean.
struct Scope {
  const ir::Service* service = nullptr;
  uint32_t service_index = 0;
  const ir::Host* host = nullptr;  ///< inside a host block: `index`, `count`, `first` exist
  /// The input being defined: its own name there means the top-level declaration
  /// (`input ldap = ldap.url`), not itself.
  int64_t defining_input = -1;
};

class Resolver {
 public:
  Resolver(const ir::Module& m, DiagnosticEngine& diags) : m_(m), diags_(diags) {}

  Resolution run() {
    r_.names.resize(m_.exprs.size());
    declare_top_level();
    declare_members();
    for (const ir::Param& p : m_.params)
      if (p.default_value.valid()) expr(p.default_value, Scope{}, false);
    for (const ir::Host& h : m_.hosts) {
      if (h.count.valid()) expr(h.count, Scope{}, false);
      if (h.minimum.valid()) expr(h.minimum, Scope{}, false);
      Scope scope;
      scope.host = &h;
      for (const ir::Attr& a : h.attrs) expr(a.value, scope, false);
    }
    for (uint32_t i = 0; i < m_.services.size(); ++i) service(i);
    for (const ir::Event& e : m_.events) {
      target(e.emitter, Scope{}, true, "an event's emitter");
      target(e.subscriber, Scope{}, true, "an event's subscriber");
    }
    for (const ir::Order& o : m_.orders) {
      for (const ir::Target& t : o.first) target(t, Scope{}, false, nullptr);
      for (const ir::Target& t : o.then) target(t, Scope{}, false, nullptr);
    }
    report_unknown_names();
    return std::move(r_);
  }

  /// Unknown names (E0202, E0203, E0204) reported in one file, in order of place; the others
  /// are summed up in one more diagnostic. A file of misspellings costs no more than this many
  /// suggestions.
  static constexpr size_t kMaxUnknownNamesPerFile = 50;

 private:
  // ---- declarations

  void duplicate(const std::string& what, const std::string& name, const SourceRange& at,
                 const SourceRange& first) {
    Diagnostic& d = diags_.report(DiagKind::DuplicateDeclaration, at,
                                  fmt::format("duplicate {} '{}'", what, name));
    d.notes.push_back({first, fmt::format("'{}' first declared here", name)});
  }

  SourceRange top_range(Symbol s) const {
    switch (s.kind) {
      case SymbolKind::Param: return m_.params[s.index].name_range;
      case SymbolKind::Host: return m_.hosts[s.index].name_range;
      case SymbolKind::Service: return m_.services[s.index].name_range;
      default: return {};
    }
  }

  void declare(const std::string& name, SourceRange at, Symbol s) {
    auto [it, inserted] = r_.top.emplace(name, s);
    if (inserted) return;
    if (s.kind == it->second.kind) {
      duplicate(kind_word(s.kind), name, at, top_range(it->second));
      return;
    }
    // Different kinds: say which two collide, since the namespace they share is not obvious.
    std::string first = fmt::format("{} '{}'", kind_word(it->second.kind), name);
    Diagnostic& d = diags_.report(
        DiagKind::DuplicateDeclaration, at,
        fmt::format("{} '{}' has the same name as {}", kind_word(s.kind), name, first));
    d.notes.push_back({top_range(it->second), first + " declared here"});
    d.help = "params, hosts and services share one namespace; rename one of them";
  }

  void declare_top_level() {
    // Declaration order across kinds decides which one is "first": compare source positions.
    struct Decl {
      const std::string* name;
      SourceRange range;
      Symbol sym;
    };
    std::vector<Decl> decls;
    for (uint32_t i = 0; i < m_.params.size(); ++i)
      decls.push_back({&m_.params[i].name, m_.params[i].name_range, {SymbolKind::Param, i}});
    for (uint32_t i = 0; i < m_.hosts.size(); ++i)
      decls.push_back({&m_.hosts[i].name, m_.hosts[i].name_range, {SymbolKind::Host, i}});
    for (uint32_t i = 0; i < m_.services.size(); ++i)
      decls.push_back({&m_.services[i].name, m_.services[i].name_range, {SymbolKind::Service, i}});
    auto rank = [this](FileId f) -> uint64_t {
      return f < m_.file_rank.size() ? m_.file_rank[f] : uint64_t(f) + m_.file_rank.size();
    };
    std::stable_sort(decls.begin(), decls.end(), [&rank](const Decl& a, const Decl& b) {
      return std::make_tuple(rank(a.range.file), a.range.line, a.range.col) <
             std::make_tuple(rank(b.range.file), b.range.line, b.range.col);
    });
    for (const Decl& d : decls) declare(*d.name, d.range, d.sym);
  }

  template <typename T>
  void declare_scoped(const std::vector<T>& items, NameTable& table, const char* what) {
    for (auto [later, first] : table.build(items))
      duplicate(what, items[later].name, items[later].name_range, items[first].name_range);
  }

  void declare_members() {
    r_.services.resize(m_.services.size());
    r_.service_host.resize(m_.services.size());
    for (uint32_t i = 0; i < m_.services.size(); ++i) {
      const ir::Service& s = m_.services[i];
      declare_scoped(s.inputs, r_.services[i].inputs, "input");
      declare_scoped(s.outputs, r_.services[i].outputs, "output");
      declare_scoped(s.actions, r_.services[i].actions, "action");
      for (const ir::Input& in : s.inputs) {
        if (in.name == "host" || in.name == "index" || in.name == "count" || in.name == "first") {
          diags_
              .report(DiagKind::ShadowedName, in.name_range,
                      fmt::format("input '{0}' hides the built-in '{0}' inside service '{1}'",
                                  in.name, s.name))
              .help = "rename the input";
        }
      }
      if (s.host.empty()) continue;
      Symbol h = r_.lookup(s.host);
      if (h.kind == SymbolKind::Host) {
        r_.service_host[i] = ir::HostId{h.index};
      } else if (h.kind != SymbolKind::None) {
        diags_.report(DiagKind::WrongKind, s.host_range,
                      fmt::format("service '{}' is placed on {} '{}', which is not a host", s.name,
                                  kind_word(h.kind), s.host));
      } else if (!skipped(s.host)) {
        unknown(
            DiagKind::UnknownHost, s.host_range,
            fmt::format("service '{}' is placed on unknown host '{}'", s.name, s.host),
            [this, name = s.host](Diagnostic& d) { suggest(d, name, names_of(SymbolKind::Host)); });
      }
    }
    r_.host_attrs.resize(m_.hosts.size());
    for (uint32_t i = 0; i < m_.hosts.size(); ++i)
      declare_scoped(m_.hosts[i].attrs, r_.host_attrs[i], "attribute");
  }

  /// Whether this name's declaration may be what was lost: syntax-error recovery skipped the
  /// name, or an import could not be loaded. An "unknown" report would only echo that error.
  bool skipped(const std::string& name) const {
    if (m_.missing_imports) return true;
    return std::find(m_.skipped_names.begin(), m_.skipped_names.end(), name) !=
           m_.skipped_names.end();
  }

  // ---- unknown names and suggestions

  /// An unknown name found: reported at the end of resolution (report_unknown_names), where
  /// `explain` adds the help (a suggestion) to the ones shown.
  struct Unknown {
    DiagKind kind;
    SourceRange at;
    std::string message;
    std::function<void(Diagnostic&)> explain;
  };
  std::vector<Unknown> unknown_;

  void unknown(DiagKind kind, SourceRange at, std::string message,
               std::function<void(Diagnostic&)> explain) {
    unknown_.push_back({kind, at, std::move(message), std::move(explain)});
  }

  void report_unknown_names() {
    std::stable_sort(unknown_.begin(), unknown_.end(), [](const Unknown& a, const Unknown& b) {
      return std::tie(a.at.file, a.at.line, a.at.col) < std::tie(b.at.file, b.at.line, b.at.col);
    });
    for (size_t k = 0; k < unknown_.size();) {
      size_t end = k;
      while (end < unknown_.size() && unknown_[end].at.file == unknown_[k].at.file) ++end;
      size_t shown = std::min(end - k, kMaxUnknownNamesPerFile);
      for (size_t i = k; i < k + shown; ++i) {
        Unknown& u = unknown_[i];
        u.explain(diags_.report(u.kind, u.at, std::move(u.message)));
      }
      if (end - k > shown) {
        const Unknown& first_left = unknown_[k + shown];
        size_t left = end - k - shown;
        diags_
            .report(first_left.kind, first_left.at,
                    fmt::format("too many unknown names: {} more in this file {} not reported",
                                left, left == 1 ? "is" : "are"))
            .help = "fix the names above and run baton again";
      }
      k = end;
    }
    std::vector<Unknown>().swap(unknown_);
  }

  /// The top-level names of `kind` (None: all), sorted so that ties are deterministic; built
  /// once per kind.
  const std::vector<std::string>& names_of(SymbolKind kind) {
    auto [it, fresh] = top_names_.try_emplace(static_cast<int>(kind));
    if (fresh) {
      for (const auto& [name, sym] : r_.top)
        if (kind == SymbolKind::None || sym.kind == kind) it->second.push_back(name);
      std::sort(it->second.begin(), it->second.end());
    }
    return it->second;
  }
  std::unordered_map<int, std::vector<std::string>> top_names_;

  /// An environment variable's name as shells write them: capitals, digits and '_'.
  static bool looks_like_shell_variable(const std::string& name) {
    return std::all_of(name.begin(), name.end(),
                       [](char c) {
                         return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
                       }) &&
           std::any_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  }

  static void suggest(Diagnostic& d, const std::string& name,
                      const std::vector<std::string>& candidates) {
    std::string near = closest_name(name, candidates);
    if (!near.empty()) d.help = fmt::format("did you mean '{}'?", near);
  }

  // ---- expressions

  void service(uint32_t index) {
    const ir::Service& s = m_.services[index];
    Scope scope;
    scope.service = &s;
    scope.service_index = index;
    for (size_t k = 0; k < s.inputs.size(); ++k) {
      Scope input_scope = scope;
      input_scope.defining_input = static_cast<int64_t>(k);
      expr(s.inputs[k].value, input_scope, false);
    }
    for (const ir::Output& out : s.outputs) expr(out.value, scope, false);
    for (const ir::Action& a : s.actions) {
      if (a.when.valid()) expr(a.when, scope, false);
      for (const ir::Target& t : a.after) target(t, scope, false, nullptr);
      std::unordered_map<std::string_view, const ir::EnvVar*> env_names;
      for (const ir::EnvVar& v : a.env) {
        auto [it, fresh] = env_names.emplace(v.name, &v);
        if (!fresh) duplicate("environment variable", v.name, v.name_range, it->second->name_range);
        expr(v.value, scope, false);
      }
      for (const ir::Command& c : a.commands) expr(c.text, scope, false);
    }
  }

  /// `entity_ok`: the name is the base of a member access, where only a service or a host can
  /// stand (inputs are values, without members), so an input does not hide one there.
  /// `index`, `count` or `first` inside a service or host block is the built-in, even where a
  /// param, host or service has that name: say so at the use, which would otherwise silently
  /// read something else than the author meant.
  void hidden_by_builtin(const ir::Expr& e, bool in_service) {
    Symbol top = r_.lookup(e.name);
    if (top.kind == SymbolKind::None) return;
    std::string what = fmt::format("{} '{}'", kind_word(top.kind), e.name);
    Diagnostic& d = diags_.report(DiagKind::ShadowedName, e.name_range,
                                  fmt::format("'{}' here is the built-in, not {}", e.name, what));
    d.notes.push_back({top_range(top), what + " declared here"});
    const char* meaning = e.name == "index"   ? "the member's position"
                          : e.name == "count" ? "the size of the member's group"
                                              : "whether the member is the first (index == 0)";
    d.help =
        fmt::format("inside a {}, '{}' is {}; rename the {} to read it here",
                    in_service ? "service" : "host block", e.name, meaning, kind_word(top.kind));
  }

  Symbol bare_name(const ir::Expr& e, const Scope& scope, bool entity_ok) {
    if (entity_ok) {
      Symbol top = r_.lookup(e.name);
      if (top.kind == SymbolKind::Service || top.kind == SymbolKind::Host) return top;
    }
    if (scope.service) {
      const ServiceScope& ss = r_.services[scope.service_index];
      if (auto it = ss.inputs.find(e.name);
          it != ss.inputs.end() && static_cast<int64_t>(it->second) != scope.defining_input)
        return {SymbolKind::Input, it->second};
      if (e.name == "host") return {SymbolKind::ContextHost, 0};
    }
    if (scope.service || scope.host) {
      SymbolKind builtin = e.name == "index"   ? SymbolKind::ContextIndex
                           : e.name == "count" ? SymbolKind::ContextCount
                           : e.name == "first" ? SymbolKind::ContextFirst
                                               : SymbolKind::None;
      if (builtin != SymbolKind::None) {
        hidden_by_builtin(e, scope.service != nullptr);
        return {builtin, 0};
      }
    }
    Symbol s = r_.lookup(e.name);
    if (s.kind != SymbolKind::None) return s;
    if (e.name == "host" || e.name == "index" || e.name == "count" || e.name == "first") {
      diags_
          .report(DiagKind::ContextNameOutsideService, e.name_range,
                  fmt::format("'{}' exists only inside a service{}", e.name,
                              e.name == "host" ? "" : " or a host block"))
          .help = e.name == "host" ? "outside a service, name the host: '<host>.address'" : "";
      return {};
    }
    if (skipped(e.name)) return {};
    unknown(DiagKind::UnknownName, e.name_range, fmt::format("unknown name '{}'", e.name),
            [this, name = e.name, service = scope.service](Diagnostic& d) {
              std::vector<std::string> candidates = names_of(SymbolKind::None);
              if (service)
                for (const ir::Input& in : service->inputs) candidates.push_back(in.name);
              suggest(d, name, candidates);
              // `sh "echo ${HOME}"`: the shell's variable, not a baton name.
              if (d.help.empty() && looks_like_shell_variable(name)) {
                d.help = fmt::format(
                    "for the shell's own variable, write ${0} or escape the dollar: \\${{{0}}}",
                    name);
              }
            });
    return {};
  }

  /// Resolves `id`; `entity_ok` when a service or host may stand here (the base of a member
  /// access, possibly through [i] or [*]). Returns what the expression names, for members.
  Symbol expr(ExprId id, const Scope& scope, bool entity_ok) {
    const ir::Expr& e = m_.expr(id);
    switch (e.kind) {
      case ExprKind::Name: {
        Symbol s = bare_name(e, scope, entity_ok);
        r_.names[id.value] = s;
        if (!entity_ok && (s.kind == SymbolKind::Service || s.kind == SymbolKind::Host ||
                           s.kind == SymbolKind::ContextHost)) {
          not_a_value(e.range, s, e.name);
          return {};
        }
        return s;
      }
      case ExprKind::Index:
      case ExprKind::Splat: {
        if (e.rhs.valid()) expr(e.rhs, scope, false);
        Symbol base = expr(e.lhs, scope, true);
        if (!entity_ok && (base.kind == SymbolKind::Service || base.kind == SymbolKind::Host)) {
          not_a_value(e.range, base, m_.expr(e.lhs).name);
          return {};
        }
        if (e.kind == ExprKind::Splat && base.kind != SymbolKind::Service &&
            base.kind != SymbolKind::Host && base.kind != SymbolKind::None) {
          diags_.report(
              DiagKind::WrongKind, e.range,
              fmt::format("[*] applies to a replicated service or host group, not to {} {}",
                          base.kind == SymbolKind::Input ? "an" : "a", kind_word(base.kind)));
          return {};
        }
        return base;
      }
      case ExprKind::Member: {
        Symbol base = expr(e.lhs, scope, true);
        member(e, base, scope);
        return {};
      }
      case ExprKind::Call: {
        const BuiltinFunction* f = find_builtin(e.name);
        if (!f) {
          std::vector<std::string> names;
          for (const BuiltinFunction& b : builtin_functions()) names.emplace_back(b.name);
          Diagnostic& d = diags_.report(DiagKind::UnknownFunction, e.name_range,
                                        fmt::format("unknown function '{}'", e.name));
          suggest(d, e.name, names);
          if (d.help.empty()) d.help = "the functions are " + word_list(names, "and");
        } else if (static_cast<int>(e.items.size()) < f->min_args ||
                   static_cast<int>(e.items.size()) > f->max_args) {
          diags_
              .report(DiagKind::WrongArgumentCount, e.range,
                      fmt::format("'{}' takes {}, not {}", e.name, arity(*f), e.items.size()))
              .help = std::string(f->signature);
        }
        for (ExprId arg : e.items) expr(arg, scope, false);
        return {};
      }
      case ExprKind::List:
        for (ExprId item : e.items) expr(item, scope, false);
        return {};
      case ExprKind::String:
        for (const ir::StringPart& p : e.parts)
          if (p.expr.valid()) expr(p.expr, scope, false);
        return {};
      case ExprKind::Unary: expr(e.lhs, scope, false); return {};
      case ExprKind::Binary:
        expr(e.lhs, scope, false);
        expr(e.rhs, scope, false);
        return {};
      case ExprKind::Int:
      case ExprKind::Bool:
      case ExprKind::Error: return {};
    }
    return {};
  }

  /// "a, b and c".
  static std::string word_list(const std::vector<std::string>& words, const char* last) {
    std::string out;
    for (size_t i = 0; i < words.size(); ++i) {
      if (i > 0) out += i + 1 == words.size() ? std::string(" ") + last + " " : ", ";
      out += words[i];
    }
    return out;
  }

  static std::string arity(const BuiltinFunction& f) {
    auto args = [](int n) { return fmt::format("{} argument{}", n, n == 1 ? "" : "s"); };
    if (f.min_args == f.max_args) return args(f.min_args);
    return fmt::format("{} or {}", f.min_args, args(f.max_args));
  }

  void not_a_value(const SourceRange& at, Symbol s, const std::string& name) {
    Diagnostic& d = diags_.report(
        DiagKind::WrongKind, at,
        fmt::format("{} '{}' is not a value",
                    kind_word(s.kind == SymbolKind::ContextHost ? SymbolKind::Host : s.kind),
                    name));
    d.help = s.kind == SymbolKind::Service
                 ? fmt::format("use one of its outputs: '{}.<output>'", name)
                 : fmt::format("use one of its attributes: '{}.address'", name);
  }

  void member(const ir::Expr& e, Symbol base, const Scope& scope) {
    const ir::Expr& lhs = m_.expr(e.lhs);
    switch (base.kind) {
      case SymbolKind::None:
        if (lhs.kind == ExprKind::Member || lhs.kind == ExprKind::Call ||
            lhs.kind == ExprKind::String || lhs.kind == ExprKind::List ||
            lhs.kind == ExprKind::Int || lhs.kind == ExprKind::Bool) {
          diags_.report(
              DiagKind::WrongKind, e.name_range,
              fmt::format("'.{}' applies to a service (its outputs) or a host (its attributes)",
                          e.name));
        }
        return;
      case SymbolKind::Service: {
        const ir::Service& s = m_.services[base.index];
        const ServiceScope& ss = r_.services[base.index];
        if (ss.outputs.count(e.name) || s.incomplete) return;
        unknown(DiagKind::UnknownMember, e.name_range,
                fmt::format("service '{}' has no output '{}'", s.name, e.name),
                [this, name = e.name, service = base.index](Diagnostic& d) {
                  const ir::Service& s = m_.services[service];
                  const ServiceScope& ss = r_.services[service];
                  if (ss.inputs.count(name)) {
                    d.help = fmt::format(
                        "'{}' is an input of '{}'; inputs are visible only inside their service, "
                        "so declare an output",
                        name, s.name);
                  } else if (ss.actions.count(name)) {
                    d.help = fmt::format("'{0}' is an action; to wait for it use 'after {1}.{0}'",
                                         name, s.name);
                  } else {
                    std::vector<std::string> outs;
                    for (const ir::Output& o : s.outputs) outs.push_back(o.name);
                    suggest(d, name, outs);
                  }
                });
        return;
      }
      case SymbolKind::Host: host_member(e, base.index); return;
      case SymbolKind::ContextHost:
        if (r_.service_host[scope.service_index].valid())
          host_member(e, r_.service_host[scope.service_index].value);
        return;
      default: {
        diags_
            .report(DiagKind::WrongKind, e.name_range,
                    fmt::format("{} '{}' has no members", kind_word(base.kind), lhs.name))
            .help = "only services (outputs) and hosts (attributes) have members";
        return;
      }
    }
  }

  void host_member(const ir::Expr& e, uint32_t host) {
    const ir::Host& h = m_.hosts[host];
    if (is_builtin_host_attr(e.name) || r_.host_attrs[host].count(e.name) || h.incomplete) return;
    unknown(DiagKind::UnknownMember, e.name_range,
            fmt::format("host '{}' has no attribute '{}'", h.name, e.name),
            [&h, name = e.name](Diagnostic& d) {
              std::vector<std::string> attrs = {"address", "name"};
              for (const ir::Attr& a : h.attrs) attrs.push_back(a.name);
              suggest(d, name, attrs);
            });
  }

  // ---- targets of after, order and on

  void target(const ir::Target& t, const Scope& scope, bool needs_action, const char* what) {
    if (t.index_kind == ir::TargetIndex::Expr) expr(t.index, scope, false);
    Symbol s = r_.lookup(t.service);
    if (s.kind == SymbolKind::None) {
      if (skipped(t.service)) return;
      unknown(DiagKind::UnknownName, t.service_range,
              fmt::format("unknown service '{}'", t.service),
              [this, name = t.service](Diagnostic& d) {
                suggest(d, name, names_of(SymbolKind::Service));
              });
      return;
    }
    if (s.kind != SymbolKind::Service) {
      diags_
          .report(DiagKind::WrongKind, t.service_range,
                  fmt::format("{} '{}' is not a service", kind_word(s.kind), t.service))
          .help = "after, order and on name services and their actions";
      return;
    }
    const ir::Service& svc = m_.services[s.index];
    if (t.action.empty()) {
      if (needs_action) {
        diags_.report(DiagKind::WrongKind, t.range, fmt::format("{} must name an action", what))
            .help = fmt::format("write '{}.<action>'", t.service);
      }
      return;
    }
    if (r_.services[s.index].actions.count(t.action) || svc.incomplete) return;
    unknown(DiagKind::UnknownMember, t.action_range,
            fmt::format("service '{}' has no action '{}'", t.service, t.action),
            [&svc, name = t.action](Diagnostic& d) {
              std::vector<std::string> acts;
              for (const ir::Action& a : svc.actions) acts.push_back(a.name);
              suggest(d, name, acts);
            });
  }

  const ir::Module& m_;
  DiagnosticEngine& diags_;
  Resolution r_;
};

}  // namespace

Resolution resolve_names(const ir::Module& module, DiagnosticEngine& diags) {
  return Resolver(module, diags).run();
}

}  // namespace baton
