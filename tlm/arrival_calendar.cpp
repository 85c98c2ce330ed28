#include "tlm/arrival_calendar.h"

#include "core/stop_request.h"

namespace fabricvp {

arrival_calendar::arrival_calendar(sc_core::sc_module_name name) : sc_module(name) {
  SC_METHOD(run);
  sensitive << wake_;
  dont_initialize();
}

inline void arrival_calendar::place(const entry &e) {
  const std::uint64_t b = e.t >> bucket_shift;
  if (b < base_bucket_ + ring_buckets) {
    const std::size_t i = b & ring_mask;
    ring_[i].push_back(e);
    in_use_[i >> 6] |= std::uint64_t(1) << (i & 63);
    ++in_ring_;
  } else {
    far_.push(e);
  }
}

void arrival_calendar::schedule(time_ps t, calendar_client &client) {
  place({t, seq_++, &client});
  if (t < next_wake_) {
    next_wake_ = t;
    wake_.notify(ps_time(t - now_ps())); // an earlier notification overrides a later one
  }
}

void arrival_calendar::advance_to(std::uint64_t bucket) {
  base_bucket_ = bucket;
  while (!far_.empty() && (far_.top().t >> bucket_shift) < base_bucket_ + ring_buckets) {
    const entry e = far_.top();
    far_.pop();
    place(e);
  }
}

void arrival_calendar::take_due(std::vector<entry> &bucket, time_ps now) {
  // Nothing is pending before `now`, so due entries are those at `now`. A
  // bucket holds its entries in scheduling order (far ones, admitted first,
  // come from the heap in order), so a stable split keeps that order.
  std::size_t kept = 0;
  for (std::size_t k = 0; k < bucket.size(); ++k) {
    if (bucket[k].t <= now)
      due_.push_back(bucket[k]);
    else
      bucket[kept++] = bucket[k];
  }
  in_ring_ -= bucket.size() - kept;
  bucket.resize(kept);
}

time_ps arrival_calendar::earliest_pending() const {
  if (in_ring_ == 0)
    return far_.empty() ? no_time : far_.top().t;
  // The first bucket in use from the ring's start (circularly) holds the
  // earliest entries: far ones lie beyond the whole ring.
  const std::size_t start = base_bucket_ & ring_mask;
  std::size_t word = start >> 6;
  std::uint64_t bits = in_use_[word] & (~std::uint64_t(0) << (start & 63));
  while (bits == 0) {
    word = (word + 1) % in_use_.size();
    bits = in_use_[word];
  }
  const std::vector<entry> &bucket =
      ring_[(word << 6) + static_cast<std::size_t>(__builtin_ctzll(bits))];
  time_ps t = bucket.front().t;
  for (const entry &e : bucket)
    t = e.t < t ? e.t : t;
  return t;
}

namespace {
// Publishes the time being served to now_ps() for the length of one activation.
struct serving_time {
  explicit serving_time(time_ps t) { calendar_time_ps = t; }
  ~serving_time() { calendar_time_ps = no_time; }
};
} // namespace

void arrival_calendar::run() {
  if (stop_requested()) { // SIGINT or SIGTERM: pause here; resuming serves `now` again
    wake_.notify(sc_core::SC_ZERO_TIME);
    sc_core::sc_pause();
    return;
  }
  const time_ps now = sc_core::sc_time_stamp().value();
  const serving_time serving(now);
  next_wake_ = now; // entries scheduled for `now` while we run are taken by the loop
  const std::uint64_t b = now >> bucket_shift;
  if (b > base_bucket_)
    advance_to(b); // nothing is pending before now: we wake at the earliest entry
  const std::size_t i = b & ring_mask;
  std::vector<entry> &bucket = ring_[i];
  // Serve what is due, then what serving scheduled for `now` (later in order).
  for (take_due(bucket, now); !due_.empty(); take_due(bucket, now)) {
    if (bucket.empty())
      in_use_[i >> 6] &= ~(std::uint64_t(1) << (i & 63));
    for (const entry &e : due_)
      e.client->on_calendar(); // may schedule into this bucket, never into due_
    due_.clear();
  }
  const time_ps next = earliest_pending();
  next_wake_ = next;
  if (next != no_time)
    wake_.notify(ps_time(next - now));
}

} // namespace fabricvp
