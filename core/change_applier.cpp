#include "core/change_applier.h"

#include <algorithm>

namespace fabricvp {

std::uint32_t change_applier::add_signal() {
  state_.push_back({});
  return static_cast<std::uint32_t>(state_.size() - 1);
}

std::uint32_t change_applier::add_group(std::vector<group_member> members) {
  groups_.push_back(std::move(members));
  return group_bit | static_cast<std::uint32_t>(groups_.size() - 1);
}

void change_applier::start(const std::vector<signal_track *> &recorded) {
  for (auto *l : listeners_)
    l->on_start(recorded);
}

inline void change_applier::place(const signal_change &c) {
  const std::uint64_t b = c.t / bucket_ps;
  if (b < base_bucket_ + ring_size) {
    ring_[b % ring_size].push_back(c);
    ++in_ring_;
  } else {
    far_.push({c, far_seq_++});
  }
}

void change_applier::take(const signal_change *changes, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    const signal_change &c = changes[i];
    if (c.index & group_bit) {
      for (const group_member &m : groups_[c.index & ~group_bit])
        place({c.t, m.index, c.delta * m.coefficient});
    } else {
      place(c);
    }
  }
}

void change_applier::admit_far() {
  while (!far_.empty() && far_.top().c.t / bucket_ps < base_bucket_ + ring_size) {
    const signal_change c = far_.top().c;
    far_.pop();
    ring_[(c.t / bucket_ps) % ring_size].push_back(c);
    ++in_ring_;
  }
}

void change_applier::sort_by_time(std::vector<signal_change> &bucket) {
  // Insertion sort: changes are mostly posted in time order. It stays
  // stable, so a bucket with many inversions can finish with stable_sort.
  const auto later = [](const signal_change &a, const signal_change &b) { return a.t < b.t; };
  std::size_t moves = 0;
  for (std::size_t i = 1; i < bucket.size(); ++i) {
    if (bucket[i].t >= bucket[i - 1].t)
      continue;
    const signal_change c = bucket[i];
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

void change_applier::process_sorted(const std::vector<signal_change> &bucket) {
  const std::size_t count = bucket.size();
  std::size_t i = 0;
  while (i < count) {
    const time_ps t = bucket[i].t;
    changed_.clear();
    for (; i < count && bucket[i].t == t; ++i) {
      const signal_change &c = bucket[i];
      state &s = state_[c.index];
      s.integral += s.value * static_cast<double>(t - s.last_change_ps);
      s.last_change_ps = t;
      s.value += c.delta;
      if (!s.dirty) {
        s.dirty = true;
        changed_.push_back(c.index);
      }
    }
    step_.clear();
    for (std::uint32_t index : changed_) {
      state_[index].dirty = false;
      step_.push_back({index, state_[index].value});
    }
    for (auto *l : listeners_)
      l->on_step(t, step_);
  }
}

void change_applier::apply_before(time_ps limit) {
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
    std::vector<signal_change> &bucket = ring_[base_bucket_ % ring_size];
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

void change_applier::finish(time_ps end) {
  // Whole buckets before the one holding `end`, then that bucket's changes
  // at or before `end`; later ones (transfers still running) are not shown.
  const std::uint64_t last_bucket = end / bucket_ps;
  apply_before(last_bucket * bucket_ps);
  if (base_bucket_ == last_bucket) {
    std::vector<signal_change> &bucket = ring_[base_bucket_ % ring_size];
    sort_by_time(bucket);
    const auto after = std::upper_bound(bucket.begin(), bucket.end(), end,
                                        [](time_ps t, const signal_change &c) { return t < c.t; });
    bucket.erase(after, bucket.end());
    process_sorted(bucket);
    bucket.clear();
  }
  for (auto *l : listeners_)
    l->on_finish(end);
}

} // namespace fabricvp
