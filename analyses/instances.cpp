// The instances that expansion creates.
#include "analyses/instances.h"

namespace baton {

uint32_t Instances::service_count(ir::ServiceId service) const {
  uint32_t first = service_first[service.value].value;
  uint32_t end = service.value + 1 < service_first.size() ? service_first[service.value + 1].value
                                                          : static_cast<uint32_t>(services.size());
  return end - first;
}

}  // namespace baton
