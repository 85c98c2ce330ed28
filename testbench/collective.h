// Ring collectives as a workload, driven by packet deliveries: ring
// all-reduce (reduce-scatter then all-gather, 2(N-1) steps), ring all-gather
// and ring reduce-scatter (N-1 steps each). The ranks are the platform's
// endpoints in index order (or the first `workload.ranks`); rank r sends to
// r+1 mod N. In every step each rank sends one chunk of ceil(S/N) bytes to its
// successor, split into packets of at most `workload.size` bytes, all handed
// to its accelerator_port at the step's start (the egress FIFO serializes
// them). A rank starts step k+1 when the last packet of step k from its
// predecessor has been delivered (delivery includes the RX pipeline), plus
// `workload.compute_gap` after a step whose data is reduced (the
// reduce-scatter steps). Step starts go through the platform's
// arrival_calendar: nothing is clocked, an idle rank costs nothing.
// The collective time is the last rank's completion (t = 0 is the start).
// Report figures follow nccl-tests: algbw = S/t, busbw = algbw x 2(N-1)/N
// (all-reduce) or (N-1)/N (all-gather, reduce-scatter).
// Leaves out: tree, double-binary-tree and hierarchical algorithms, multiple
// rings/channels over several ports, payload data and the arithmetic of the
// reduction (only its time), overlap with compute, repeated iterations.
#pragma once

#include "core/params.h"
#include "platforms/elaborator.h"
#include "testbench/packet_pool.h"
#include "testbench/scoreboard.h"

#include <nlohmann/json.hpp>

#include <queue>
#include <string>
#include <vector>

namespace fabricvp {

class collective_engine : public calendar_client {
public:
  enum class algorithm { all_reduce_ring, all_gather_ring, reduce_scatter_ring };
  // True for the `workload.pattern` choices this engine runs.
  static bool is_collective(const std::string &pattern);

  // Installs itself as the scoreboard's on_delivery_hook and schedules the
  // first step of every rank at time 0 on the platform's calendar.
  collective_engine(platform &p, const param_set &workload, packet_pool &pool, scoreboard &board);
  ~collective_engine() override;

  void on_calendar(packet *) override;

  algorithm kind() const { return kind_; }
  std::string algorithm_name() const;
  std::uint32_t ranks() const { return n_; }
  std::uint32_t steps() const { return steps_; }
  double message_bytes() const { return message_bytes_; }
  std::uint32_t chunk_bytes() const { return chunk_bytes_; }
  std::uint32_t packets_per_chunk() const { return packets_per_chunk_; }
  bool complete() const { return ranks_done_ == n_; }
  time_ps finish_ps() const { return finish_ps_; }
  // nccl-tests bus bandwidth factor: 2(N-1)/N or (N-1)/N.
  double bus_factor() const;
  // {algorithm, ranks, message_bytes, time_s, algbw_gbps, busbw_gbps, complete}.
  nlohmann::json report() const;

private:
  struct due {
    time_ps t;
    std::uint32_t rank;
    bool operator>(const due &o) const { return t != o.t ? t > o.t : rank > o.rank; }
  };
  struct rank_state {
    std::uint32_t step = 0;              // step being received (next to complete)
    std::vector<std::uint32_t> received; // packets received per step
  };
  void on_delivery(const packet &pkt, time_ps at);
  void send_step(std::uint32_t rank, std::uint32_t step);
  bool reduces(std::uint32_t step) const;
  void wake_at(time_ps t, std::uint32_t rank);

  platform &platform_;
  packet_pool &pool_;
  scoreboard &board_;
  arrival_calendar &calendar_;
  algorithm kind_;
  std::uint32_t n_ = 0, endpoints_ = 0, steps_ = 0;
  double message_bytes_ = 0.0;
  std::uint32_t mtu_ = 0, chunk_bytes_ = 0, packets_per_chunk_ = 0;
  time_ps gap_ps_ = 0;
  std::vector<rank_state> ranks_;
  std::vector<std::uint64_t> next_seq_; // by flow
  std::priority_queue<due, std::vector<due>, std::greater<due>> queue_;
  std::uint32_t ranks_done_ = 0;
  time_ps finish_ps_ = 0;
};

} // namespace fabricvp
