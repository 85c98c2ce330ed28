// What a run costs on this machine: wall time, CPU time of the whole process
// (every thread, the VCD writer's included) and of the simulation's thread,
// from the clock's construction to perf().
#pragma once

#include "traces/run_result.h"

#include <chrono>
#include <ctime>

namespace fabricvp {

class run_clock {
public:
  run_clock()
      : wall_start_(std::chrono::steady_clock::now()),
        cpu_start_s_(cpu_s(CLOCK_PROCESS_CPUTIME_ID)),
        thread_cpu_start_s_(cpu_s(CLOCK_THREAD_CPUTIME_ID)) {}

  perf_result perf(std::uint64_t packet_hops, std::uint64_t vcd_value_changes,
                   bool trace_thread) const {
    perf_result p;
    p.wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();
    p.cpu_s = cpu_s(CLOCK_PROCESS_CPUTIME_ID) - cpu_start_s_;
    p.simulation_thread_cpu_s = cpu_s(CLOCK_THREAD_CPUTIME_ID) - thread_cpu_start_s_;
    p.packet_hops = packet_hops;
    p.vcd_value_changes = vcd_value_changes;
    p.trace_thread = trace_thread;
    return p;
  }

private:
  static double cpu_s(clockid_t clock) {
    timespec t{};
    clock_gettime(clock, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
  }
  std::chrono::steady_clock::time_point wall_start_;
  double cpu_start_s_, thread_cpu_start_s_;
};

} // namespace fabricvp
