#include "testbench/study/sweep_command.h"

#include "core/errors.h"
#include "testbench/study/charts.h"
#include "testbench/study/job_scripts.h"
#include "testbench/study/local_runner.h"
#include "testbench/study/run_store.h"
#include "testbench/study/tables.h"

#include <boost/program_options.hpp>

#include <sys/resource.h>

#include <filesystem>
#include <iostream>
#include <thread>

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace fabricvp {
namespace {

po::options_description sweep_options() {
  po::options_description d("fabricvp sweep STUDY.yaml [options] | fabricvp sweep --collect DIR");
  d.add_options()("help,h", "this help")("jobs,j", po::value<unsigned>(),
                                         "local processes (default: every core)")(
      "out", po::value<std::string>(), "the sweep's folder (default out/STUDY_NAME)")(
      "plan", "print one command line per point (for GNU parallel or any engine)")(
      "point", po::value<std::size_t>(), "run point K's repetitions only")(
      "collect", po::value<std::string>(), "merge the runs recorded in DIR into its tables")(
      "slurm", "write DIR/sweep.sbatch, a Slurm array job over the points")(
      "slurm-time", po::value<std::string>()->default_value("00:10:00"), "time per array task")(
      "slurm-mem", po::value<std::string>()->default_value("1G"), "memory per array task")(
      "slurm-partition", po::value<std::string>()->default_value(""),
      "partition")("max-array-size", po::value<std::size_t>()->default_value(1001),
                   "the site's MaxArraySize: points are packed into at most this many tasks")(
      "slurm-parallel", po::value<std::size_t>()->default_value(100),
      "array tasks running at once (%K)")(
      "slurm-pilot", po::value<std::size_t>()->implicit_value(static_cast<std::size_t>(-1)),
      "run point K here first (default: the last) and set --slurm-time and --slurm-mem from it")(
      "quiet,q", "no progress line");
  return d;
}

std::string this_binary(const char *argv0) {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::absolute(argv0).string() : self.string();
}

std::string out_folder(const po::variables_map &vm, const study_plan &plan) {
  return vm.count("out") ? vm["out"].as<std::string>() : "out/" + plan.s.name;
}

// Tables (and charts) from whatever is recorded in `out`; returns 0 when
// every run is ok, 1 otherwise.
int collect_and_report(const std::string &out, std::ostream &log) {
  const sweep_collection c = collect_sweep(out);
  write_tables(c, out);
  const std::vector<std::string> charts = write_charts(c, out);
  log << "sweep " << c.plan["name"].get<std::string>() << ": " << c.runs.size() << " run(s), "
      << c.ok << " ok, " << c.runs.size() - c.ok - c.missing << " not ok, " << c.missing
      << " missing\n  tables           " << out << "/results.csv, results.json, summary.csv, "
      << "timing.csv\n";
  for (const auto &chart : charts)
    log << "  chart            " << chart << "\n";
  return c.ok == c.runs.size() ? 0 : 1;
}

int collect_mode(const po::variables_map &vm) {
  const std::string out = vm["collect"].as<std::string>();
  if (vm.count("study")) {
    const study_plan plan = plan_study(vm["study"].as<std::string>());
    prepare_out_folder(out, plan, true);
  }
  return collect_and_report(out, std::cout);
}

// Runs the pilot point here (its runs are recorded like any other) and sets
// the task time and memory from its slowest repetition and peak memory.
void measure_pilot(const po::variables_map &vm, const study_plan &plan, const std::string &out,
                   slurm_options &o) {
  std::size_t k = vm["slurm-pilot"].as<std::size_t>();
  if (k == static_cast<std::size_t>(-1))
    k = plan.points.size() - 1;
  if (k >= plan.points.size())
    throw input_error({"--slurm-pilot", 0}, std::to_string(k),
                      "the study has " + std::to_string(plan.points.size()) + " points");
  study_plan pilot = plan;
  pilot.points = {plan.points[k]};
  run_locally(pilot, out, 1, nullptr);
  double wall = 0;
  for (int r = 0; r < plan.s.repeat; ++r)
    if (auto s = read_json_file(run_folder(out, k, r) + "/status.json"))
      wall = std::max(wall, s->value("wall_s", 0.0));
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  const std::size_t runs =
      slurm_chunk(plan.points.size(), o.max_array_size) * static_cast<std::size_t>(plan.s.repeat);
  slurm_limits_from_pilot(wall, usage.ru_maxrss, runs, o);
  std::cerr << "pilot point " << k << ": " << wall << " s per run at most, "
            << usage.ru_maxrss / 1024 << " MiB peak; " << runs
            << " run(s) per task: --time=" << o.time << " --mem=" << o.mem << "\n";
}

int plan_mode(const po::variables_map &vm, const study_plan &plan, const std::string &out,
              const std::string &binary) {
  const std::string study = fs::absolute(plan.s.file).lexically_normal().string();
  const std::string abs_out = fs::absolute(out).lexically_normal().string();
  if (vm.count("slurm")) {
    slurm_options o{vm["slurm-time"].as<std::string>(), vm["slurm-mem"].as<std::string>(),
                    vm["max-array-size"].as<std::size_t>(), vm["slurm-parallel"].as<std::size_t>(),
                    vm["slurm-partition"].as<std::string>()};
    if (vm.count("slurm-pilot"))
      measure_pilot(vm, plan, out, o);
    fs::create_directories(abs_out + "/slurm");
    write_file_atomically(abs_out + "/sweep.sbatch",
                          slurm_script(binary, study, abs_out, plan.s.name, plan.points.size(), o));
    std::cout << abs_out << "/sweep.sbatch\n";
    return 0;
  }
  for (const std::string &line : point_command_lines(binary, study, abs_out, plan.points.size()))
    std::cout << line << "\n";
  return 0;
}

} // namespace

int cmd_sweep(int argc, char **argv) {
  const po::options_description visible = sweep_options();
  po::options_description all;
  all.add(visible);
  all.add_options()("study", po::value<std::string>(), "");
  po::positional_options_description pos;
  pos.add("study", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << visible;
    return 0;
  }
  if (vm.count("collect"))
    return collect_mode(vm);
  if (!vm.count("study"))
    throw input_error({"sweep", 0}, "", "give the study file (or --collect DIR)");
  if (vm.count("plan") + vm.count("point") + vm.count("slurm") > 1)
    throw input_error({"sweep", 0}, "", "--plan, --point and --slurm exclude each other");
  const std::string study_file = vm["study"].as<std::string>();
  const std::optional<std::size_t> only =
      vm.count("point") ? std::optional<std::size_t>(vm["point"].as<std::size_t>()) : std::nullopt;
  const study_plan plan = plan_study(study_file, only);
  const std::string out = out_folder(vm, plan);
  prepare_out_folder(out, plan, !only);
  if (vm.count("plan") || vm.count("slurm"))
    return plan_mode(vm, plan, out, this_binary(argv[0]));
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const unsigned jobs = vm.count("jobs") ? vm["jobs"].as<unsigned>() : only ? 1u : cores;
  const local_run_counts c =
      run_locally(plan, out, jobs, vm.count("quiet") || only ? nullptr : &std::cerr);
  if (only)
    return 0; // the run's status is recorded; --collect makes the tables
  const int code = collect_and_report(out, std::cout);
  if (c.failed > 0)
    std::cerr << "fabricvp sweep: " << c.failed << " run(s) failed (see status in " << out
              << "/results.csv)\n";
  return code;
}

} // namespace fabricvp
