// Deadlock freedom of the routing on lossless links, checked statically with
// the channel dependency graph (Dally and Seitz, 1987): every directed
// credit-flow-controlled link is a channel; channel c1 = (u -> v) depends on
// channel c2 = (v -> w) when some destination's packets may arrive over c1
// and leave over c2 (w among v's routing candidates for that destination).
// Routing that can hold buffers in a cycle of such dependencies can deadlock;
// an acyclic graph proves it cannot. Adaptive choice among the candidates
// (least-loaded) is covered, since every candidate contributes dependencies.
// Lossy (drop-tail) links break dependencies: a full queue drops rather than
// waits. The dependencies are found per destination class of the routing
// tables (modules/route_table.h), not per destination, so the check grows
// with classes x lossless channels.
// Leaves out: virtual channels (none are modelled) and protocol-level
// (request/response) dependencies.
#pragma once

#include "modules/route_table.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fabricvp {

struct dependency_check_input {
  const route_tables *tables;
  const std::vector<bool> *lossless_connection; // by connection
  // The routing networks checked together (a packet keeps its network, so
  // each adds its own dependencies; networks whose traffic shares the
  // links' buffers are checked as one).
  std::vector<std::uint8_t> networks;
};

struct dependency_check_result {
  std::size_t channels = 0;     // lossless directed channels in the networks
  std::size_t dependencies = 0; // distinct edges of the dependency graph
  bool acyclic = true;
  // A dependency cycle as (node, port) pairs, the channel leaving each.
  std::vector<std::pair<std::size_t, int>> cycle;
};

dependency_check_result check_channel_dependencies(const dependency_check_input &in);

} // namespace fabricvp
