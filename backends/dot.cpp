// The dot backend: the plan as a Graphviz digraph, a cluster per host, an edge style per kind.
//
// Node ids are the step labels (`galera[1].join`), quoted, so that a change to the spec changes
// only the lines of the steps it touches: the output is meant to be diffed in code review.
#include <fmt/core.h>

#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "backends/diagram.h"
#include "backends/emitters.h"
#include "backends/text_out.h"

namespace baton {
namespace {

constexpr const char* kRed = "#d62728";

/// What quote() writes for the bytes it does not copy as is.
///
/// Graphviz reads `\` escapes (`\n`, `\l`, `\N`, ...) and `&name;` entities inside labels, so
/// both `\` and `&` are escaped; a line break becomes `\n` (a centred line break), any other
/// control character a space.
constexpr text::Escapes kDotEscapes = text::escapes([](unsigned char c) -> const char* {
  switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '&': return "&amp;";
    case '\n': return "\\n";
    default: return c < 0x20 || c == 0x7f ? " " : nullptr;
  }
});

/// Appends `text` as a DOT double-quoted string that renders as exactly `text`.
void append_quoted(std::string& out, std::string_view text) {
  out += '"';
  text::append_escaped(out, text, kDotEscapes);
  out += '"';
}

std::string quote(std::string_view text) {
  std::string out;
  append_quoted(out, text);
  return out;
}

/// How an edge of one kind is drawn.
struct EdgeStyle {
  const char* style;  ///< "" for solid
  const char* color;
  const char* penwidth;  ///< "" for the default
};

EdgeStyle edge_style(plan::EdgeKind kind) {
  switch (kind) {
    case plan::EdgeKind::Sequence: return {"", "#7f7f7f", ""};
    case plan::EdgeKind::Data: return {"", "#1f77b4", "2"};
    case plan::EdgeKind::After: return {"dashed", "#2ca02c", ""};
    case plan::EdgeKind::Order: return {"dotted", "#9467bd", "1.5"};
    case plan::EdgeKind::Event: return {"dashed", "#ff7f0e", ""};
  }
  return {"", "#000000", ""};
}

/// The attributes (without brackets) of an edge of `kind`, with a `label` if not empty; red
/// and thick when on a deadlock, the line style still telling the kind.
std::string style_attrs(const EdgeStyle& st, bool deadlock, const std::string& label) {
  std::string attrs;
  if (*st.style) attrs += std::string("style=") + st.style + ", ";
  const char* color = deadlock ? kRed : st.color;
  attrs += std::string("color=\"") + color + "\"";
  const char* penwidth = deadlock ? "2.5" : st.penwidth;
  if (*penwidth) attrs += std::string(", penwidth=") + penwidth;
  if (!label.empty()) attrs += std::string(", fontcolor=\"") + color + "\", label=" + quote(label);
  return attrs;
}

std::string edge_attrs(const diagram::Edge& e) {
  // An edge that no dependency of the plan backs: only the deadlock says why it is there.
  if (e.cycle_only) return style_attrs({"", kRed, ""}, true, "") + ", tooltip=\"deadlock\"";
  std::string label = e.kind == plan::EdgeKind::Event ? e.events : "";
  return style_attrs(edge_style(e.kind), e.deadlock, label) +
         ", tooltip=" + quote(plan::edge_kind_name(e.kind));
}

/// The node of a step, its id the step's label (quoted in `id`).
void emit_node(const plan::Step& step, const std::string& id, bool in_deadlock,
               std::string_view indent, std::string& out) {
  out += indent;
  out += id;
  std::string_view style = step.handler
                               ? (step.occurrence >= 0 ? "rounded,dashed,filled" : "rounded,dashed")
                               : (step.occurrence >= 0 ? "rounded,filled" : "");
  const char* sep = " [";
  if (!style.empty()) {
    out += " [style=\"";
    out += style;
    out += '"';
    sep = ", ";
  }
  if (step.occurrence >= 0) {
    out += sep;
    out += "fillcolor=\"#fff2cc\"";
    sep = ", ";
  }
  if (in_deadlock) {
    out += sep;
    out += "color=\"";
    out += kRed;
    out += "\", fontcolor=\"";
    out += kRed;
    out += "\", penwidth=2";
    sep = ", ";
  }
  if (*sep == ',') out += ']';
  out += ";\n";
}

void emit_host(const plan::Plan& plan, const diagram::View& view, uint32_t host,
               const std::vector<uint32_t>& steps, const std::vector<std::string>& ids,
               const std::string& indent, std::string& out) {
  const plan::Host& h = plan.hosts[host];
  out += indent + "subgraph " + quote("cluster_host:" + h.name) + " {\n";
  out += indent + "  label=" + quote(diagram::host_title(h, "\n", "")) + ";\n";
  out += indent + "  style=rounded; color=\"#555555\"; fontcolor=\"#000000\";\n";
  const std::string node_indent = indent + "  ";
  for (uint32_t s : steps) emit_node(plan.steps[s], ids[s], view.in_deadlock[s], node_indent, out);
  out += indent + "}\n";
}

/// A key to the styles: each kind's name (a text node) with a sample edge from it, then a
/// sample of each node style. Every sample is on one rank so the sample edges run parallel.
void emit_legend(const diagram::View& view, std::string& out) {
  std::vector<std::pair<std::string, std::string>> samples;  // name, edge attributes
  for (plan::EdgeKind k : {plan::EdgeKind::Sequence, plan::EdgeKind::Data, plan::EdgeKind::After,
                           plan::EdgeKind::Order, plan::EdgeKind::Event})
    samples.emplace_back(plan::edge_kind_name(k), style_attrs(edge_style(k), false, ""));
  if (view.deadlocked) samples.emplace_back("deadlock", style_attrs({"", kRed, ""}, true, ""));

  out += "  subgraph cluster_legend {\n";
  out +=
      "    label=\"legend\"; style=solid; color=\"#bbbbbb\"; fontcolor=\"#000000\"; fontsize=10;\n";
  out += "    node [shape=plaintext, fontsize=9, width=0, height=0, margin=0.02];\n";
  for (const auto& [name, attrs] : samples) {
    out += "    legend_" + name + " [label=" + quote(name) + "];\n";
    out += "    legend_" + name + "_end [shape=point, style=invis];\n";
    fmt::format_to(std::back_inserter(out), "    legend_{0} -> legend_{0}_end [{1}];\n", name,
                   attrs);
  }
  for (const char* suffix : {"", "_end"}) {
    out += "    { rank=same;";
    for (const auto& sample : samples) out += " legend_" + sample.first + suffix + ";";
    out += " }\n";
  }
  out += "    node [shape=box, margin=\"0.08,0.04\"];\n";
  out += "    legend_step [style=rounded, label=\"step\"];\n";
  out += "    legend_handler [style=\"rounded,dashed\", label=\"handler\"];\n";
  out +=
      "    legend_split [style=\"rounded,filled\", fillcolor=\"#fff2cc\", "
      "label=\"split occurrence #0 / #1\"];\n";
  out += "  }\n";
}

}  // namespace

