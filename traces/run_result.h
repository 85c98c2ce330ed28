// What one run measured, as plain typed data: the session (testbench/session)
// fills it from the elaborated model after the run; the writers in traces/
// (JSON report, stdout summary, link table) and every caller (compare,
// studies, tests) read it. Values are kept as measured, in base units
// (picoseconds, joules, bytes, bits per second); writers convert and round.
// Leaves out: anything only a writer derives (averages over the run, algbw,
// busbw, pJ per bit): those are computed where they are shown, from these.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fabricvp {

using result_ps = std::uint64_t; // picoseconds (core/units.h time_ps)

struct traffic_result {
  std::uint64_t injected = 0, delivered = 0, dropped = 0, in_flight = 0;
  double bytes_injected = 0.0, bytes_delivered = 0.0;
  std::map<std::string, std::uint64_t> drops_by_reason;
  std::string pattern;       // workload.pattern, or "workload_file"
  std::string workload_file; // "" when the platform's own workload ran
  std::string arrival;
  double offered_load = 0.0; // fraction of a source's port rate
  double window_bytes = 0.0; // delivered inside the statistics window
};

// Latency of the packets created inside the statistics window, and its mean
// split into components: queueing (ready at an egress port but waiting behind
// other traffic or for credits), fixed (node pipelines and the links' fixed
// latencies) and serialization (the rest: bits on the wire, the header only
// into a cut-through hop, a message's wait behind its own earlier packets,
// crossbar transfers and link-level replays).
struct latency_result {
  std::uint64_t samples = 0;
  double mean_ps = 0.0, p50_ps = 0.0, p99_ps = 0.0;
  std::uint64_t min_ps = 0, max_ps = 0;
  double mean_queueing_ps = 0.0, mean_fixed_ps = 0.0;
  double mean_serialization_ps() const { return mean_ps - mean_queueing_ps - mean_fixed_ps; }
};

// Energy of one power class over the run: all of it, and the static part
// (what the class draws with no traffic: lasers, ring tuning, trained SerDes).
struct class_energy {
  double energy_j = 0.0, static_j = 0.0;
};

struct optical_result {
  std::string type, preset;
  double launch_dbm = 0, loss_db = 0, penalty_db = 0, sensitivity_dbm = 0, margin_db = 0;
  double pre_fec_ber = 0, post_fec_fer = 0;
  int laser_channels = 0;
  bool cage_over_limit = false;
};

struct link_result {
  std::string name, kind, network, a, b; // a, b: "NODE.portN"
  result_ps busy_a_to_b_ps = 0, busy_b_to_a_ps = 0;
  std::uint64_t packets = 0; // both directions
  double data_rate_bps = 0.0;
  result_ps fixed_latency_ps = 0;
  double insertion_loss_db = 0, loss_budget_db = 0, margin_db = 0;
  double serdes_energy_per_bit_j = 0.0;
  double pre_fec_ber = 0.0, codeword_error = 0.0; // of the link, every segment the FEC spans
  double frame_loss = 0.0;       // predicted long-run loss ratio of the frames it carried
  std::uint64_t frames_lost = 0; // frames the receivers drew as lost (replayed or dropped)
  bool degraded = false;         // over its budget, running with frame loss
  std::uint64_t retries = 0;
  result_ps credit_wait_ps = 0; // both directions
  std::optional<optical_result> optical;

  // Busy fraction of a run of sim_s seconds, per direction and the larger.
  double utilisation_a_to_b(double sim_s) const;
  double utilisation_b_to_a(double sim_s) const;
  double utilisation(double sim_s) const;
};

struct routing_result {
  std::string network;
  std::size_t lossless_channels = 0, dependencies = 0;
  bool deadlock_free = true;
  std::string cycle;
};

struct optics_totals {
  long laser_channels = 0, pluggable_modules = 0, modules_over_cage_limit = 0;
  long switch_front_panel_ru = 0;
};

struct switch_result {
  std::string name;
  double peak_buffer_bytes = 0.0;
};

