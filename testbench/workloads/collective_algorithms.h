// Collective algorithms compiled into a schedule (testbench/schedule.h): the
// transfers each algorithm makes between the ranks of a communicator, and
// what each transfer waits for.
//   ring      all-reduce (reduce-scatter then all-gather, 2(N-1) steps),
//             all-gather and reduce-scatter (N-1 steps): each step every
//             rank sends one chunk of ceil(S/N) bytes to its successor and
//             starts the next step when its predecessor's chunk has arrived
//             (plus the reduction time after a reducing step).
//   tree      all-reduce on a binary tree (rank 0 the root, children 2i+1,
//             2i+2), pipelined in chunks: a rank sends chunk c up once both
//             children's chunk c has arrived and been reduced; the root sends
//             it down once reduced; every rank forwards it down on arrival.
//   hierarchical all-reduce: ring reduce-scatter inside each scale-up group
//             (S/G per rank), ring all-reduce of that shard across groups
//             among the ranks with the same position in their group, then
//             ring all-gather inside each group.
//   pairwise  all-to-all: every rank sends S/N bytes to every other rank,
//             in the order i+1, i+2, ... (all handed to the port at once).
//   pipeline  broadcast: chunks flow along the chain root, root+1, ...;
//             each rank forwards a chunk as soon as it has arrived.
// Every algorithm takes per-rank start dependencies (what a rank must have
// finished first; a rank sends nothing, and has no result, before its start)
// and returns per-rank completion nodes, so operations chain into training
// steps and several jobs share one schedule.
// Leaves out: double binary trees, multiple channels/rings over several
// ports, NVLS/SHARP in-network reduction, protocol choice (LL/LL128/Simple).
#pragma once

#include "testbench/workloads/schedule.h"

#include <functional>
#include <string>
#include <vector>

namespace fabricvp {

// Routing network for a transfer between two endpoints.
using network_picker = std::function<std::uint8_t(std::uint32_t src, std::uint32_t dst)>;

struct collective_call {
  std::string name, job;
  std::string kind;                 // all_reduce, all_gather, reduce_scatter, all_to_all, broadcast
  std::string algorithm;            // ring, tree, hierarchical (all_reduce); ignored by the others
  std::vector<std::uint32_t> ranks; // endpoint ids in rank order
  double message_bytes = 0.0;       // S, nccl-tests definition per kind
  std::uint64_t chunk_bytes = 0;    // pipelining chunk of tree and broadcast (0: S/8)
  time_ps reduce_ps = 0;            // time to reduce one received chunk
  std::uint32_t root = 0;           // broadcast root (rank index)
  // Channels: the message is split into this many equal parts, each run by
  // the algorithm on its own (its own flows, packets pinned to the source's
  // (channel)-th equal-cost port), as NCCL channels spread a collective over
  // an accelerator's links. 0 or 1: one channel, flows hashed.
  std::uint32_t channels = 1;
  // Hierarchical: the scale-up groups, each a list of rank indices, all of
  // the same size.
  std::vector<std::vector<std::uint32_t>> groups;
  network_picker flat;      // network of every transfer of flat algorithms
  network_picker scale_up;  // hierarchical: inside a group
  network_picker scale_out; // hierarchical: across groups
};

// True for the kinds (and algorithms of a kind) built here.
bool is_collective_kind(const std::string &kind);
bool algorithm_supported(const std::string &kind, const std::string &algorithm);
// nccl-tests bus bandwidth factor of a kind over n ranks.
double bus_factor(const std::string &kind, std::size_t n);

// Appends `call` as one operation. start[i] is the node rank i waits for
// before its part begins (no_node: none), indexed by rank; returns, by rank,
// the node whose completion means the rank has its result.
std::vector<node_id> add_collective(schedule &s, const collective_call &call,
                                    const std::vector<node_id> &start);

// Appends a compute step of `duration` on every rank as one operation.
std::vector<node_id> add_compute(schedule &s, const std::string &name, const std::string &job,
                                 const std::vector<std::uint32_t> &ranks, time_ps duration,
                                 const std::vector<node_id> &start);

} // namespace fabricvp
