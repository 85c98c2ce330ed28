#include "core/timeline.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace fabricvp {

// A group (record_group) has no value of its own: its members do.
double signal_track::value() const {
  return owner_ && !(index_ & change_applier::group_bit) ? owner_->value(index_) : initial_;
}

double signal_track::integral_to(time_ps t) const {
  return owner_ && !(index_ & change_applier::group_bit) ? owner_->integral_to(index_, t)
                                                         : initial_ * static_cast<double>(t);
}

// The applier on its own thread: batches go through a short queue (the
// simulation waits when the worker is that far behind, which bounds memory),
// and emptied batch buffers come back for reuse. The first error a listener
// raises stops the worker's work and is rethrown on the simulation's thread.
class timeline::worker {
public:
  explicit worker(change_applier &applier) : applier_(applier), thread_([this] { run(); }) {}
  // Without finish() (the run was abandoned): queued batches are dropped,
  // since the listeners they would reach may be gone already.
  ~worker() { close(true); }

  // Queues a batch and returns an empty buffer to fill next.
  std::vector<signal_change> hand_over(std::vector<signal_change> &&changes, time_ps limit) {
    std::unique_lock<std::mutex> lock(mutex_);
    space_.wait(lock, [this] { return jobs_.size() < max_jobs || error_; });
    if (error_)
      std::rethrow_exception(error_);
    jobs_.push_back({std::move(changes), limit});
    std::vector<signal_change> next;
    if (!spare_.empty()) {
      next = std::move(spare_.back());
      spare_.pop_back();
    }
    lock.unlock();
    work_.notify_one();
    return next;
  }

  // Waits for every queued batch (or drops them: `abandon`), ends the thread.
  void close(bool abandon = false) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closing_ = true;
      abandon_ = abandon_ || abandon;
    }
    work_.notify_one();
    if (thread_.joinable())
      thread_.join();
  }
  void rethrow() const {
    if (error_)
      std::rethrow_exception(error_);
  }

private:
  static constexpr std::size_t max_jobs = 4;
  struct job {
    std::vector<signal_change> changes;
    time_ps limit;
  };
  void run() {
    for (;;) {
      job j;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        work_.wait(lock, [this] { return !jobs_.empty() || closing_; });
        if (jobs_.empty() || abandon_)
          return;
        j = std::move(jobs_.front());
        jobs_.pop_front();
      }
      space_.notify_one();
      if (!failed_) {
        try {
          applier_.take(j.changes.data(), j.changes.size());
          applier_.apply_before(j.limit);
        } catch (...) {
          failed_ = true;
          std::lock_guard<std::mutex> lock(mutex_);
          error_ = std::current_exception();
          space_.notify_all();
        }
      }
      j.changes.clear();
      std::lock_guard<std::mutex> lock(mutex_);
      spare_.push_back(std::move(j.changes));
    }
  }
  change_applier &applier_;
  std::mutex mutex_;
  std::condition_variable work_, space_;
  std::deque<job> jobs_;
  std::vector<std::vector<signal_change>> spare_;
  bool closing_ = false;
  bool abandon_ = false;
  bool failed_ = false; // touched by the worker only
  std::exception_ptr error_;
  std::thread thread_; // last: starts once the members above exist
};

timeline::timeline() { batch_.reserve(batch_changes); }

timeline::~timeline() = default; // a running worker is closed (and joined) here

void timeline::record(signal_track &s) {
  if (s.owner_)
    return;
  s.owner_ = this;
  s.index_ = applier_.add_signal();
  recorded_.push_back(&s);
}

void timeline::record_group(signal_track &group,
                            const std::vector<std::pair<signal_track *, double>> &members) {
  if (worker_)
    throw std::logic_error("timeline: a group recorded after changes were handed over");
  std::vector<change_applier::group_member> expanded;
  for (const auto &[s, coefficient] : members) {
    record(*s);
    if (coefficient != 0.0) // a member that never changes costs nothing
      expanded.push_back({s->index_, coefficient});
  }
  group.owner_ = this;
  group.index_ = applier_.add_group(std::move(expanded));
}

void timeline::start() {
  for (auto *s : recorded_)
    applier_.set_initial(s->index_, s->initial_);
  applier_.start(recorded_);
  started_ = true; // the worker starts with the first batch (groups may still be added)
}

void timeline::repend(time_ps t, signal_track *s, double delta) {
  if (s->has_pending_) {
    if (s->pending_delta_ != 0.0)
      batch_.push_back({s->pending_t_, s->index_, s->pending_delta_});
  } else {
    s->has_pending_ = true;
    pending_.push_back(s);
  }
  s->pending_t_ = t;
  s->pending_delta_ = delta;
  if (__builtin_expect(batch_.size() >= batch_changes, 0))
    hand_over();
}

void timeline::flush_pending() {
  for (signal_track *s : pending_) {
    if (s->pending_delta_ != 0.0)
      batch_.push_back({s->pending_t_, s->index_, s->pending_delta_});
    s->has_pending_ = false;
  }
  pending_.clear();
}

void timeline::hand_over() {
  // Every change before `limit` is now in the batch: posts are never in the past.
  flush_pending();
  if (error_)
    std::rethrow_exception(error_);
  const time_ps limit = now_hint_ ? now_hint_() : 0;
  if (use_worker_ && started_ && !worker_)
    worker_ = std::make_unique<worker>(applier_);
  if (worker_) {
    batch_ = worker_->hand_over(std::move(batch_), limit);
    batch_.reserve(batch_changes);
    return;
  }
  apply_inline([&] { applier_.apply_before(limit); });
}

void timeline::apply_inline(const std::function<void()> &then) {
  // The batch is taken once, and the first listener error is kept (the
  // applier is left half way through a bucket): later calls rethrow it.
  try {
    applier_.take(batch_.data(), batch_.size());
    batch_.clear();
    then();
  } catch (...) {
    error_ = std::current_exception();
    batch_.clear();
    throw;
  }
}

void timeline::finish(time_ps end) {
  flush_pending();
  if (error_)
    std::rethrow_exception(error_);
  if (worker_) {
    batch_ = worker_->hand_over(std::move(batch_), 0);
    worker_->close();
    worker_->rethrow();
    worker_.reset();
  }
  apply_inline([&] { applier_.finish(end); });
}

} // namespace fabricvp
