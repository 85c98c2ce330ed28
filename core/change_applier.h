// The ordering half of the timeline: takes recorded signals' changes in the
// order blocks posted them (each at a time >= the simulation's time then),
// applies them in time order to each signal's value and exact time integral,
// and tells listeners (VCD writer) which signals changed at each time step.
// It runs either inline or on the timeline's worker thread; it touches
// nothing the simulation touches (signals are indexes into its own state).
// Leaves out: retracting a posted change (schedules here are final once made).
#pragma once

#include "core/min_heap.h"

#include <cstdint>
#include <vector>

namespace fabricvp {

using time_ps = std::uint64_t;

class signal_track;

// A change posted to recorded signal `index`: add `delta` from time t on.
struct signal_change {
  time_ps t;
  std::uint32_t index;
  double delta;
};

// A signal's value after a time step that changed it.
struct step_value {
  std::uint32_t index;
  double value;
};

// Receives one call per simulated time step that had changes.
class timeline_listener {
public:
  virtual ~timeline_listener() = default;
  // recorded[i] describes signal index i.
  virtual void on_start(const std::vector<signal_track *> &recorded) = 0;
  virtual void on_step(time_ps t, const std::vector<step_value> &changed) = 0;
  virtual void on_finish(time_ps end) = 0;
};

class change_applier {
public:
  // Indexes with this bit set name a group: a change of the group is a
  // change of each member by coefficient x delta (expanded when taken).
  static constexpr std::uint32_t group_bit = 0x80000000u;
  struct group_member {
    std::uint32_t index;
    double coefficient;
  };

  std::uint32_t add_signal(); // its initial value is set by set_initial
  std::uint32_t add_group(std::vector<group_member> members);
  void set_initial(std::uint32_t index, double value) { state_[index].value = value; }
  void add_listener(timeline_listener *l) { listeners_.push_back(l); }
  void start(const std::vector<signal_track *> &recorded);

  // Takes changes in posting order (changes at one time keep that order).
  void take(const signal_change *changes, std::size_t count);
  // Applies every change with time < limit (no later post can precede them).
  void apply_before(time_ps limit);
  // Applies everything (changes at exactly `end` included) and tells listeners.
  void finish(time_ps end);

  double value(std::uint32_t index) const { return state_[index].value; }
  double integral_to(std::uint32_t index, time_ps t) const {
    const state &s = state_[index];
    return s.integral + s.value * static_cast<double>(t - s.last_change_ps);
  }

private:
  // Pending changes live in a calendar queue: a ring of buckets of bucket_ps
  // each (sorted only when their time comes), and a heap for the rare change
  // beyond the ring's horizon. Changes at one time apply in the order they
  // were placed: a bucket receives its changes from the far heap (in time,
  // placement order) as soon as the horizon reaches it, before any direct
  // placement, so sorting a bucket stably by time alone gives that order.
  struct far_change {
    signal_change c;
    std::uint64_t seq; // placement order
  };
  struct far_earlier {
    bool operator()(const far_change &a, const far_change &b) const {
      return a.c.t != b.c.t ? a.c.t < b.c.t : a.seq < b.seq;
    }
  };
  struct state {
    double value = 0.0;
    double integral = 0.0; // value x ps up to last_change_ps
    time_ps last_change_ps = 0;
    bool dirty = false; // changed in the step being applied
  };
  // 1 ns buckets and a horizon of a few microseconds keep the ring and the
  // tails of the buckets posts go to small enough to stay in cache.
  static constexpr time_ps bucket_ps = 1024;
  static constexpr std::size_t ring_size = 4096; // horizon: 4.2 us
  void place(const signal_change &c);
  void admit_far(); // moves far changes the horizon now reaches into the ring
  static void sort_by_time(std::vector<signal_change> &bucket);
  void process_sorted(const std::vector<signal_change> &bucket);

  std::vector<state> state_;
  std::vector<std::vector<group_member>> groups_;
  std::vector<std::vector<signal_change>> ring_ =
      std::vector<std::vector<signal_change>>(ring_size);
  std::uint64_t base_bucket_ = 0; // earliest bucket not yet fully applied
  std::size_t in_ring_ = 0;
  min_heap<far_change, far_earlier> far_;
  std::uint64_t far_seq_ = 0;
  std::vector<std::uint32_t> changed_;
  std::vector<step_value> step_;
  std::vector<timeline_listener *> listeners_;
};

} // namespace fabricvp
