#include "traces/report_json.h"

#include <cmath>

namespace fabricvp {

using nlohmann::json;

double round_to(double v, double quantum) { return std::round(v / quantum) * quantum; }

namespace {

double seconds(result_ps ps) { return static_cast<double>(ps) * 1e-12; }

json traffic_json(const traffic_result &t) {
  json drops = json::object();
  for (const auto &[reason, count] : t.drops_by_reason)
    drops[reason] = count;
  return {{"packets_injected", t.injected},     {"packets_delivered", t.delivered},
          {"packets_dropped", t.dropped},       {"packets_in_flight", t.in_flight},
          {"bytes_injected", t.bytes_injected}, {"bytes_delivered", t.bytes_delivered},
          {"drops_by_reason", drops},           {"pattern", t.pattern},
          {"workload_file", t.workload_file},   {"arrival", t.arrival},
          {"offered_load", t.offered_load}};
}

json latency_json(const latency_result &l) {
  return {{"samples", l.samples},
          {"mean", round_to(l.mean_ps / 1e3, 1e-6)},
          {"p50", round_to(l.p50_ps / 1e3, 1e-6)},
          {"p99", round_to(l.p99_ps / 1e3, 1e-6)},
          {"min", l.min_ps / 1e3},
          {"max", l.max_ps / 1e3},
          {"mean_by_component",
           {{"serialization", round_to(l.mean_serialization_ps() / 1e3, 1e-6)},
            {"fixed", round_to(l.mean_fixed_ps / 1e3, 1e-6)},
            {"queueing", round_to(l.mean_queueing_ps / 1e3, 1e-6)}}}};
}

// Average power by class over the run, and its split into the static part
// and the part that follows traffic.
json power_json(const run_result &r) {
  const double sim_s = r.sim_time_s();
  auto per_s = [sim_s](double joules) { return sim_s > 0 ? joules / sim_s : 0.0; };
  json by_class_w = json::object(), by_class_j = json::object();
  json static_w = json::object(), dynamic_w = json::object();
  for (const auto &[cls, e] : r.energy_by_class) {
    by_class_w[cls] = per_s(e.energy_j);
    by_class_j[cls] = e.energy_j;
    static_w[cls] = per_s(e.static_j);
    dynamic_w[cls] = per_s(e.energy_j - e.static_j);
  }
  return {{"total_w", r.average_power_w()},
          {"by_class", by_class_w},
          {"idle_w_by_class", static_w},
          {"traffic_w_by_class", dynamic_w},
          {"energy_j", r.energy_j},
          {"energy_by_class_j", by_class_j},
          {"energy_pj_per_bit", r.pj_per_bit_delivered()}};
}

json optical_json(const std::optional<optical_result> &o) {
  if (!o)
    return nullptr;
  return {{"type", o->type},
          {"preset", o->preset},
          {"launch_dbm", round_to(o->launch_dbm, 1e-9)},
          {"loss_db", round_to(o->loss_db, 1e-9)},
          {"penalty_db", o->penalty_db},
          {"sensitivity_dbm", o->sensitivity_dbm},
          {"margin_db", round_to(o->margin_db, 1e-9)},
          {"pre_fec_ber", o->pre_fec_ber},
          {"post_fec_fer", o->post_fec_fer},
          {"laser_channels", o->laser_channels},
          {"cage_over_limit", o->cage_over_limit}};
}

json link_json(const link_result &l, double sim_s) {
  json j = {{"name", l.name},
            {"kind", l.kind},
            {"network", l.network},
            {"a", l.a},
            {"b", l.b},
            {"utilisation", l.utilisation(sim_s)},
            {"utilisation_a_to_b", l.utilisation_a_to_b(sim_s)},
            {"utilisation_b_to_a", l.utilisation_b_to_a(sim_s)},
            {"packets", l.packets},
            {"data_rate_gbps", l.data_rate_bps / 1e9},
            {"latency_ns", l.fixed_latency_ps / 1e3},
            {"insertion_loss_db", round_to(l.insertion_loss_db, 1e-9)},
            {"loss_budget_db", l.loss_budget_db},
            {"margin_db", round_to(l.margin_db, 1e-9)},
            {"serdes_pj_per_bit", l.serdes_energy_per_bit_j * 1e12},
            {"status", l.degraded ? "degraded" : "up"},
            {"pre_fec_ber", l.pre_fec_ber},
            {"post_fec_codeword_error", l.codeword_error},
            {"predicted_frame_loss", l.frame_loss},
            {"frames_lost", l.frames_lost},
            {"retries", l.retries},
            {"credit_wait_ns", l.credit_wait_ps / 1e3}};
  j["optical"] = optical_json(l.optical);
  return j;
}

json routing_json(const std::vector<routing_result> &networks) {
  json out = json::array();
  for (const routing_result &rc : networks)
    out.push_back({{"network", rc.network},
                   {"lossless_channels", rc.lossless_channels},
                   {"channel_dependencies", rc.dependencies},
                   {"deadlock_free", rc.deadlock_free},
                   {"cycle", rc.cycle}});
  return out;
}

json collective_json(const collective_result &c) {
  json ops = json::array();
  for (const operation_report &op : c.operations)
    ops.push_back(operation_json(op));
  json j = json::object();
  if (const operation_report *first = c.first_collective()) {
    const json f = operation_json(*first);
    for (const char *key : {"kind", "algorithm", "ranks", "message_bytes", "time_s", "algbw_gbps",
                            "busbw_gbps", "energy_j", "pj_per_bit_moved", "traffic_energy_j",
                            "traffic_pj_per_bit_moved", "time_breakdown_s"})
      j[key] = f[key];
  }
  j["complete"] = c.complete;
  j["finish_s"] = seconds(c.finish_ps);
  j["nodes"] = c.nodes;
  j["operations"] = ops;
  return j;
}

json stability_json(const stability_result &s) {
  json worst = json::array();
  for (const overloaded_port &p : s.worst)
    worst.push_back({{"port", p.port},
                     {"link", p.link},
                     {"offered_load", p.offered_load},
                     {"backlog_growth_s", seconds(p.backlog_growth_ps)}});
  return {{"stable", s.stable()},
          {"overload_threshold", s.threshold},
          {"overloaded_ports", s.overloaded_count},
          {"worst_ports", worst},
          {"drain_s", seconds(s.drain_ps)},
          {"window_packets", s.window_packets},
          {"latency_left_out", s.latency_left_out}};
}

} // namespace

json operation_json(const operation_report &op) {
  json by_class = json::object();
  for (const auto &[cls, e] : op.energy_j_by_class)
    by_class[cls] = e;
  return {{"name", op.name},
          {"job", op.job},
          {"kind", op.kind},
          {"algorithm", op.algorithm},
          {"ranks", op.ranks},
          {"message_bytes", op.message_bytes},
          {"complete", op.complete},
          {"start_s", seconds(op.start_ps)},
          {"end_s", seconds(op.end_ps)},
          {"time_s", op.time_s()},
          {"algbw_gbps", op.algbw_gbps()},
          {"busbw_gbps", op.busbw_gbps()},
          {"bytes_moved", op.bytes_moved},
          {"energy_j", op.energy_j()},
          {"energy_by_class_j", by_class},
          {"pj_per_bit_moved", op.pj_per_bit_moved()},
          {"traffic_energy_j", op.traffic_energy_j},
          {"traffic_pj_per_bit_moved", op.traffic_pj_per_bit_moved()},
          {"time_breakdown_s",
           {{"serialization", seconds(op.serialization_ps)},
            {"queueing", seconds(op.queueing_ps)},
            {"fixed_latency", seconds(op.fixed_latency_ps)},
            {"compute", seconds(op.compute_ps)},
            {"dependency_wait", seconds(op.dependency_wait_ps)}}}};
}

json report_json(const run_result &r) {
  json j;
  j["fabricvp_report"] = 1;
  j["interrupted"] = r.interrupted;
  j["platform"] = {{"name", r.platform_name}, {"file", r.platform_file}};
  j["seed"] = r.seed;
  j["sim_time_s"] = r.sim_time_s();
  j["window_s"] = {{"start", r.window_start_ps * 1e-12}, {"end", r.window_end_ps * 1e-12}};
  j["traffic"] = traffic_json(r.traffic);
  j["latency_ns"] = latency_json(r.latency);
  j["throughput_gbps"] = r.throughput_gbps();
  j["power"] = power_json(r);
  json links = json::array();
  for (const link_result &l : r.links)
    links.push_back(link_json(l, r.sim_time_s()));
  j["links"] = links;
  j["routing"] = routing_json(r.routing);
  j["optics"] = {{"laser_channels", r.optics.laser_channels},
                 {"pluggable_modules", r.optics.pluggable_modules},
                 {"modules_over_cage_limit", r.optics.modules_over_cage_limit},
                 {"switch_front_panel_ru", r.optics.switch_front_panel_ru}};
  json switches = json::array();
  for (const switch_result &s : r.switches)
    switches.push_back({{"name", s.name}, {"peak_buffer_bytes", s.peak_buffer_bytes}});
  j["switches"] = switches;
  if (r.collective)
    j["collective"] = collective_json(*r.collective);
  if (r.stability)
    j["stability"] = stability_json(*r.stability);
  j["scoreboard"] = {{"violations", r.scoreboard.violations}, {"messages", r.scoreboard.messages}};
  const perf_result &p = r.perf;
  j["perf"] = {{"wall_s", p.wall_s},
               {"cpu_s", p.cpu_s},
               {"simulation_thread_cpu_s", p.simulation_thread_cpu_s},
               {"packet_hops", p.packet_hops},
               {"packet_hops_per_s", p.wall_s > 0 ? p.packet_hops / p.wall_s : 0.0},
               {"vcd_value_changes", p.vcd_value_changes},
               {"trace_thread", p.trace_thread}};
  return j;
}

std::string stable_report_text(const json &report) {
  json copy = report;
  copy.erase("perf");
  return copy.dump(2);
}

} // namespace fabricvp
