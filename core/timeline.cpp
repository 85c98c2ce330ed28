#include "core/timeline.h"

#include <algorithm>

namespace fabricvp {

void timeline::record(signal_track &s) {
  if (s.owner_)
    return;
  s.owner_ = this;
  recorded_.push_back(&s);
}

void timeline::start() {
  for (auto *s : recorded_)
    s->initial_value = s->value_;
  for (auto *l : listeners_)
    l->on_start(recorded_);
}

inline void timeline::place(const change &c) {
  const std::uint64_t b = c.t / bucket_ps;
  if (b < base_bucket_ + ring_size) {
    ring_[b % ring_size].push_back(c);
    ++in_ring_;
  } else {
    far_.push({c, far_seq_++});
  }
}

void timeline::admit_far() {
  while (!far_.empty() && far_.top().c.t / bucket_ps < base_bucket_ + ring_size) {
    const change c = far_.top().c;
    far_.pop();
    ring_[(c.t / bucket_ps) % ring_size].push_back(c);
    ++in_ring_;
  }
}

void timeline::sort_by_time(std::vector<change> &bucket) {
  // Insertion sort: changes are mostly posted in time order. It stays
  // stable, so a bucket with many inversions can finish with stable_sort.
  const auto later = [](const change &a, const change &b) { return a.t < b.t; };
  std::size_t moves = 0;
  for (std::size_t i = 1; i < bucket.size(); ++i) {
    if (bucket[i].t >= bucket[i - 1].t)
      continue;
    const change c = bucket[i];
    std::size_t j = i;
    do {
      bucket[j] = bucket[j - 1];
      --j;
    } while (j > 0 && bucket[j - 1].t > c.t);
    bucket[j] = c;
    moves += i - j;
    if (moves > 8 * bucket.size()) {
      std::stable_sort(bucket.begin(), bucket.end(), later);
      return;
    }
  }
}

void timeline::repend(time_ps t, signal_track *s, double delta) {
  if (s->has_pending_) {
    if (s->pending_delta_ != 0.0)
      place(change{s->pending_t_, s, s->pending_delta_});
  } else {
    s->has_pending_ = true;
    pending_.push_back(s);
  }
  s->pending_t_ = t;
  s->pending_delta_ = delta;
}

void timeline::periodic_apply() {
  posted_since_apply_ = 0;
  if (now_hint_)
    apply_before(now_hint_());
}

void timeline::process_sorted(const std::vector<change> &bucket) {
  const std::size_t count = bucket.size();
  std::size_t i = 0;
  while (i < count) {
    const time_ps t = bucket[i].t;
    changed_.clear();
    for (; i < count && bucket[i].t == t; ++i) {
      const change &c = bucket[i];
      c.s->apply(t, c.delta);
      if (!c.s->dirty) {
        c.s->dirty = true;
        changed_.push_back(c.s);
      }
    }
    for (auto *l : listeners_)
      l->on_step(t, changed_);
    for (auto *s : changed_)
      s->dirty = false;
  }
}

void timeline::flush_pending() {
  for (signal_track *s : pending_) {
    if (s->pending_delta_ != 0.0)
      place(change{s->pending_t_, s, s->pending_delta_});
    s->has_pending_ = false;
  }
  pending_.clear();
}

void timeline::apply_before(time_ps limit) {
  flush_pending();
  // Only whole buckets are applied (each is sorted once); a change in the
  // bucket holding `limit` waits for the next call, which keeps time order.
  while ((base_bucket_ + 1) * bucket_ps <= limit) {
    if (in_ring_ == 0) {
      // Nothing near: jump to the far heap's first change, or up to limit.
      std::uint64_t next = limit / bucket_ps;
      if (!far_.empty())
        next = std::min(next, far_.top().c.t / bucket_ps);
      if (next <= base_bucket_)
        next = base_bucket_ + 1;
      base_bucket_ = next;
      admit_far();
      continue;
    }
    std::vector<change> &bucket = ring_[base_bucket_ % ring_size];
    if (!bucket.empty()) {
      sort_by_time(bucket);
      process_sorted(bucket);
      in_ring_ -= bucket.size();
      bucket.clear();
    }
    ++base_bucket_;
    admit_far();
  }
}

void timeline::finish(time_ps end) {
  flush_pending();
  // Changes at exactly `end` are applied (they are visible at the last step).
  const time_ps last = std::max(end, far_.empty() ? end : far_.top().c.t);
  apply_before((last / bucket_ps + 1) * bucket_ps); // everything, in time order
  for (auto *l : listeners_)
    l->on_finish(end);
}

} // namespace fabricvp
