// The outputs that follow a run as it goes: the VCD (a timeline recording
// the signals that match the --trace globs, all by default, applied inline
// or on a worker thread) with its .gtkw, and the power log of every power
// model. Attached before the run starts; finished at its end time. A glob
// matches a hierarchical name with or without the top scope (the
// platform's name): 'default.acc0.*' or 'acc0.*'; one that matches no
// signal is an input_error naming it.
// Leaves out: the report and the link table (written from the run_result).
#pragma once

#include "core/timeline.h"
#include "platforms/elaborator.h"
#include "testbench/session/run_options.h"
#include "traces/power_log.h"
#include "traces/vcd_writer.h"

#include <memory>

namespace fabricvp {

class trace_outputs {
public:
  trace_outputs(platform &top, const netlist &n, const run_options &o);
  // Starts the timeline (the worker thread, if any) when a VCD is written.
  void start();
  // Applies every change up to `end`, writes the VCD's end and the power log.
  void finish(time_ps end);
  // Puts the complete VCD in place and writes its .gtkw (gtkw_file, else
  // the one beside the VCD; none for a device, or when write_gtkw is off).
  void close(time_ps end);

  std::uint64_t vcd_value_changes() const { return vcd_ ? vcd_->value_changes() : 0; }
  bool trace_thread() const { return vcd_ && timeline_.worker_thread(); }

private:
  void record_matching_signals(platform &top);

  const netlist &netlist_;
  const run_options &options_;
  std::unique_ptr<vcd_writer> vcd_;
  std::unique_ptr<power_log> power_log_;
  timeline timeline_; // after its listener (the VCD): destroyed before it
};

} // namespace fabricvp
