// Power log: a CSV time series of energy and average power per interval, by
// power class (and optionally per element), plus totals over the run. It
// reads the exact integrals of the elements' power tracks at each interval
// boundary, so its totals equal the analytic energy of the power models.
// Columns: t_start_s,t_end_s,level,name,power_w,energy_j
//   level = class | element | total_class | total
#pragma once

#include "core/power.h"

#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace fabricvp {

class power_log {
public:
  power_log(const std::string &path, std::vector<power_model *> models, bool per_element);
  ~power_log();
  // Registers the tracks with the timeline and its interval boundaries.
  void attach(timeline &tl, time_ps interval);
  void write_totals(time_ps end);

private:
  void boundary(time_ps t);
  std::FILE *file_ = nullptr;
  std::vector<power_model *> models_;
  std::vector<double> last_integral_; // W x ps at the previous boundary
  bool per_element_;
  time_ps last_boundary_ = 0;
};

} // namespace fabricvp
