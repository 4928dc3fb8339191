// The instances that expansion creates: one per host member and per service placed on it,
// with the captured outputs they hold. Their ids (HostInstanceId, ServiceInstanceId,
// CaptureId) are what the evaluator, the action graph and the schedule work with.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/base/typed_id.h"
#include "compiler/ir/ir.h"

namespace baton {

/// Index in Instances::hosts.
using HostInstanceId = TypedId<struct HostInstanceTag>;
/// Index in Instances::services.
using ServiceInstanceId = TypedId<struct ServiceInstanceTag>;
/// Index in Instances::captures.
using CaptureId = TypedId<struct CaptureTag>;

struct HostInstance {
  ir::HostId host;
  int64_t member;  ///< -1 for a plain host
  std::string name;
};

struct ServiceInstance {
  ir::ServiceId service;
  int64_t member;  ///< -1 for a service on a plain host
  HostInstanceId host_instance;
  CaptureId first_capture;  ///< its first captured output (the others follow it)
  std::string name;
};

struct CaptureRef {
  ServiceInstanceId instance;
  uint32_t output;  ///< output index in the service
};

/// Every host and service instance. A group whose size is unknown (a param with no value
/// under `check`) has one representative member with member_known == false.
struct Instances {
  std::vector<int64_t> group_size;  ///< by HostId: members (1 for plain hosts), -1 unknown
  /// By HostId: the size was erroneous (reported); the group has no members, and indexing it
  /// reports nothing more.
  std::vector<bool> size_error;
  /// By HostId: the group's declared `min`, -1 when it has none (or on error).
  std::vector<int64_t> group_minimum;
  std::vector<HostInstanceId> host_first;        ///< by HostId: first HostInstance
  std::vector<ServiceInstanceId> service_first;  ///< by ServiceId: first ServiceInstance
  std::vector<HostInstance> hosts;
  std::vector<ServiceInstance> services;
  std::vector<CaptureRef> captures;
  bool all_sizes_known = true;

  const HostInstance& host(HostInstanceId id) const { return hosts[id.value]; }
  const ServiceInstance& service(ServiceInstanceId id) const { return services[id.value]; }
  const CaptureRef& capture(CaptureId id) const { return captures[id.value]; }
  /// The instance of member `member` (0 outside groups) of a host or service.
  HostInstanceId host_member(ir::HostId host, uint32_t member) const {
    return HostInstanceId{host_first[host.value].value + member};
  }
  ServiceInstanceId service_member(ir::ServiceId service, uint32_t member) const {
    return ServiceInstanceId{service_first[service.value].value + member};
  }
  uint32_t service_count(ir::ServiceId service) const;
};

}  // namespace baton
