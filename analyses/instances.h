// The instances that expansion creates: one per host member and per service placed on it,
// with the captured outputs they hold. Indices into these vectors are what the evaluator, the
// action graph and the schedule call host and service instances.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace baton {

struct HostInstance {
  uint32_t host;   ///< HostId
  int64_t member;  ///< -1 for a plain host
  std::string name;
};

struct ServiceInstance {
  uint32_t service;        ///< ServiceId
  int64_t member;          ///< -1 for a service on a plain host
  uint32_t host_instance;  ///< index in Instances::hosts
  uint32_t first_capture;  ///< index in Instances::captures of its first captured output
  std::string name;
};

struct CaptureRef {
  uint32_t instance;  ///< service instance
  uint32_t output;    ///< output index in the service
};

/// Every host and service instance. A group whose size is unknown (a param with no value
/// under `check`) has one representative member with member_known == false.
struct Instances {
  std::vector<int64_t> group_size;  ///< by HostId: members (1 for plain hosts), -1 unknown
  /// By HostId: the size was erroneous (reported); the group has no members, and indexing it
  /// reports nothing more.
  std::vector<bool> size_error;
  std::vector<uint32_t> host_first;     ///< by HostId: first HostInstance
  std::vector<uint32_t> service_first;  ///< by ServiceId: first ServiceInstance
  std::vector<HostInstance> hosts;
  std::vector<ServiceInstance> services;
  std::vector<CaptureRef> captures;
  bool all_sizes_known = true;

  uint32_t service_count(uint32_t service_id) const;
};

}  // namespace baton
