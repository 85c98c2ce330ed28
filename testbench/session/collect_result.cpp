#include "testbench/session/collect_result.h"

#include "platforms/registry.h"

#include <map>

namespace fabricvp {
namespace {

traffic_result traffic_of(const netlist &n, const scoreboard &board) {
  const traffic_counts &c = board.counts();
  traffic_result t;
  t.injected = c.injected;
  t.delivered = c.delivered;
  t.dropped = c.dropped;
  t.in_flight = board.in_flight();
  t.bytes_injected = c.bytes_injected;
  t.bytes_delivered = c.bytes_delivered;
  t.drops_by_reason = c.drops_by_reason;
  t.pattern = n.workload_file.empty() ? n.workload.get_choice("pattern") : "workload_file";
  t.workload_file = n.workload_file;
  t.arrival = n.workload.get_choice("arrival");
  t.offered_load = n.workload.get("load");
  t.window_bytes = board.window_bytes();
  return t;
}

latency_result latency_of(const scoreboard &board) {
  const latency_histogram &h = board.latency();
  latency_result l;
  l.samples = h.count();
  l.mean_ps = h.mean();
  l.p50_ps = h.percentile(0.5);
  l.p99_ps = h.percentile(0.99);
  l.min_ps = h.min();
  l.max_ps = h.max();
  if (l.samples > 0) {
    l.mean_queueing_ps = board.latency_queueing_sum_ps() / static_cast<double>(l.samples);
    l.mean_fixed_ps = board.latency_fixed_sum_ps() / static_cast<double>(l.samples);
  }
  return l;
}

void collect_energy(platform &top, time_ps end, run_result &r) {
  std::vector<power_model *> models;
  top.collect_power(models);
  for (power_model *pm : models) {
    const double e = pm->energy_j(end);
    class_energy &c = r.energy_by_class[pm->power_class_name()];
    c.energy_j += e;
    c.static_j += pm->static_energy_j(end);
    r.energy_j += e;
  }
}

std::optional<optical_result> optical_of(const fabric_link &l, const link_kind_desc &lk) {
  const link_budget &b = l.budget();
  if (!b.optical)
    return std::nullopt;
  optical_result o;
  o.type = l.optics_type();
  o.preset = lk.optics_preset;
  o.launch_dbm = b.launch_dbm;
  o.loss_db = b.optical_loss_db;
  o.penalty_db = b.penalty_db;
  o.sensitivity_dbm = b.sensitivity_dbm;
  o.margin_db = b.optical_margin_db;
  o.pre_fec_ber = b.optical_ber;
  o.post_fec_fer = b.optical_codeword_error;
  o.laser_channels = l.laser_channels();
  o.cage_over_limit = b.cage_over_limit;
  return o;
}

link_result link_of(const netlist &n, platform &top, std::size_t k) {
  fabric_link &l = *top.links[k];
  const connection_desc &cd = n.connections[k];
  const link_kind_desc &kind = n.link_kinds.at(cd.link_kind);
  const egress_stats &ab = l.a_to_b().stats(), &ba = l.b_to_a().stats();
  link_result r;
  r.name = cd.label;
  r.kind = cd.link_kind;
  r.network = kind.params.get_name("network");
  r.a = n.instances[cd.a_instance].path + ".port" + std::to_string(cd.a_port);
  r.b = n.instances[cd.b_instance].path + ".port" + std::to_string(cd.b_port);
  r.busy_a_to_b_ps = ab.busy_ps;
  r.busy_b_to_a_ps = ba.busy_ps;
  r.packets = ab.packets + ba.packets;
  r.data_rate_bps = l.timing().data_rate_bps;
  r.fixed_latency_ps = l.timing().fixed_latency_ps;
  r.insertion_loss_db = l.insertion_loss_db();
  r.loss_budget_db = l.phy_a().loss_budget_db();
  r.margin_db = l.margin_db();
  r.serdes_energy_per_bit_j = l.phy_a().energy_per_bit_j();
  r.degraded = l.over_budget();
  r.pre_fec_ber = l.budget().pre_fec_ber;
  r.codeword_error = l.budget().codeword_error;
  {
    const frame_error_draw &ea = top.nodes[cd.a_instance]->ingress(cd.a_port).frame_errors();
    const frame_error_draw &eb = top.nodes[cd.b_instance]->ingress(cd.b_port).frame_errors();
    const std::uint64_t frames = ea.frames() + eb.frames();
    r.frames_lost = ea.frames_lost() + eb.frames_lost();
    r.frame_loss = frames ? (ea.expected_lost() + eb.expected_lost()) / frames : 0.0;
  }
  r.retries = top.nodes[cd.a_instance]->ingress(cd.a_port).retries() +
              top.nodes[cd.b_instance]->ingress(cd.b_port).retries();
  r.credit_wait_ps = ab.credit_wait_ps + ba.credit_wait_ps;
  r.optical = optical_of(l, kind);
  return r;
}

// Lasers, cages over their power limit, and front-panel rack units of
// pluggable ports per switch (ports of one density share rack units).
optics_totals optics_of(const netlist &n, platform &top) {
  optics_totals o;
  std::map<std::size_t, std::map<long, long>> ports_by_node; // node -> ports_per_ru -> ports
  for (std::size_t k = 0; k < top.links.size(); ++k) {
    const fabric_link &l = *top.links[k];
    const connection_desc &cd = n.connections[k];
    o.laser_channels += l.laser_channels();
    if (l.optics_type() != "pluggable_module")
      continue;
    o.modules_over_cage_limit += l.budget().cage_over_limit ? 2 : 0;
    o.pluggable_modules += 2;
    const long per_ru = n.link_kinds.at(cd.link_kind).cage.get_int("ports_per_ru");
    ++ports_by_node[cd.a_instance][per_ru];
    ++ports_by_node[cd.b_instance][per_ru];
  }
  for (const auto &[node, by_density] : ports_by_node)
    for (const auto &[per_ru, ports] : by_density)
      if (is_switch(n.instances[node].type))
        o.switch_front_panel_ru += (ports + per_ru - 1) / per_ru;
  return o;
}

std::vector<routing_result> routing_of(platform &top) {
  std::vector<routing_result> out;
  for (const routing_check &rc : top.routing_checks())
    out.push_back({rc.network, rc.lossless_channels, rc.dependencies, rc.deadlock_free, rc.cycle});
  return out;
}

} // namespace

run_result collect_result(const netlist &n, platform &top, const scoreboard &board,
                          const collective_engine *coll, run_window window, time_ps end) {
  run_result r;
  r.platform_name = n.name;
  r.platform_file = n.file;
  r.seed = static_cast<std::uint64_t>(n.simulation.get_int("seed"));
  r.end_ps = end;
  r.window_start_ps = window.start_ps;
  r.window_end_ps = window.end_ps;
  r.traffic = traffic_of(n, board);
  r.latency = latency_of(board);
  collect_energy(top, end, r);
  for (std::size_t k = 0; k < top.links.size(); ++k)
    r.links.push_back(link_of(n, top, k));
  r.routing = routing_of(top);
  r.optics = optics_of(n, top);
  for (switch_asic *s : top.switches)
    r.switches.push_back({s->name(), s->peak_buffer_bytes()});
  if (coll)
    r.collective = coll->report();
  r.scoreboard.violations = board.violation_count();
  r.scoreboard.messages = board.violation_messages();
  return r;
}

} // namespace fabricvp
