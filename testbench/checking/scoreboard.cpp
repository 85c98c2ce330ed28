#include "testbench/checking/scoreboard.h"

namespace fabricvp {

scoreboard::scoreboard(packet_pool &pool, std::size_t endpoints, time_ps warmup_ps,
                       time_ps window_end_ps, bool allow_reordering)
    : pool_(pool), endpoints_(endpoints), warmup_ps_(warmup_ps), window_end_ps_(window_end_ps),
      allow_reordering_(allow_reordering), last_seq_(endpoints * endpoints, -1) {}

void scoreboard::add_violation(const std::string &message) {
  ++violations_;
  if (messages_.size() < 20)
    messages_.push_back(message);
}

void scoreboard::check_drained(std::uint64_t queued_at_ports) {
  if (in_flight() == 0)
    return;
  if (queued_at_ports > 0)
    add_violation("deadlock: " + std::to_string(queued_at_ports) +
                  " packets wait for credits that never return");
  else
    add_violation(std::to_string(in_flight()) +
                  " packets were neither delivered nor dropped: lost");
}

void scoreboard::on_injected(packet &pkt) {
  if (pkt.id != finished_.size())
    add_violation("packet ids are not sequential (" + std::to_string(pkt.id) + ")");
  finished_.push_back(false);
  window_created_ += in_window(pkt.created_ps);
  ++counts_.injected;
  counts_.bytes_injected += pkt.size_bytes;
}

bool scoreboard::finish(packet &pkt, const char *what) {
  if (pkt.id >= finished_.size()) {
    add_violation(std::string(what) + " of a packet that was never injected (id " +
                  std::to_string(pkt.id) + ")");
    return false;
  }
  if (finished_[pkt.id]) {
    add_violation(std::string(what) + " of packet " + std::to_string(pkt.id) + " (flow " +
                  std::to_string(pkt.flow) + ", seq " + std::to_string(pkt.seq) +
                  ") that was already delivered or dropped: duplicate");
    return false;
  }
  finished_[pkt.id] = true;
  window_created_finished_ += in_window(pkt.created_ps);
  return true;
}

void scoreboard::on_delivered(packet &pkt, time_ps at) {
  if (!finish(pkt, "delivery"))
    return; // a duplicate: the object belongs to its first fate
  ++counts_.delivered;
  counts_.bytes_delivered += pkt.size_bytes;
  hops_ += pkt.hops;
  if (pkt.flow >= last_seq_.size()) // flows beyond src x dst: collective channels
    last_seq_.resize(static_cast<std::size_t>(pkt.flow) + 1, -1);
  std::int64_t &last = last_seq_[static_cast<std::size_t>(pkt.flow)];
  if (static_cast<std::int64_t>(pkt.seq) <= last && !allow_reordering_)
    add_violation("flow " + std::to_string(pkt.flow) + " delivered seq " + std::to_string(pkt.seq) +
                  " after seq " + std::to_string(last) + ": out of order");
  last = std::max(last, static_cast<std::int64_t>(pkt.seq));
  if (in_window(pkt.created_ps)) {
    latency_.add(at - pkt.created_ps);
    queueing_sum_ps_ += static_cast<double>(pkt.queueing_ps);
    fixed_sum_ps_ += static_cast<double>(pkt.fixed_ps);
  }
  if (in_window(at)) {
    window_bytes_ += pkt.size_bytes;
    ++window_packets_;
  }
  if (on_delivery_hook)
    on_delivery_hook(pkt, at);
  pool_.release(pkt);
}

void scoreboard::on_dropped(packet &pkt, time_ps, const char *reason, const std::string &) {
  if (!finish(pkt, "drop"))
    return;
  ++counts_.dropped;
  ++counts_.drops_by_reason[reason];
  pool_.release(pkt);
}

} // namespace fabricvp
