#include "testbench/simulation.h"

#include "testbench/collective.h"
#include "testbench/workload_file.h"
#include "traces/power_log.h"
#include "traces/vcd_writer.h"

#include <fnmatch.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

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

std::string now_text() {
  std::time_t t = std::time(nullptr);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&t));
  return buf;
}

double round_to(double v, double quantum) { return std::round(v / quantum) * quantum; }

// The optical part of one link's report entry (null for electrical links).
nlohmann::json optical_report(const fabric_link &l, const link_kind_desc &lk) {
  const link_budget &b = l.budget();
  if (!b.optical)
    return nullptr;
  return {{"type", l.optics_type()},
          {"preset", lk.optics_preset},
          {"launch_dbm", round_to(b.launch_dbm, 1e-9)},
          {"loss_db", round_to(b.optical_loss_db, 1e-9)},
          {"penalty_db", b.penalty_db},
          {"sensitivity_dbm", b.sensitivity_dbm},
          {"margin_db", round_to(b.optical_margin_db, 1e-9)},
          {"pre_fec_ber", b.pre_fec_ber},
          {"post_fec_fer", b.codeword_error},
          {"laser_channels", l.laser_channels()},
          {"cage_over_limit", b.cage_over_limit}};
}

// Lasers, cages over their power limit, and front-panel rack units of
// pluggable ports per box.
nlohmann::json optics_summary(platform &top, const netlist &n) {
  long lasers = 0, over = 0, pluggable_ends = 0, ru = 0;
  std::map<std::size_t, std::map<long, long>> ports_by_node; // node -> ports_per_ru -> ports
  for (std::size_t k = 0; k < top.links.size(); ++k) {
    const fabric_link &l = *top.links[k];
    const connection_desc &cd = n.connections[k];
    lasers += l.laser_channels();
    if (l.optics_type() != "pluggable_module")
      continue;
    over += l.budget().cage_over_limit ? 2 : 0;
    pluggable_ends += 2;
    const long per_ru = n.link_kinds.at(cd.link_kind).cage.get_int("ports_per_ru");
    ++ports_by_node[cd.a_instance][per_ru];
    ++ports_by_node[cd.b_instance][per_ru];
  }
  for (const auto &[node, by_density] : ports_by_node)
    for (const auto &[per_ru, ports] : by_density)
      if (n.instances[node].type == "switch_asic")
        ru += (ports + per_ru - 1) / per_ru;
  return {{"laser_channels", lasers},
          {"pluggable_modules", pluggable_ends},
          {"modules_over_cage_limit", over},
          {"switch_front_panel_ru", ru}};
}

} // namespace

netlist prepare_netlist(const run_options &o) {
  preset_catalog presets;
  presets.load_folder(platforms_folder() + "/presets");
  netlist n = load_netlist(o.platform_file, presets);
  for (const auto &s : o.overrides)
    apply_override(n, s);
  if (o.seed)
    apply_override(n, "simulation.seed=" + std::to_string(*o.seed));
  if (o.duration)
    apply_override(n, "simulation.duration=" + *o.duration);
  if (!o.workload_file.empty()) {
    n.workload_file = o.workload_file;
    n.workload_file_where = {"--workload", 0};
  }
  check_netlist(n);
  if (!n.workload_file.empty())
    load_workload_file(n.workload_file, n); // checks it now, before any elaboration
  return n;
}

namespace {
// CPU seconds of the whole process (every thread) and of the calling thread.
double process_cpu_s() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}
double thread_cpu_s() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}
} // namespace

