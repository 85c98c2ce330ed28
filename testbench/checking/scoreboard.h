// Checks every packet's fate: delivered exactly once, at its destination, in
// order within its flow, or dropped with a reason. At the end, every injected
// packet is delivered, dropped or still in flight; anything else is a
// violation. Also gathers latency and throughput statistics over the
// measurement window [warmup, duration).
// Leaves out: payload integrity (packets carry no data).
#pragma once

#include "modules/fabric_node.h"
#include "testbench/checking/latency_histogram.h"
#include "tlm/packet_pool.h"

#include <map>
#include <string>
#include <vector>

namespace fabricvp {

struct traffic_counts {
  std::uint64_t injected = 0;
  std::uint64_t delivered = 0;
  std::uint64_t dropped = 0;
  double bytes_injected = 0.0;
  double bytes_delivered = 0.0;
  std::map<std::string, std::uint64_t> drops_by_reason;
};

class scoreboard : public packet_observer {
public:
  scoreboard(packet_pool &pool, std::size_t endpoints, time_ps warmup_ps, time_ps window_end_ps,
             bool allow_reordering);

  void on_injected(packet &pkt);
  void on_delivered(packet &pkt, time_ps at) override;
  void on_dropped(packet &pkt, time_ps at, const char *reason, const std::string &where) override;

  std::uint64_t in_flight() const { return counts_.injected - counts_.delivered - counts_.dropped; }
  const traffic_counts &counts() const { return counts_; }
  const latency_histogram &latency() const { return latency_; }
  // Over the same packets as latency(): the sums of their queueing and of
  // their fixed latencies (tlm/packet.h), in picoseconds.
  double latency_queueing_sum_ps() const { return queueing_sum_ps_; }
  double latency_fixed_sum_ps() const { return fixed_sum_ps_; }
  // Payload bytes delivered inside the measurement window.
  double window_bytes() const { return window_bytes_; }
  std::uint64_t window_packets() const { return window_packets_; }
  // Packets created inside the window, and those of them finished (delivered
  // or dropped): the rest are left out of the latency statistics.
  std::uint64_t window_created() const { return window_created_; }
  std::uint64_t window_created_finished() const { return window_created_finished_; }
  std::uint64_t hops() const { return hops_; }

  void add_violation(const std::string &message);
  // At the end of a drained run whose kernel has nothing left to do: every
  // packet still in flight is a violation, waiting at a port for credits
  // that never return (deadlock, `queued_at_ports` > 0) or nowhere (lost).
  void check_drained(std::uint64_t queued_at_ports);
  std::uint64_t violation_count() const { return violations_; }
  const std::vector<std::string> &violation_messages() const { return messages_; }
  // Optional hook for workloads that track messages (collectives).
  std::function<void(const packet &, time_ps)> on_delivery_hook;

private:
  bool finish(packet &pkt, const char *what);
  bool in_window(time_ps t) const { return t >= warmup_ps_ && t < window_end_ps_; }
  packet_pool &pool_;
  std::size_t endpoints_;
  time_ps warmup_ps_, window_end_ps_;
  bool allow_reordering_;
  traffic_counts counts_;
  latency_histogram latency_;
  double queueing_sum_ps_ = 0.0, fixed_sum_ps_ = 0.0;
  double window_bytes_ = 0.0;
  std::uint64_t window_packets_ = 0;
  std::uint64_t window_created_ = 0, window_created_finished_ = 0;
  std::uint64_t hops_ = 0;
  std::vector<bool> finished_;         // by packet id
  std::vector<std::int64_t> last_seq_; // by flow: last delivered sequence number
  std::uint64_t violations_ = 0;
  std::vector<std::string> messages_; // the first few, for the report
};

} // namespace fabricvp
