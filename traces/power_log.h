// Power log: a CSV time series of energy and average power per interval, by
// power class (and optionally per element), plus totals over the run.
// Each element bins its energy per interval as it accounts it (dynamic energy
// of each transfer spread over the intervals it spans, static power over its
// state history), so the log's totals equal the power models' energy.
// Columns: t_start_s,t_end_s,level,name,power_w,energy_j
//   level = class | element | total_class | total
#pragma once

#include "core/power.h"

#include <memory>
#include <string>
#include <vector>

namespace fabricvp {

class power_log {
public:
  power_log(std::vector<power_model *> models, time_ps interval, bool per_element);
  // Writes the CSV for a run that ended at `end`. Throws on I/O errors.
  void write(const std::string &path, time_ps end);
  // Total energy over all intervals (equals the sum of energy_j(end)).
  double total_j() const;

private:
  std::vector<power_model *> models_;
  std::vector<std::unique_ptr<interval_bins>> bins_; // one per model
  time_ps interval_;
  bool per_element_;
};

} // namespace fabricvp
