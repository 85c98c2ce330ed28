// A clock descriptor: a period that blocks compute latencies with. Nothing
// toggles; a block states a latency as N cycles of its own clock.
#pragma once

#include "core/timeline.h"

#include <cmath>

namespace fabricvp {

struct clock_descriptor {
  double period_s = 1e-9;
  static clock_descriptor from_frequency(double hz) { return {1.0 / hz}; }
  // Latency of n cycles, rounded to the picosecond.
  time_ps cycles(double n) const { return static_cast<time_ps>(std::llround(n * period_s * 1e12)); }
};

inline time_ps seconds_to_ps(double s) { return static_cast<time_ps>(std::llround(s * 1e12)); }
inline double ps_to_seconds(time_ps t) { return static_cast<double>(t) * 1e-12; }

} // namespace fabricvp
