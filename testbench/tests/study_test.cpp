// Studies: the points a study file expands to (product of axes, zip groups,
// arithmetic and geometric ranges with units, seeds per repetition), the
// checks of its overrides against a platform (errors at the study's line),
// metric paths against the report, input hashes, and the statistics of
// summary.csv (mean and Student-t 95% interval). Nothing here simulates.
#include "testbench/study/charts.h"
#include "testbench/study/job_scripts.h"
#include "testbench/study/metrics.h"
#include "testbench/study/points.h"
#include "testbench/study/run_store.h"
#include "testbench/study/stats.h"
#include "testbench/study/study_plan.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace fabricvp;

namespace {

// Writes a study next to the shipped platforms' folder (a temp folder) and
// returns its path; `platform` is given relative to it.
std::string write_study(const std::string &name, const std::string &body) {
  const auto dir = std::filesystem::temp_directory_path() / "fabricvp_study_test";
  std::filesystem::create_directories(dir);
  const std::string file = (dir / (name + ".yaml")).string();
  std::ofstream(file) << "fabricvp_study: 1\nplatforms: [" << platforms_folder()
                      << "/direct_pair.yaml]\n"
                      << body;
  return file;
}

std::string override_of(const study_point &p, std::size_t k) { return p.overrides.at(k); }

} // namespace

TEST(study_points, product_first_axis_slowest_with_fixed_settings_first) {
  const study s =
      load_study(write_study("product", "set: {workload.size: 2KiB}\n"
                                        "axes:\n  workload.load: [0.2, 0.4, 0.6]\n"
                                        "  workload.pattern: [permutation, uniform_random]\n"
                                        "metrics: [latency_ns.p99]\n"));
  const auto points = expand_points(s);
  ASSERT_EQ(points.size(), 6u);
  EXPECT_EQ(override_of(points[0], 0), "workload.size=2KiB");
  EXPECT_EQ(override_of(points[0], 1), "workload.load=0.2");
  EXPECT_EQ(override_of(points[0], 2), "workload.pattern=permutation");
  EXPECT_EQ(override_of(points[1], 2), "workload.pattern=uniform_random");
  EXPECT_EQ(override_of(points[1], 1), "workload.load=0.2");
  EXPECT_EQ(override_of(points[5], 1), "workload.load=0.6");
  EXPECT_EQ(override_of(points[4], 2), "workload.pattern=permutation");
  EXPECT_FALSE(s.axes[1].numeric);
  EXPECT_TRUE(s.axes[0].numeric);
  EXPECT_DOUBLE_EQ(*s.axes[0].values[2].si, 0.6);
}

TEST(study_points, zip_pairs_values_and_multiplies_with_the_other_axes) {
  const study s = load_study(
      write_study("zip", "axes:\n  zip: {workload.load: [0.1, 0.2], workload.size: [1KiB, 4KiB]}\n"
                         "  simulation.duration: [2us, 3us, 4us]\nmetrics: [throughput_gbps]\n"));
  const auto points = expand_points(s);
  ASSERT_EQ(points.size(), 6u);
  for (const auto &p : points)
    EXPECT_EQ(p.values[0], p.values[1]); // paired
  EXPECT_EQ(override_of(points[3], 0), "workload.load=0.2");
  EXPECT_EQ(override_of(points[3], 1), "workload.size=4KiB");
  EXPECT_EQ(override_of(points[3], 2), "simulation.duration=2us");
  EXPECT_DOUBLE_EQ(*s.axes[2].values[1].si, 3e-6);
  EXPECT_EQ(s.axes[2].dim, dimension::time);
}

TEST(study_points, zip_of_unequal_lengths_is_an_error_at_its_line) {
  const std::string f = write_study(
      "zip_bad", "axes:\n  zip:\n    workload.load: [0.1, 0.2]\n    workload.size: [1KiB]\n"
                 "metrics: [throughput_gbps]\n");
  try {
    load_study(f);
    FAIL() << "expected an input_error";
  } catch (const input_error &e) {
    EXPECT_EQ(e.where().line, 6);
    EXPECT_NE(std::string(e.what()).find("1 values, but workload.load has 2"), std::string::npos)
        << e.what();
  }
}

