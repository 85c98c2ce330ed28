// Collects a sweep folder's runs (wherever they ran: here, GNU parallel,
// Slurm) against its plan (OUT/sweep.json) and writes the tables:
//   results.csv   tidy, one row per run: point, repetition, seed, platform,
//                 each axis in SI with its unit in the header, each metric,
//                 status (ok, failed, rejected, crashed, missing), error
//   results.json  the same rows as JSON
//   summary.csv   per point: runs ok, and per metric the mean and the 95%
//                 confidence half-width over repetitions (Student t)
//   timing.csv    wall seconds per run, kept apart: the other three are
//                 byte-identical however and wherever the runs ran.
// A run recorded for other inputs (another hash) counts as missing.
// Leaves out: merging several sweep folders into one table.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace fabricvp {

struct collected_run {
  std::size_t point = 0, plan_index = 0; // plan_index: into plan["points"]
  int repetition = 0;
  long seed = 0;
  std::string status, error;
  std::vector<std::optional<double>> metrics; // as the plan lists them
  double wall_s = 0.0;
};

struct sweep_collection {
  nlohmann::json plan;
  std::vector<collected_run> runs;
  std::size_t ok = 0, missing = 0;
};

// Reads OUT/sweep.json and every run's status and report.
sweep_collection collect_sweep(const std::string &out);

// Writes results.csv, results.json, summary.csv and timing.csv into OUT.
void write_tables(const sweep_collection &c, const std::string &out);

// "path [unit]" for a numeric axis with a unit, else the path.
std::string axis_column(const nlohmann::json &axis);

} // namespace fabricvp