run_outcome run_simulation(const netlist &n, const run_options &o) {
  const auto wall_start = std::chrono::steady_clock::now();
  const double cpu_start_s = process_cpu_s(), thread_cpu_start_s = thread_cpu_s();
  const time_ps duration = seconds_to_ps(n.simulation.get("duration"));
  const time_ps warmup = seconds_to_ps(n.simulation.get("warmup"));
  const std::uint64_t seed = static_cast<std::uint64_t>(n.simulation.get_int("seed"));

  platform top(module_name_for(n.name).c_str(), n);
  for (const std::string &w : enforce_deadlock_check(n, top.routing_checks()))
    std::cerr << n.file << ": " << w << "\n";
  // Every endpoint pair that traffic may use must be connected.
  if (n.workload.get_choice("pattern") != "none") {
    for (std::uint32_t s = 0; s < top.endpoints.size(); ++s)
      for (std::uint32_t d = 0; d < top.endpoints.size(); ++d)
        if (s != d && top.path_hops(s, d) < 0)
          throw input_error({n.file, 0}, "connections",
                            "endpoint " + std::string(top.endpoints[s]->name()) + " cannot reach " +
                                top.endpoints[d]->name() +
                                " (no path through switches or forwarding endpoints)");
  }
  packet_pool pool;
  const bool adaptive = [&] {
    for (const auto &inst : n.instances)
      if (inst.type == "switch_asic" && inst.params.get_choice("port_selection") == "least_loaded")
        return true;
    return false;
  }();
  // A collective or workload file runs to completion: its statistics window
  // is the whole run (duration and warmup bound generated traffic only).
  const bool runs_to_completion = !n.workload_file.empty() || collective_engine::is_collective(
                                                                  n.workload.get_choice("pattern"));
  const time_ps window_start = runs_to_completion ? 0 : warmup;
  const time_ps window_end = runs_to_completion ? ~time_ps(0) / 2 : duration;
  scoreboard board(pool, top.endpoints.size(), window_start, window_end, adaptive);
  top.set_observer(&board);
  // A workload file or a collective pattern replaces the generator (which
  // then has no sources).
  const bool from_file = !n.workload_file.empty();
  param_set generator_settings = n.workload;
  if (from_file)
    generator_settings.set("pattern", "none", "workload.file", n.workload_file_where);
  traffic_generator gen("traffic", top, generator_settings, seed, pool, board);
  std::unique_ptr<collective_engine> coll;
  if (from_file)
    coll = std::make_unique<collective_engine>(
        top, compile_workload(load_workload_file(n.workload_file, n), platform_view(top)),
        static_cast<std::uint32_t>(n.workload.get("size")), pool, board);
  else if (collective_engine::is_collective(n.workload.get_choice("pattern")))
    coll = std::make_unique<collective_engine>(
        top, collective_engine::schedule_from_workload(platform_view(top), n.workload),
        static_cast<std::uint32_t>(n.workload.get("size")), pool, board);

  std::unique_ptr<vcd_writer> vcd;
  std::unique_ptr<power_log> plog;
  timeline tl; // after its listener (vcd): destroyed before it
  tl.now_hint_ = [] { return now_ps(); };
  std::vector<power_model *> power_models;
  top.collect_power(power_models);
  if (!o.vcd_file.empty()) {
    std::vector<signal_track *> signals;
    top.collect_signals(signals);
    for (auto *s : signals) {
      bool wanted = o.trace_patterns.empty();
      for (const auto &pat : o.trace_patterns)
        wanted = wanted || fnmatch(pat.c_str(), s->path().c_str(), 0) == 0;
      if (wanted)
        tl.record(*s);
    }
    vcd = std::make_unique<vcd_writer>(o.vcd_file, now_text());
    tl.add_listener(vcd.get());
  }
  if (!o.power_log_file.empty())
    plog = std::make_unique<power_log>(power_models,
                                       seconds_to_ps(n.simulation.get("power_log_interval")),
                                       o.power_log_per_element);
  if (vcd) {
    const std::string thread = n.simulation.get_choice("trace_thread");
    tl.set_worker_thread(thread == "on" ||
                         (thread == "auto" && std::thread::hardware_concurrency() >= 2));
    tl.start();
  }

  run_outcome out;
  try {
    if (coll) // runs until the collective completes and the fabric is idle
      sc_core::sc_start();
    else
      sc_core::sc_start(ps_time(duration));
    gen.stop();
    if (!coll && n.simulation.get_flag("drain") && board.in_flight() > 0)
      sc_core::sc_start(ps_time(seconds_to_ps(n.simulation.get("drain_limit"))),
                        sc_core::SC_EXIT_ON_STARVATION);
    // Drained: the run ends when the last credits are home, not at the last delivery.
    if ((coll || n.simulation.get_flag("drain")) && board.in_flight() == 0 &&
        top.credits_home_ps() > now_ps())
      sc_core::sc_start(ps_time(top.credits_home_ps() - now_ps()));
  } catch (const sc_core::sc_report &r) {
    out.exit_code = 1;
    out.failure = std::string("SystemC error: ") + r.what();
  }
  const time_ps end = now_ps();
  if (vcd)
    tl.finish(end);
  if (plog)
    plog->write(o.power_log_file, end);

  // Where are packets still in flight? Queued at a port, or nowhere (lost).
  std::uint64_t queued = 0;
  for (auto *node : top.nodes)
    for (int i = 0; i < node->port_count(); ++i)
      if (node->port_created(i))
        queued += node->egress(i).waiting();
  const bool drained = n.simulation.get_flag("drain") || coll;
  const bool idle = !sc_core::sc_pending_activity();
  if (drained && idle)
    board.check_drained(queued);

  // ---- report ----
  using nlohmann::json;
  const double sim_s = static_cast<double>(end) * 1e-12;
  const time_ps window_last = runs_to_completion ? end : window_end;
  const double window_s = static_cast<double>(window_last - window_start) * 1e-12;
  const traffic_counts &c = board.counts();
  json r;
  r["fabricvp_report"] = 1;
  r["platform"] = {{"name", n.name}, {"file", n.file}};
  r["seed"] = seed;
  r["sim_time_s"] = sim_s;
  r["window_s"] = {{"start", window_start * 1e-12}, {"end", window_last * 1e-12}};
  json drops = json::object();
  for (const auto &[reason, count] : c.drops_by_reason)
    drops[reason] = count;
  r["traffic"] = {{"packets_injected", c.injected},
                  {"packets_delivered", c.delivered},
                  {"packets_dropped", c.dropped},
                  {"packets_in_flight", board.in_flight()},
                  {"bytes_injected", c.bytes_injected},
                  {"bytes_delivered", c.bytes_delivered},
                  {"drops_by_reason", drops},
                  {"pattern", n.workload_file.empty() ? n.workload.get_choice("pattern")
                                                      : std::string("workload_file")},
                  {"workload_file", n.workload_file},
                  {"arrival", n.workload.get_choice("arrival")},
                  {"offered_load", n.workload.get("load")}};
  const latency_histogram &lat = board.latency();
  r["latency_ns"] = {{"samples", lat.count()},
                     {"mean", round_to(lat.mean() / 1e3, 1e-6)},
                     {"p50", round_to(lat.percentile(0.5) / 1e3, 1e-6)},
                     {"p99", round_to(lat.percentile(0.99) / 1e3, 1e-6)},
                     {"min", lat.min() / 1e3},
                     {"max", lat.max() / 1e3}};
  r["throughput_gbps"] = window_s > 0 ? board.window_bytes() * 8.0 / window_s / 1e9 : 0.0;

  // Average power by class, and its split into the static part (what the
  // class draws idle: lasers, ring tuning, trained SerDes) and the part that
  // follows traffic.
  std::map<std::string, double> energy_by_class, static_j_by_class;
  double energy = 0.0;
  for (auto *pm : power_models) {
    const double e = pm->energy_j(end);
    energy_by_class[pm->power_class_name()] += e;
    static_j_by_class[pm->power_class_name()] += pm->static_energy_j(end);
    energy += e;
  }
  json by_class_w = json::object(), by_class_j = json::object();
  json static_w = json::object(), dynamic_w = json::object();
  for (const auto &[cls, e] : energy_by_class) {
    by_class_w[cls] = sim_s > 0 ? e / sim_s : 0.0;
    by_class_j[cls] = e;
    static_w[cls] = sim_s > 0 ? static_j_by_class[cls] / sim_s : 0.0;
    dynamic_w[cls] = sim_s > 0 ? (e - static_j_by_class[cls]) / sim_s : 0.0;
  }
  const double bits_delivered = c.bytes_delivered * 8.0;
  r["power"] = {{"total_w", sim_s > 0 ? energy / sim_s : 0.0},
                {"by_class", by_class_w},
                {"idle_w_by_class", static_w},
                {"traffic_w_by_class", dynamic_w},
                {"energy_j", energy},
                {"energy_by_class_j", by_class_j},
                {"energy_pj_per_bit", bits_delivered > 0 ? energy / bits_delivered * 1e12 : 0.0}};

  json links = json::array();
  for (std::size_t k = 0; k < top.links.size(); ++k) {
    fabric_link &l = *top.links[k];
    const connection_desc &cd = n.connections[k];
    const double u_ab = sim_s > 0 ? l.a_to_b().stats().busy_ps * 1e-12 / sim_s : 0.0;
    const double u_ba = sim_s > 0 ? l.b_to_a().stats().busy_ps * 1e-12 / sim_s : 0.0;
    links.push_back(
        {{"name", cd.label},
         {"kind", cd.link_kind},
         {"network", n.link_kinds.at(cd.link_kind).params.get_name("network")},
         {"a", n.instances[cd.a_instance].path + ".port" + std::to_string(cd.a_port)},
         {"b", n.instances[cd.b_instance].path + ".port" + std::to_string(cd.b_port)},
         {"utilisation", std::max(u_ab, u_ba)},
         {"utilisation_a_to_b", u_ab},
         {"utilisation_b_to_a", u_ba},
         {"packets", l.a_to_b().stats().packets + l.b_to_a().stats().packets},
         {"data_rate_gbps", l.timing().data_rate_bps / 1e9},
         {"latency_ns", l.timing().fixed_latency_ps / 1e3},
         {"insertion_loss_db", round_to(l.insertion_loss_db(), 1e-9)},
         {"loss_budget_db", l.phy_a().loss_budget_db()},
         {"margin_db", round_to(l.margin_db(), 1e-9)},
         {"serdes_pj_per_bit", l.phy_a().energy_per_bit_j() * 1e12},
         {"status", l.over_budget() ? "degraded" : "up"},
         {"retries", top.nodes[cd.a_instance]->ingress(cd.a_port).retries() +
                         top.nodes[cd.b_instance]->ingress(cd.b_port).retries()},
         {"credit_wait_ns",
          (l.a_to_b().stats().credit_wait_ps + l.b_to_a().stats().credit_wait_ps) / 1e3}});
    links.back()["optical"] = optical_report(l, n.link_kinds.at(cd.link_kind));
  }
  r["links"] = links;
  json routing_networks = json::array();
  for (const routing_check &rc : top.routing_checks())
    routing_networks.push_back({{"network", rc.network},
                                {"lossless_channels", rc.lossless_channels},
                                {"channel_dependencies", rc.dependencies},
                                {"deadlock_free", rc.deadlock_free},
                                {"cycle", rc.cycle}});
  r["routing"] = routing_networks;
  r["optics"] = optics_summary(top, n);
  json switches = json::array();
  for (auto *s : top.switches)
    switches.push_back({{"name", s->name()}, {"peak_buffer_bytes", s->peak_buffer_bytes()}});
  r["switches"] = switches;
  if (coll) {
    r["collective"] = coll->report();
    if (!coll->complete() && out.exit_code == 0)
      board.add_violation("collective did not complete");
  }
  json messages = json::array();
  for (const auto &m : board.violation_messages())
    messages.push_back(m);
  r["scoreboard"] = {{"violations", board.violation_count()}, {"messages", messages}};

  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  r["perf"] = {{"wall_s", wall_s},
               {"cpu_s", process_cpu_s() - cpu_start_s},
               {"simulation_thread_cpu_s", thread_cpu_s() - thread_cpu_start_s},
               {"packet_hops", board.hops()},
               {"packet_hops_per_s", wall_s > 0 ? board.hops() / wall_s : 0.0},
               {"vcd_value_changes", vcd ? vcd->value_changes() : 0},
               {"trace_thread", vcd && tl.worker_thread()}};

  if (vcd) {
    const std::string gtkw =
        o.gtkw_file.empty() ? o.vcd_file.substr(0, o.vcd_file.rfind('.')) + ".gtkw" : o.gtkw_file;
    vcd->write_gtkw(gtkw, end);
    vcd.reset();
  }
  if (board.violation_count() > 0 && out.exit_code == 0) {
    out.exit_code = 1;
    out.failure = "scoreboard: " + std::to_string(board.violation_count()) +
                  " violation(s); first: " + board.violation_messages().front();
  }
  out.report = r;
  return out;
}

