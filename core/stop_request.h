// A request to stop a run early, made from a signal handler (SIGINT,
// SIGTERM: testbench/cli/stop_signals.h) and seen by the arrival calendar at
// its next activation, which pauses the simulation there (sc_pause); the
// session then writes its outputs for the time reached. Checking costs one
// relaxed atomic load per calendar activation (a lock-free atomic is safe to
// set from a signal handler). Leaves out: stopping elaboration or output
// writing part way (they finish first).
#pragma once

#include <atomic>

namespace fabricvp {

inline std::atomic<int> requested_stop_signal{0}; // the signal, 0 for none

inline void request_stop(int signal) {
  requested_stop_signal.store(signal, std::memory_order_relaxed);
}
inline bool stop_requested() { return requested_stop_signal.load(std::memory_order_relaxed) != 0; }
inline int stop_signal() { return requested_stop_signal.load(std::memory_order_relaxed); }

} // namespace fabricvp
