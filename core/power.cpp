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

double power_model::energy_j(time_ps now) const { return static_energy_j(now) + dynamic_j_; }

} // namespace fabricvp

namespace fabricvp {

void energy_bins::add_slow(time_ps start, time_ps end, double joules_total) {
  const std::size_t first = static_cast<std::size_t>(start / interval_ps);
  if (end <= start || end / interval_ps == first || (end - 1) / interval_ps == first) {
    if (joules.size() <= first)
      joules.resize(first + 1, 0.0);
    joules[first] += joules_total;
    cached_index_ = first;
    cached_start_ = first * interval_ps;
    cached_end_ = cached_start_ + interval_ps;
    return;
  }
  add_power(start, end, joules_total / (static_cast<double>(end - start) * 1e-12));
}

void energy_bins::add_power(time_ps start, time_ps end, double watts) {
  time_ps t = start;
  while (t < end) {
    const std::size_t k = static_cast<std::size_t>(t / interval_ps);
    const time_ps bin_end = std::min<time_ps>(end, (k + 1) * interval_ps);
    if (joules.size() <= k)
      joules.resize(k + 1, 0.0);
    joules[k] += watts * static_cast<double>(bin_end - t) * 1e-12;
    t = bin_end;
  }
}

void power_model::bin_static(time_ps end) const {
  if (!bins_)
    return;
  for (std::size_t i = 0; i < history_.size(); ++i) {
    const time_ps from = history_[i].t;
    const time_ps to = i + 1 < history_.size() ? history_[i + 1].t : end;
    if (to > from && history_[i].static_w != 0.0)
      bins_->add_power(from, std::min(to, end), history_[i].static_w);
  }
}

} // namespace fabricvp
