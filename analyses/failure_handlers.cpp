// A handler triggered only by `failed` events (`on k.run failed -> k.rollback`) runs when its
// emitter failed. A capture is taken after its step succeeds: one taken after the emitter, or
// after an action that need not have run before the emitter, does not exist then, and the
// handler would fail at run time (status 125) on every run. Reported at compile time instead.
#include "analyses/failure_handlers.h"

#include <fmt/format.h>

#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "analyses/graph_adapter.h"

namespace baton {

void check_failure_handlers(const ir::Module& m, const Instances& inst, const ActionGraph& g,
                            const CycleResult& cycles, const std::vector<bool>& is_step,
                            DiagnosticEngine& diags) {
  if (cycles.capture_step.empty()) return;
  std::optional<Ancestry> ancestry;  // built only for a spec that has such a handler
  // (handler's service, handler, capture's service, output), reported.
  std::set<std::tuple<uint32_t, uint32_t, uint32_t, uint32_t>> reported;
  for (uint32_t h = 0; h < g.nodes.size(); ++h) {
    if (!is_step[h] || g.triggers[h].empty()) continue;
    bool only_failed = true, any = false;
    for (const NodeTrigger& t : g.triggers[h]) {
      if (!is_step[t.emitter]) continue;
      any = true;
      only_failed = only_failed && t.event == ir::EventKind::Failed;
    }
    if (!any || !only_failed) continue;
    auto [first, last] = ActionGraph::entries_of(g.node_captures, h);
    for (size_t k = first; k < last; ++k) {
      const CaptureRef& ref = inst.captures[g.node_captures[k].second];
      uint32_t producer = cycles.capture_step[ref.instance.value];
      if (producer == kNone) continue;  // E0313
      // Members of a group repeat the same handler and capture: report (and look) once.
      const ActionNode& node = g.nodes[h];
      const ServiceInstance& handler_instance = inst.service(node.instance);
      const ServiceInstance& producer_instance = inst.service(ref.instance);
      std::tuple<uint32_t, uint32_t, uint32_t, uint32_t> key{
          handler_instance.service.value, node.action, producer_instance.service.value, ref.output};
      if (reported.count(key)) continue;
      if (!ancestry) ancestry.emplace(g);
      const NodeTrigger* missing = nullptr;
      for (const NodeTrigger& t : g.triggers[h]) {
        if (is_step[t.emitter] && !ancestry->precedes(producer, t.emitter)) {
          missing = &t;
          break;
        }
      }
      if (!missing) continue;
      reported.insert(key);
      const ir::Service& svc = m.service(handler_instance.service);
      const ir::Action& handler = svc.actions[node.action];
      const std::string value = producer_instance.name + "." +
                                m.service(producer_instance.service).outputs[ref.output].name;
      const std::string handler_name = handler_instance.name + "." + handler.name;
      const std::string emitter = node_label(m, inst, g, missing->emitter);
      const std::string after = node_label(m, inst, g, producer);
      std::string why =
          producer == missing->emitter
              ? fmt::format("which is captured only after {} succeeds", after)
              : fmt::format("which is captured after {0}, and {0} need not have run when {1} fails",
                            after, emitter);
      Diagnostic& d = diags.report(DiagKind::FailureHandlerMissingCapture, handler.name_range,
                                   fmt::format("{} runs only when {} fails, and reads {}, {}",
                                               handler_name, emitter, value, why));
      d.notes.push_back({missing->range, fmt::format("the only events that trigger {} are failures",
                                                     handler_name)});
      d.help = fmt::format(
          "compute the value in the handler's own command, or trigger the handler by an event "
          "that comes after {} is captured",
          value);
    }
  }
}

}  // namespace baton
