// Per-packet timing of one link direction, composed once from its elements
// (TX SerDes, channel segments, optics, RX SerDes):
//   head arrival = start + header serialization + fixed latency
//   tail arrival = start + serialization + fixed latency
// where serialization counts bits on the wire: (frame + per-packet framing
// overhead) * 8 at the effective data rate, i.e. lanes x lane rate x line
// coding efficiency x FEC efficiency.
// Leaves out: rate jitter and skew between lanes (lanes are striped ideally).
#pragma once

#include "core/timeline.h"

#include <cmath>
#include <string>

namespace fabricvp {

struct link_timing {
  double line_rate_bps = 0.0;    // lanes x lane signalling rate
  double data_rate_bps = 0.0;    // after line coding and FEC overhead
  double overhead_bytes = 0.0;   // per-packet framing on the wire (preamble, IPG, flit header)
  double header_bytes = 64.0;    // what a cut-through receiver needs before forwarding
  time_ps fixed_latency_ps = 0;  // pipelines + FEC + propagation, both ends
  time_ps credit_latency_ps = 0; // flight time of a credit back to the sender

  double wire_bits(double frame_bytes) const { return (frame_bytes + overhead_bytes) * 8.0; }
  // Rounded to the nearest picosecond (values are never negative).
  time_ps serialization_ps(double frame_bytes) const {
    return static_cast<time_ps>(wire_bits(frame_bytes) * 1e12 / data_rate_bps + 0.5);
  }
  time_ps header_serialization_ps(double frame_bytes) const {
    const double head = frame_bytes < header_bytes ? frame_bytes : header_bytes;
    return static_cast<time_ps>((head + overhead_bytes) * 8.0 * 1e12 / data_rate_bps + 0.5);
  }
};

} // namespace fabricvp