// One operation of a collective schedule (a collective call, or a compute
// step of a workload file) and where its time went along its critical path.
struct operation_report {
  std::string name, job, kind, algorithm;
  std::size_t ranks = 0;
  double message_bytes = 0.0; // nccl-tests S
  double bus_factor = 0.0;    // busbw = algbw x bus_factor
  bool complete = false;
  result_ps start_ps = 0, end_ps = 0;
  std::uint64_t bytes_moved = 0;
  std::map<std::string, double> energy_j_by_class; // drawn while it ran
  double traffic_energy_j = 0.0;                   // its own transfers' dynamic energy
  result_ps serialization_ps = 0, queueing_ps = 0, fixed_latency_ps = 0, compute_ps = 0,
            dependency_wait_ps = 0;

  result_ps time_ps() const { return end_ps - start_ps; }
  double time_s() const { return static_cast<double>(time_ps()) * 1e-12; }
  double algbw_gbps() const; // S / t (0 for compute)
  double busbw_gbps() const { return algbw_gbps() * bus_factor; }
  double energy_j() const;
  double pj_per_bit_moved() const;
  double traffic_pj_per_bit_moved() const;
};

struct collective_result {
  bool complete = false;
  result_ps finish_ps = 0;
  std::size_t nodes = 0;
  std::vector<operation_report> operations; // joins left out
  // The first operation that is not compute (the platform's collective), or null.
  const operation_report *first_collective() const;
};

// A port direction that was offered more work than it can send during the
// statistics window: its queue (or its sources', on lossless links) grew.
struct overloaded_port {
  std::string port;                // "NODE.portN" (the sending end)
  std::string link;                // the link's label
  double offered_load = 0.0;       // work accepted in the window / window time
  result_ps backlog_growth_ps = 0; // growth of its queue, in transmission time
};

// Whether generated traffic reached a steady state: ports whose offered load
// exceeded the threshold during the window (sorted, worst first, the first
// `listed_ports_limit`), how long the run drained after the window, and how
// many window packets the latency statistics left out (undelivered at the
// end, with drain off). Absent for runs to completion (collectives).
struct stability_result {
  double threshold = 0.0;           // offered load above which a port is overloaded
  std::size_t overloaded_count = 0; // port directions over the threshold
  std::vector<overloaded_port> worst;
  result_ps drain_ps = 0; // from the window's end to the run's end
  std::uint64_t window_packets = 0, latency_left_out = 0;
  static constexpr std::size_t listed_ports_limit = 10;
  bool stable() const { return overloaded_count == 0 && latency_left_out == 0; }
};

struct scoreboard_result {
  std::uint64_t violations = 0;
  std::vector<std::string> messages;
};

// Cost of the run on this machine (not byte-stable).
struct perf_result {
  double wall_s = 0, cpu_s = 0, simulation_thread_cpu_s = 0;
  std::uint64_t packet_hops = 0, vcd_value_changes = 0;
  bool trace_thread = false;
};

struct run_result {
  std::string platform_name, platform_file;
  std::uint64_t seed = 0;
  result_ps end_ps = 0;                             // simulated time, drain included
  result_ps window_start_ps = 0, window_end_ps = 0; // statistics window
  traffic_result traffic;
  latency_result latency;
  std::map<std::string, class_energy> energy_by_class;
  double energy_j = 0.0; // every power model's energy, summed in model order
  std::vector<link_result> links;
  std::vector<routing_result> routing;
  optics_totals optics;
  std::vector<switch_result> switches;
  std::optional<collective_result> collective;
  std::optional<stability_result> stability;
  scoreboard_result scoreboard;
  perf_result perf;
  bool interrupted = false; // stopped early (SIGINT, SIGTERM) at end_ps

  double sim_time_s() const { return static_cast<double>(end_ps) * 1e-12; }
  double window_s() const { return static_cast<double>(window_end_ps - window_start_ps) * 1e-12; }
  double average_power_w() const;                             // energy over the simulated time
  double class_power_w(const std::string &power_class) const; // 0 when absent
  double pj_per_bit_delivered() const;
  double throughput_gbps() const; // delivered in the window
};

} // namespace fabricvp
