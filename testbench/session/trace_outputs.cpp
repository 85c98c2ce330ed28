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

// A --trace glob matches a signal's hierarchical name with or without its
// top scope (the platform's name): 'default.acc0.*' and 'acc0.*' alike.
bool matches(const std::string &glob, const std::string &path) {
  if (fnmatch(glob.c_str(), path.c_str(), 0) == 0)
    return true;
  const std::size_t dot = path.find('.');
  return dot != std::string::npos && fnmatch(glob.c_str(), path.c_str() + dot + 1, 0) == 0;
}

// What a glob that matched nothing is told: how the names look.
std::string naming_hint(const std::vector<signal_track *> &signals) {
  if (signals.empty())
    return "this platform has no signals";
  const std::string &first = signals.front()->path();
  return "signals are named from the top scope, e.g. '" + first + "', or without it, '" +
         first.substr(first.find('.') + 1) + "'";
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
  const std::vector<std::string> &globs = options_.trace_patterns;
  std::vector<bool> used(globs.size(), false);
  for (signal_track *s : signals) {
    bool wanted = globs.empty();
    for (std::size_t g = 0; g < globs.size(); ++g)
      if (matches(globs[g], s->path()))
        wanted = used[g] = true;
    if (wanted)
      timeline_.record(*s);
  }
  for (std::size_t g = 0; g < globs.size(); ++g)
    if (!used[g])
      throw input_error({"--trace", 0}, globs[g],
                        "matches no signal (" + naming_hint(signals) + ")");
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
