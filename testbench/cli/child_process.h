// Runs a function in a forked child process and returns the text it produced
// through a pipe, with the child's exit code. SystemC elaborates once per
// process, so comparing platforms (or testing two runs) forks one child per
// run. The parent must not have elaborated anything it would share. A stop
// signal (SIGINT, SIGTERM) the parent receives meanwhile is passed on to
// the child (testbench/cli/stop_signals.h).
#pragma once

#include <functional>
#include <string>

namespace fabricvp {

struct child_output {
  std::string text;
  int exit_code = 0;   // the child's exit status; -1 if it died from a signal
  int term_signal = 0; // the signal it died from, if it did
};

// `body` returns the text to send back and the exit code to leave with; an
// exception in the child becomes "exception: WHAT" with exit code 3.
child_output run_in_child_process(const std::function<std::pair<std::string, int>()> &body);

} // namespace fabricvp
