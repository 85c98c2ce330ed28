// Runs another program (gnuplot for `compare`'s chart; later vcd2fst, sbatch)
// from an argument vector, never through a shell: posix_spawnp searches PATH
// and passes each argument as it is, so no user string (an output prefix, a
// file name) is ever read as shell syntax. Waits for the program and says
// how it ended. Leaves out: a time limit, feeding its stdin, capturing its
// stderr (shown or discarded).
#pragma once

#include <cerrno>
#include <string>
#include <vector>

namespace fabricvp {

// Where a program's stdout or stderr goes. `capture` is for stdout only.
enum class program_stream { inherit, discard, capture };

struct program_io {
  program_stream out = program_stream::discard;
  program_stream err = program_stream::discard;
};

struct program_run {
  bool started = false; // false: it could not be started (start_error says why)
  int start_error = 0;  // errno of the failed start (ENOENT: not on PATH)
  int exit_code = -1;   // when it exited
  int signal = 0;       // when a signal ended it
  std::string output;   // its stdout, when captured

  bool succeeded() const { return started && signal == 0 && exit_code == 0; }
  bool not_found() const { return !started && start_error == ENOENT; }
  // "not found on PATH", "exited with 3", "killed by signal 9 (Killed)", ...
  std::string failure() const;
};

// Runs argv[0] (searched on PATH) with the arguments argv[1..].
program_run run_program(const std::vector<std::string> &argv, program_io io = {});

// "killed by signal 9 (Killed)".
std::string killed_by_text(int signal);

// How a child ended, from waitpid's status: "exited with 3", "killed by
// signal 9 (Killed)".
std::string wait_status_text(int status);

} // namespace fabricvp
