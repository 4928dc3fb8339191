// Expansion of replicated groups into host and service instances.
#include "analyses/expand.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace baton {

namespace {

/// `db[3]`: the name of member `k` of `group`.
std::string member_name(const std::string& group, int64_t k) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, k);
  (void)ec;
  std::string name;
  name.reserve(group.size() + static_cast<size_t>(end - digits) + 2);
  name += group;
  name += '[';
  name.append(digits, end);
  name += ']';
  return name;
}

/// A group size or minimum: a non-negative int known at compile time; -1 when unknown, -2 on error.
int64_t size_value(Evaluator& eval, const ir::Module& m, ir::ExprId id, const ir::Host& h,
                   const char* what) {
  Value v = eval.eval(id, Scope{});
  const SourceRange& at = m.expr(id).range;
  if (v.is_error()) return -2;
  if (v.kind != Value::Kind::Int) {
    eval.report_once(id, DiagKind::BadCount, at,
                     fmt::format("the {} of group '{}' must be an int, not {}", what, h.name,
                                 kind_name(v.kind)));
    return -2;
  }
  if (v.has_runtime()) {
    eval.report_once(
        id, DiagKind::BadCount, at,
        fmt::format("the {} of group '{}' must be known at compile time", what, h.name));
    return -2;
  }
  if (!v.known) return -1;
  if (v.i < 0) {
    eval.report_once(id, DiagKind::BadCount, at,
                     fmt::format("the {} of group '{}' is negative ({})", what, h.name, v.i));
    return -2;
  }
  return v.i;
}

}  // namespace

Instances expand_instances(const ir::Module& m, const Resolution& names, Evaluator& eval,
                           uint64_t max_instances, DiagnosticEngine& diags, int64_t assume_extra) {
  Instances inst;
  inst.group_size.assign(m.hosts.size(), 1);
  inst.size_error.assign(m.hosts.size(), false);
  inst.group_minimum.assign(m.hosts.size(), -1);
  inst.host_first.assign(m.hosts.size(), HostInstanceId{});
  for (uint32_t h = 0; h < m.hosts.size(); ++h) {
    const ir::Host& host = m.hosts[h];
    if (!host.is_group()) continue;
    int64_t size = size_value(eval, m, host.count, host, "size");
    // The minimum is checked even when the size is wrong: its own errors are independent.
    int64_t minimum =
        host.minimum.valid() ? size_value(eval, m, host.minimum, host, "minimum") : -1;
    inst.group_minimum[h] = minimum;
    if (size == -1 && assume_extra >= 0) size = std::max<int64_t>(minimum, 1) + assume_extra;
    if (size >= 0) {
      if (minimum >= 0 && size < minimum) {
        Diagnostic& d =
            diags.report(DiagKind::BelowMinimum, m.expr(host.count).range,
                         fmt::format("group '{}' has {} member{}, below its minimum of {}",
                                     host.name, size, size == 1 ? "" : "s", minimum));
        d.notes.push_back({m.expr(host.minimum).range, "minimum declared here"});
        d.help = fmt::format("raise the size (a --param?) to at least {}", minimum);
        size = -2;
      }
    }
    if (size >= 0 && static_cast<uint64_t>(size) > max_instances) {
      diags
          .report(DiagKind::TooManyInstances, m.expr(host.count).range,
                  fmt::format("group '{}' has {} members, more than the limit of {}", host.name,
                              size, max_instances))
          .help = "raise the limit with --max-instances if this is intended";
      size = -2;
    }
    if (size == -1) inst.all_sizes_known = false;
    inst.size_error[h] = size == -2;
    // An erroneous size expands to nothing, so that no reference to the group cascades.
    inst.group_size[h] = size == -2 ? 0 : size;
  }
  for (uint32_t h = 0; h < m.hosts.size(); ++h) {
    const ir::Host& host = m.hosts[h];
    inst.host_first[h] = HostInstanceId{static_cast<uint32_t>(inst.hosts.size())};
    if (!host.is_group()) {
      inst.hosts.push_back({ir::HostId{h}, -1, host.name});
      continue;
    }
    int64_t n = inst.group_size[h] < 0 ? 1 : inst.group_size[h];
    for (int64_t k = 0; k < n; ++k)
      inst.hosts.push_back({ir::HostId{h}, k, member_name(host.name, k)});
  }
  inst.service_first.assign(m.services.size(), ServiceInstanceId{});
  size_t total = 0;
  for (uint32_t s = 0; s < m.services.size(); ++s) {
    if (names.service_host[s].valid()) {
      uint32_t h = names.service_host[s].value;
      total += m.hosts[h].is_group() && inst.group_size[h] > 1
                   ? static_cast<size_t>(inst.group_size[h])
                   : 1;
    }
  }
  inst.services.reserve(total);
  uint32_t captures = 0;
  for (uint32_t s = 0; s < m.services.size(); ++s) {
    const ir::Service& svc = m.services[s];
    inst.service_first[s] = ServiceInstanceId{static_cast<uint32_t>(inst.services.size())};
    if (!names.service_host[s].valid()) continue;
    ir::HostId host = names.service_host[s];
    uint32_t h = host.value;
    uint32_t n_captured = 0;
    for (const ir::Output& o : svc.outputs) n_captured += o.captured;
    bool group = m.hosts[h].is_group();
    int64_t n = !group ? 1 : inst.group_size[h] < 0 ? 1 : inst.group_size[h];
    for (int64_t k = 0; k < n; ++k) {
      ServiceInstanceId id{static_cast<uint32_t>(inst.services.size())};
      inst.services.push_back({ir::ServiceId{s}, group ? k : -1,
                               inst.host_member(host, static_cast<uint32_t>(k)),
                               CaptureId{captures}, group ? member_name(svc.name, k) : svc.name});
      for (uint32_t o = 0; o < svc.outputs.size(); ++o)
        if (svc.outputs[o].captured) inst.captures.push_back({id, o});
      captures += n_captured;
    }
  }
  return inst;
}

}  // namespace baton
