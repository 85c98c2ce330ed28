// Routing tables of a platform, computed from its netlist alone (so that
// `validate` can check them without building the model): for every node,
// routing network and destination endpoint, the ports on shortest paths
// through nodes that forward (switches, and accelerators with forwarding on).
// Networks come from `network:` on link kinds: network 0 uses every link,
// network k (k >= 1) only the links of the k-th named network (sorted), so
// scale-up and scale-out traffic stay on their own fabrics. The tables are
// kept by destination class (modules/route_table.h), not all-pairs: memory
// grows with (nodes of a component) x (its classes of destinations) and the
// search with classes x links. Each network's tables are checked for
// deadlock freedom over its lossless links (platforms/deadlock_check.h).
// Links can be left out (a failed or disabled link): the tables are then
// those of the netlist without them, for a fault model that reroutes.
// Leaves out: routing other than shortest path (up*/down*, valiant, source
// routing); tables do not change at run time by themselves.
#pragma once

#include "modules/route_table.h"
#include "platforms/netlist.h"

#include <memory>
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
  std::vector<std::string> networks;          // named, sorted
  std::shared_ptr<const route_tables> tables; // by node, network and destination
  std::vector<routing_check> checks;          // by network, then all together

  // Hops from endpoint src to endpoint dst on a network (-1: unreachable).
  int path_hops(std::uint32_t src, std::uint32_t dst, std::uint8_t network) const {
    return tables->hops(tables->endpoint_instance(src), network, dst);
  }
};

// `excluded_links`, by connection index (empty: none): links the routes do
// not use, as if they were not cabled.
routing compute_routing(const netlist &n, const std::vector<bool> &excluded_links = {});

// Bytes the routing tables of the netlist will hold, found without the
// shortest-path searches (components and destination classes only): the
// routing term of a memory estimate.
std::size_t routing_memory_estimate(const netlist &n);

// Enforces simulation.deadlock_check on the checks: `error` throws
// input_error naming the cycle, `warn` returns the warning lines, `off`
// returns nothing.
std::vector<std::string> enforce_deadlock_check(const netlist &n,
                                                const std::vector<routing_check> &checks);

} // namespace fabricvp
