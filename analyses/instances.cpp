// The instances that expansion creates.
#include "analyses/instances.h"

namespace baton {

uint32_t Instances::service_count(uint32_t service_id) const {
  uint32_t first = service_first[service_id];
  uint32_t end = service_id + 1 < service_first.size() ? service_first[service_id + 1]
                                                       : static_cast<uint32_t>(services.size());
  return end - first;
}

}  // namespace baton
