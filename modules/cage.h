// The front-panel cage a pluggable module sits in: form factor, density
// (ports per rack unit) and the power the cage can cool. A module whose
// max_power exceeds the cage limit is flagged by validate and the report
// (the box would need other airflow or derated ports); front-panel rack
// units of a box are its pluggable ports / ports_per_ru, rounded up.
// Leaves out: airflow and thermal models, belly-to-belly cages, breakouts.
#pragma once

#include "core/params.h"

namespace fabricvp {

struct cage {
  static const std::vector<param_spec> &param_specs();

  static bool over_limit(const param_set &cage_params, double module_power_w) {
    return module_power_w > cage_params.get("power_limit");
  }
  static long rack_units(const param_set &cage_params, long ports) {
    const long per_ru = cage_params.get_int("ports_per_ru");
    return (ports + per_ru - 1) / per_ru;
  }
};

} // namespace fabricvp
