#include "core/timeline.h"

namespace fabricvp {

void timeline::record(signal_track &s) {
  if (s.owner_)
    return;
  s.owner_ = this;
  recorded_.push_back(&s);
}

void timeline::push(time_ps t, signal_track *s, double delta) {
  heap_.push(change{t, seq_++, s, delta});
  if (++posted_since_apply_ >= 4096 && now_hint_) {
    posted_since_apply_ = 0;
    apply_before(now_hint_());
  }
}

void timeline::set_boundary(time_ps interval, std::function<void(time_ps)> on_boundary) {
  boundary_interval_ = interval;
  next_boundary_ = interval;
  on_boundary_ = std::move(on_boundary);
}

void timeline::start() {
  for (auto *s : recorded_)
    s->initial_value = s->value_;
  for (auto *l : listeners_)
    l->on_start(recorded_);
}

void timeline::fire_boundaries_until(time_ps t) {
  // Boundaries at times <= t see all changes before them (integrals are exact).
  while (boundary_interval_ && next_boundary_ <= t) {
    on_boundary_(next_boundary_);
    next_boundary_ += boundary_interval_;
  }
}

void timeline::apply_before(time_ps limit) {
  while (!heap_.empty() && heap_.top().t < limit) {
    const time_ps t = heap_.top().t;
    fire_boundaries_until(t);
    changed_.clear();
    while (!heap_.empty() && heap_.top().t == t) {
      change c = heap_.top();
      heap_.pop();
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

void timeline::finish(time_ps end) {
  // Changes at exactly `end` are applied (they are visible at the last step).
  apply_before(end + 1);
  fire_boundaries_until(end);
  for (auto *l : listeners_)
    l->on_finish(end);
}

} // namespace fabricvp