// Found while writing fuzz_study: two axes of 99,999 values asked for 1e10 points, and
// expanding them ended in std::bad_alloc ("internal error", exit 1).
TEST(study_points, more_points_than_a_sweep_holds_is_an_error_at_the_axes) {
  const std::string f = write_study(
      "too_many", "axes:\n  workload.load: {from: 0.001, to: 1, step: 0.001}\n"
                  "  simulation.seed: {from: 1, to: 1000, step: 1}\nmetrics: [throughput_gbps]\n");
  try {
    load_study(f);
    FAIL() << "expected an input_error";
  } catch (const input_error &e) {
    EXPECT_EQ(e.where().line, 4); // the axes map, at its first axis
    EXPECT_EQ(e.path(), "axes");
    EXPECT_NE(
        std::string(e.what()).find("more than 100000 points (1 platform x 1000 x 1000 values)"),
        std::string::npos)
        << e.what();
  }
  const std::string r =
      write_study("too_many_runs", "axes:\n  workload.load: {from: 0.001, to: 1, step: 0.001}\n"
                                   "repeat: 10000\nmetrics: [throughput_gbps]\n");
  try {
    load_study(r);
    FAIL() << "expected an input_error";
  } catch (const input_error &e) {
    EXPECT_EQ(e.where().line, 5);
    EXPECT_NE(std::string(e.what()).find("1000 points x repeat 10000 is more than 1000000 runs"),
              std::string::npos)
        << e.what();
  }
}

TEST(study_points, geometric_range_with_units_as_nccl_tests_b_e_f) {
  const study s =
      load_study(write_study("geo", "axes:\n  workload.size: {from: 1KiB, to: 1MiB, factor: 4}\n"
                                    "metrics: [latency_ns.mean]\n"));
  const study_axis &a = s.axes[0];
  ASSERT_EQ(a.values.size(), 6u); // 1, 4, 16, 64, 256, 1024 KiB
  EXPECT_EQ(a.values[1].text, "4KiB");
  EXPECT_EQ(a.values[5].text, "1024KiB");
  EXPECT_DOUBLE_EQ(*a.values[5].si, 1048576.0);
  EXPECT_EQ(a.dim, dimension::size);
}

TEST(study_points, arithmetic_ranges_include_the_end_without_float_noise) {
  const study s = load_study(write_study(
      "arith", "axes:\n  links.direct.channel[3].length: {from: 0.5m, to: 3m, step: 0.25m}\n"
               "  workload.load: {from: 0.1, to: 0.9, step: 0.1}\nmetrics: [latency_ns.mean]\n"));
  ASSERT_EQ(s.axes[0].values.size(), 11u);
  EXPECT_EQ(s.axes[0].values[1].text, "0.75m");
  EXPECT_DOUBLE_EQ(*s.axes[0].values[10].si, 3.0);
  EXPECT_FALSE(s.axes[0].unitless_range);
  ASSERT_EQ(s.axes[1].values.size(), 9u);
  EXPECT_EQ(s.axes[1].values[2].text, "0.3"); // not 0.30000000000000004
  EXPECT_TRUE(s.axes[1].unitless_range);
  EXPECT_EQ(expand_points(s).size(), 99u);
}

TEST(study_points, seeds_follow_the_platform_seed_or_the_study_seed) {
  study_point p;
  assign_seeds(p, 7, 3);
  EXPECT_EQ(p.seeds, (std::vector<long>{7, 8, 9}));
  const study_plan a = plan_study(
      write_study("seeds", "axes:\n  workload.load: [0.2, 0.4]\nrepeat: 3\nmetrics: [seed]\n"));
  ASSERT_EQ(a.points.size(), 2u);
  EXPECT_EQ(a.runs(), 6u);
  const long base = a.platforms[0].simulation.get_int("seed");
  EXPECT_EQ(a.points[1].point.seeds, (std::vector<long>{base, base + 1, base + 2}));
  const study_plan b = plan_study(write_study(
      "seeds2", "seed: 100\naxes:\n  workload.load: [0.2, 0.4]\nrepeat: 2\nmetrics: [seed]\n"));
  EXPECT_EQ(b.points[0].point.seeds, (std::vector<long>{100, 101}));
  EXPECT_EQ(point_overrides(b.points[0], 1).back(), "simulation.seed=101");
}

