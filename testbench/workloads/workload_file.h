// Workload files: the communication (and compute) of one or more jobs that
// share the fabric, so users can replay their own training or inference
// step. Each job has ranks (endpoints), iterations, and steps; a step is a
// collective on the job's ranks (or a subset, optionally split into
// communicator groups) or a compute gap, and starts, rank by rank, when the
// steps it comes `after` have finished on that rank (default: the step
// before it on that rank, the last earlier step the rank takes part in; a
// rank in none of the steps named by `after:` waits for nothing of the
// iteration). An iteration starts on a rank when the previous one has
// finished there.
//
//   fabricvp_workload: 1
//   jobs:
//     - name: train                  # required, unique
//       ranks: 0..63                 # endpoint ids "A..B", a list, or a glob
//                                    # on endpoint names ("rack0.*"); default all
//       iterations: 2
//       scale_up_network: scale_up   # job defaults for its collectives
//       scale_out_network: scale_out
//       steps:
//         - {name: fwd, compute: 40us}
//         - {name: tp_ar, op: all_reduce, size: 8MiB, groups: 8}   # 8 communicators
//         - {name: grads, op: all_reduce, algorithm: hierarchical, size: 64MiB,
//            after: [tp_ar]}
//         - {name: opt, compute: 5us, after: [grads]}
//
// Every problem is an input_error naming the file, line and path
// (jobs[0].steps[2].size).
// Leaves out: data dependencies between jobs, point-to-point send/recv steps,
// per-rank compute imbalance.
#pragma once

#include "core/params.h"
#include "platforms/elaborator.h"
#include "platforms/sections.h"
#include "testbench/workloads/fabric_view.h"
#include "testbench/workloads/schedule.h"

#include <string>
#include <vector>

namespace fabricvp {

struct workload_step {
  std::string name;
  source_location where;
  std::string path;                 // jobs[j].steps[k]
  param_set params;                 // workload_step_specs()
  std::vector<std::uint32_t> ranks; // indices into the job's ranks; empty: all
  std::vector<std::size_t> after;   // steps of the same job
  bool after_default = false;       // no `after:`: on each rank, the last earlier
                                    // step the rank takes part in
};

struct workload_job {
  std::string name;
  std::string path;                 // jobs[j]
  std::vector<std::uint32_t> ranks; // endpoint ids, rank order
  param_set params;                 // workload_job_specs()
  std::vector<workload_step> steps;
};

struct workload_plan {
  std::string file;
  std::vector<workload_job> jobs;
};

// Reads and checks a workload file against the platform's endpoints and
// networks (no elaboration needed: `validate` uses it too).
workload_plan load_workload_file(const std::string &file, const netlist &n);

// Compiles the plan into a schedule on a platform (elaborated, or its
// netlist and routing for `validate`).
schedule compile_workload(const workload_plan &plan, const fabric_view &p);

} // namespace fabricvp
