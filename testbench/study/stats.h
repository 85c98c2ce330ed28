// Mean and 95% confidence interval over repetitions (Student t, two-sided).
// Leaves out: other confidence levels, outlier rejection.
#pragma once

#include <cstddef>
#include <vector>

namespace fabricvp {

// t such that P(|T| <= t) = 0.95 for `dof` degrees of freedom (dof >= 1).
double student_t95(std::size_t dof);

struct mean_ci {
  std::size_t n = 0;
  double mean = 0.0;
  double half_width = 0.0; // 0 when n < 2
};

mean_ci mean_and_ci95(const std::vector<double> &values);

} // namespace fabricvp