TEST(study_plan, input_hash_depends_on_overrides_and_seed_only) {
  const std::string f =
      write_study("hash", "axes:\n  workload.load: [0.2, 0.4]\nrepeat: 2\nmetrics: [seed]\n");
  const study_plan a = plan_study(f), b = plan_study(f);
  EXPECT_EQ(a.points[1].input_hash, b.points[1].input_hash);
  EXPECT_NE(a.points[0].input_hash[0], a.points[0].input_hash[1]); // seeds differ
  EXPECT_NE(a.points[0].input_hash[0], a.points[1].input_hash[0]); // loads differ
  const study_plan one = plan_study(f, 1);                         // --point 1 alone
  ASSERT_EQ(one.points.size(), 1u);
  EXPECT_EQ(one.points[0].input_hash, a.points[1].input_hash);
}

TEST(study_plan, unknown_override_path_is_reported_at_the_axis_line) {
  const std::string f = write_study(
      "badpath", "axes:\n  workload.load: [0.2]\n  links.direct.channel[3].lenght: [1m]\n"
                 "metrics: [seed]\n");
  try {
    plan_study(f);
    FAIL() << "expected an input_error";
  } catch (const input_error &e) {
    EXPECT_EQ(e.where().line, 5);
    EXPECT_EQ(e.path(), "axes.links.direct.channel[3].lenght");
    EXPECT_NE(std::string(e.what()).find("no parameter 'lenght'"), std::string::npos) << e.what();
  }
}

TEST(study_metrics, report_paths_and_aggregates) {
  EXPECT_EQ(metric_problem("latency_ns.p99"), "");
  EXPECT_EQ(metric_problem("power.energy_pj_per_bit"), "");
  EXPECT_EQ(metric_problem("power.by_class.serdes"), "");
  EXPECT_EQ(metric_problem("collective.busbw_gbps"), "");
  EXPECT_EQ(metric_problem("links.worst_margin_db"), "");
  EXPECT_NE(metric_problem("latency_ns.p98"), "");
  EXPECT_NE(metric_problem("power.by_class"), ""); // a section, not a number
  EXPECT_NE(metric_problem("perf.wall_s"), "");    // not byte-stable
  const nlohmann::json report = {
      {"latency_ns", {{"p99", 812.5}}},
      {"links",
       {{{"margin_db", 3.5}, {"utilisation", 0.25}, {"optical", nullptr}},
        {{"margin_db", -1.25}, {"utilisation", 0.75}, {"optical", {{"margin_db", 2.0}}}},
        {{"margin_db", 7.0}, {"utilisation", 0.5}, {"optical", nullptr}}}}};
  EXPECT_DOUBLE_EQ(*metric_value(report, "latency_ns.p99"), 812.5);
  EXPECT_DOUBLE_EQ(*metric_value(report, "links.worst_margin_db"), -1.25);
  EXPECT_DOUBLE_EQ(*metric_value(report, "links.busiest_utilisation"), 0.75);
  EXPECT_DOUBLE_EQ(*metric_value(report, "links.mean_utilisation"), 0.5);
  EXPECT_DOUBLE_EQ(*metric_value(report, "links.worst_optical_margin_db"), 2.0);
  EXPECT_FALSE(metric_value(report, "collective.busbw_gbps").has_value());
}

TEST(study_stats, student_t_interval_over_repetitions) {
  EXPECT_DOUBLE_EQ(student_t95(1), 12.7062);
  EXPECT_DOUBLE_EQ(student_t95(4), 2.7764);
  EXPECT_NEAR(student_t95(60), 2.0003, 5e-4);
  EXPECT_NEAR(student_t95(100000), 1.95996, 1e-4);
  const mean_ci m = mean_and_ci95({1.0, 2.0, 3.0});
  EXPECT_DOUBLE_EQ(m.mean, 2.0);
  EXPECT_NEAR(m.half_width, 4.3027 / std::sqrt(3.0), 1e-12); // sd = 1
  const mean_ci five = mean_and_ci95({10, 12, 11, 13, 9});
  EXPECT_NEAR(five.half_width, 2.7764 * std::sqrt(2.5) / std::sqrt(5.0), 1e-12);
  EXPECT_EQ(mean_and_ci95({4.0}).half_width, 0.0);
}

