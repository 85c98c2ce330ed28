// Runs a communication schedule (testbench/schedule.h) on the fabric: the
// collective workloads of a platform (`workload: {pattern: all_reduce, ...}`)
// and workload files (several jobs, steps with dependencies and compute).
// A node becomes ready when its last predecessor completes and starts
// `delay` later; a transfer then hands all its packets (of at most
// `workload.size` bytes) to the source's accelerator_port at once (the egress
// FIFO serializes them) and completes when its last packet is delivered
// (delivery includes the RX pipeline). Starts go through the platform's
// arrival_calendar: nothing is clocked, an idle rank costs nothing.
//
// Per operation the report gives time, algbw and busbw (nccl-tests:
// algbw = S/t, busbw = algbw x bus factor), the energy drawn while it ran by
// power class (difference of the elements' energy at its start and end) and
// pJ per bit moved, its traffic energy (the dynamic energy of its own
// transfers, hop by hop: concurrent operations' traffic energies add up to
// their total), and where the time went along its critical path (the
// chain of transfers and steps, each started by the completion of the one
// before): for each transfer, queueing = the last packet's wait at egress
// ports behind packets of other messages (tlm/packet.h queueing_ps: waiting
// behind its own message's packets, at the source or at a store-and-forward
// switch, is backlog; waiting behind the same operation's other transfers
// from that port counts as queueing),
// serialization = the message at the source port's rate, fixed latency =
// the rest (pipelines, propagation, FEC, store-and-forward per hop);
// compute = delays (reductions, compute steps); dependency wait = from the
// operation's start to its critical chain's start.
// Leaves out: payload data; static (idle) energy is not split between
// concurrent operations (each window reports everything drawn during it).
#pragma once

#include "core/params.h"
#include "platforms/elaborator.h"
#include "testbench/checking/scoreboard.h"
#include "testbench/workloads/collective_algorithms.h"
#include "testbench/workloads/fabric_view.h"
#include "tlm/packet_pool.h"

#include "traces/run_result.h"

#include <map>
#include <queue>
#include <string>
#include <vector>

namespace fabricvp {

// A collective call's settings that need the platform: network pickers from
// network names (flat algorithms take the scale-up network where it joins
// the pair, else the scale-out one, else any link), and the hierarchical
// groups (group_size consecutive ranks, or with 0 the ranks the scale-up
// network joins), and the channels (0: one per port the first rank has
// towards the second). Throws call_error naming the offending setting.
struct call_error {
  std::string param, message;
};
void bind_call(collective_call &c, const fabric_view &p, const std::string &scale_up_network,
               const std::string &scale_out_network, long group_size, long channels);

// Nodes the schedule of a call will have, roughly (for refusing calls that
// would not fit in memory before building them).
std::uint64_t estimated_nodes(const collective_call &c);

class collective_engine : public calendar_client, public transfer_observer {
public:
  // True for the `workload.pattern` choices that are collectives.
  static bool is_collective(const std::string &pattern);
  // Builds the schedule of the platform workload's collective (throws
  // input_error on settings the platform cannot run, naming workload.PARAM).
  static schedule schedule_from_workload(const fabric_view &p, const param_set &workload);

  // Installs itself as the scoreboard's on_delivery_hook and starts every
  // node without dependencies at time 0.
  collective_engine(platform &p, schedule plan, std::uint32_t mtu_bytes, packet_pool &pool,
                    scoreboard &board);
  ~collective_engine() override;

  void on_calendar() override;

  bool complete() const { return completed_ == plan_.size(); }
  time_ps finish_ps() const { return finish_ps_; }
  const schedule &plan() const { return plan_; }

  // One operation's result (its time, energy and critical-path breakdown).
  operation_report result(std::uint32_t op) const;
  // Every operation but a workload file's joins, in schedule order.
  collective_result report() const;

private:
  struct node_state {
    time_ps ready = 0, start = 0, done = 0;
    std::uint32_t deps_left = 0;
    std::uint64_t packets_left = 0;
    node_id critical_pred = no_node; // the predecessor that completed last
    time_ps last_queueing = 0;       // queueing_ps of the last packet delivered
  };
  struct due {
    time_ps t;
    node_id node;
    bool operator>(const due &o) const { return t != o.t ? t > o.t : node > o.node; }
  };
  void on_delivery(const packet &pkt, time_ps at);
  void complete_node(node_id n, time_ps at);
  void launch(node_id n);
  void wake_at(time_ps t);
  void note_op_start(std::uint32_t op, time_ps at);
  std::map<std::string, double> energy_snapshot(time_ps at) const;
  time_ps serialization_ps(const schedule_node &n) const;

  platform &platform_;
  schedule plan_;
  packet_pool &pool_;
  scoreboard &board_;
  arrival_calendar &calendar_;
  std::vector<power_model *> power_;
  std::uint32_t mtu_ = 0, endpoints_ = 0;
  std::vector<node_state> state_;
  std::vector<std::uint32_t> flow_of_;  // by node: dense flow id
  std::vector<std::uint64_t> next_seq_; // by flow
  std::priority_queue<due, std::vector<due>, std::greater<due>> queue_;
  std::vector<node_id> ready_stack_; // nodes to process without the calendar
  std::size_t completed_ = 0;
  time_ps last_wake_ps_ = 0;
  bool wake_pending_ = false;
  time_ps finish_ps_ = 0;
  // Per operation: nodes left, energy at the first launch and at the end.
  std::vector<std::size_t> op_nodes_left_;
  std::vector<bool> op_started_;
  std::vector<std::map<std::string, double>> op_energy_start_, op_energy_end_;
  std::vector<double> op_traffic_j_; // energy of each operation's own transfers

public:
  void on_transfer(const packet &pkt, double joules) override;
};

} // namespace fabricvp
