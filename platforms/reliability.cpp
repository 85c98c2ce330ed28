#include "platforms/reliability.h"

#include "platforms/registry.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <set>

namespace fabricvp {

double fit_to_per_hour(double fit) { return fit * 1e-9; }

double group_outage_rate(int n, int s, double lambda_per_h, double mttr_h) {
  if (n <= s)
    return 0.0; // every unit is a spare: the group never runs short
  // C(n, s) (n - s) lambda^(s+1) r^s, in logs for large n.
  if (lambda_per_h <= 0.0)
    return 0.0;
  if (s == 0)
    return n * lambda_per_h;
  if (mttr_h <= 0.0)
    return 0.0;
  const double log_c = std::lgamma(n + 1.0) - std::lgamma(s + 1.0) - std::lgamma(n - s + 1.0);
  return std::exp(log_c + std::log(static_cast<double>(n - s)) + (s + 1) * std::log(lambda_per_h) +
                  s * std::log(mttr_h));
}

double series_mtbf(const std::vector<double> &rates_per_h) {
  double sum = 0.0;
  for (double r : rates_per_h)
    sum += r;
  return sum > 0.0 ? 1.0 / sum : std::numeric_limits<double>::infinity();
}

double availability_of(double mtbf_h, double mttr_h) {
  if (std::isinf(mtbf_h))
    return 1.0;
  return mtbf_h / (mtbf_h + mttr_h);
}

double poisson_probability(double mean, int k) {
  return std::exp(-mean + k * std::log(std::max(mean, 1e-300)) - std::lgamma(k + 1.0));
}

namespace {

// Wall clock to finish one segment of x hours of work: (e^(lambda x) - 1)(1/lambda + R).
double segment_wall_h(double x, double restart_h, double rate) {
  if (x <= 0.0)
    return 0.0;
  if (rate <= 0.0)
    return x;
  return std::expm1(rate * x) * (1.0 / rate + restart_h);
}

} // namespace

double expected_job_wall_h(double length_h, double checkpoint_h, double restart_h,
                           double rate_per_h) {
  const double k = std::floor(length_h / checkpoint_h + 1e-12);
  const double rest = std::max(0.0, length_h - k * checkpoint_h);
  return k * segment_wall_h(checkpoint_h, restart_h, rate_per_h) +
         segment_wall_h(rest, restart_h, rate_per_h);
}

job_simulation simulate_job(double length_h, double checkpoint_h, double restart_h,
                            double rate_per_h, long trials, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double k = std::floor(length_h / checkpoint_h + 1e-12);
  const double rest = std::max(0.0, length_h - k * checkpoint_h);
  double sum = 0, sum_sq = 0, interruptions = 0;
  for (long t = 0; t < trials; ++t) {
    double wall = 0;
    auto segment = [&](double x) {
      if (x <= 0)
        return;
      for (;;) {
        const double to_failure = rate_per_h > 0 ? -std::log1p(-unit(rng)) / rate_per_h
                                                 : std::numeric_limits<double>::infinity();
        if (to_failure >= x) {
          wall += x;
          return;
        }
        wall += to_failure + restart_h; // the work since the checkpoint is lost
        interruptions += 1;
      }
    };
    for (double s = 0; s < k; ++s)
      segment(checkpoint_h);
    segment(rest);
    sum += wall;
    sum_sq += wall * wall;
  }
  job_simulation out;
  const double n = static_cast<double>(trials);
  out.wall_mean_h = sum / n;
  const double var = trials > 1 ? std::max(0.0, (sum_sq - sum * sum / n) / (n - 1)) : 0.0;
  out.wall_stderr_h = std::sqrt(var / n);
  out.interruptions_mean = interruptions / n;
  return out;
}

namespace {

bool has_cable(const link_kind_desc &lk) {
  for (const auto &seg : lk.channel)
    if (seg.kind == "cable")
      return true;
  return false;
}

struct inventory_builder {
  const netlist &n;
  std::vector<unit_group> out;
  // Merges groups of the same shape.
  std::map<std::tuple<std::string, int, int, double>, std::size_t> index;

  void add(const std::string &cls, int size, int spares, double blast, double count = 1) {
    const auto key = std::make_tuple(cls, size, spares, blast);
    auto it = index.find(key);
    if (it == index.end()) {
      index.emplace(key, out.size());
      out.push_back({cls, count, size, spares, blast});
    } else {
      out[it->second].groups += count;
    }
  }

  int connected_ports(std::size_t inst) const {
    int c = 0;
    for (int k : n.instances[inst].connection_of_port)
      c += k >= 0;
    return c;
  }