TEST(study_jobs, slurm_array_packs_points_under_max_array_size) {
  EXPECT_EQ(slurm_chunk(24, 1001), 1u);
  EXPECT_EQ(slurm_chunk(1001, 1001), 1u);
  EXPECT_EQ(slurm_chunk(1002, 1001), 2u);
  EXPECT_EQ(slurm_chunk(2500, 1001), 3u); // 834 tasks
  slurm_options o;
  o.max_array_size = 1001;
  o.parallel = 50;
  o.time = "01:00:00";
  const std::string s = slurm_script("/b/fabricvp", "/s/st.yaml", "/o", "st", 2500, o);
  EXPECT_NE(s.find("#SBATCH --array=0-833%50\n"), std::string::npos) << s;
  EXPECT_NE(s.find("chunk=3\ntotal=2500\n"), std::string::npos) << s;
  EXPECT_NE(s.find("#SBATCH --time=01:00:00\n"), std::string::npos) << s;
  EXPECT_EQ(shell_quoted("it's"), "'it'\\''s'");
  const auto lines = point_command_lines("/b/fabricvp", "/s/my study.yaml", "/o", 3);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[2], "'/b/fabricvp' sweep '/s/my study.yaml' --point 2 --out '/o'");
}

TEST(study_charts, saturation_is_the_last_load_that_delivered_throughput_tracks) {
  // 100 Gb/s per unit of load up to 0.6, then flat: 0.8 delivers 62/0.8 = 77.5 per unit.
  const auto sat = saturation_load({{0.2, 20}, {0.4, 40}, {0.6, 60}, {0.8, 62}, {1.0, 63}});
  ASSERT_TRUE(sat.has_value());
  EXPECT_DOUBLE_EQ(sat->first, 0.6);
  EXPECT_DOUBLE_EQ(sat->second, 60.0);
  // 91% of the low-load ratio still tracks; no saturation inside the range.
  EXPECT_FALSE(saturation_load({{0.1, 10}, {0.5, 45.5}, {1.0, 91}}).has_value());
}

TEST(study_jobs, slurm_limits_from_a_pilot_run) {
  slurm_options o;
  slurm_limits_from_pilot(2.5, 300 * 1024, 30, o); // 3 x 2.5 s x 30 runs = 225 s
  EXPECT_EQ(o.time, "00:03:45");
  EXPECT_EQ(o.mem, "600M");
  slurm_limits_from_pilot(0.01, 1000, 1, o); // floors: one minute, 64 MiB
  EXPECT_EQ(o.time, "00:01:00");
  EXPECT_EQ(o.mem, "64M");
  slurm_limits_from_pilot(1300.0, 4 * 1024 * 1024, 2, o); // 7800 s
  EXPECT_EQ(o.time, "02:10:00");
  EXPECT_EQ(o.mem, "8192M");
}

// The sweep writes its files as every output is (traces/output_file.h): the
// folders made, a file replaced whole, no temporary left, and a failed write
// names the file and the reason.
TEST(study_files, written_through_output_file) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "fabricvp_study_files";
  fs::remove_all(dir);
  const std::string file = (dir / "points" / "3" / "rep0" / "status.json").string();
  write_file_atomically(file, "one\n");
  write_file_atomically(file, "two\n");
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "two\n");
  std::size_t files = 0;
  for (const auto &e : fs::directory_iterator(fs::path(file).parent_path())) {
    EXPECT_EQ(e.path().filename(), "status.json") << "left behind: " << e.path();
    ++files;
  }
  EXPECT_EQ(files, 1u);
  try {
    write_file_atomically("/dev/full", "x");
    FAIL() << "a write to /dev/full succeeded";
  } catch (const input_error &e) {
    EXPECT_NE(std::string(e.what()).find("/dev/full: cannot write this sweep file: No space left"),
              std::string::npos)
        << e.what();
  }
  fs::remove_all(dir);
}
