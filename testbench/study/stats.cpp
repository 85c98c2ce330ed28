#include "testbench/study/stats.h"

#include <cmath>

namespace fabricvp {

double student_t95(std::size_t dof) {
  // The 0.975 quantile, dof 1..30 (exact to 4 decimals), then the
  // Cornish-Fisher expansion around the normal quantile.
  static const double table[] = {12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060,
                                 2.2622,  2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199,
                                 2.1098,  2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639,
                                 2.0595,  2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
  if (dof >= 1 && dof <= 30)
    return table[dof - 1];
  const double z = 1.959963985, n = static_cast<double>(dof);
  const double z3 = z * z * z, z5 = z3 * z * z;
  return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n);
}

mean_ci mean_and_ci95(const std::vector<double> &values) {
  mean_ci r;
  r.n = values.size();
  if (r.n == 0)
    return r;
  double sum = 0;
  for (double v : values)
    sum += v;
  r.mean = sum / static_cast<double>(r.n);
  if (r.n < 2)
    return r;
  double ss = 0;
  for (double v : values)
    ss += (v - r.mean) * (v - r.mean);
  const double sd = std::sqrt(ss / static_cast<double>(r.n - 1));
  r.half_width = student_t95(r.n - 1) * sd / std::sqrt(static_cast<double>(r.n));
  return r;
}

} // namespace fabricvp
