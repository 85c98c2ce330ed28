// The rules every output of `run` and `compare` is held to before anything
// runs, so that no output destroys a user's file:
// - its name is not empty and is not a folder;
// - it is not an input of the run (platform, the files it extends or
//   includes, workload file, preset files),
//   compared as files (device and inode, so through a link too) or, for a
//   file not there yet, by canonical path; two outputs are not one file;
// - an existing file is replaced only when an earlier fabricvp run wrote it
//   (its marker, traces/output_marker.h), or with --force; a .gtkw that is
//   not ours (edited since fabricvp wrote it) is kept, with a note;
// - folders are created only inside the output folder (--out); a missing
//   folder elsewhere is an error naming it;
// - the folder takes a new file (tried now; the error says why not).
// An existing device or FIFO (/dev/null) is written in place.
// Errors are input_errors naming the option and the file (exit 2).
#pragma once

#include "testbench/session/prepare.h"
#include "traces/output_marker.h"

#include <string>
#include <vector>

namespace fabricvp {

struct planned_output {
  std::string option; // what named it: "--report", or "--out" for a default name
  std::string path;
  output_kind kind;
};

struct output_plan {
  std::vector<input_file> inputs;
  std::vector<planned_output> outputs;
  std::string out_folder; // missing folders may be created inside it (not "")
  bool force = false;     // --force: replace files fabricvp did not write
};

// Checks the plan, creates the folders it may, and returns the outputs to
// leave alone (a .gtkw edited since fabricvp wrote it), each with a note.
struct kept_output {
  std::string path, note;
};
std::vector<kept_output> check_outputs(const output_plan &plan);

} // namespace fabricvp
