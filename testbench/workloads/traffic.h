// Synthetic traffic: per source endpoint an arrival process (Bernoulli slots,
// Poisson, or on/off bursts) at an offered load given as a fraction of the
// source's port rate, a destination pattern (uniform random, a fixed random
// permutation, hot spot, incast) and a packet size distribution (fixed,
// uniform, bimodal). The generator serves all sources from its own time-
// ordered queue, so the generator costs one activation per distinct arrival
// time and nothing while no source is due.
// Leaves out: closed-loop (request/response) traffic; collectives live in
// their own workload.
#pragma once

#include "core/min_heap.h"
#include "core/params.h"
#include "platforms/elaborator.h"
#include "testbench/checking/scoreboard.h"
#include "testbench/workloads/random_stream.h"
#include "tlm/packet_pool.h"

namespace fabricvp {

class traffic_generator : public sc_core::sc_module, public calendar_client {
public:
  SC_HAS_PROCESS(traffic_generator);
  traffic_generator(sc_core::sc_module_name name, platform &p, const param_set &workload,
                    std::uint64_t seed, packet_pool &pool, scoreboard &board);
  void end_of_elaboration() override;

  void stop() { stopped_ = true; }
  // Source wake-ups go through the platform's arrival calendar.
  void on_calendar() override;
  // Mean time between packets of one source at the offered load.
  double mean_interval_s(std::uint32_t src) const;
  // The destination a permutation maps src to (for tests).
  std::uint32_t permutation_of(std::uint32_t src) const { return permutation_.at(src); }

private:
  enum class pattern { uniform_random, permutation, hotspot, incast, none };
  enum class arrival { bernoulli, poisson, on_off };
  enum class size_distribution { fixed, uniform, bimodal };
  struct source_state {
    random_stream rng;
    double slot_s = 0.0; // wire time of a mean-size packet at the source's rate
    long burst_left = 0; // on_off: packets left in the current burst
    bool active = false;
  };
  struct due {
    time_ps t;
    std::uint32_t src;
  };
  struct earlier {
    bool operator()(const due &a, const due &b) const {
      return a.t != b.t ? a.t < b.t : a.src < b.src;
    }
  };
  void emit(std::uint32_t src, time_ps now);
  time_ps next_interval_ps(source_state &s);
  std::uint32_t pick_destination(std::uint32_t src, source_state &s);
  std::uint32_t pick_size(source_state &s);

  platform &platform_;
  packet_pool &pool_;
  scoreboard &board_;
  pattern pattern_;
  arrival arrival_;
  double load_;
  size_distribution size_dist_;
  double size_, size_min_, size_max_, small_fraction_;
  double hotspot_fraction_;
  std::uint32_t hotspot_target_, incast_target_;
  double burst_mean_;
  double inv_log_idle_;  // 1 / log(1 - load): Bernoulli slots between packets
  double inv_log_burst_; // 1 / log(1 - 1 / burst_mean): on_off burst lengths
  std::uint8_t traffic_class_;
  std::vector<source_state> sources_;
  std::vector<std::uint32_t> permutation_;
  std::vector<std::uint64_t> next_seq_; // by flow
  min_heap<due, earlier> queue_;        // every active source's next emission
  arrival_calendar &calendar_;
  std::uint64_t next_id_ = 0;
  bool stopped_ = false;
};

} // namespace fabricvp
