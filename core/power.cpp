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

void power_model::set_energy_per_bit(double e_bit_j) {
  if (source_bits() > 0.0)
    throw std::logic_error("energy per bit changed after bits were counted on " + track_.path());
  e_bit_ = e_bit_j;
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

double &interval_bins::at(std::size_t k) {
  if (amount_.size() <= k)
    amount_.resize(k + 1, 0.0);
  return amount_[k];
}

void interval_bins::close_open() {
  if (open_amount_ != 0.0) {
    at(open_index_) += open_amount_;
    open_amount_ = 0.0;
  }
}

void interval_bins::add_slow(time_ps start, time_ps end, double total) {
  const std::size_t first = static_cast<std::size_t>(start / interval_ps_);
  if (end <= start || end / interval_ps_ == first || (end - 1) / interval_ps_ == first) {
    close_open();
    at(first); // the interval exists from now on, even if nothing else lands in it
    open_index_ = first;
    open_start_ = first * interval_ps_;
    open_end_ = open_start_ + interval_ps_;
    open_amount_ = total;
    return;
  }
  add_rate(start, end, total / (static_cast<double>(end - start) * 1e-12));
}

void interval_bins::add_rate(time_ps start, time_ps end, double per_second) {
  time_ps t = start;
  while (t < end) {
    const std::size_t k = static_cast<std::size_t>(t / interval_ps_);
    const time_ps bin_end = std::min<time_ps>(end, (k + 1) * interval_ps_);
    at(k) += per_second * static_cast<double>(bin_end - t) * 1e-12;
    t = bin_end;
  }
}

void power_model::bin_into(interval_bins *bins) {
  bins_ = bins;
  for (bit_source *s : sources_)
    s->bin(bins->interval_ps());
}

void power_model::finish_bins(time_ps end) {
  if (!bins_)
    return;
  for (std::size_t i = 0; i < history_.size(); ++i) {
    const time_ps from = history_[i].t;
    const time_ps to = i + 1 < history_.size() ? history_[i + 1].t : end;
    if (to > from && history_[i].static_w != 0.0)
      bins_->add_rate(from, std::min(to, end), history_[i].static_w);
  }
  for (bit_source *s : sources_) {
    if (!s->binned())
      continue;
    const std::vector<double> &bits = s->bits_per_interval();
    for (std::size_t k = 0; k < bits.size(); ++k)
      if (bits[k] != 0.0)
        bins_->add(k * bins_->interval_ps(), k * bins_->interval_ps(), e_bit_ * bits[k]);
  }
}

} // namespace fabricvp