bool emit_dot(const plan::Plan& plan, const BackendOptions& options, std::vector<OutputFile>& files,
              std::string* err) {
  const std::string& rankdir = options.rankdir;
  if (rankdir != "TB" && rankdir != "LR" && rankdir != "BT" && rankdir != "RL") {
    *err = "--rankdir must be TB, LR, BT or RL, not '" + rankdir + "'";
    return false;
  }
  diagram::View view;
  if (!diagram::build_view(plan, options, view, err)) return false;

  std::string out;
  out += "// Generated by baton: the plan as a Graphviz diagram (render with dot -Tsvg).\n";
  out += "digraph baton {\n";
  out += "  graph [rankdir=" + rankdir + ", fontname=\"Helvetica\", fontsize=12";
  if (view.deadlocked) {
    out += std::string(", fontcolor=\"") + kRed +
           "\", labelloc=t, label=\"deadlock: the red edges form a cycle that no repeatable "
           "action can split\"";
  }
  out += "];\n";
  out += "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=9];\n";

  // Node ids, quoted once: each step is named by every edge that touches it.
  std::vector<std::string> ids(plan.steps.size());
  size_t id_bytes = 0;
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    if (!view.shown[i]) continue;
    append_quoted(ids[i], plan.steps[i].label());
    id_bytes += ids[i].size();
  }
  out.reserve(4096 + 2 * id_bytes + view.edges.size() * 100 + plan.hosts.size() * 200);

  for (const diagram::Cluster& c : view.clusters) {
    out += "\n";
    if (!c.is_group) {
      emit_host(plan, view, c.hosts[0].first, c.hosts[0].second, ids, "  ", out);
      continue;
    }
    out += "  subgraph " + quote("cluster_group:" + c.group) + " {\n";
    out += "    label=" + quote(diagram::group_title(c.group)) +
           "; style=dashed; color=\"#888888\"; fontcolor=\"#000000\";\n";
    for (const auto& [host, steps] : c.hosts) emit_host(plan, view, host, steps, ids, "    ", out);
    out += "  }\n";
  }

  if (!view.edges.empty()) out += "\n";
  // The attributes of an edge depend on its kind and whether it is on a deadlock, but for the
  // events of event edges: those of the others are made once per kind.
  std::string common[5][2];
  for (const diagram::Edge& e : view.edges) {
    out += "  ";
    out += ids[e.from];
    out += " -> ";
    out += ids[e.to];
    out += " [";
    if (e.cycle_only || e.kind == plan::EdgeKind::Event) {
      out += edge_attrs(e);
    } else {
      std::string& attrs = common[static_cast<int>(e.kind)][e.deadlock];
      if (attrs.empty()) attrs = edge_attrs(e);
      out += attrs;
    }
    out += "];\n";
  }
  // A rolling operation: a diamond per batch, after the last steps of the batch before.
  for (size_t b = 0; b < view.batches.size(); ++b) {
    const diagram::BatchMark& mark = view.batches[b];
    const std::string id = quote("batch:" + std::to_string(b + 1));
    out += "  " + id + " [shape=diamond, style=dashed, label=" + quote(mark.title) + "];\n";
    for (uint32_t s : mark.entries) out += "  " + id + " -> " + ids[s] + " [style=dotted];\n";
    if (b + 1 == view.batches.size()) continue;
    const std::string next = quote("batch:" + std::to_string(b + 2));
    for (uint32_t s : mark.exits) out += "  " + ids[s] + " -> " + next + " [style=dotted];\n";
  }
  out += "\n";
  emit_legend(view, out);
  out += "}\n";
  files.push_back(OutputFile{"plan.dot", std::move(out), false});
  return true;
}

}  // namespace baton
