// Whether generated traffic is sustainable: the work every egress port has
// accepted (scheduled transmissions plus packets waiting for credits, in
// transmission time) is sampled at the window's start, middle and end; its
// growth over a span is the offered load of that port direction there. A
// port offered more than `simulation.overload_threshold` of its capacity in
// both halves of the window could not keep up: its queue (or its sources',
// on lossless links) grew through the window. Both halves must exceed it so
// that a short burst in a stable run is not taken for overload.
// Leaves out: which flows caused it (the VCD's queue_depth shows when); on
// lossy links overload shows as buffer_full drops, not as queue growth.
#pragma once

#include "platforms/elaborator.h"
#include "traces/run_result.h"

#include <vector>

namespace fabricvp {

class stability_probe : public calendar_client {
public:
  // Takes the first two samples at the window's start and middle (through
  // the calendar).
  stability_probe(platform &top, const netlist &n, time_ps window_start_ps, time_ps window_end_ps);
  void on_calendar() override;
  // Takes the second sample: call when the simulation reaches the window's end.
  void sample_window_end();
  stability_result result(double threshold) const;

private:
  struct port_ref {
    egress_port *egress;
    std::string name, link;
  };
  struct sample_at {
    time_ps t;
    std::vector<time_ps> work; // by port
  };
  sample_at sample() const;
  double offered(std::size_t port, std::size_t from, std::size_t to) const;

  platform &top_;
  std::vector<port_ref> ports_;
  std::vector<sample_at> samples_; // start, middle, end
  time_ps middle_ps_;
};

} // namespace fabricvp
