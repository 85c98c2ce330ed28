#include "traces/run_result.h"

#include <algorithm>

namespace fabricvp {

double operation_report::energy_j() const {
  double sum = 0.0;
  for (const auto &[cls, e] : energy_j_by_class)
    sum += e;
  return sum;
}

double operation_report::algbw_gbps() const {
  const double t = time_s();
  return t > 0 && kind != "compute" ? message_bytes * 8.0 / t / 1e9 : 0.0;
}

double operation_report::pj_per_bit_moved() const {
  const double bits = static_cast<double>(bytes_moved) * 8.0;
  return bits > 0 ? energy_j() / bits * 1e12 : 0.0;
}

double operation_report::traffic_pj_per_bit_moved() const {
  const double bits = static_cast<double>(bytes_moved) * 8.0;
  return bits > 0 ? traffic_energy_j / bits * 1e12 : 0.0;
}

double link_result::utilisation_a_to_b(double sim_s) const {
  return sim_s > 0 ? busy_a_to_b_ps * 1e-12 / sim_s : 0.0;
}

double link_result::utilisation_b_to_a(double sim_s) const {
  return sim_s > 0 ? busy_b_to_a_ps * 1e-12 / sim_s : 0.0;
}

double link_result::utilisation(double sim_s) const {
  return std::max(utilisation_a_to_b(sim_s), utilisation_b_to_a(sim_s));
}

const operation_report *collective_result::first_collective() const {
  for (const operation_report &op : operations)
    if (op.kind != "compute")
      return &op;
  return nullptr;
}

double run_result::average_power_w() const {
  const double s = sim_time_s();
  return s > 0 ? energy_j / s : 0.0;
}

double run_result::class_power_w(const std::string &power_class) const {
  const auto it = energy_by_class.find(power_class);
  const double s = sim_time_s();
  return it != energy_by_class.end() && s > 0 ? it->second.energy_j / s : 0.0;
}

double run_result::pj_per_bit_delivered() const {
  const double bits = traffic.bytes_delivered * 8.0;
  return bits > 0 ? energy_j / bits * 1e12 : 0.0;
}

double run_result::throughput_gbps() const {
  const double s = window_s();
  return s > 0 ? traffic.window_bytes * 8.0 / s / 1e9 : 0.0;
}

} // namespace fabricvp
