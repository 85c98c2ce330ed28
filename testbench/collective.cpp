#include "testbench/collective.h"

#include <algorithm>
#include <cmath>

namespace fabricvp {

bool collective_engine::is_collective(const std::string &pattern) {
  return pattern == "all_reduce_ring" || pattern == "all_gather_ring" ||
         pattern == "reduce_scatter_ring";
}

collective_engine::collective_engine(platform &p, const param_set &w, packet_pool &pool,
                                     scoreboard &board)
    : platform_(p), pool_(pool), board_(board), calendar_(p.calendar()) {
  const std::string pat = w.get_choice("pattern");
  kind_ = pat == "all_reduce_ring"   ? algorithm::all_reduce_ring
          : pat == "all_gather_ring" ? algorithm::all_gather_ring
                                     : algorithm::reduce_scatter_ring;
  endpoints_ = static_cast<std::uint32_t>(p.endpoints.size());
  const long ranks = w.get_int("ranks");
  n_ = ranks == 0 ? endpoints_ : static_cast<std::uint32_t>(std::min<long>(ranks, endpoints_));
  steps_ = n_ < 2 ? 0 : (kind_ == algorithm::all_reduce_ring ? 2 * (n_ - 1) : n_ - 1);
  message_bytes_ = std::floor(w.get("message_size"));
  mtu_ = std::max<std::uint32_t>(1, static_cast<std::uint32_t>(w.get("size")));
  gap_ps_ = seconds_to_ps(w.get("compute_gap"));
  if (n_ >= 2) {
    chunk_bytes_ = static_cast<std::uint32_t>(
        std::max(1.0, std::ceil(message_bytes_ / static_cast<double>(n_))));
    packets_per_chunk_ = (chunk_bytes_ + mtu_ - 1) / mtu_;
  }
  ranks_.resize(n_);
  for (auto &r : ranks_)
    r.received.assign(steps_, 0);
  next_seq_.assign(static_cast<std::size_t>(endpoints_) * endpoints_, 0);
  board_.on_delivery_hook = [this](const packet &pkt, time_ps at) { on_delivery(pkt, at); };
  if (steps_ == 0) {
    ranks_done_ = n_; // nothing to exchange
    return;
  }
  for (std::uint32_t r = 0; r < n_; ++r)
    queue_.push({0, r});
  calendar_.schedule(0, *this, nullptr);
}

collective_engine::~collective_engine() { board_.on_delivery_hook = nullptr; }

std::string collective_engine::algorithm_name() const {
  switch (kind_) {
  case algorithm::all_reduce_ring: return "all_reduce_ring";
  case algorithm::all_gather_ring: return "all_gather_ring";
  default: return "reduce_scatter_ring";
  }
}

double collective_engine::bus_factor() const {
  if (n_ < 2)
    return 0.0;
  const double f = static_cast<double>(n_ - 1) / n_;
  return kind_ == algorithm::all_reduce_ring ? 2.0 * f : f;
}

// Reduce-scatter steps combine the received chunk with the local one.
bool collective_engine::reduces(std::uint32_t step) const {
  switch (kind_) {
  case algorithm::all_reduce_ring: return step < n_ - 1;
  case algorithm::reduce_scatter_ring: return true;
  default: return false;
  }
}

void collective_engine::wake_at(time_ps t, std::uint32_t rank) {
  // One calendar entry per wake-up (a few per rank and step): an entry may
  // find its rank already served by an earlier entry for the same time.
  queue_.push({t, rank});
  calendar_.schedule(t, *this, nullptr);
}

void collective_engine::send_step(std::uint32_t rank, std::uint32_t step) {
  const std::uint32_t dst = (rank + 1) % n_;
  const std::uint32_t flow = rank * endpoints_ + dst;
  std::uint32_t left = chunk_bytes_;
  for (std::uint32_t k = 0; k < packets_per_chunk_; ++k) {
    const std::uint32_t size = std::min(left, mtu_);
    left -= size;
    packet &pkt = pool_.acquire();
    pkt.id = board_.counts().injected; // sequential, shared with the scoreboard's count
    pkt.src = rank;
    pkt.dst = dst;
    pkt.flow = flow;
    pkt.seq = next_seq_[flow]++;
    pkt.size_bytes = size;
    pkt.traffic_class = 0;
    pkt.hops = 0;
    pkt.created_ps = now_ps();
    pkt.tag = step + 1; // 0 means "not a collective packet"
    board_.on_injected(pkt);
    platform_.endpoints[rank]->inject(pkt);
  }
}

void collective_engine::on_calendar(packet *) {
  const time_ps now = now_ps();
  while (!queue_.empty() && queue_.top().t <= now) {
    const std::uint32_t rank = queue_.top().rank;
    queue_.pop();
    send_step(rank, ranks_[rank].step);
  }
}

void collective_engine::on_delivery(const packet &pkt, time_ps at) {
  if (pkt.tag == 0 || pkt.dst >= n_)
    return;
  const std::uint32_t step = static_cast<std::uint32_t>(pkt.tag - 1);
  rank_state &r = ranks_[pkt.dst];
  if (step >= steps_ || pkt.src != (pkt.dst + n_ - 1) % n_ || step != r.step) {
    board_.add_violation("collective: rank " + std::to_string(pkt.dst) + " got a packet of step " +
                         std::to_string(step) + " from endpoint " + std::to_string(pkt.src) +
                         " while in step " + std::to_string(r.step));
    return;
  }
  if (++r.received[step] < packets_per_chunk_)
    return;
  const time_ps done = at + (reduces(step) ? gap_ps_ : 0);
  ++r.step;
  if (r.step == steps_) {
    ++ranks_done_;
    finish_ps_ = std::max(finish_ps_, done);
    return;
  }
  wake_at(done, pkt.dst);
}

nlohmann::json collective_engine::report() const {
  const double t = static_cast<double>(finish_ps_) * 1e-12;
  const double algbw = t > 0 ? message_bytes_ * 8.0 / t / 1e9 : 0.0;
  return {{"algorithm", algorithm_name()},
          {"ranks", n_},
          {"message_bytes", message_bytes_},
          {"chunk_bytes", chunk_bytes_},
          {"packets_per_chunk", packets_per_chunk_},
          {"steps", steps_},
          {"complete", complete()},
          {"time_s", t},
          {"algbw_gbps", algbw},
          {"busbw_gbps", algbw * bus_factor()}};
}

} // namespace fabricvp
