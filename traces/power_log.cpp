#include "traces/power_log.h"

#include "traces/output_file.h"
#include "traces/output_marker.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace fabricvp {

power_log::power_log(std::vector<power_model *> models, time_ps interval, bool per_element)
    : models_(std::move(models)), interval_(interval), per_element_(per_element) {
  for (auto *m : models_) {
    bins_.push_back(std::make_unique<interval_bins>(interval));
    m->bin_into(bins_.back().get());
  }
}

double power_log::total_j() const {
  double total = 0.0;
  for (const auto &b : bins_)
    for (double j : b->amounts())
      total += j;
  return total;
}

void power_log::write(const std::string &path, time_ps end) {
  for (auto *m : models_)
    m->finish_bins(end);
  output_file out(path, "the power log");
  std::FILE *f = out.stream();
  std::fprintf(f, "%s\n", marker_line(output_kind::power_log).c_str());
  std::fprintf(f, "t_start_s,t_end_s,level,name,power_w,energy_j\n");
  const std::size_t intervals = static_cast<std::size_t>((end + interval_ - 1) / interval_);
  // Classes in name order; each model's energy is added to its class in model
  // order, interval by interval.
  std::vector<std::string> classes;
  for (const auto *m : models_)
    classes.push_back(m->power_class_name());
  std::sort(classes.begin(), classes.end());
  classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  std::vector<std::size_t> class_of;
  for (const auto *m : models_)
    class_of.push_back(static_cast<std::size_t>(
        std::lower_bound(classes.begin(), classes.end(), m->power_class_name()) - classes.begin()));
  std::vector<double> class_total(classes.size(), 0.0);
  std::vector<double> by_class(classes.size());
  double total = 0.0;
  for (std::size_t k = 0; k < intervals; ++k) {
    const time_ps t0 = k * interval_;
    const time_ps t1 = std::min<time_ps>(end, t0 + interval_);
    const double dt_s = static_cast<double>(t1 - t0) * 1e-12;
    std::fill(by_class.begin(), by_class.end(), 0.0);
    for (std::size_t i = 0; i < models_.size(); ++i) {
      const auto &j = bins_[i]->amounts();
      const double e = k < j.size() ? j[k] : 0.0;
      by_class[class_of[i]] += e;
      if (per_element_)
        std::fprintf(f, "%.12g,%.12g,element,%s,%.9g,%.9g\n", t0 * 1e-12, t1 * 1e-12,
                     models_[i]->path().c_str(), e / dt_s, e);
    }
    for (std::size_t c = 0; c < classes.size(); ++c) {
      const double e = by_class[c];
      std::fprintf(f, "%.12g,%.12g,class,%s,%.9g,%.9g\n", t0 * 1e-12, t1 * 1e-12,
                   classes[c].c_str(), e / dt_s, e);
      class_total[c] += e;
      total += e;
    }
  }
  const double seconds = static_cast<double>(end) * 1e-12;
  for (std::size_t c = 0; c < classes.size(); ++c)
    std::fprintf(f, "0,%.12g,total_class,%s,%.9g,%.9g\n", seconds, classes[c].c_str(),
                 seconds > 0 ? class_total[c] / seconds : 0.0, class_total[c]);
  std::fprintf(f, "0,%.12g,total,all,%.9g,%.9g\n", seconds, seconds > 0 ? total / seconds : 0.0,
               total);
  out.commit();
}

} // namespace fabricvp
