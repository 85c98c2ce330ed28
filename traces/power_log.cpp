#include "traces/power_log.h"

#include <stdexcept>

namespace fabricvp {

power_log::power_log(const std::string &path, std::vector<power_model *> models, bool per_element)
    : models_(std::move(models)), last_integral_(models_.size(), 0.0), per_element_(per_element) {
  file_ = std::fopen(path.c_str(), "w");
  if (!file_)
    throw std::runtime_error("cannot write power log " + path);
  std::fprintf(file_, "t_start_s,t_end_s,level,name,power_w,energy_j\n");
}

power_log::~power_log() {
  if (file_)
    std::fclose(file_);
}

void power_log::attach(timeline &tl, time_ps interval) {
  for (auto *m : models_)
    tl.record(m->track());
  tl.set_boundary(interval, [this](time_ps t) { boundary(t); });
}

void power_log::boundary(time_ps t) {
  if (t <= last_boundary_)
    return;
  const double dt_s = static_cast<double>(t - last_boundary_) * 1e-12;
  std::map<std::string, double> by_class;
  for (std::size_t i = 0; i < models_.size(); ++i) {
    const double integral = models_[i]->track().integral_to(t);
    const double joules = (integral - last_integral_[i]) * 1e-12;
    last_integral_[i] = integral;
    by_class[models_[i]->power_class_name()] += joules;
    if (per_element_)
      std::fprintf(file_, "%.12g,%.12g,element,%s,%.9g,%.9g\n", last_boundary_ * 1e-12, t * 1e-12,
                   models_[i]->path().c_str(), joules / dt_s, joules);
  }
  for (const auto &[cls, joules] : by_class)
    std::fprintf(file_, "%.12g,%.12g,class,%s,%.9g,%.9g\n", last_boundary_ * 1e-12, t * 1e-12,
                 cls.c_str(), joules / dt_s, joules);
  last_boundary_ = t;
}

void power_log::write_totals(time_ps end) {
  boundary(end); // the last, possibly partial, interval
  const double seconds = static_cast<double>(end) * 1e-12;
  std::map<std::string, double> by_class;
  double total = 0.0;
  for (std::size_t i = 0; i < models_.size(); ++i) {
    const double joules = models_[i]->track().integral_to(end) * 1e-12;
    by_class[models_[i]->power_class_name()] += joules;
    total += joules;
  }
  for (const auto &[cls, joules] : by_class)
    std::fprintf(file_, "0,%.12g,total_class,%s,%.9g,%.9g\n", seconds, cls.c_str(),
                 seconds > 0 ? joules / seconds : 0.0, joules);
  std::fprintf(file_, "0,%.12g,total,all,%.9g,%.9g\n", seconds, seconds > 0 ? total / seconds : 0.0,
               total);
  std::fflush(file_);
}

} // namespace fabricvp
