#include "testbench/cli/reliability_command.h"

#include "core/errors.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace fabricvp {
namespace {

// JSON has no infinity: an MTBF with no failures is null.
nlohmann::json finite(double v) { return std::isfinite(v) ? nlohmann::json(v) : nullptr; }

std::string hours_text(double h) {
  char buf[64];
  if (!std::isfinite(h))
    return "never";
  if (h >= 48)
    std::snprintf(buf, sizeof buf, "%.2f d", h / 24);
  else if (h >= 1)
    std::snprintf(buf, sizeof buf, "%.2f h", h);
  else
    std::snprintf(buf, sizeof buf, "%.1f min", h * 60);
  return buf;
}

} // namespace

void apply_job_option(netlist &n, const std::string &text) {
  const source_location where{"--job", 0};
  std::stringstream in(text);
  std::string item;
  bool any = false;
  while (std::getline(in, item, ',')) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      throw input_error(where, item,
                        "expected KEY=VALUE[,KEY=VALUE...] (accelerators, length, "
                        "checkpoint_interval, restart, trials, seed)");
    const std::string key = item.substr(0, eq);
    if (!n.reliability_job.has_spec(key))
      throw input_error(where, "reliability.job." + key,
                        "the job has no parameter '" + key +
                            "' (accelerators, length, checkpoint_interval, restart, trials, seed)");
    apply_setting(n, "reliability.job." + key, item.substr(eq + 1), where, "--job");
    any = true;
  }
  if (!any)
    throw input_error(where, "", "empty; expected KEY=VALUE[,KEY=VALUE...]");
}

nlohmann::json reliability_json(const reliability_result &r) {
  nlohmann::json classes = nlohmann::json::array();
  for (const class_reliability &c : r.classes)
    classes.push_back({{"class", c.name},
                       {"units", c.units},
                       {"fit", c.fit},
                       {"fit_source", c.fit_source},
                       {"mttr_h", c.mttr_h},
                       {"mttr_source", c.mttr_source},
                       {"flaps_per_year_per_unit", c.flaps_per_year},
                       {"interrupts_job", c.interrupts_job},
                       {"failures_per_day", c.failures_per_day},
                       {"outages_per_day", c.outages_per_day},
                       {"flaps_per_day", c.flaps_per_day},
                       {"link_hours_lost_per_year", c.link_hours_lost_per_year}});
  nlohmann::json inventory = nlohmann::json::array();
  for (const unit_group &g : r.inventory)
    inventory.push_back({{"class", g.cls},
                         {"groups", g.groups},
                         {"group_size", g.group_size},
                         {"spares", g.spares},
                         {"links_down_per_outage", g.blast}});
  const job_reliability &j = r.job;
  return {{"fabricvp_reliability", 1},
          {"platform", r.platform},
          {"file", r.file},
          {"accelerators", r.accelerators},
          {"links", r.links},
          {"classes", classes},
          {"inventory", inventory},
          {"fabric",
           {{"failures_per_year", r.failures_per_year},
            {"outages_per_year", r.outages_per_year},
            {"flaps_per_day", r.flaps_per_day},
            {"link_hours_lost_per_year", r.link_hours_lost_per_year},
            {"interruptions_per_day", r.rate_per_h * 24},
            {"mtbf_h", finite(r.mtbf_h)},
            {"mttr_h", r.mttr_h},
            {"availability", r.availability}}},
          {"job",
           {{"accelerators", j.accelerators},
            {"share", j.share},
            {"length_h", j.length_h},
            {"checkpoint_interval_h", j.checkpoint_h},
            {"restart_h", j.restart_h},
            {"interruptions_per_day", j.rate_per_h * 24},
            {"mtbf_h", finite(j.mtbf_h)},
            {"p_no_interruption", j.p_no_interruption},
            {"expected_interruptions", j.expected_interruptions},
            {"expected_wall_clock_h", j.expected_wall_h},
            {"fraction_lost", j.fraction_lost},
            {"monte_carlo",
             {{"trials", j.trials},
              {"seed", j.seed},
              {"wall_clock_mean_h", j.mc_wall_mean_h},
              {"wall_clock_stderr_h", j.mc_wall_stderr_h},
              {"interruptions_mean", j.mc_interruptions_mean},
              {"fraction_lost", j.mc_fraction_lost},
              {"fraction_lost_stderr", j.mc_fraction_stderr}}}}}};
}

