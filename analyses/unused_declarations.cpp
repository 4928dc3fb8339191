// Unused declarations (W0202 to W0206). One walk over every expression of the spec, knowing
// which declaration holds it, records what each name reads; a second walk, from the commands
// of the steps through the inputs and params they read, finds the secrets that reach a step.
// Both walks use an explicit stack: a chain of inputs or params may be any length.
#include "analyses/unused_declarations.h"

#include <fmt/core.h>

#include <string>
#include <utility>
#include <vector>

namespace baton {

namespace {

using ir::ExprId;
using ir::ExprKind;

/// What holds an expression: a declaration whose value it is, or a place that uses it.
struct Holder {
  enum class Kind : uint8_t {
    Param,  ///< a param's default: `a` is the param
    Input,  ///< an input's value: `a` the service, `b` the input
    Step,   ///< a command or a capture command: what runs on a host
    Other,  ///< a guard, a static output, a host attribute or count, a target's index
  };
  Kind kind = Kind::Other;
  uint32_t a = 0, b = 0;
};

/// A secret read by a param's default or an input's value.
struct SecretReader {
  SourceRange at;
  Holder holder;
};

class UnusedDeclarations {
 public:
  UnusedDeclarations(const ir::Module& m, const Resolution& names, DiagnosticEngine& diags)
      : m_(m), names_(names), diags_(diags) {}

  void run() {
    param_read_.assign(m_.params.size(), false);
    host_read_.assign(m_.hosts.size(), false);
    secret_other_reader_.assign(m_.params.size(), false);
    secret_readers_.resize(m_.params.size());
    input_read_.resize(m_.services.size());
    output_read_.resize(m_.services.size());
    for (size_t s = 0; s < m_.services.size(); ++s) {
      input_read_[s].assign(m_.services[s].inputs.size(), false);
      output_read_[s].assign(m_.services[s].outputs.size(), false);
    }
    record_readers();
    report_params();
    report_hosts();
    for (uint32_t s = 0; s < m_.services.size(); ++s) report_members(s);
  }

 private:
  // ---- who reads what

  /// Calls `visit` on every expression of the tree at `root`.
  template <typename Visit>
  void walk(ExprId root, Visit visit) {
    std::vector<ExprId>& work = work_;
    work.clear();
    work.push_back(root);
    while (!work.empty()) {
      ExprId id = work.back();
      work.pop_back();
      if (!id.valid()) continue;
      visit(id);
      const ir::Expr& e = m_.expr(id);
      if (e.lhs.valid()) work.push_back(e.lhs);
      if (e.rhs.valid()) work.push_back(e.rhs);
      for (ExprId item : e.items) work.push_back(item);
      for (const ir::StringPart& p : e.parts)
        if (p.expr.valid()) work.push_back(p.expr);
    }
  }

  void read_by(ExprId root, Holder holder, uint32_t service) {
    walk(root, [&](ExprId id) {
      const ir::Expr& e = m_.expr(id);
      if (e.kind == ExprKind::Member) read_member(e);
      if (e.kind != ExprKind::Name) return;
      Symbol sym = names_.names[id.value];
      switch (sym.kind) {
        case SymbolKind::Param:
          param_read_[sym.index] = true;
          if (m_.params[sym.index].type != ir::Type::Secret) break;
          if (holder.kind == Holder::Kind::Param || holder.kind == Holder::Kind::Input) {
            secret_readers_[sym.index].push_back({e.name_range, holder});
          } else {
            secret_other_reader_[sym.index] = true;
          }
          break;
        case SymbolKind::Input: input_read_[service][sym.index] = true; break;
        case SymbolKind::Host: host_read_[sym.index] = true; break;
        case SymbolKind::ContextIndex:
        case SymbolKind::ContextCount:
        case SymbolKind::ContextFirst: {
          // A param named like the built-in that hides it here (W0201 at this use): the
          // author meant to read the param, and W0201 says so.
          Symbol top = names_.lookup(e.name);
          if (top.kind == SymbolKind::Param) param_read_[top.index] = true;
          break;
        }
        default: break;
      }
    });
  }

