#include "testbench/session/session.h"

#include "core/stop_request.h"
#include "platforms/registry.h"
#include "testbench/checking/scoreboard.h"
#include "testbench/checking/stability_probe.h"
#include "testbench/session/collect_result.h"
#include "testbench/session/fabric_checks.h"
#include "testbench/session/run_clock.h"
#include "testbench/session/trace_outputs.h"
#include "testbench/workloads/collective.h"
#include "testbench/workloads/traffic.h"
#include "testbench/workloads/workload_file.h"

#include <algorithm>
#include <iostream>
#include <memory>

namespace fabricvp {
namespace {

std::string module_name_for(const std::string &platform_name) {
  std::string s = platform_name.empty() ? "fabric" : platform_name;
  for (char &c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
      c = '_';
  if (std::isdigit(static_cast<unsigned char>(s[0])))
    s = "p_" + s;
  return s;
}

// Packets may arrive out of order where some switch adapts its routes.
bool adaptive_routing(const netlist &n) {
  for (const auto &inst : n.instances)
    if (node_traits_of(inst.type).adapts_routes(inst.params))
      return true;
  return false;
}

// A workload file replaces the generator's pattern (it then has no sources).
param_set generator_settings(const netlist &n) {
  param_set settings = n.workload;
  if (!n.workload_file.empty())
    settings.set("pattern", "none", "workload.file", n.workload_file_where);
  return settings;
}

// The stability verdict of generated traffic: overloaded ports, the drain
// after the window and the window packets left out of the latency.
stability_result stability_of(const stability_probe &probe, const netlist &n,
                              const scoreboard &board, time_ps window_end, time_ps end) {
  stability_result s = probe.result(n.simulation.get("overload_threshold"));
  s.drain_ps = end > window_end ? end - window_end : 0;
  s.window_packets = board.window_created();
  s.latency_left_out = board.window_created() - board.window_created_finished();
  return s;
}

class session {
public:
  session(const netlist &n, const run_options &o);
  run_outcome run();

private:
  void build_checks();
  std::unique_ptr<collective_engine> make_collective_engine();
  void simulate(run_outcome &out);
  void check_conservation(const run_outcome &out);
  run_window statistics_window(time_ps end) const;

  run_clock clock_; // first: times elaboration too
  const netlist &n_;
  const run_options &o_;
  run_window window_;
  platform top_;
  packet_pool pool_;
  scoreboard board_;
  std::unique_ptr<traffic_generator> generator_;
  std::unique_ptr<collective_engine> collective_;
  std::unique_ptr<stability_probe> stability_;
  std::unique_ptr<trace_outputs> outputs_;
  bool interrupted_ = false; // a stop request paused the simulation
};

session::session(const netlist &n, const run_options &o)
    : n_(n), o_(o), window_{runs_to_completion(n) ? 0 : seconds_to_ps(n.simulation.get("warmup")),
                            runs_to_completion(n) ? ~time_ps(0) / 2
                                                  : seconds_to_ps(n.simulation.get("duration"))},
      top_(module_name_for(n.name).c_str(), n),
      board_(pool_, top_.endpoints.size(), window_.start_ps, window_.end_ps, adaptive_routing(n)) {
  build_checks();
  top_.set_observer(&board_);
  generator_ = std::make_unique<traffic_generator>(
      "traffic", top_, generator_settings(n),
      static_cast<std::uint64_t>(n.simulation.get_int("seed")), pool_, board_);
  collective_ = make_collective_engine();
  if (!runs_to_completion(n))
    stability_ = std::make_unique<stability_probe>(top_, n, window_.start_ps, window_.end_ps);
  outputs_ = std::make_unique<trace_outputs>(top_, n, o);
}

void session::build_checks() {
  for (const std::string &w : enforce_deadlock_check(n_, top_.routing_checks()))
    std::cerr << n_.file << ": " << w << "\n";
  check_reachability(n_, top_.routes());
}

std::unique_ptr<collective_engine> session::make_collective_engine() {
  const auto mtu = static_cast<std::uint32_t>(n_.workload.get("size"));
  if (!n_.workload_file.empty())
    return std::make_unique<collective_engine>(
        top_, compile_workload(load_workload_file(n_.workload_file, n_), platform_view(top_)), mtu,
        pool_, board_);
  if (collective_engine::is_collective(n_.workload.get_choice("pattern")))
    return std::make_unique<collective_engine>(
        top_, collective_engine::schedule_from_workload(platform_view(top_), n_.workload), mtu,
        pool_, board_);
  return nullptr;
}

void session::simulate(run_outcome &out) {
  try {
    if (collective_) // runs until the collective completes and the fabric is idle
      sc_core::sc_start();
    else
      sc_core::sc_start(ps_time(seconds_to_ps(n_.simulation.get("duration"))));
    // An interrupted run stopped before the window's end: no end sample.
    if (stability_ && !stop_requested())
      stability_->sample_window_end();
    generator_->stop();
    if (!stop_requested() && !collective_ && n_.simulation.get_flag("drain") &&
        board_.in_flight() > 0)
      sc_core::sc_start(ps_time(seconds_to_ps(n_.simulation.get("drain_limit"))),
                        sc_core::SC_EXIT_ON_STARVATION);
    // Drained: the run ends when the last credits are home, not at the last
    // delivery (an interrupted run ends where it stopped).
    if (!stop_requested() && (collective_ || n_.simulation.get_flag("drain")) &&
        board_.in_flight() == 0 && top_.credits_home_ps() > now_ps())
      sc_core::sc_start(ps_time(top_.credits_home_ps() - now_ps()));
  } catch (const sc_core::sc_report &r) {
    out.exit_code = 1;
    out.failure = std::string("SystemC error: ") + r.what();
  }
  interrupted_ = stop_requested();
}

// After a drained run every packet is delivered or dropped: one still in
// flight is a deadlock if it waits at an egress port, else lost. An
// interrupted run is not checked: it stopped with packets on their way.
void session::check_conservation(const run_outcome &out) {
  if (interrupted_)
    return;
  std::uint64_t queued = 0;
  for (auto *node : top_.nodes)
    for (int i = 0; i < node->port_count(); ++i)
      if (node->port_created(i))
        queued += node->egress(i).waiting();
  const bool drained = n_.simulation.get_flag("drain") || collective_;
  if (drained && !sc_core::sc_pending_activity())
    board_.check_drained(queued);
  if (collective_ && !collective_->complete() && out.exit_code == 0)
    board_.add_violation("collective did not complete");
}

// A run to completion measures over all of it; an interrupted one up to
// where it stopped (an empty window if that is before the warmup ended).
run_window session::statistics_window(time_ps end) const {
  run_window window = window_;
  if (runs_to_completion(n_) || (interrupted_ && end < window.end_ps))
    window.end_ps = end;
  window.start_ps = std::min(window.start_ps, window.end_ps);
  return window;
}

run_outcome session::run() {
  outputs_->start();
  run_outcome out;
  simulate(out);
  const time_ps end = now_ps();
  outputs_->finish(end);
  check_conservation(out);
  const run_window window = statistics_window(end);
  out.result = collect_result(n_, top_, board_, collective_.get(), window, end);
  out.result.interrupted = interrupted_;
  if (stability_)
    out.result.stability = stability_of(*stability_, n_, board_, window.end_ps, end);
  out.result.perf =
      clock_.perf(board_.hops(), outputs_->vcd_value_changes(), outputs_->trace_thread());
  outputs_->close(end);
  if (board_.violation_count() > 0 && out.exit_code == 0) {
    out.exit_code = 1;
    out.failure = "scoreboard: " + std::to_string(board_.violation_count()) +
                  " violation(s); first: " + board_.violation_messages().front();
  }
  return out;
}

} // namespace

bool runs_to_completion(const netlist &n) {
  return !n.workload_file.empty() ||
         collective_engine::is_collective(n.workload.get_choice("pattern"));
}

run_outcome run_simulation(const netlist &n, const run_options &o) {
  session s(n, o);
  return s.run();
}

} // namespace fabricvp
