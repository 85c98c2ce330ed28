// Piecewise-constant signals over simulated time (queue depth, credits, link
// busy, watts) and the ordered queue of their changes. Blocks post changes at
// the time they happen, which may lie in the future (a link knows when a
// packet it schedules now will finish); the timeline applies them in time
// order, keeps each signal's exact time integral (mean queue depth,
// utilisation, energy) and tells listeners (VCD writer, power log) what changed
// at each time step. Nothing scans signals that did not change.
// Leaves out: retracting a posted change (schedules here are final once made).
#pragma once

#include "core/min_heap.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace fabricvp {

using time_ps = std::uint64_t;

class timeline;

class signal_track {
public:
  enum class kind { integer, real };
  signal_track(std::string path, kind k, std::string unit_hint, std::string group)
      : path_(std::move(path)), kind_(k), unit_(std::move(unit_hint)), group_(std::move(group)) {}

  // Adds delta to the value from time t on (t >= now of the timeline).
  inline void post(time_ps t, double delta);
  bool recording() const { return owner_ != nullptr; }
  // Value before time 0 (only before the simulation starts).
  void set_initial(double v) { value_ = v; }

  const std::string &path() const { return path_; }
  kind type() const { return kind_; }
  const std::string &unit() const { return unit_; }
  const std::string &group() const { return group_; }
  double value() const { return value_; }
  // Integral of the value over [0, t] for t >= last applied change (value x ps).
  double integral_to(time_ps t) const {
    return integral_ + value_ * static_cast<double>(t - last_change_ps_);
  }

private:
  friend class timeline;
  void apply(time_ps t, double delta) {
    integral_ += value_ * static_cast<double>(t - last_change_ps_);
    last_change_ps_ = t;
    value_ += delta;
  }
  std::string path_;
  kind kind_;
  std::string unit_;
  std::string group_; // class for the power log / group for the .gtkw file
  double value_ = 0.0;
  double integral_ = 0.0;
  time_ps last_change_ps_ = 0;
  timeline *owner_ = nullptr;

  // The latest posted change, held back so that changes at the same time
  // merge (a link busy until t and busy again from t posts nothing).
  bool has_pending_ = false;
  time_ps pending_t_ = 0;
  double pending_delta_ = 0.0;

public:
  int listener_index = -1; // slot used by the VCD writer
  bool dirty = false;
  double initial_value = 0.0;
};

// Receives one call per simulated time step that had changes.
class timeline_listener {
public:
  virtual ~timeline_listener() = default;
  virtual void on_start(const std::vector<signal_track *> &recorded) = 0;
  virtual void on_step(time_ps t, const std::vector<signal_track *> &changed) = 0;
  virtual void on_finish(time_ps end) = 0;
};

class timeline {
public:
  // Decides which signals are recorded (posting to others costs nothing).
  void record(signal_track &s);
  void add_listener(timeline_listener *l) { listeners_.push_back(l); }

  void start();
  // Applies every change with time < limit (those can no longer be joined by
  // new ones, since posts are never in the past).
  void apply_before(time_ps limit);
  void finish(time_ps end);

  // A post to a recorded signal: merged into its pending change when at the
  // same time (inline), else the pending change is placed in the queue.
  inline void push(time_ps t, signal_track *s, double delta);
  std::function<time_ps()> now_hint_; // current simulation time, for periodic flush
  std::size_t recorded_count() const { return recorded_.size(); }

private:
  // Pending changes live in a calendar queue: a ring of buckets of
  // bucket_ps each (sorted only when their time comes), and a heap for the
  // rare change beyond the ring's horizon. Most changes fall a few
  // nanoseconds to microseconds ahead, where a bucket is cheap. Changes at
  // one time apply in the order they were placed: a bucket receives its
  // changes from the far heap (in time, placement order) as soon as the
  // horizon reaches it, before any direct placement, so sorting a bucket
  // stably by time alone gives that order.
  struct change {
    time_ps t;
    signal_track *s;
    double delta;
  };
  struct far_change {
    change c;
    std::uint64_t seq; // placement order
  };
  struct far_earlier {
    bool operator()(const far_change &a, const far_change &b) const {
      return a.c.t != b.c.t ? a.c.t < b.c.t : a.seq < b.seq;
    }
  };
  // 1 ns buckets and a horizon of a few microseconds keep the ring and the
  // tails of the buckets posts go to small enough to stay in cache.
  static constexpr time_ps bucket_ps = 1024;
  static constexpr std::size_t ring_size = 4096; // horizon: 4.2 us
  void place(const change &c);
  void repend(time_ps t, signal_track *s, double delta);
  void periodic_apply();
  void admit_far(); // moves far changes the horizon now reaches into the ring
  void flush_pending();
  static void sort_by_time(std::vector<change> &bucket);
  std::vector<signal_track *> pending_;
  void process_sorted(const std::vector<change> &bucket);
  std::vector<std::vector<change>> ring_ = std::vector<std::vector<change>>(ring_size);
  std::uint64_t base_bucket_ = 0; // earliest bucket not yet fully applied
  std::size_t in_ring_ = 0;
  min_heap<far_change, far_earlier> far_;
  std::uint64_t far_seq_ = 0;
  std::size_t posted_since_apply_ = 0;
  std::vector<signal_track *> recorded_;
  std::vector<signal_track *> changed_;
  std::vector<timeline_listener *> listeners_;
};

inline void signal_track::post(time_ps t, double delta) {
  if (__builtin_expect(owner_ != nullptr, 0))
    owner_->push(t, this, delta);
}

inline void timeline::push(time_ps t, signal_track *s, double delta) {
  if (s->has_pending_ && s->pending_t_ == t) {
    s->pending_delta_ += delta;
    return;
  }
  repend(t, s, delta);
  if (__builtin_expect(++posted_since_apply_ >= 4096, 0))
    periodic_apply();
}

} // namespace fabricvp
