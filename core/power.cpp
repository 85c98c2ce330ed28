#include "core/power.h"

#include <algorithm>
#include <stdexcept>

namespace fabricvp {

power_model::power_model(std::string path, std::string power_class, std::vector<power_state> states,
                         double energy_per_bit_j, const std::string &initial_state)
    : class_(power_class), states_(std::move(states)), e_bit_(energy_per_bit_j),
      track_(path + ".power_w", signal_track::kind::real, "W", power_class) {
  state_ = find_state(initial_state);
  track_.set_initial(states_[state_].static_w);
  history_.push_back({0, states_[state_].static_w});
}

std::size_t power_model::find_state(const std::string &name) const {
  for (std::size_t i = 0; i < states_.size(); ++i)
    if (states_[i].name == name)
      return i;
  throw std::logic_error("power state '" + name + "' not declared on " + track_.path());
}

void power_model::set_state(time_ps t, const std::string &state) {
  if (t < state_since_)
    throw std::logic_error("power state change in the past on " + track_.path());
  std::size_t next = find_state(state);
  static_j_before_ += states_[state_].static_w * static_cast<double>(t - state_since_) * 1e-12;
  track_.post(t, states_[next].static_w - states_[state_].static_w);
  history_.push_back({t, states_[next].static_w});
  state_ = next;
  state_since_ = t;
}

void power_model::add_bits(time_ps t_start, time_ps t_end, double bits) {
  const double joules = e_bit_ * bits;
  dynamic_j_ += joules;
  bits_ += bits;
  if (bins_)
    bins_->add(t_start, t_end, joules);
  if (track_.recording() && t_end > t_start) {
    const double watts = joules / (static_cast<double>(t_end - t_start) * 1e-12);
    track_.post(t_start, watts);
    track_.post(t_end, -watts);
  }
}

void power_model::add_event_energy(time_ps t, double joules) {
  dynamic_j_ += joules;
  if (bins_)
    bins_->add(t, t, joules);
  (void)t; // an instantaneous event has no duration to draw on the power track
}

double power_model::static_energy_j(time_ps now) const {
  return static_j_before_ +
         states_[state_].static_w * static_cast<double>(now - state_since_) * 1e-12;
}

double power_model::energy_j(time_ps now) const {
  return static_energy_j(now) + dynamic_energy_j();
}

} // namespace fabricvp

namespace fabricvp {

void interval_bins::add_slow(time_ps start, time_ps end, double total) {
  const std::size_t first = static_cast<std::size_t>(start / interval_ps);
  if (end <= start || end / interval_ps == first || (end - 1) / interval_ps == first) {
    if (amount.size() <= first)
      amount.resize(first + 1, 0.0);
    amount[first] += total;
    cached_index_ = first;
    cached_start_ = first * interval_ps;
    cached_end_ = cached_start_ + interval_ps;
    return;
  }
  add_rate(start, end, total / (static_cast<double>(end - start) * 1e-12));
}

void interval_bins::add_rate(time_ps start, time_ps end, double per_second) {
  time_ps t = start;
  while (t < end) {
    const std::size_t k = static_cast<std::size_t>(t / interval_ps);
    const time_ps bin_end = std::min<time_ps>(end, (k + 1) * interval_ps);
    if (amount.size() <= k)
      amount.resize(k + 1, 0.0);
    amount[k] += per_second * static_cast<double>(bin_end - t) * 1e-12;
    t = bin_end;
  }
}

void bit_source::bin(time_ps interval_ps) {
  if (bins_)
    return;
  bins_ = std::make_unique<interval_bins>();
  bins_->interval_ps = interval_ps;
}

void power_model::bin_into(interval_bins *bins) {
  bins_ = bins;
  for (bit_source *s : sources_)
    s->bin(bins->interval_ps);
}

void power_model::finish_bins(time_ps end) const {
  if (!bins_)
    return;
  for (std::size_t i = 0; i < history_.size(); ++i) {
    const time_ps from = history_[i].t;
    const time_ps to = i + 1 < history_.size() ? history_[i + 1].t : end;
    if (to > from && history_[i].static_w != 0.0)
      bins_->add_rate(from, std::min(to, end), history_[i].static_w);
  }
  for (const bit_source *s : sources_) {
    const interval_bins *b = s->bins();
    if (!b)
      continue;
    if (bins_->amount.size() < b->amount.size())
      bins_->amount.resize(b->amount.size(), 0.0);
    for (std::size_t k = 0; k < b->amount.size(); ++k)
      bins_->amount[k] += e_bit_ * b->amount[k];
  }
}

} // namespace fabricvp
