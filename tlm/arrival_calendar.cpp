#include "tlm/arrival_calendar.h"

namespace fabricvp {

arrival_calendar::arrival_calendar(sc_core::sc_module_name name) : sc_module(name) {
  SC_METHOD(run);
  sensitive << wake_;
  dont_initialize();
}

void arrival_calendar::schedule(time_ps t, calendar_client &client, packet *pkt) {
  heap_.push({t, seq_++, &client, pkt});
  if (t < next_wake_) {
    next_wake_ = t;
    wake_.notify(ps_time(t - now_ps())); // an earlier notification overrides a later one
  }
}

void arrival_calendar::run() {
  const time_ps now = now_ps();
  next_wake_ = now; // arrivals scheduled for `now` while we run are taken by the loop
  while (!heap_.empty() && heap_.top().t <= now) {
    const entry e = heap_.top();
    heap_.pop();
    e.client->on_calendar(e.pkt);
  }
  if (heap_.empty()) {
    next_wake_ = ~time_ps(0);
  } else {
    next_wake_ = heap_.top().t;
    wake_.notify(ps_time(next_wake_ - now));
  }
}

} // namespace fabricvp
