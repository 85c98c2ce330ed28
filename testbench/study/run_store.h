// Where a sweep keeps its results, all under its --out folder:
//   OUT/sweep.json                 the checked plan (study_plan.h)
//   OUT/points/K/point.json        point K: platform, axis values, overrides, seeds, hashes
//   OUT/points/K/repR/report.json  the run's JSON report (as `fabricvp run --report`)
//   OUT/points/K/repR/status.json  status (ok, failed, rejected, crashed), error,
//                                  seed, input hash, wall time
//   OUT/points/K/repR/run.log      what the run printed
// Files are written as every output is (traces/output_file.h: a temporary
// name beside the file, renamed when complete), so a killed sweep leaves
// whole files or none. A run is done when its status.json names the
// same input hash (and it did not crash). Leaves out: locking between two
// sweeps writing one folder at once.
#pragma once

#include "testbench/study/study_plan.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace fabricvp {

std::string point_folder(const std::string &out, std::size_t point);
std::string run_folder(const std::string &out, std::size_t point, int repetition);

// Writes `text` to `file` as an output_file (temporary file, rename);
// creates the folder. Throws input_error naming the file and the reason.
void write_file_atomically(const std::string &file, const std::string &text);

// The JSON in `file`, or nothing when it is missing or not JSON.
std::optional<nlohmann::json> read_json_file(const std::string &file);

// The run's status when it is recorded for these inputs (`hash`).
std::optional<nlohmann::json> recorded_status(const std::string &out, std::size_t point,
                                              int repetition, const std::string &hash);

// Makes OUT a sweep folder: refuses a folder that holds other files than a
// sweep's; writes every planned point's point.json and, for a whole plan
// (not one --point), OUT/sweep.json.
void prepare_out_folder(const std::string &out, const study_plan &plan, bool whole_plan);

// Runs repetition r of a point in this process (a fresh child: SystemC
// elaborates once) and records report and status; returns the exit code.
int execute_run(const study_plan &plan, const planned_point &p, int repetition,
                const std::string &out);

} // namespace fabricvp
