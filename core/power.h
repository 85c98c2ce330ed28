// Power of one element: named power states with static watts, plus dynamic
// energy per bit while it moves data. Energy is integrated exactly over
// piecewise-constant power between events (no per-cycle accounting):
//   E = sum over states of P_state * time_in_state + e_bit * bits.
// The same changes are posted to a signal_track so the VCD and the power log
// show watts over time, and their integral equals energy() (a tested law).
// Leaves out: temperature dependence of leakage, voltage/frequency scaling.
#pragma once

#include "core/timeline.h"

#include <string>
#include <vector>

namespace fabricvp {

// Power classes every report breaks totals into (extend as needed).
namespace power_class {
constexpr const char *serdes = "serdes";
constexpr const char *retimer_dsp = "retimer_dsp";
constexpr const char *optical_engine = "optical_engine";
constexpr const char *laser = "laser";
constexpr const char *switch_core = "switch_core";
constexpr const char *accelerator_io = "accelerator_io";
} // namespace power_class

struct power_state {
  std::string name; // "off", "idle", "active", "low_power", ...
  double static_w = 0.0;
};

// Energy per fixed interval of simulated time, for the power log. Binning
// at the moment energy is accounted costs O(1) per transfer and needs no
// ordered queue of changes.
struct energy_bins {
  time_ps interval_ps = 0;
  std::vector<double> joules; // joules[k]: energy in [k, k+1) x interval
  // Most transfers fall inside the bin the last one used: no division then.
  void add(time_ps start, time_ps end, double joules_total) {
    if (start >= cached_start_ && end <= cached_end_ && cached_index_ < joules.size()) {
      joules[cached_index_] += joules_total;
      return;
    }
    add_slow(start, end, joules_total);
  }
  void add_slow(time_ps start, time_ps end, double joules_total);
  void add_power(time_ps start, time_ps end, double watts);

private:
  time_ps cached_start_ = 1, cached_end_ = 0;
  std::size_t cached_index_ = 0;
};

class power_model {
public:
  power_model(std::string path, std::string power_class, std::vector<power_state> states,
              double energy_per_bit_j, const std::string &initial_state);

  // Switches state at time t (t must not precede the last state change).
  void set_state(time_ps t, const std::string &state);
  // Accounts `bits` moved during [t_start, t_end): dynamic energy, and on the
  // power track a rectangle of height e_bit * bits / duration.
  void add_bits(time_ps t_start, time_ps t_end, double bits);
  // Adds energy for one discrete event (a table lookup, a retry, ...).
  void add_event_energy(time_ps t, double joules);

  double energy_j(time_ps now) const; // static up to `now` + all dynamic so far
  double static_energy_j(time_ps now) const;
  double dynamic_energy_j() const { return dynamic_j_; }
  double static_power_w() const { return states_[state_].static_w; }
  double energy_per_bit_j() const { return e_bit_; }
  void set_energy_per_bit(double e_bit_j) { e_bit_ = e_bit_j; }
  const std::string &state() const { return states_[state_].name; }
  const std::string &path() const { return track_.path(); }
  const std::string &power_class_name() const { return class_; }
  signal_track &track() { return track_; }
  double bits() const { return bits_; }
  // Bins this element's energy per interval from now on (power log).
  void bin_into(energy_bins *bins) { bins_ = bins; }
  // Adds static energy over [0, end) to the bins (called once, at the end).
  void bin_static(time_ps end) const;

private:
  std::size_t find_state(const std::string &name) const;
  std::string class_;
  std::vector<power_state> states_;
  std::size_t state_ = 0;
  double e_bit_;
  time_ps state_since_ = 0;
  double static_j_before_ = 0.0; // static energy of completed state intervals
  double dynamic_j_ = 0.0;
  double bits_ = 0.0;
  signal_track track_;
  struct state_change {
    time_ps t;
    double static_w;
  };
  std::vector<state_change> history_; // static power from each time on
  energy_bins *bins_ = nullptr;
};

} // namespace fabricvp
