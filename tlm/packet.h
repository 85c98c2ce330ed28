// The packet transaction carried between ports: who sent it to whom, in which
// flow and order, how big, and the times it passed the points the report
// measures. One object travels the whole path (no copies per hop).
// Leaves out: payload data (only sizes matter to timing and power).
#pragma once

#include "core/timeline.h"

#include <cstdint>

namespace fabricvp {

class ingress_port;

struct packet {
  std::uint64_t id = 0;         // unique per run, in creation order
  std::uint32_t src = 0;        // endpoint index of the source
  std::uint32_t dst = 0;        // endpoint index of the destination
  std::uint32_t flow = 0;       // flow index (ordering domain)
  std::uint64_t seq = 0;        // sequence number within the flow
  std::uint32_t size_bytes = 0; // frame size (header included; framing overhead is the link's)
  std::uint8_t traffic_class = 0;
  std::uint16_t hops = 0;   // links traversed so far
  std::uint8_t network = 0; // routing network: 0 any link, k the k-th named network
  // Collective channel: 0 lets the source hash the flow over its equal-cost
  // ports; k >= 1 pins it to candidate (k - 1) mod count, so that k channels
  // of a collective use k different ports (NCCL-like channels).
  std::uint8_t channel = 0;

  time_ps created_ps = 0;      // generator created it (enters the source queue)
  time_ps first_tx_ps = 0;     // first bit left the source
  time_ps head_arrival_ps = 0; // first bit reached the current receiver
  time_ps tail_arrival_ps = 0; // last bit reached the current receiver
  // Sum over hops of the time it was ready at an egress but waited behind
  // packets of other messages (or for credits): waiting behind packets of
  // its own message (same non-zero tag) is its message's backlog, not queueing.
  time_ps queueing_ps = 0;
  // Sum of the fixed latencies on its path so far: node pipelines (endpoint
  // TX/RX, switch) and every link's fixed latency. The rest of its latency,
  // beyond queueing and this, is serialization (report latency components).
  time_ps fixed_ps = 0;

  // Bookkeeping while inside a node: the ingress whose buffer it occupies
  // (credits go back there when it leaves).
  ingress_port *held_at = nullptr;
  // Owner tag for workloads that track messages (collectives); 0 if unused.
  std::uint64_t tag = 0;
};

} // namespace fabricvp
