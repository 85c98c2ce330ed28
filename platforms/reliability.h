// Reliability of a platform from its netlist, no packets: component classes
// with failure rates (FIT), repair times (MTTR), flap rates and redundancy
// (platforms/presets/reliability.yaml, the platform's `reliability:`,
// --set reliability.CLASS.PARAM), counted from the platform's own parts:
//   switch / scaleup_switch  each switch instance (scale-up: all its links lossless)
//   nic_port / scaleup_port  each accelerator port on a lossy / lossless link
//   serdes_lane              each lane at each link end (+ the link's spare_lanes)
//   copper_cable             each electrical link with a `cable` segment
//   pluggable_dsp / _lpo     two modules per pluggable link
//   cpo_engine               one port's share of an engine at each CPO link end
//   laser, elsfp_module      the lasers and the module of each laser module
//                            (`lasers:`, or implied: ceil(lanes / (fibres x
//                            lanes per fibre)) per node for ports no module
//                            is declared to feed); laser_integrated when the
//                            link's laser is integrated
//   fiber_link               each optical link's fibre and connectors
// Units form redundancy groups of n units of which s may be down at once; a
// group's outage rate with independent repair (lambda r << 1) is
//   lambda_g = C(n, s) (n - s) lambda^(s+1) r^s      (s = 0: n lambda)
// and an outage takes down `blast` links for the class's MTTR (a switch:
// its connected links; a CPO engine or integrated laser: its whole switch,
// replaced; a laser module: the ports it feeds; others: their link).
// Fabric: series system of every interrupting class: MTBF = 1 / sum of
// rates, MTTR = rate-weighted mean, availability = MTBF / (MTBF + MTTR).
// A job on N of the M accelerators depends on N / M of every class
// (assumption: it spreads evenly), rate lambda_j = (N / M) sum lambda.
// Training job of compute length T, checkpoints every tau, restart R:
// segment of length x takes E = (e^(lambda x) - 1)(1 / lambda + R) of wall
// clock (failures Poisson, work since the checkpoint lost), so
//   E[W] = K E(tau) + E(T - K tau),  K = floor(T / tau),
//   fraction of the run lost = 1 - T / E[W],
// checked by a seeded Monte Carlo of the same job (mt19937_64).
// The inventory (units, groups, blast radius, the ports each laser module
// darkens) is the part a timed fault model can draw events from.
// Leaves out: correlated failures (a PDU, a row), infant mortality and
// wear-out (constant rates), repair crews as a queue, flaps as interruptions.
#pragma once

#include "platforms/netlist.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fabricvp {

constexpr double hours_per_year = 8766.0;

// Units of one class that share a group shape and a blast radius.
struct unit_group {
  std::string cls;
  double groups = 0;  // how many such groups
  int group_size = 1; // units per group (n)
  int spares = 0;     // units that may be down at once without an outage (s)
  double blast = 1;   // links down per outage
};

struct class_reliability {
  std::string name, description;
  double units = 0;
  double fit = 0, mttr_h = 0, flaps_per_year = 0;
  bool interrupts_job = true;
  std::string fit_source, mttr_source; // preset source, or where it was set
  double failures_per_day = 0;         // units x lambda (every unit failure)
  double outages_per_day = 0;          // group outages (after redundancy)
  double flaps_per_day = 0;
  double link_hours_lost_per_year = 0; // outages x blast x MTTR
};

struct job_reliability {
  long accelerators = 0;
  double share = 1;      // accelerators / platform endpoints
  double rate_per_h = 0; // interruptions per hour of wall clock
  double mtbf_h = 0;     // 1 / rate (inf: 0 rate)
  double length_h = 0, checkpoint_h = 0, restart_h = 0;
  double expected_interruptions = 0; // rate x expected wall clock
  double p_no_interruption = 0;      // over the compute length
  double expected_wall_h = 0;
  double fraction_lost = 0; // 1 - length / expected wall clock
  // Monte Carlo
  long trials = 0;
  std::uint64_t seed = 0;
  double mc_wall_mean_h = 0, mc_wall_stderr_h = 0, mc_interruptions_mean = 0;
  double mc_fraction_lost = 0, mc_fraction_stderr = 0;
};

struct reliability_result {
  std::string platform, file;
  long accelerators = 0, links = 0;
  std::vector<class_reliability> classes;
  std::vector<unit_group> inventory;
  double failures_per_year = 0, outages_per_year = 0, flaps_per_day = 0;
  double link_hours_lost_per_year = 0;
  double rate_per_h = 0; // interrupting outages of the whole fabric
  double mtbf_h = 0, mttr_h = 0, availability = 1;
  job_reliability job;
};

// The units of every class in the platform (no rates).
std::vector<unit_group> reliability_inventory(const netlist &n);
// The whole analysis; the Monte Carlo only when `monte_carlo`.
reliability_result analyse_reliability(const netlist &n, bool monte_carlo = true);
// Checks the job against the platform (accelerators <= endpoints, ...):
// input_error naming where it was set.
void check_reliability_job(const netlist &n);

// Closed forms (exposed for tests).
double fit_to_per_hour(double fit);
double group_outage_rate(int n, int s, double lambda_per_h, double mttr_h);
double series_mtbf(const std::vector<double> &rates_per_h);
double availability_of(double mtbf_h, double mttr_h);
double poisson_probability(double mean, int k);
double expected_job_wall_h(double length_h, double checkpoint_h, double restart_h,
                           double rate_per_h);
struct job_simulation {
  double wall_mean_h = 0, wall_stderr_h = 0, interruptions_mean = 0;
};
job_simulation simulate_job(double length_h, double checkpoint_h, double restart_h,
                            double rate_per_h, long trials, std::uint64_t seed);

} // namespace fabricvp
