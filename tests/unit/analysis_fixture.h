// Runs the analyses over a spec given as text, pass by pass, for the unit tests of the passes.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "analyses/action_graph.h"
#include "analyses/cycles.h"
#include "analyses/evaluate.h"
#include "analyses/expand.h"
#include "analyses/params.h"
#include "analyses/resolve.h"
#include "analyses/schedule.h"
#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontend/ir_builder.h"
#include "compiler/ir/ir.h"

namespace baton::testing {

/// Every structure the passes produce for one spec. Not movable: the evaluator keeps
/// references to the module and the resolution, so it lives behind a unique_ptr.
struct Analysis {
  SourceManager sources;
  ir::Module module;
  DiagnosticEngine diags;
  Resolution names;
  std::unique_ptr<Evaluator> eval;
  Instances instances;
  ActionGraph graph;
  CycleResult cycles;
  plan::Plan plan;
  bool planned = false;  ///< the pipeline reached the schedule

  Analysis() = default;
  Analysis(const Analysis&) = delete;
  Analysis& operator=(const Analysis&) = delete;

  /// The codes of every diagnostic, in emission order ("E0501", "R0501", ...).
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : diags.diagnostics()) out.emplace_back(diag_info(d.kind).code);
    return out;
  }
  bool has(const std::string& code) const {
    for (const std::string& c : codes())
      if (c == code) return true;
    return false;
  }
  /// The first diagnostic with `code`, or nullptr.
  const Diagnostic* find(const std::string& code) const {
    for (const Diagnostic& d : diags.diagnostics())
      if (diag_info(d.kind).code == code) return &d;
    return nullptr;
  }

  /// The graph node labelled `label` (`galera[1].join`, `haproxy.run#0`), or kNone.
  uint32_t node(const std::string& label) const {
    for (uint32_t v = 0; v < graph.nodes.size(); ++v)
      if (!graph.is_barrier(v) && node_label(module, instances, graph, v) == label) return v;
    return kNone;
  }
  /// Whether the graph has an edge `from` -> `to` of `kind` (by labels), directly or through a
  /// barrier.
  bool edge(const std::string& from, const std::string& to, plan::EdgeKind kind) const {
    uint32_t f = node(from), t = node(to);
    for (const GraphEdge& e : graph.edges) {
      if (e.to != t || e.kind != kind) continue;
      if (e.from == f) return true;
      if (!graph.is_barrier(e.from)) continue;
      for (const GraphEdge& in : graph.edges)
        if (in.to == e.from && in.from == f) return true;
    }
    return false;
  }
  /// Every edge into `to`, as "from (kind)" strings in edge order; an edge from a barrier
  /// stands for one from each of its sources, in their order.
  std::vector<std::string> edges_into(const std::string& to) const {
    std::vector<std::string> out;
    uint32_t t = node(to);
    for (const GraphEdge& e : graph.edges) {
      if (e.to != t) continue;
      std::string kind = std::string(" (") + plan::edge_kind_name(e.kind) + ")";
      if (!graph.is_barrier(e.from)) {
        out.push_back(node_label(module, instances, graph, e.from) + kind);
        continue;
      }
      for (const GraphEdge& in : graph.edges)
        if (in.to == e.from) out.push_back(node_label(module, instances, graph, in.from) + kind);
    }
    return out;
  }
  /// How many barrier nodes the graph has (each stands for a reference to a whole group).
  size_t barrier_count() const {
    size_t n = 0;
    for (uint32_t v = 0; v < graph.nodes.size(); ++v) n += graph.is_barrier(v) ? 1 : 0;
    return n;
  }

  /// The plan's step labels in schedule order.
  std::vector<std::string> steps() const {
    std::vector<std::string> out;
    for (const plan::Step& s : plan.steps) out.push_back(s.label());
    return out;
  }
  /// The plan's step labels at `level`, in order.
  std::vector<std::string> level(uint32_t l) const {
    std::vector<std::string> out;
    for (const plan::Step& s : plan.steps)
      if (s.level == l) out.push_back(s.label());
    return out;
  }
};

/// How far to run the pipeline.
enum class Until { Expand, Graph, Cycles, Schedule };

/// Parses `text` and runs the passes as `baton plan` does (params required when `plan`), up
/// to `until`. Later passes are skipped once a pass reports an error, as in the pipeline.
inline std::unique_ptr<Analysis> analyse(const std::string& text, Until until = Until::Schedule,
                                         std::vector<ParamSetting> params = {}, bool plan = true) {
  auto a = std::make_unique<Analysis>();
  FileId file = a->sources.add("spec.baton", "", text);
  std::vector<ImportRequest> imports;
  build_ir(a->sources, file, a->module, a->diags, imports);
  a->names = resolve_names(a->module, a->diags);
  a->eval = std::make_unique<Evaluator>(a->module, a->names, a->diags,
                                        bind_params(a->module, a->names, params, a->diags));
  if (plan) report_missing_params(a->module, *a->eval, a->diags);
  for (uint32_t p = 0; p < a->module.params.size(); ++p) a->eval->param_value(ir::ParamId{p});
  a->instances = expand_instances(a->module, a->names, *a->eval, 100000, a->diags);
  a->eval->set_instances(&a->instances);
  if (until == Until::Expand) return a;
  a->graph = build_action_graph(a->module, a->names, *a->eval, a->instances, a->diags);
  if (until == Until::Graph || !a->instances.all_sizes_known) return a;
  a->cycles = split_cycles(a->module, a->instances, a->graph, a->diags);
  if (until == Until::Cycles || a->diags.has_errors()) return a;
  a->plan = schedule_plan(a->module, *a->eval, a->instances, a->graph, a->cycles, a->diags);
  a->planned = true;
  return a;
}

/// The values of a step's commands, one string per command: shell text as is, each ${} value
/// in brackets, captures as <instance.output>, secrets as <secret NAME>.
inline std::vector<std::string> command_texts(const plan::Plan& p,
                                              const std::vector<plan::Command>& commands) {
  std::vector<std::string> out;
  for (const plan::Command& c : commands) {
    std::string s;
    for (const plan::CommandPiece& piece : c.pieces) {
      if (!piece.is_value) {
        s += piece.shell;
        continue;
      }
      s += "[";
      for (const plan::Segment& seg : piece.value) {
        if (seg.kind == plan::Segment::Kind::Text)
          s += seg.text;
        else if (seg.kind == plan::Segment::Kind::Secret)
          s += "<secret " + seg.text + ">";
        else
          s += "<" + p.captures[seg.capture].instance + "." + p.captures[seg.capture].output + ">";
      }
      s += "]";
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace baton::testing
