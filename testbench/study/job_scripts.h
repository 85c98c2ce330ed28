// Ways to run a sweep's points elsewhere than `--jobs N` here: one shell
// command line per point (`--plan`, for GNU parallel or any engine), and a
// Slurm array script (`--slurm`): one array task per chunk of points, at
// most max_array_size tasks (the site's MaxArraySize), `--array=0-T%K`, time
// and memory per task as given or measured on a pilot point. Every command writes only under OUT;
// then `fabricvp sweep --collect OUT` makes the tables. With --slurm-pilot, time and memory come
// from one point run here first. Leaves out: other schedulers (PBS, LSF).
#pragma once

#include <string>
#include <vector>

namespace fabricvp {

struct slurm_options {
  std::string time = "00:10:00"; // per array task
  std::string mem = "1G";        // per array task
  std::size_t max_array_size = 1001;
  std::size_t parallel = 100; // %K: tasks running at once
  std::string partition;      // "" for the site default
};

// Single-quoted for a POSIX shell ('it'\''s').
std::string shell_quoted(const std::string &s);

// "BIN sweep STUDY --point K --out OUT", quoted, one per point.
std::vector<std::string> point_command_lines(const std::string &binary, const std::string &study,
                                             const std::string &out, std::size_t points);

// The sbatch script text; `chunk` points per task.
std::string slurm_script(const std::string &binary, const std::string &study,
                         const std::string &out, const std::string &name, std::size_t points,
                         const slurm_options &o);

// Points per array task so that the tasks fit in max_array_size.
std::size_t slurm_chunk(std::size_t points, std::size_t max_array_size);

// Time and memory per task from a pilot run (its slowest repetition's wall
// seconds and its peak resident KiB): 3 x wall x runs per task, at least one
// minute, as HH:MM:SS; 2 x peak, at least 64M, in MiB ("300M").
void slurm_limits_from_pilot(double wall_s, long peak_kib, std::size_t runs_per_task,
                             slurm_options &o);

} // namespace fabricvp