  void build() {
    // Switches: scale-up when every connected link is lossless.
    for (std::size_t i = 0; i < n.instances.size(); ++i) {
      const instance_desc &d = n.instances[i];
      const int ports = connected_ports(i);
      if (!is_switch(d.type) || ports == 0)
        continue;
      bool lossy = false;
      for (int k : d.connection_of_port)
        if (k >= 0)
          lossy = lossy || n.link_kinds.at(n.connections[static_cast<std::size_t>(k)].link_kind)
                                   .params.get_choice("flow_control") == "lossy";
      add(lossy ? "switch" : "scaleup_switch", 1, 0, ports);
    }
    // Ports fed by a declared laser module.
    std::set<std::pair<std::size_t, int>> fed;
    for (const laser_module_desc &m : n.laser_modules) {
      for (const auto &p : m.ports)
        fed.insert(p);
      const double blast = static_cast<double>(m.ports.size());
      const bool integrated = m.laser.get_choice("placement") == "integrated";
      const int lasers = static_cast<int>(m.laser.get_int("fibres_per_module"));
      const int spare = static_cast<int>(m.params.get_int("spare_lasers"));
      if (integrated) {
        const double node_ports = m.ports.empty() ? blast : connected_ports(m.ports[0].first);
        add("laser_integrated", lasers, spare, node_ports);
      } else {
        add("laser", lasers, spare, blast);
        add("elsfp_module", 1, 0, blast);
      }
    }
    // Per node and link kind: lanes of CPO ends no declared module feeds.
    struct unfed {
      double lanes = 0, ports = 0;
      const link_kind_desc *kind = nullptr;
    };
    std::map<std::pair<std::size_t, std::string>, unfed> implied;
    for (const connection_desc &c : n.connections) {
      const link_kind_desc &lk = n.link_kinds.at(c.link_kind);
      const bool credit = lk.params.get_choice("flow_control") == "credit";
      const int lanes = static_cast<int>(lk.serdes.get_int("lanes"));
      const int spare_lanes = static_cast<int>(lk.params.get_int("spare_lanes"));
      for (auto [inst, port] : {std::pair{c.a_instance, c.a_port}, {c.b_instance, c.b_port}}) {
        if (is_endpoint(n.instances[inst].type))
          add(credit ? "scaleup_port" : "nic_port", 1, 0, 1);
        add("serdes_lane", lanes + spare_lanes, spare_lanes, 1);
        if (lk.optics_type == "optical_engine") {
          add("cpo_engine", 1, 0, connected_ports(inst));
          if (!fed.count({inst, port})) {
            unfed &u = implied[{inst, c.link_kind}];
            u.lanes += lanes;
            u.ports += 1;
            u.kind = &lk;
          }
        }
      }
      if (lk.optics_type.empty()) {
        if (has_cable(lk))
          add("copper_cable", 1, 0, 1);
      } else {
        if (lk.optics_type == "pluggable_module")
          add(lk.optics.get_choice("kind") == "linear" ? "pluggable_lpo" : "pluggable_dsp", 1, 0, 1,
              2);
        add("fiber_link", 1, 0, 1);
      }
    }
    for (const auto &[key, u] : implied) {
      const param_set &laser = u.kind->laser;
      const int lasers = static_cast<int>(laser.get_int("fibres_per_module"));
      const double per_module = static_cast<double>(lasers) * laser.get_int("lanes_per_fibre");
      if (laser.get_choice("placement") == "integrated") {
        const double channels = std::ceil(u.lanes / laser.get_int("lanes_per_fibre"));
        add("laser_integrated", 1, 0, connected_ports(key.first), channels);
        continue;
      }
      const double modules = std::ceil(u.lanes / per_module);
      const double blast = u.ports / modules;
      add("laser", lasers, 0, blast, modules);
      add("elsfp_module", 1, 0, blast, modules);
    }
  }
};

std::string source_of(const param_value &v) {
  if (!v.source.empty())
    return v.source;
  if (v.origin == "--set" || v.origin == "--job")
    return "set on the command line";
  if (v.origin == "platform")
    return "set at " + v.where.origin();
  return v.origin;
}

} // namespace

std::vector<unit_group> reliability_inventory(const netlist &n) {
  inventory_builder b{n, {}, {}};
  b.build();
  return b.out;
}

void check_reliability_job(const netlist &n) {
  const long endpoints = static_cast<long>(n.endpoints().size());
  const param_value &acc = n.reliability_job.value("accelerators");
  if (n.reliability_job.get_int("accelerators") > endpoints)
    throw input_error(acc.where.file.empty() ? source_location{n.file, 0} : acc.where,
                      "reliability.job.accelerators",
                      "the job spans " + acc.text + " accelerators but the platform has " +
                          std::to_string(endpoints));
  const param_value &cp = n.reliability_job.value("checkpoint_interval");
  const param_value &len = n.reliability_job.value("length");
  if (n.reliability_job.get("checkpoint_interval") > n.reliability_job.get("length")) {
    // Blame the one set last (the command line, then the platform file).
    const param_value *v = cp.origin == "--set" || cp.origin == "--job"     ? &cp
                           : len.origin == "--set" || len.origin == "--job" ? &len
                           : !cp.where.file.empty()                         ? &cp
                                                                            : &len;
    throw input_error(v->where.file.empty() ? source_location{n.file, 0} : v->where,
                      v == &cp ? "reliability.job.checkpoint_interval" : "reliability.job.length",
                      "checkpoint_interval " + cp.text + " is longer than the job (length " +
                          len.text + ")");
  }
}

reliability_result analyse_reliability(const netlist &n, bool monte_carlo) {
  check_reliability_job(n);
  reliability_result r;
  r.platform = n.name;
  r.file = n.file;
  r.accelerators = static_cast<long>(n.endpoints().size());
  r.links = static_cast<long>(n.connections.size());
  r.inventory = reliability_inventory(n);
  std::map<std::string, class_reliability> by_class;
  for (const auto &[name, p] : n.reliability_classes) {
    class_reliability c;
    c.name = name;
    c.fit = p.get("fit");
    c.mttr_h = p.get("mttr") / 3600.0;
    c.flaps_per_year = p.get("flaps_per_year");
    c.interrupts_job = p.get_flag("interrupts_job");
    c.fit_source = source_of(p.value("fit"));
    c.mttr_source = source_of(p.value("mttr"));
    by_class[name] = c;
  }
  double rate_mttr = 0.0; // sum of interrupting rate x MTTR
  for (const unit_group &g : r.inventory) {
    auto it = by_class.find(g.cls);
    if (it == by_class.end())
      throw input_error({n.file, 0}, "reliability." + g.cls,
                        "no reliability class '" + g.cls +
                            "' (presets/reliability.yaml defines the classes)");
    class_reliability &c = it->second;
    const param_set &p = n.reliability_classes.at(g.cls);
    const long cls_group = p.get_int("group_size");
    const int cls_spares = static_cast<int>(p.get_int("spares"));
    const double lambda = fit_to_per_hour(c.fit);
    const double units = g.groups * g.group_size;
    c.units += units;
    c.failures_per_day += units * lambda * 24.0;
    c.flaps_per_day += units * c.flaps_per_year / 365.25;
    double groups = g.groups, size = g.group_size;
    int spares = g.spares + cls_spares;
    if (cls_group > 0) { // the class regroups its units
      size = static_cast<double>(cls_group);
      groups = units / size;
      spares = cls_spares;
    }
    const double outages_h =
        groups * group_outage_rate(static_cast<int>(size), spares, lambda, c.mttr_h);
    c.outages_per_day += outages_h * 24.0;
    c.link_hours_lost_per_year += outages_h * hours_per_year * g.blast * c.mttr_h;
  }
  for (auto &[name, c] : by_class) {
    if (c.units == 0)
      continue;
    r.failures_per_year += c.failures_per_day * 365.25;
    r.outages_per_year += c.outages_per_day * 365.25;
    r.flaps_per_day += c.flaps_per_day;
    r.link_hours_lost_per_year += c.link_hours_lost_per_year;
    if (c.interrupts_job) {
      r.rate_per_h += c.outages_per_day / 24.0;
      rate_mttr += c.outages_per_day / 24.0 * c.mttr_h;
    }
    r.classes.push_back(c);
  }
  r.mtbf_h = series_mtbf({r.rate_per_h});
  r.mttr_h = r.rate_per_h > 0 ? rate_mttr / r.rate_per_h : 0.0;
  r.availability = availability_of(r.mtbf_h, r.mttr_h);

  job_reliability &j = r.job;
  const param_set &jp = n.reliability_job;
  j.accelerators = jp.get_int("accelerators") > 0 ? jp.get_int("accelerators") : r.accelerators;
  j.share = static_cast<double>(j.accelerators) / static_cast<double>(r.accelerators);
  j.rate_per_h = j.share * r.rate_per_h;
  j.mtbf_h = series_mtbf({j.rate_per_h});
  j.length_h = jp.get("length") / 3600.0;
  j.checkpoint_h = jp.get("checkpoint_interval") / 3600.0;
  j.restart_h = jp.get("restart") / 3600.0;
  j.expected_wall_h = expected_job_wall_h(j.length_h, j.checkpoint_h, j.restart_h, j.rate_per_h);
  // Interruptions happen only while computing (the model's failure clock
  // runs during work, not during restarts): rate x (wall - restarts) =
  // rate x (wall - N R), so N = rate x wall / (1 + rate x R).
  j.expected_interruptions = j.rate_per_h * j.expected_wall_h / (1.0 + j.rate_per_h * j.restart_h);
  j.p_no_interruption = poisson_probability(j.rate_per_h * j.length_h, 0);
  j.fraction_lost = 1.0 - j.length_h / j.expected_wall_h;
  j.trials = jp.get_int("trials");
  j.seed = static_cast<std::uint64_t>(jp.get_int("seed"));
  if (monte_carlo) {
    const job_simulation s =
        simulate_job(j.length_h, j.checkpoint_h, j.restart_h, j.rate_per_h, j.trials, j.seed);
    j.mc_wall_mean_h = s.wall_mean_h;
    j.mc_wall_stderr_h = s.wall_stderr_h;
    j.mc_interruptions_mean = s.interruptions_mean;
    j.mc_fraction_lost = 1.0 - j.length_h / s.wall_mean_h;
    j.mc_fraction_stderr = j.length_h * s.wall_stderr_h / (s.wall_mean_h * s.wall_mean_h);
  }
  return r;
}

} // namespace fabricvp
