// One time-ordered queue of packet arrivals (and traffic-source wake-ups) for
// a whole platform, served by a single SC_METHOD: the kernel sees one timed
// notification per distinct time, and everything due then is handled in one
// activation, in (time, order of scheduling) order. It replaces a payload
// event queue per ingress port on the hot path (each of those costs a kernel
// event and a multimap insertion per packet).
#pragma once

#include "tlm/packet.h"
#include "tlm/protocol.h"

#include <queue>
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
  std::size_t pending() const { return heap_.size(); }

private:
  struct entry {
    time_ps t;
    std::uint64_t seq;
    calendar_client *client;
    packet *pkt;
    bool operator>(const entry &o) const { return t != o.t ? t > o.t : seq > o.seq; }
  };
  void run();
  std::priority_queue<entry, std::vector<entry>, std::greater<entry>> heap_;
  sc_core::sc_event wake_;
  std::uint64_t seq_ = 0;
  time_ps next_wake_ = ~time_ps(0);
};

} // namespace fabricvp