  /// `svc.out`, `svc[i].out`, `svc[*].out`: the output is read.
  void read_member(const ir::Expr& e) {
    ExprId base = e.lhs;
    while (base.valid() &&
           (m_.expr(base).kind == ExprKind::Index || m_.expr(base).kind == ExprKind::Splat))
      base = m_.expr(base).lhs;
    if (!base.valid() || m_.expr(base).kind != ExprKind::Name) return;
    Symbol sym = names_.names[base.value];
    if (sym.kind != SymbolKind::Service) return;
    const NameTable& outputs = names_.services[sym.index].outputs;
    if (const NameTable::Entry* out = outputs.find(e.name); out != outputs.end())
      output_read_[sym.index][out->second] = true;
  }

  void read_by_target(const ir::Target& t, uint32_t service) {
    if (t.index_kind == ir::TargetIndex::Expr) read_by(t.index, Holder{}, service);
  }

  void record_readers() {
    for (uint32_t p = 0; p < m_.params.size(); ++p)
      read_by(m_.params[p].default_value, {Holder::Kind::Param, p, 0}, 0);
    for (const ir::Host& h : m_.hosts) {
      read_by(h.count, Holder{}, 0);
      read_by(h.minimum, Holder{}, 0);
      for (const ir::Attr& a : h.attrs) read_by(a.value, Holder{}, 0);
    }
    for (uint32_t s = 0; s < m_.services.size(); ++s) {
      const ir::Service& svc = m_.services[s];
      for (uint32_t k = 0; k < svc.inputs.size(); ++k)
        read_by(svc.inputs[k].value, {Holder::Kind::Input, s, k}, s);
      for (const ir::Output& out : svc.outputs)
        read_by(out.value, out.captured ? Holder{Holder::Kind::Step} : Holder{}, s);
      for (const ir::Action& a : svc.actions) {
        read_by(a.when, Holder{}, s);
        for (const ir::Target& t : a.after) read_by_target(t, s);
        for (const ir::Command& c : a.commands) read_by(c.text, {Holder::Kind::Step}, s);
      }
    }
    for (const ir::Event& ev : m_.events) {
      read_by_target(ev.emitter, 0);
      read_by_target(ev.subscriber, 0);
    }
    for (const ir::Order& o : m_.orders) {
      for (const ir::Target& t : o.first) read_by_target(t, 0);
      for (const ir::Target& t : o.then) read_by_target(t, 0);
    }
  }

  // ---- secrets that reach a step

  /// Marks the params that a command or a capture command reads, directly or through the
  /// inputs and params it reads.
  std::vector<bool> params_reaching_steps() {
    std::vector<bool> reached(m_.params.size(), false);
    std::vector<std::vector<bool>> input_seen(m_.services.size());
    for (size_t s = 0; s < m_.services.size(); ++s)
      input_seen[s].assign(m_.services[s].inputs.size(), false);
    // (expression, its service; UINT32_MAX for a param's default)
    std::vector<std::pair<ExprId, uint32_t>> work;
    for (uint32_t s = 0; s < m_.services.size(); ++s) {
      for (const ir::Output& out : m_.services[s].outputs)
        if (out.captured) work.emplace_back(out.value, s);
      for (const ir::Action& a : m_.services[s].actions)
        for (const ir::Command& c : a.commands) work.emplace_back(c.text, s);
    }
    while (!work.empty()) {
      auto [id, service] = work.back();
      work.pop_back();
      if (!id.valid()) continue;
      const ir::Expr& e = m_.expr(id);
      if (e.kind == ExprKind::Name) {
        Symbol sym = names_.names[id.value];
        if (sym.kind == SymbolKind::Param && !reached[sym.index]) {
          reached[sym.index] = true;
          work.emplace_back(m_.params[sym.index].default_value, UINT32_MAX);
        } else if (sym.kind == SymbolKind::Input && service != UINT32_MAX &&
                   !input_seen[service][sym.index]) {
          input_seen[service][sym.index] = true;
          work.emplace_back(m_.services[service].inputs[sym.index].value, service);
        }
      }
      if (e.lhs.valid()) work.emplace_back(e.lhs, service);
      if (e.rhs.valid()) work.emplace_back(e.rhs, service);
      for (ExprId item : e.items) work.emplace_back(item, service);
      for (const ir::StringPart& p : e.parts)
        if (p.expr.valid()) work.emplace_back(p.expr, service);
    }
    return reached;
  }

  // ---- reports

