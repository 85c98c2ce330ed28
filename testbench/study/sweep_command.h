// `fabricvp sweep STUDY.yaml [--jobs N] [--out DIR] [--plan | --point K |
// --slurm] ` and `fabricvp sweep --collect DIR [STUDY.yaml]`: checks the
// study (nothing runs on a bad one), then runs every point here, prints the
// per-point commands, runs one point, writes the Slurm script, or merges
// the recorded runs into the tables and charts. Options are parsed with
// boost::program_options; the work is in the other files of this folder.
#pragma once

namespace fabricvp {

int cmd_sweep(int argc, char **argv);

} // namespace fabricvp
