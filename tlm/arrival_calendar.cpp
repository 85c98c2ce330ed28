#include "tlm/arrival_calendar.h"

namespace fabricvp {

arrival_calendar::arrival_calendar(sc_core::sc_module_name name) : sc_module(name) {
  SC_METHOD(run);
  sensitive << wake_;
  dont_initialize();
}

void arrival_calendar::schedule(time_ps t, calendar_client &client, packet *pkt) {
  const entry e{t, seq_++, &client, pkt};
  if (top_served_) {
    top_served_ = false;
    heap_.replace_top(e);
  } else {
    heap_.push(e);
  }
  if (t < next_wake_) {
    next_wake_ = t;
    wake_.notify(ps_time(t - now_ps())); // an earlier notification overrides a later one
  }
}

void arrival_calendar::retire_served() {
  if (top_served_) { // nothing was scheduled in its place
    top_served_ = false;
    heap_.pop();
  }
}

namespace {
// Publishes the time being served to now_ps() for the length of one activation.
struct serving_time {
  explicit serving_time(time_ps t) { calendar_time_ps = t; }
  ~serving_time() { calendar_time_ps = no_time; }
};
} // namespace

void arrival_calendar::run() {
  const time_ps now = sc_core::sc_time_stamp().value();
  const serving_time serving(now);
  next_wake_ = now; // arrivals scheduled for `now` while we run are taken by the loop
  while (!heap_.empty() && heap_.top().t <= now) {
    const entry e = heap_.top();
    top_served_ = true;
    try {
      e.client->on_calendar(e.pkt);
    } catch (...) {
      retire_served();
      throw;
    }
    retire_served();
  }
  if (heap_.empty()) {
    next_wake_ = ~time_ps(0);
  } else {
    next_wake_ = heap_.top().t;
    wake_.notify(ps_time(next_wake_ - now));
  }
}

} // namespace fabricvp
