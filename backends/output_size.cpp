// The estimate of a backend's file size from its weights per item of the plan.
#include "backends/output_size.h"

namespace baton {
namespace {

std::size_t command_bytes(const plan::Command& c, const SizeWeights& w) {
  std::size_t bytes = w.per_command;
  for (const plan::CommandPiece& p : c.pieces) {
    bytes += w.per_piece + w.text_times * p.shell.size();
    for (const plan::Segment& seg : p.value)
      bytes += w.per_segment + w.value_times * seg.text.size();
  }
  return bytes;
}

}  // namespace

std::size_t estimated_size(const plan::Plan& plan, const SizeWeights& w) {
  std::size_t bytes = w.fixed + w.per_level * plan.levels;
  for (const plan::Host& h : plan.hosts) {
    bytes += w.per_host + h.name.size() + h.address.size() + h.user.size();
    for (const auto& [key, value] : h.attrs) bytes += 8 + key.size() + value.size();
  }
  for (const plan::Step& s : plan.steps) {
    // Wait groups are written out in full for every step (an entry they share with waits_for
    // counts twice: an estimate).
    std::size_t waits = s.waits_for.size();
    for (uint32_t g : s.wait_groups) waits += plan.wait_groups[g].waits.size();
    bytes += w.per_step + w.name_times * (s.service.size() + s.instance.size() + s.action.size()) +
             w.per_wait * waits + w.per_trigger * s.triggers.size();
    for (const plan::Command& c : s.commands) bytes += command_bytes(c, w);
  }
  for (const plan::Capture& c : plan.captures) {
    bytes += w.per_capture + c.instance.size() + c.output.size() + command_bytes(c.command, w);
  }
  return bytes;
}

}  // namespace baton
