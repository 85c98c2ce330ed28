// A communication schedule: the point-to-point transfers (and compute steps)
// of one or more operations (collectives, user steps), with the dependencies
// between them, as a directed acyclic graph. Collective algorithms compile
// into it (testbench/collective_algorithms.h), workload files too
// (testbench/workload_file.h), and the collective engine runs it on the
// fabric (testbench/workloads/collective.h).
//
// A node is either a transfer of `bytes` from endpoint src to endpoint dst
// over routing network `network`, or, with bytes == 0, a step local to one
// rank (a compute gap, or a join of several dependencies). A node starts
// `delay_ps` after its last dependency has completed (the reduction or
// compute that must precede it); a transfer completes when its last packet
// has been delivered.
// Leaves out: payload data and arithmetic (only sizes and times matter).
#pragma once

#include "core/timeline.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fabricvp {

using node_id = std::uint32_t;
constexpr node_id no_node = ~node_id(0);

struct schedule_node {
  std::uint32_t src = 0, dst = 0; // endpoint ids (equal for a local step)
  std::uint64_t bytes = 0;        // 0: local step
  std::uint8_t network = 0;       // routing network (0: any link)
  std::uint8_t channel = 0;       // collective channel (packet.channel)
  std::uint32_t op = 0;           // operation it belongs to
  time_ps delay_ps = 0;           // after the dependencies, before it starts
  std::uint32_t deps = 0;         // number of predecessors
};

// One operation: a collective call on a communicator, or a compute step.
struct operation_desc {
  std::string name;      // e.g. "all_reduce" or the workload step's name
  std::string job;       // job it belongs to ("" for the platform's workload)
  std::string kind;      // all_reduce, all_gather, reduce_scatter, all_to_all, broadcast, compute
  std::string algorithm; // ring, tree, hierarchical, pairwise, pipeline, "" for compute
  std::vector<std::uint32_t> ranks;     // endpoints of the communicator, rank order
  double message_bytes = 0.0;           // nccl-tests S (bytes per rank's buffer)
  double bus_factor = 0.0;              // busbw = algbw x bus_factor (nccl-tests)
  node_id first_node = 0, end_node = 0; // its nodes: [first_node, end_node)
};

class schedule {
public:
  // Operations are built one at a time: nodes added between begin_op and
  // end_op belong to it.
  std::uint32_t begin_op(operation_desc op);
  void end_op();
  node_id add_transfer(std::uint32_t src, std::uint32_t dst, std::uint64_t bytes,
                       std::uint8_t network, time_ps delay_ps = 0);
  node_id add_local(std::uint32_t rank, time_ps delay_ps);
  // Channel given to the transfers added from now on (0: none).
  void set_channel(std::uint8_t channel) { channel_ = channel; }
  // `to` starts only after `from` has completed (no_node is ignored).
  void add_dependency(node_id from, node_id to);
  void add_dependencies(const std::vector<node_id> &from, node_id to) {
    for (node_id f : from)
      add_dependency(f, to);
  }
  // One node standing for "all of these have completed" on a rank: the
  // single node itself, a join node, or no_node for an empty list.
  node_id join(std::uint32_t rank, const std::vector<node_id> &nodes);

  // Builds the successor lists; call once, after the last operation.
  void finalize();

  std::size_t size() const { return nodes_.size(); }
  const schedule_node &node(node_id n) const { return nodes_[n]; }
  const std::vector<schedule_node> &nodes() const { return nodes_; }
  const std::vector<operation_desc> &operations() const { return ops_; }
  // Successors of n (after finalize).
  const node_id *successors_begin(node_id n) const { return succ_.data() + succ_begin_[n]; }
  const node_id *successors_end(node_id n) const { return succ_.data() + succ_begin_[n + 1]; }

private:
  std::vector<schedule_node> nodes_;
  std::vector<operation_desc> ops_;
  std::vector<std::pair<node_id, node_id>> edges_; // until finalize
  std::vector<std::uint32_t> succ_begin_;
  std::vector<node_id> succ_;
  bool in_op_ = false;
  std::uint8_t channel_ = 0;
};

} // namespace fabricvp
