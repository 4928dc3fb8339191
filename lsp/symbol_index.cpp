// The symbol index: declarations from the IR, references from name resolution and from the
// members and targets that resolution checks by name.
#include "lsp/symbol_index.h"

#include <algorithm>
#include <tuple>

#include "analyses/resolve.h"

namespace baton::lsp {

using ir::ExprId;
using ir::ExprKind;

const char* name_kind_word(NameKind kind) {
  switch (kind) {
    case NameKind::Param: return "param";
    case NameKind::Host: return "host";
    case NameKind::HostAttr: return "attribute";
    case NameKind::Service: return "service";
    case NameKind::Input: return "input";
    case NameKind::Output: return "output";
    case NameKind::Action: return "action";
  }
  return "name";
}

namespace {

constexpr uint32_t kNone = UINT32_MAX;

auto place(const SourceRange& r) {
  return std::make_tuple(r.file, r.line, r.col);
}

/// Builds the index: declarations first, then a walk of every expression and target.
class IndexBuilder {
 public:
  IndexBuilder(const ir::Module& m, std::vector<Declaration>& decls, std::vector<Occurrence>& occ)
      : m_(m), decls_(decls), occ_(occ) {
    DiagnosticEngine ignored;  // check reports them; the index only needs the bindings
    res_ = resolve_names(m_, ignored);
  }

  void run() {
    declare();
    for (const ir::Param& p : m_.params)
      if (p.default_value.valid()) walk(p.default_value, kNone);
    for (const ir::Host& h : m_.hosts) {
      if (h.count.valid()) walk(h.count, kNone);
      if (h.minimum.valid()) walk(h.minimum, kNone);
      for (const ir::Attr& a : h.attrs) walk(a.value, kNone);
    }
    for (uint32_t s = 0; s < m_.services.size(); ++s) {
      const ir::Service& svc = m_.services[s];
      if (!svc.host.empty()) top(svc.host, svc.host_range, NameKind::Host);
      for (const ir::Input& in : svc.inputs) walk(in.value, s);
      for (const ir::Output& out : svc.outputs) walk(out.value, s);
      for (const ir::Action& a : svc.actions) {
        if (a.when.valid()) walk(a.when, s);
        for (const ir::Target& t : a.after) target(t, s);
        for (const ir::EnvVar& v : a.env) walk(v.value, s);
        for (const ir::Command& c : a.commands) walk(c.text, s);
      }
    }
    for (const ir::Event& e : m_.events) {
      target(e.emitter, kNone);
      target(e.subscriber, kNone);
    }
    for (const ir::Order& o : m_.orders) {
      for (const ir::Target& t : o.first) target(t, kNone);
      for (const ir::Target& t : o.then) target(t, kNone);
    }
  }

 private:
  uint32_t add(NameKind kind, const std::string& name, SourceRange name_range, SourceRange range,
               uint32_t index, uint32_t owner) {
    decls_.push_back({kind, name, name_range, range, index, owner});
    auto id = static_cast<uint32_t>(decls_.size() - 1);
    if (name_range.valid()) occ_.push_back({name_range, id});
    return id;
  }

  void declare() {
    param_.resize(m_.params.size());
    host_.resize(m_.hosts.size());
    attr_.resize(m_.hosts.size());
    service_.resize(m_.services.size());
    input_.resize(m_.services.size());
    output_.resize(m_.services.size());
    action_.resize(m_.services.size());
    for (uint32_t i = 0; i < m_.params.size(); ++i) {
      const ir::Param& p = m_.params[i];
      param_[i] = add(NameKind::Param, p.name, p.name_range, p.range, i, kNone);
    }
    for (uint32_t i = 0; i < m_.hosts.size(); ++i) {
      const ir::Host& h = m_.hosts[i];
      host_[i] = add(NameKind::Host, h.name, h.name_range, h.range, i, kNone);
      for (uint32_t k = 0; k < h.attrs.size(); ++k) {
        attr_[i].push_back(add(NameKind::HostAttr, h.attrs[k].name, h.attrs[k].name_range,
                               h.attrs[k].range, k, i));
      }
    }
    for (uint32_t i = 0; i < m_.services.size(); ++i) {
      const ir::Service& s = m_.services[i];
      service_[i] = add(NameKind::Service, s.name, s.name_range, s.range, i, kNone);
      for (uint32_t k = 0; k < s.inputs.size(); ++k) {
        input_[i].push_back(add(NameKind::Input, s.inputs[k].name, s.inputs[k].name_range,
                                s.inputs[k].range, k, i));
      }
      for (uint32_t k = 0; k < s.outputs.size(); ++k) {
        output_[i].push_back(add(NameKind::Output, s.outputs[k].name, s.outputs[k].name_range,
                                 s.outputs[k].range, k, i));
      }
      for (uint32_t k = 0; k < s.actions.size(); ++k) {
        action_[i].push_back(add(NameKind::Action, s.actions[k].name, s.actions[k].name_range,
                                 s.actions[k].range, k, i));
      }
    }
  }

  /// The declaration of what symbol `s` names, or kNone.
  uint32_t declaration_of(Symbol s, uint32_t service) const {
    switch (s.kind) {
      case SymbolKind::Param: return s.index < param_.size() ? param_[s.index] : kNone;
      case SymbolKind::Host: return s.index < host_.size() ? host_[s.index] : kNone;
      case SymbolKind::Service: return s.index < service_.size() ? service_[s.index] : kNone;
      case SymbolKind::Input:
        return service != kNone && s.index < input_[service].size() ? input_[service][s.index]
                                                                    : kNone;
      default: return kNone;
    }
  }

