// One time-ordered queue of packet arrivals (and traffic-source wake-ups) for
// a whole platform, served by a single SC_METHOD: the kernel sees one timed
// notification per distinct time, and everything due then is handled in one
// activation, in (time, order of scheduling) order. It replaces a payload
// event queue per ingress port on the hot path (each of those costs a kernel
// event and a multimap insertion per packet).
//
// The queue is a calendar queue (Brown 1988): a ring of buckets of
// bucket_ps each covering the next ring_buckets x bucket_ps, with a bitmap
// of the buckets in use, plus a heap for the rare entry beyond that horizon.
// Scheduling appends to a bucket; serving takes the entries due now from
// the bucket holding `now`, in the order they were scheduled, and the next
// wake-up is the earliest entry of the first bucket in use. Entries are nearly always a few
// nanoseconds ahead (a link's next arrival, a source's next packet), where this costs a few
// instructions instead of a heap's log2(entries) levels.
// A stop request (core/stop_request.h: SIGINT, SIGTERM) pauses the
// simulation at the next activation, before serving it.
#pragma once

#include "core/min_heap.h"
#include "tlm/protocol.h"

#include <vector>

namespace fabricvp {

// Anything that wants to be woken at a time through the calendar.
class calendar_client {
public:
  virtual ~calendar_client() = default;
  virtual void on_calendar() = 0;
};

class arrival_calendar : public sc_core::sc_module {
public:
  SC_HAS_PROCESS(arrival_calendar);
  explicit arrival_calendar(sc_core::sc_module_name name);

  // Wakes `client` at time t (t >= now); entries at one time are served in
  // the order they were scheduled.
  void schedule(time_ps t, calendar_client &client);
  std::size_t pending() const { return in_ring_ + far_.size(); }

private:
  struct entry {
    time_ps t;
    std::uint64_t seq;
    calendar_client *client;
  };
  struct earlier {
    bool operator()(const entry &a, const entry &b) const {
      return a.t != b.t ? a.t < b.t : a.seq < b.seq;
    }
  };
  // 128 ps buckets over a 1 us horizon.
  static constexpr unsigned bucket_shift = 7;
  static constexpr std::size_t ring_buckets = 8192;
  static constexpr std::size_t ring_mask = ring_buckets - 1;
  void run();
  void place(const entry &e);
  void advance_to(std::uint64_t bucket); // moves the ring's start, admits far entries
  // Moves the bucket's entries due at `now` to due_, in order.
  void take_due(std::vector<entry> &bucket, time_ps now);
  time_ps earliest_pending() const; // no_time if none

  std::vector<std::vector<entry>> ring_ = std::vector<std::vector<entry>>(ring_buckets);
  std::vector<std::uint64_t> in_use_ = std::vector<std::uint64_t>(ring_buckets / 64, 0);
  std::uint64_t base_bucket_ = 0; // the ring covers [base, base + ring_buckets)
  std::size_t in_ring_ = 0;
  min_heap<entry, earlier> far_;
  std::vector<entry> due_; // being served
  sc_core::sc_event wake_;
  std::uint64_t seq_ = 0;
  time_ps next_wake_ = no_time;
};

} // namespace fabricvp
