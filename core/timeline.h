// Piecewise-constant signals over simulated time (queue depth, credits, link
// busy, watts). Blocks post changes at the time they happen, which may lie in
// the future (a link knows when a packet it schedules now will finish). The
// timeline merges changes to one signal at one time, collects them in batches
// and hands each batch to a change_applier, which applies them in time order,
// keeps each signal's exact time integral (mean queue depth, utilisation,
// energy) and tells listeners (VCD writer) what changed at each time step.
// Nothing scans signals that did not change.
//
// The applier runs inline, or on a worker thread (set_worker_thread): then
// ordering, formatting and writing the VCD overlap the simulation on a
// second core, and the simulation only appends to a batch. Both give the
// same steps in the same order (batches are cut at the same posts).
// Leaves out: retracting a posted change (schedules here are final once made).
#pragma once

#include "core/change_applier.h"

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace fabricvp {

class timeline;

class signal_track {
public:
  enum class kind { integer, real };
  signal_track(std::string path, kind k, std::string unit_hint, std::string group)
      : path_(std::move(path)), kind_(k), unit_(std::move(unit_hint)), group_(std::move(group)) {}

  // Adds delta to the value from time t on (t >= now of the timeline).
  inline void post(time_ps t, double delta);
  bool recording() const { return owner_ != nullptr; }
  timeline *recorder() const { return owner_; }
  // Value before time 0 (only before the simulation starts).
  void set_initial(double v) { initial_ = v; }

  const std::string &path() const { return path_; }
  kind type() const { return kind_; }
  const std::string &unit() const { return unit_; }
  const std::string &group() const { return group_; }
  // The applied value and its integral over [0, t] (value x ps) for t >= the
  // last applied change: read them once the timeline has finished (or, with
  // no worker thread, between its batches). An unrecorded signal keeps its
  // initial value.
  double value() const;
  double integral_to(time_ps t) const;

private:
  friend class timeline;
  std::string path_;
  kind kind_;
  std::string unit_;
  std::string group_;
  double initial_ = 0.0;
  timeline *owner_ = nullptr;
  std::uint32_t index_ = 0; // index in the timeline's recorded signals

  // The latest posted change, held back so that changes at the same time
  // merge (a link busy until t and busy again from t posts nothing).
  bool has_pending_ = false;
  time_ps pending_t_ = 0;
  double pending_delta_ = 0.0;
};

class timeline {
public:
  timeline();
  ~timeline();
  timeline(const timeline &) = delete;
  timeline &operator=(const timeline &) = delete;

  // Decides which signals are recorded (posting to others costs nothing).
  void record(signal_track &s);
  // Makes `group` a recorded stand-in for several recorded signals: posting
  // delta to it posts coefficient x delta to each member (one post where a
  // transfer changes several tracks in proportion, e.g. the power of every
  // element on a link). The group itself is not shown to listeners.
  void record_group(signal_track &group,
                    const std::vector<std::pair<signal_track *, double>> &members);
  void add_listener(timeline_listener *l) { applier_.add_listener(l); }
  // Applies changes and feeds listeners on a worker thread (call before start).
  void set_worker_thread(bool on) { use_worker_ = on; }
  bool worker_thread() const { return use_worker_; }

  void start();
  // Applies everything up to and including `end`, tells listeners, and
  // rethrows an error a listener raised on the worker thread.
  void finish(time_ps end);

  // A post to a recorded signal: merged into its pending change when at the
  // same time (inline), else the pending change goes into the batch.
  inline void push(time_ps t, signal_track *s, double delta);
  std::function<time_ps()> now_hint_; // current simulation time, cut with each batch
  double value(std::uint32_t index) const { return applier_.value(index); }
  double integral_to(std::uint32_t index, time_ps t) const {
    return applier_.integral_to(index, t);
  }

private:
  // Changes handed over at a time: big enough to amortise the handover,
  // small enough to stay in cache (24 bytes each).
  static constexpr std::size_t batch_changes = 8192;
  void repend(time_ps t, signal_track *s, double delta);
  void hand_over();
  void apply_inline(const std::function<void()> &then); // takes the batch, then `then`
  void flush_pending();
  std::vector<signal_change> batch_;
  std::vector<signal_track *> pending_;
  std::vector<signal_track *> recorded_;
  change_applier applier_;
  bool use_worker_ = false;
  bool started_ = false;
  std::exception_ptr error_; // the first listener error, inline
  class worker;
  std::unique_ptr<worker> worker_;
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
}

} // namespace fabricvp