std::string reliability_summary(const reliability_result &r) {
  std::ostringstream o;
  char buf[512];
  o << "fabricvp reliability: " << r.platform << " (" << r.file << "), " << r.accelerators
    << " accelerators, " << r.links << " links\n";
  std::snprintf(buf, sizeof buf, "  %-17s %10s %8s %8s %12s %12s %10s %14s\n", "class", "units",
                "FIT", "MTTR_h", "failures/d", "outages/d", "flaps/d", "link-h lost/y");
  o << buf;
  for (const class_reliability &c : r.classes) {
    std::snprintf(buf, sizeof buf, "  %-17s %10.0f %8.4g %8.3g %12.4g %12.4g %10.4g %14.4g%s\n",
                  c.name.c_str(), c.units, c.fit, c.mttr_h, c.failures_per_day, c.outages_per_day,
                  c.flaps_per_day, c.link_hours_lost_per_year,
                  c.interrupts_job ? "" : "  (does not interrupt jobs)");
    o << buf;
  }
  std::snprintf(buf, sizeof buf,
                "  fabric           %.4g failures/year, %.4g outages/year, %.4g link flaps/day, "
                "%.4g link-hours lost/year\n",
                r.failures_per_year, r.outages_per_year, r.flaps_per_day,
                r.link_hours_lost_per_year);
  o << buf;
  std::snprintf(buf, sizeof buf,
                "                   MTBF %s, MTTR %s (rate-weighted), availability %.6f\n",
                hours_text(r.mtbf_h).c_str(), hours_text(r.mttr_h).c_str(), r.availability);
  o << buf;
  const job_reliability &j = r.job;
  std::snprintf(buf, sizeof buf,
                "  job              %ld accelerators, %s of compute, checkpoint every %s, restart "
                "%s\n",
                j.accelerators, hours_text(j.length_h).c_str(), hours_text(j.checkpoint_h).c_str(),
                hours_text(j.restart_h).c_str());
  o << buf;
  std::snprintf(buf, sizeof buf,
                "                   MTBF %s, %.4g interruptions expected, P(none) %.4g\n",
                hours_text(j.mtbf_h).c_str(), j.expected_interruptions, j.p_no_interruption);
  o << buf;
  std::snprintf(buf, sizeof buf,
                "                   run lost %.4f%% (closed form; wall clock %s), Monte Carlo "
                "%.4f%% +- %.4f%% (%ld trials, seed %llu)\n",
                j.fraction_lost * 100, hours_text(j.expected_wall_h).c_str(),
                j.mc_fraction_lost * 100, j.mc_fraction_stderr * 100, j.trials,
                static_cast<unsigned long long>(j.seed));
  o << buf;
  return o.str();
}

void reliability_columns(const netlist &n, nlohmann::json &row) {
  const reliability_result r = analyse_reliability(n, false);
  row["failures_per_year"] = r.failures_per_year;
  row["link_flaps_per_day"] = r.flaps_per_day;
  row["link_hours_lost_per_year"] = r.link_hours_lost_per_year;
  row["fabric_mtbf_h"] = finite(r.mtbf_h);
  row["fabric_availability"] = r.availability;
  row["training_time_lost_pct"] = r.job.fraction_lost * 100;
  char job[160];
  std::snprintf(job, sizeof job, "%ld acc, %.0f d, ckpt %.3g h, restart %.3g min",
                r.job.accelerators, r.job.length_h / 24, r.job.checkpoint_h, r.job.restart_h * 60);
  row["reliability_job"] = job;
}

} // namespace fabricvp
