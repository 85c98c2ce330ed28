// One time-ordered queue of packet arrivals (and traffic-source wake-ups) for
// a whole platform, served by a single SC_METHOD: the kernel sees one timed
// notification per distinct time, and everything due then is handled in one
// activation, in (time, order of scheduling) order. It replaces a payload
// event queue per ingress port on the hot path (each of those costs a kernel
// event and a multimap insertion per packet).
// A client served usually schedules its next entry at once (a link's next
// arrival, a source's next wake-up): the first entry scheduled while one is
// being served takes the served entry's place in the heap (one sift instead
// of a pop and a push).
#pragma once

#include "core/min_heap.h"
#include "tlm/packet.h"
#include "tlm/protocol.h"

#include <vector>

namespace fabricvp {

// Anything that wants to be woken at a time through the calendar.
class calendar_client {
public:
  virtual ~calendar_client() = default;
  virtual void on_calendar(packet *pkt) = 0;
};

class arrival_calendar : public sc_core::sc_module {
public:
  SC_HAS_PROCESS(arrival_calendar);
  explicit arrival_calendar(sc_core::sc_module_name name);

  void schedule(time_ps t, calendar_client &client, packet *pkt);
  std::size_t pending() const { return heap_.size() - (top_served_ ? 1 : 0); }

private:
  struct entry {
    time_ps t;
    std::uint64_t seq;
    calendar_client *client;
    packet *pkt;
  };
  struct earlier {
    bool operator()(const entry &a, const entry &b) const {
      return a.t != b.t ? a.t < b.t : a.seq < b.seq;
    }
  };
  void run();
  void retire_served();
  min_heap<entry, earlier> heap_;
  bool top_served_ = false; // the heap's top is being served and may be replaced
  sc_core::sc_event wake_;
  std::uint64_t seq_ = 0;
  time_ps next_wake_ = ~time_ps(0);
};

} // namespace fabricvp