std::string stable_report_text(const nlohmann::json &report) {
  nlohmann::json copy = report;
  copy.erase("perf");
  return copy.dump(2);
}

std::string summarize(const nlohmann::json &r) {
  std::ostringstream os;
  os.setf(std::ios::fixed);
  os.precision(3);
  const auto &t = r["traffic"];
  const auto &l = r["latency_ns"];
  const auto &p = r["power"];
  os << "fabricvp run: " << r["platform"]["name"].get<std::string>() << " ("
     << r["platform"]["file"].get<std::string>() << "), seed " << r["seed"] << "\n";
  os << "  simulated        " << r["sim_time_s"].get<double>() * 1e6 << " us\n";
  os << "  packets          injected " << t["packets_injected"] << ", delivered "
     << t["packets_delivered"] << ", dropped " << t["packets_dropped"] << ", in flight "
     << t["packets_in_flight"] << "\n";
  os << "  latency          mean " << l["mean"].get<double>() << " ns, p50 "
     << l["p50"].get<double>() << " ns, p99 " << l["p99"].get<double>() << " ns, max "
     << l["max"].get<double>() << " ns\n";
  os << "  throughput       " << r["throughput_gbps"].get<double>() << " Gb/s delivered\n";
  os << "  power            " << p["total_w"].get<double>() << " W average, "
     << p["energy_pj_per_bit"].get<double>() << " pJ/bit delivered\n";
  for (auto it = p["by_class"].begin(); it != p["by_class"].end(); ++it)
    os << "    " << it.key() << std::string(16 - std::min<std::size_t>(15, it.key().size()), ' ')
       << it.value().get<double>() << " W\n";
  double worst_margin = 1e9, busiest = 0;
  std::string worst_link, busiest_link;
  for (const auto &link : r["links"]) {
    if (link["margin_db"].get<double>() < worst_margin) {
      worst_margin = link["margin_db"].get<double>();
      worst_link = link["name"].get<std::string>();
    }
    if (link["utilisation"].get<double>() > busiest) {
      busiest = link["utilisation"].get<double>();
      busiest_link = link["name"].get<std::string>();
    }
  }
  os << "  links            " << r["links"].size() << "; worst margin " << worst_margin << " dB ("
     << worst_link << "); busiest " << busiest * 100 << "% (" << busiest_link << ")\n";
  if (r.contains("collective")) {
    const auto &ops = r["collective"]["operations"];
    std::size_t shown = 0;
    for (const auto &op : ops) {
      if (op["kind"] == "compute")
        continue;
      if (++shown > 8) {
        os << "  ...              " << ops.size() << " operations in all (see the report)\n";
        break;
      }
      const auto &tb = op["time_breakdown_s"];
      os << "  collective       "
         << (op["job"].get<std::string>().empty() ? "" : op["job"].get<std::string>() + "/")
         << op["name"].get<std::string>() << ": " << op["kind"].get<std::string>() << " "
         << op["algorithm"].get<std::string>() << ", " << op["ranks"] << " ranks, "
         << op["message_bytes"].get<double>() / 1024.0
         << " KiB: " << op["time_s"].get<double>() * 1e6 << " us, algbw "
         << op["algbw_gbps"].get<double>() << " Gb/s, busbw " << op["busbw_gbps"].get<double>()
         << " Gb/s, " << op["energy_j"].get<double>() * 1e3 << " mJ ("
         << op["pj_per_bit_moved"].get<double>() << " pJ/bit moved; own traffic "
         << op["traffic_energy_j"].get<double>() * 1e3 << " mJ)"
         << (op["complete"].get<bool>() ? "" : " (INCOMPLETE)") << "\n"
         << "                   time: serialization " << tb["serialization"].get<double>() * 1e6
         << " us, queueing " << tb["queueing"].get<double>() * 1e6 << " us, fixed latency "
         << tb["fixed_latency"].get<double>() * 1e6 << " us, compute "
         << tb["compute"].get<double>() * 1e6 << " us\n";
    }
  }
  os << "  scoreboard       " << r["scoreboard"]["violations"] << " violation(s)\n";
  os << "  wall time        " << r["perf"]["wall_s"].get<double>() << " s ("
     << r["perf"]["cpu_s"].get<double>() << " s CPU), "
     << r["perf"]["packet_hops_per_s"].get<double>() / 1e6 << " M packet-hops/s\n";
  return os.str();
}

} // namespace fabricvp