  /// A top-level name written at `range` that must be of `kind` to count.
  void top(const std::string& name, SourceRange range, NameKind kind) {
    Symbol s = res_.lookup(name);
    uint32_t d = declaration_of(s, kNone);
    if (d != kNone && decls_[d].kind == kind && range.valid()) occ_.push_back({range, d});
  }

  /// The attribute `name` of host `host`, or kNone.
  uint32_t attribute(uint32_t host, const std::string& name) const {
    if (host >= attr_.size()) return kNone;
    const NameTable::Entry* e = res_.host_attrs[host].find(name);
    return e ? attr_[host][e->second] : kNone;
  }

  void member(const ir::Expr& e, uint32_t service) {
    ExprId base = e.lhs;
    while (base.valid() &&
           (m_.expr(base).kind == ExprKind::Index || m_.expr(base).kind == ExprKind::Splat))
      base = m_.expr(base).lhs;
    if (!base.valid() || m_.expr(base).kind != ExprKind::Name || !e.name_range.valid()) return;
    Symbol s = res_.names[base.value];
    uint32_t d = kNone;
    if (s.kind == SymbolKind::Service && s.index < output_.size()) {
      const NameTable::Entry* entry = res_.services[s.index].outputs.find(e.name);
      if (entry) d = output_[s.index][entry->second];
    } else if (s.kind == SymbolKind::Host) {
      d = attribute(s.index, e.name);
    } else if (s.kind == SymbolKind::ContextHost && service != kNone &&
               res_.service_host[service].valid()) {
      d = attribute(res_.service_host[service].value, e.name);
    }
    if (d != kNone) occ_.push_back({e.name_range, d});
  }

  /// Every expression under `root`, with an explicit stack (expressions nest up to 512 deep).
  void walk(ExprId root, uint32_t service) {
    if (!root.valid()) return;
    std::vector<ExprId> stack{root};
    while (!stack.empty()) {
      ExprId id = stack.back();
      stack.pop_back();
      const ir::Expr& e = m_.expr(id);
      switch (e.kind) {
        case ExprKind::Name: {
          uint32_t d = declaration_of(res_.names[id.value], service);
          if (d != kNone) occ_.push_back({e.name_range.valid() ? e.name_range : e.range, d});
          break;
        }
        case ExprKind::Member:
          member(e, service);
          stack.push_back(e.lhs);
          break;
        case ExprKind::Index:
        case ExprKind::Binary:
          if (e.rhs.valid()) stack.push_back(e.rhs);
          if (e.lhs.valid()) stack.push_back(e.lhs);
          break;
        case ExprKind::Splat:
        case ExprKind::Unary:
          if (e.lhs.valid()) stack.push_back(e.lhs);
          break;
        case ExprKind::Call:
        case ExprKind::List:
          for (ExprId item : e.items) stack.push_back(item);
          break;
        case ExprKind::String:
          for (const ir::StringPart& p : e.parts)
            if (p.expr.valid()) stack.push_back(p.expr);
          break;
        case ExprKind::Int:
        case ExprKind::Bool:
        case ExprKind::Error: break;
      }
    }
  }

  void target(const ir::Target& t, uint32_t service) {
    if (t.index_kind == ir::TargetIndex::Expr) walk(t.index, service);
    Symbol s = res_.lookup(t.service);
    if (s.kind != SymbolKind::Service || s.index >= service_.size()) return;
    if (t.service_range.valid()) occ_.push_back({t.service_range, service_[s.index]});
    if (t.action.empty() || !t.action_range.valid()) return;
    const NameTable::Entry* entry = res_.services[s.index].actions.find(t.action);
    if (entry) occ_.push_back({t.action_range, action_[s.index][entry->second]});
  }

  const ir::Module& m_;
  std::vector<Declaration>& decls_;
  std::vector<Occurrence>& occ_;
  Resolution res_;
  std::vector<uint32_t> param_, host_, service_;
  std::vector<std::vector<uint32_t>> attr_, input_, output_, action_;
};

}  // namespace

SymbolIndex::SymbolIndex(const ir::Module& module) {
  IndexBuilder(module, declarations_, occurrences_).run();
  std::sort(occurrences_.begin(), occurrences_.end(), [](const Occurrence& a, const Occurrence& b) {
    return place(a.range) < place(b.range);
  });
  // The same place recorded twice (a name read by two walks) is one occurrence.
  occurrences_.erase(std::unique(occurrences_.begin(), occurrences_.end(),
                                 [](const Occurrence& a, const Occurrence& b) {
                                   return place(a.range) == place(b.range);
                                 }),
                     occurrences_.end());
}

const Occurrence* SymbolIndex::at(FileId file, uint32_t line, uint32_t col) const {
  auto it =
      std::upper_bound(occurrences_.begin(), occurrences_.end(), std::make_tuple(file, line, col),
                       [](const auto& key, const Occurrence& o) { return key < place(o.range); });
  if (it == occurrences_.begin()) return nullptr;
  const Occurrence& o = *std::prev(it);
  const SourceRange& r = o.range;
  if (r.file != file || r.line != line) return nullptr;
  uint32_t end = r.end_line == r.line ? r.end_col : UINT32_MAX;
  return col >= r.col && col <= end ? &o : nullptr;
}

std::vector<SourceRange> SymbolIndex::occurrences(uint32_t decl) const {
  std::vector<SourceRange> out;
  for (const Occurrence& o : occurrences_)
    if (o.declaration == decl) out.push_back(o.range);
  return out;
}

std::vector<uint32_t> SymbolIndex::members(NameKind kind, uint32_t owner) const {
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < declarations_.size(); ++i)
    if (declarations_[i].kind == kind && declarations_[i].owner == owner) out.push_back(i);
  return out;
}

}  // namespace baton::lsp
