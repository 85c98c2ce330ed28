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
// Every class above, in the order tables and charts list them.
inline const std::vector<std::string> &all() {
  static const std::vector<std::string> classes = {serdes, retimer_dsp, optical_engine,
                                                   laser,  switch_core, accelerator_io};
  return classes;
}
} // namespace power_class

struct power_state {
  std::string name; // "off", "idle", "active", "low_power", ...
  double static_w = 0.0;
};

// An amount (joules, or bits) per fixed interval of simulated time, for the
// power log. Binning at the moment it is accounted costs O(1) per transfer
// and needs no ordered queue of changes; a transfer spanning intervals is
// spread over them in proportion to time. The interval most transfers fall
// in is kept open in the object itself (no vector access per transfer).
class interval_bins {
public:
  explicit interval_bins(time_ps interval_ps = 0) : interval_ps_(interval_ps) {}
  time_ps interval_ps() const { return interval_ps_; }
  void add(time_ps start, time_ps end, double total) {
    if (start >= open_start_ && start < open_end_ && end <= open_end_) {
      open_amount_ += total;
      return;
    }
    add_slow(start, end, total);
  }
  // Adds a constant rate (amount per second) over [start, end).
  void add_rate(time_ps start, time_ps end, double per_second);
  // Amount per interval: [k] covers [k, k+1) x interval.
  const std::vector<double> &amounts() {
    close_open();
    return amount_;
  }

private:
  void add_slow(time_ps start, time_ps end, double total);
  void close_open();
  double &at(std::size_t k);
  time_ps interval_ps_;
  time_ps open_start_ = 1, open_end_ = 0; // the open interval (none yet)
  std::size_t open_index_ = 0;
  double open_amount_ = 0.0; // not yet in amount_
  std::vector<double> amount_;
};

// Bits on the wire of one link direction. Every element that spends energy
// per bit on that direction (both SerDes, the sending node's core, optics)
// draws from it, so a transfer is counted once, here, whatever the number of
// elements: an element's dynamic energy is its e_bit x the bits of its
// sources (see power_model::draw_from).
class bit_source {
public:
  void add(time_ps start, time_ps end, double bits) {
    bits_ += bits;
    if (binned())
      bins_.add(start, end, bits);
  }
  double bits() const { return bits_; }
  // Keeps bits per interval from now on (power log); idempotent.
  void bin(time_ps interval_ps) {
    if (!binned())
      bins_ = interval_bins(interval_ps);
  }
  bool binned() const { return bins_.interval_ps() != 0; }
  const std::vector<double> &bits_per_interval() { return bins_.amounts(); }

private:
  double bits_ = 0.0;
  interval_bins bins_;
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
  // Counts the bits of `source` as moved by this element too (energy e_bit x
  // bits): links call the source once per transfer instead of every element.
  void draw_from(bit_source *source) {
    sources_.push_back(source);
    if (bins_)
      source->bin(bins_->interval_ps());
  }
  // Adds energy for one discrete event (a table lookup, a retry, ...).
  void add_event_energy(time_ps t, double joules);

  double energy_j(time_ps now) const; // static up to `now` + all dynamic so far
  double static_energy_j(time_ps now) const;
  double dynamic_energy_j() const { return dynamic_j_ + e_bit_ * source_bits(); }
  double static_power_w() const { return states_[state_].static_w; }
  double energy_per_bit_j() const { return e_bit_; }
  // Before any bit is counted (sources are valued at the current e_bit).
  void set_energy_per_bit(double e_bit_j);
  const std::string &state() const { return states_[state_].name; }
  const std::string &path() const { return track_.path(); }
  const std::string &power_class_name() const { return class_; }
  signal_track &track() { return track_; }
  double bits() const { return bits_ + source_bits(); }
  // Bins this element's energy per interval from now on (power log).
  void bin_into(interval_bins *bins);
  // Adds static energy over [0, end) and its sources' energy to the bins
  // (called once, at the end).
  void finish_bins(time_ps end);

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
  interval_bins *bins_ = nullptr;
  std::vector<bit_source *> sources_;
  double source_bits() const {
    double b = 0.0;
    for (const bit_source *s : sources_)
      b += s->bits();
    return b;
  }
};

} // namespace fabricvp
