// Parameters of a platform file's `simulation:` and `workload:` sections.
// They are declared here, next to the netlist schema, so that loading,
// `validate`, `list` and --set treat them exactly like component parameters.
#pragma once

#include "core/params.h"

namespace fabricvp {

const std::vector<param_spec> &simulation_param_specs();
const std::vector<param_spec> &workload_param_specs();
// A component class of the reliability model (platforms/reliability.h): its
// rates, repair time and redundancy; presets of this type in
// platforms/presets/reliability.yaml give each class its defaults.
const std::vector<param_spec> &reliability_class_specs();
// The training job the reliability model prices (`reliability: {job: ...}`,
// --job KEY=VALUE,...).
const std::vector<param_spec> &reliability_job_specs();
// A laser module (`lasers:` entry) beside its laser_source parameters.
const std::vector<param_spec> &laser_module_specs();
// A workload file's jobs and steps (testbench/workload_file.h).
const std::vector<param_spec> &workload_job_specs();
const std::vector<param_spec> &workload_step_specs();

} // namespace fabricvp