  std::string holder_text(const Holder& h) const {
    if (h.kind == Holder::Kind::Param) return fmt::format("param '{}'", m_.params[h.a].name);
    return fmt::format("input '{}' of service '{}'", m_.services[h.a].inputs[h.b].name,
                       m_.services[h.a].name);
  }

  /// The most readers of a secret named in notes; the others are counted in the last.
  static constexpr size_t kMaxReaderNotes = 3;

  void report_params() {
    std::vector<bool> reaches_step;
    for (uint32_t p = 0; p < m_.params.size(); ++p) {
      const ir::Param& param = m_.params[p];
      if (param.type != ir::Type::Secret) {
        if (param_read_[p]) continue;
        diags_
            .report(DiagKind::UnusedParam, param.name_range,
                    fmt::format("param '{}' is never read", param.name))
            .help = "remove it, or read it where it was meant";
        continue;
      }
      // A secret in a guard, an output or a host attribute is an error of its own (E0303).
      if (secret_other_reader_[p]) continue;
      if (reaches_step.empty()) reaches_step = params_reaching_steps();
      if (reaches_step[p]) continue;
      Diagnostic& d = diags_.report(
          DiagKind::UnusedSecret, param.name_range,
          fmt::format("secret '{}' reaches no step: no command reads it", param.name));
      const std::vector<SecretReader>& readers = secret_readers_[p];
      for (size_t i = 0; i < readers.size() && i < kMaxReaderNotes; ++i) {
        std::string more;
        if (i + 1 == kMaxReaderNotes && readers.size() > kMaxReaderNotes)
          more = fmt::format(" (and {} more)", readers.size() - kMaxReaderNotes);
        d.notes.push_back({readers[i].at, fmt::format("read here, by {}, which no command reads{}",
                                                      holder_text(readers[i].holder), more)});
      }
      d.help = fmt::format(
          "pass it to the command that needs it (${{{}}}, an env clause, or an input the command "
          "reads), or "
          "remove it",
          param.name);
    }
  }

  void report_hosts() {
    std::vector<bool> runs(m_.hosts.size(), false);
    for (ir::HostId h : names_.service_host)
      if (h.valid()) runs[h.value] = true;
    for (uint32_t h = 0; h < m_.hosts.size(); ++h) {
      if (runs[h] || host_read_[h]) continue;
      const ir::Host& host = m_.hosts[h];
      diags_
          .report(
              DiagKind::UnusedHost, host.name_range,
              fmt::format("host '{}' runs no service, and nothing reads its attributes", host.name))
          .help = fmt::format("place a service on it (service NAME on {} {{ ... }}), or remove it",
                              host.name);
    }
  }

  void report_members(uint32_t s) {
    const ir::Service& svc = m_.services[s];
    for (uint32_t k = 0; k < svc.inputs.size(); ++k) {
      if (input_read_[s][k]) continue;
      const ir::Input& in = svc.inputs[k];
      diags_
          .report(DiagKind::UnusedInput, in.name_range,
                  fmt::format("input '{}' of service '{}' is never read", in.name, svc.name))
          .help =
          fmt::format("remove it, or read it where it was meant, in service '{}'", svc.name);
    }
    for (uint32_t k = 0; k < svc.outputs.size(); ++k) {
      const ir::Output& out = svc.outputs[k];
      if (!out.captured || output_read_[s][k]) continue;
      diags_
          .report(DiagKind::UnusedCapture, out.name_range,
                  fmt::format("output '{}' of service '{}' is captured, but nothing reads it",
                              out.name, svc.name))
          .help = fmt::format(
          "remove it (its command runs on every instance for nothing), or read it: {}.{}", svc.name,
          out.name);
    }
  }

  const ir::Module& m_;
  const Resolution& names_;
  DiagnosticEngine& diags_;
  std::vector<ExprId> work_;
  std::vector<bool> param_read_, host_read_, secret_other_reader_;
  std::vector<std::vector<SecretReader>> secret_readers_;    ///< by ParamId, secrets only
  std::vector<std::vector<bool>> input_read_, output_read_;  ///< by service, then member
};

}  // namespace

void report_unused_declarations(const ir::Module& module, const Resolution& names,
                                DiagnosticEngine& diags) {
  if (module.incomplete || module.missing_imports) return;
  UnusedDeclarations(module, names, diags).run();
}

}  // namespace baton
