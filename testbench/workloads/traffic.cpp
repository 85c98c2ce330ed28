#include "testbench/workloads/traffic.h"

#include <algorithm>
#include <cmath>

namespace fabricvp {

traffic_generator::traffic_generator(sc_core::sc_module_name name, platform &p, const param_set &w,
                                     std::uint64_t seed, packet_pool &pool, scoreboard &board)
    : sc_module(name), platform_(p), pool_(pool), board_(board), calendar_(p.calendar()) {
  const std::string pat = w.get_choice("pattern");
  pattern_ = pat == "uniform_random" ? pattern::uniform_random
             : pat == "permutation"  ? pattern::permutation
             : pat == "hotspot"      ? pattern::hotspot
             : pat == "incast"       ? pattern::incast
                                     : pattern::none;
  const std::string arr = w.get_choice("arrival");
  arrival_ = arr == "bernoulli" ? arrival::bernoulli
             : arr == "poisson" ? arrival::poisson
                                : arrival::on_off;
  load_ = w.get("load");
  const std::string dist = w.get_choice("size_distribution");
  size_dist_ = dist == "fixed"     ? size_distribution::fixed
               : dist == "uniform" ? size_distribution::uniform
                                   : size_distribution::bimodal;
  size_ = w.get("size");
  size_min_ = w.get("size_min");
  size_max_ = w.get("size_max");
  small_fraction_ = w.get("bimodal_small_fraction");
  hotspot_fraction_ = w.get("hotspot_fraction");
  hotspot_target_ = static_cast<std::uint32_t>(w.get_int("hotspot_target"));
  incast_target_ = static_cast<std::uint32_t>(w.get_int("incast_target"));
  burst_mean_ = w.get("burst_mean");
  inv_log_idle_ = load_ < 1.0 ? 1.0 / std::log1p(-load_) : 0.0;
  inv_log_burst_ = 1.0 / std::log1p(-1.0 / burst_mean_);
  traffic_class_ = static_cast<std::uint8_t>(w.get_int("traffic_class"));

  const std::size_t n = p.endpoints.size();
  next_seq_.assign(n * n, 0);
  sources_.resize(n);
  const double mean_size = size_dist_ == size_distribution::fixed ? size_
                           : size_dist_ == size_distribution::uniform
                               ? (size_min_ + size_max_) / 2.0
                               : small_fraction_ * size_min_ + (1.0 - small_fraction_) * size_;
  long active_sources = w.get_int("sources");
  if (active_sources == 0)
    active_sources = static_cast<long>(n);
  long incast_senders = w.get_int("incast_sources");
  for (std::size_t s = 0; s < n; ++s) {
    source_state &st = sources_[s];
    st.rng = random_stream(seed * 0x9E3779B97F4A7C15ULL + s * 0xBF58476D1CE4E5B9ULL + 1);
    double rate = 0.0, overhead = 0.0;
    accelerator_port &ep = *p.endpoints[s];
    for (int i = 0; i < ep.port_count(); ++i)
      if (ep.port_created(i) && ep.egress(i).connected()) {
        rate += ep.egress(i).timing().data_rate_bps;
        overhead = ep.egress(i).timing().overhead_bytes;
      }
    st.slot_s = rate > 0 ? (mean_size + overhead) * 8.0 / rate : 0.0;
    st.active = rate > 0 && load_ > 0 && static_cast<long>(s) < active_sources &&
                pattern_ != pattern::none && n > 1;
    if (pattern_ == pattern::incast) {
      st.active = st.active && s != incast_target_;
      if (incast_senders > 0) {
        const long rank = static_cast<long>(s) - (s > incast_target_ ? 1 : 0);
        st.active = st.active && rank < incast_senders;
      }
    }
  }
  // A fixed random derangement (nobody sends to itself) for `permutation`.
  permutation_.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    permutation_[i] = static_cast<std::uint32_t>(i);
  if (n > 1) {
    random_stream rng(seed ^ 0x5DEECE66DULL);
    do {
      for (std::size_t i = n - 1; i > 0; --i) // Fisher-Yates
        std::swap(permutation_[i], permutation_[rng.below(static_cast<std::uint32_t>(i + 1))]);
    } while ([&] {
      for (std::size_t i = 0; i < n; ++i)
        if (permutation_[i] == i)
          return true;
      return false;
    }());
  }
  for (std::size_t s = 0; s < n; ++s)
    if (sources_[s].active)
      queue_.push({next_interval_ps(sources_[s]), static_cast<std::uint32_t>(s)});
}

void traffic_generator::end_of_elaboration() {
  if (!queue_.empty())
    calendar_.schedule(queue_.top().t, *this);
}

double traffic_generator::mean_interval_s(std::uint32_t src) const {
  return sources_.at(src).slot_s / load_;
}

time_ps traffic_generator::next_interval_ps(source_state &s) {
  double seconds = 0.0;
  switch (arrival_) {
  case arrival::bernoulli: {
    // A packet in each slot with probability `load`: geometric slot count >= 1.
    if (load_ >= 1.0)
      seconds = s.slot_s;
    else
      seconds = s.slot_s * static_cast<double>(s.rng.geometric(inv_log_idle_) + 1);
    break;
  }
  case arrival::poisson: {
    seconds = s.rng.exponential(s.slot_s / load_);
    break;
  }
  case arrival::on_off: {
    if (s.burst_left > 0) {
      --s.burst_left;
      seconds = s.slot_s; // back to back inside a burst
    } else {
      // New burst of geometric length (mean burst_mean) after an exponential
      // off period sized so that the long-run load is `load`.
      s.burst_left = s.rng.geometric(inv_log_burst_);
      const double off_mean = burst_mean_ * s.slot_s * (1.0 - load_) / load_;
      seconds = s.slot_s;
      if (off_mean > 0)
        seconds += s.rng.exponential(off_mean);
    }
    break;
  }
  }
  return std::max<time_ps>(1, static_cast<time_ps>(seconds * 1e12 + 0.5));
}

std::uint32_t traffic_generator::pick_destination(std::uint32_t src, source_state &s) {
  const std::uint32_t n = static_cast<std::uint32_t>(sources_.size());
  auto uniform_other = [&] {
    const std::uint32_t v = s.rng.below(n - 1);
    return v >= src ? v + 1 : v;
  };
  switch (pattern_) {
  case pattern::permutation: return permutation_[src];
  case pattern::incast: return incast_target_;
  case pattern::hotspot: {
    if (src != hotspot_target_ && s.rng.uniform() < hotspot_fraction_)
      return hotspot_target_;
    return uniform_other();
  }
  default: return uniform_other();
  }
}

std::uint32_t traffic_generator::pick_size(source_state &s) {
  if (size_dist_ == size_distribution::uniform) {
    const auto lo = static_cast<std::uint32_t>(size_min_);
    return lo + s.rng.below(static_cast<std::uint32_t>(size_max_) - lo + 1);
  }
  if (size_dist_ == size_distribution::bimodal)
    return static_cast<std::uint32_t>(s.rng.uniform() < small_fraction_ ? size_min_ : size_);
  return static_cast<std::uint32_t>(size_);
}

void traffic_generator::emit(std::uint32_t src, time_ps now) {
  source_state &s = sources_[src];
  packet &pkt = pool_.acquire();
  pkt.id = next_id_++;
  pkt.src = src;
  pkt.dst = pick_destination(src, s);
  pkt.flow = src * static_cast<std::uint32_t>(sources_.size()) + pkt.dst;
  pkt.seq = next_seq_[pkt.flow]++;
  pkt.size_bytes = pick_size(s);
  pkt.traffic_class = traffic_class_;
  pkt.created_ps = now;
  board_.on_injected(pkt);
  platform_.endpoints[src]->inject(pkt);
}

void traffic_generator::on_calendar() {
  if (stopped_)
    return;
  const time_ps now = now_ps();
  while (!queue_.empty() && queue_.top().t <= now) {
    const std::uint32_t src = queue_.top().src;
    emit(src, now);
    queue_.replace_top({now + next_interval_ps(sources_[src]), src});
  }
  if (!queue_.empty())
    calendar_.schedule(queue_.top().t, *this);
}

} // namespace fabricvp
