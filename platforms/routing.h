// Routing tables of a platform, computed from its netlist alone (so that
// `validate` can check them without building the model): for every node,
// routing network and destination endpoint, the ports on shortest paths
// through nodes that forward (switches, and accelerators with forwarding on).
// Networks come from `network:` on link kinds: network 0 uses every link,
// network k (k >= 1) only the links of the k-th named network (sorted), so
// scale-up and scale-out traffic stay on their own fabrics. Each network's
// tables are checked for deadlock freedom over its lossless links
// (platforms/deadlock_check.h).
// Leaves out: routing other than shortest path (up*/down*, valiant, source
// routing); tables do not change at run time (no failover).
#pragma once

#include "modules/fabric_node.h"
#include "platforms/netlist.h"

#include <string>
#include <vector>

namespace fabricvp {

struct routing_check {
  std::string network;
  std::size_t lossless_channels = 0, dependencies = 0;
  bool deadlock_free = true;
  std::string cycle; // "a.port1 -> b.port0 -> ... -> a.port1" when not
};

struct routing {
  std::vector<std::string> networks;                               // named, sorted
  std::vector<std::vector<fabric_node::route_table>> tables;       // [instance][network]
  std::vector<std::vector<std::vector<int>>> distance_to_endpoint; // [network][endpoint][instance]
  std::vector<routing_check> checks;                               // by network
};

routing compute_routing(const netlist &n);

// Enforces simulation.deadlock_check on the checks: `error` throws
// input_error naming the cycle, `warn` returns the warning lines, `off`
// returns nothing.
std::vector<std::string> enforce_deadlock_check(const netlist &n,
                                                const std::vector<routing_check> &checks);

} // namespace fabricvp
