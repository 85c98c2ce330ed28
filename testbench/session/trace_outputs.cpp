#include "testbench/session/trace_outputs.h"

#include <fnmatch.h>

#include <ctime>
#include <thread>

namespace fabricvp {
namespace {

std::string now_text() {
  std::time_t t = std::time(nullptr);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&t));
  return buf;
}

bool wanted(const std::string &path, const std::vector<std::string> &patterns) {
  if (patterns.empty())
    return true;
  for (const auto &pat : patterns)
    if (fnmatch(pat.c_str(), path.c_str(), 0) == 0)
      return true;
  return false;
}

} // namespace

trace_outputs::trace_outputs(platform &top, const netlist &n, const run_options &o)
    : netlist_(n), options_(o) {
  timeline_.now_hint_ = [] { return now_ps(); };
  if (!o.vcd_file.empty()) {
    record_matching_signals(top);
    vcd_ = std::make_unique<vcd_writer>(o.vcd_file, now_text());
    timeline_.add_listener(vcd_.get());
  }
  if (!o.power_log_file.empty()) {
    std::vector<power_model *> models;
    top.collect_power(models);
    power_log_ = std::make_unique<power_log>(
        models, seconds_to_ps(n.simulation.get("power_log_interval")), o.power_log_per_element);
  }
}

void trace_outputs::record_matching_signals(platform &top) {
  std::vector<signal_track *> signals;
  top.collect_signals(signals);
  for (signal_track *s : signals)
    if (wanted(s->path(), options_.trace_patterns))
      timeline_.record(*s);
}

void trace_outputs::start() {
  if (!vcd_)
    return;
  const std::string thread = netlist_.simulation.get_choice("trace_thread");
  timeline_.set_worker_thread(thread == "on" ||
                              (thread == "auto" && std::thread::hardware_concurrency() >= 2));
  timeline_.start();
}

void trace_outputs::finish(time_ps end) {
  if (vcd_)
    timeline_.finish(end);
  if (power_log_)
    power_log_->write(options_.power_log_file, end);
}

void trace_outputs::close(time_ps end) {
  if (!vcd_)
    return;
  vcd_->commit();
  const std::string gtkw =
      options_.gtkw_file.empty() ? gtkw_path_beside(options_.vcd_file) : options_.gtkw_file;
  if (options_.write_gtkw && !gtkw.empty())
    vcd_->write_gtkw(gtkw, end);
  vcd_.reset();
}

} // namespace fabricvp
