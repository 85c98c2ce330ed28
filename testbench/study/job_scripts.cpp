#include "testbench/study/job_scripts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace fabricvp {

std::string shell_quoted(const std::string &s) {
  std::string q = "'";
  for (char c : s)
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::vector<std::string> point_command_lines(const std::string &binary, const std::string &study,
                                             const std::string &out, std::size_t points) {
  std::vector<std::string> lines;
  for (std::size_t k = 0; k < points; ++k)
    lines.push_back(shell_quoted(binary) + " sweep " + shell_quoted(study) + " --point " +
                    std::to_string(k) + " --out " + shell_quoted(out));
  return lines;
}

std::size_t slurm_chunk(std::size_t points, std::size_t max_array_size) {
  const std::size_t tasks = std::max<std::size_t>(1, max_array_size);
  return points == 0 ? 1 : (points + tasks - 1) / tasks;
}

void slurm_limits_from_pilot(double wall_s, long peak_kib, std::size_t runs_per_task,
                             slurm_options &o) {
  const long seconds = std::max(
      60L, static_cast<long>(std::ceil(3.0 * wall_s * static_cast<double>(runs_per_task))));
  char t[32];
  std::snprintf(t, sizeof t, "%02ld:%02ld:%02ld", seconds / 3600, seconds / 60 % 60, seconds % 60);
  o.time = t;
  o.mem = std::to_string(std::max(64L, (2 * peak_kib + 1023) / 1024)) + "M";
}

std::string slurm_script(const std::string &binary, const std::string &study,
                         const std::string &out, const std::string &name, std::size_t points,
                         const slurm_options &o) {
  const std::size_t chunk = slurm_chunk(points, o.max_array_size);
  const std::size_t tasks = (points + chunk - 1) / chunk;
  std::ostringstream s;
  s << "#!/bin/bash\n"
    << "# fabricvp sweep " << name << ": " << points << " point(s), " << chunk
    << " per array task. Submit with: sbatch " << out << "/sweep.sbatch\n"
    << "# then merge the results: " << binary << " sweep --collect " << out << "\n"
    << "#SBATCH --job-name=" << name << "\n"
    << "#SBATCH --array=0-" << (tasks == 0 ? 0 : tasks - 1) << "%"
    << std::max<std::size_t>(1, o.parallel) << "\n"
    << "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n"
    << "#SBATCH --time=" << o.time << "\n#SBATCH --mem=" << o.mem << "\n"
    << "#SBATCH --output=" << out << "/slurm/%A_%a.out\n";
  if (!o.partition.empty())
    s << "#SBATCH --partition=" << o.partition << "\n";
  s << "set -u\n"
    << "chunk=" << chunk << "\ntotal=" << points << "\n"
    << "first=$((SLURM_ARRAY_TASK_ID * chunk))\n"
    << "last=$((first + chunk - 1))\n"
    << "if [ \"$last\" -ge \"$total\" ]; then last=$((total - 1)); fi\n"
    << "status=0\n"
    << "for k in $(seq \"$first\" \"$last\"); do\n"
    << "  " << shell_quoted(binary) << " sweep " << shell_quoted(study)
    << " --point \"$k\" --jobs 1 --out " << shell_quoted(out) << " || status=1\n"
    << "done\n"
    << "exit $status\n";
  return s.str();
}

} // namespace fabricvp
