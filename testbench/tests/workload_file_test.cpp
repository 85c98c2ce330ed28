// Workload files (testbench/workload_file.h): jobs, steps, dependencies,
// iterations, communicator groups and start offsets, checked on small
// lossless platforms whose timing is derived in alpha_beta_platforms.h.
//
// On the non-blocking star (N accelerators on one 400G switch, 4 KiB
// packets) a ring all-reduce of S bytes over n ranks, S/n a whole number of
// packets, takes
//   T(n) = 2(n-1) (S/n / B + alpha)
// and nothing else on the fabric changes it: rings on disjoint ranks use
// distinct switch outputs, and a ring that starts later sees the same idle
// fabric. So an all-reduce step must take exactly (to the picosecond) what the
// same call takes alone from `workload: {pattern: all_reduce}`, and start
// exactly when what it comes after has ended. A wrong dependency (a step that
// waits for nothing, for the wrong step, or for the slowest rank rather than
// its own), a wrong iteration chain, a wrong group split or rank mapping moves
// these numbers by microseconds.
//
// Contention: on a leaf-spine with one 400G uplink per leaf (same rate as the
// accelerators), two 4-rank jobs whose rings both cross the uplinks share
// them, so each takes longer than alone; the same two jobs kept within their
// own leaves do not.
//
// Errors: every problem of a workload file is an input_error naming the
// file, line and path, found by load_workload_file on a loaded netlist (no
// elaboration).
#include "alpha_beta_platforms.h"

#include "testbench/workloads/workload_file.h"

#include <cstdio>
#include <set>

using namespace fabricvp;
using namespace fabricvp::test;

namespace {

constexpr int n_star = 8;
constexpr double mib = 1048576.0;
const std::string no_traffic = "{pattern: none, size: 4KiB}";

// The alpha-beta time of a ring all-reduce on the star.
double ring_model_s(int n, double bytes) {
  return 2 * (n - 1) *
         (bytes / n / payload_Bps(rate_400g) + alpha_s(rate_400g, star_metres, star_pipeline));
}

// Runs `platform` with the workload file `workload` in a child process (one
// elaboration per process), both written to a fresh folder; returns the report.
nlohmann::json workload_report(const std::string &platform, const std::string &workload) {
  return nlohmann::json::parse(run_in_child([&] {
    const std::string dir = temp_dir();
    run_options o;
    o.platform_file = write_file(dir, "platform.yaml", platform);
    o.workload_file = write_file(dir, "workload.yaml", workload);
    o.quiet = true;
    const netlist n = prepare_netlist(o);
    const run_outcome out = run_simulation(n, o);
    if (out.exit_code != 0)
      throw std::runtime_error(out.failure);
    return report_json(out.result).dump();
  }));
}

// The standalone ring all-reduce of `size` over ranks 0..n-1 of the star.
nlohmann::json standalone_all_reduce(int n, const std::string &size) {
  return report_of(star_platform(n_star, "{pattern: all_reduce, message_size: " + size +
                                             ", ranks: " + num(n) + ", size: 4KiB}"));
}

const nlohmann::json &op(const nlohmann::json &report, const std::string &name,
                         const std::string &job = "") {
  for (const auto &o : report["collective"]["operations"])
    if (o["name"] == name && (job.empty() || o["job"] == job))
      return o;
  throw std::runtime_error("no operation '" + name + "' in " +
                           report["collective"]["operations"].dump());
}

// Picoseconds of a report's seconds (integer in the model).
time_ps ps(const nlohmann::json &seconds) { return ps_of(seconds.get<double>()); }

// What every workload run must satisfy.
void check_clean(const nlohmann::json &r) {
  EXPECT_EQ(r["scoreboard"]["violations"].get<int>(), 0) << r["scoreboard"]["messages"].dump();
  EXPECT_TRUE(r["collective"]["complete"].get<bool>());
  EXPECT_EQ(r["traffic"]["packets_dropped"].get<std::uint64_t>(), 0u);
  EXPECT_EQ(r["traffic"]["packets_in_flight"].get<std::uint64_t>(), 0u);
  EXPECT_EQ(r["traffic"]["packets_delivered"], r["traffic"]["packets_injected"]);
  // The run lasts until the last step has ended, compute steps included.
  EXPECT_GE(ps(r["sim_time_s"]), ps(r["collective"]["finish_s"]));
  for (const auto &o : r["collective"]["operations"]) {
    EXPECT_TRUE(o["complete"].get<bool>()) << o["name"];
    EXPECT_EQ(ps(o["end_s"]) - ps(o["start_s"]), ps(o["time_s"])) << o["name"];
  }
}

// The standalone ring time of n ranks, checked against its closed form.
time_ps ring_ps(int n, double bytes) {
  const nlohmann::json alone = standalone_all_reduce(n, num(static_cast<long>(bytes)) + "B");
  const double t = alone["collective"]["time_s"].get<double>();
  const double model = ring_model_s(n, bytes);
  std::printf("ring all-reduce %.0f B over %d ranks alone: %.4f us, alpha-beta %.4f us (%+.5f%%)\n",
              bytes, n, t * 1e6, model * 1e6, (t / model - 1) * 100);
  EXPECT_NEAR(t, model, 1e-5 * model);
  return ps_of(t);
}

std::string job_header(const std::string &name, const std::string &extra = "") {
  return "  - name: " + name + "\n" + extra + "    steps:\n";
}

} // namespace

// ---- dependencies, iterations, groups, jobs ----

TEST(workload_file, all_reduce_after_compute_starts_when_the_compute_ends) {
  const nlohmann::json r = workload_report(
      star_platform(n_star, no_traffic), "fabricvp_workload: 1\njobs:\n" + job_header("train") +
                                             "      - {name: fwd, compute: 10us}\n"
                                             "      - {name: grads, op: all_reduce, size: 1MiB}\n");
  check_clean(r);
  const time_ps ring = ring_ps(n_star, mib);
  ASSERT_EQ(r["collective"]["operations"].size(), 2u);
  const auto &fwd = op(r, "fwd"), &grads = op(r, "grads");
  EXPECT_EQ(fwd["kind"], "compute");
  EXPECT_EQ(fwd["job"], "train");
  EXPECT_EQ(ps(fwd["start_s"]), 0);
  EXPECT_EQ(ps(fwd["end_s"]), 10'000'000);
  EXPECT_EQ(grads["kind"], "all_reduce");
  EXPECT_EQ(grads["algorithm"], "ring");
  EXPECT_EQ(grads["ranks"].get<int>(), n_star);
  EXPECT_EQ(ps(grads["start_s"]), 10'000'000);
  EXPECT_EQ(ps(grads["time_s"]), ring);
  EXPECT_EQ(ps(grads["end_s"]), 10'000'000 + ring);
  EXPECT_EQ(ps(r["collective"]["finish_s"]), 10'000'000 + ring);
  // The step's bandwidths are those of its own window, not of the run.
  const double algbw = mib * 8 / (static_cast<double>(ring) * 1e-12) / 1e9;
  EXPECT_NEAR(grads["algbw_gbps"].get<double>(), algbw, 1e-6 * algbw);
  EXPECT_NEAR(grads["busbw_gbps"].get<double>(), algbw * 2 * (n_star - 1) / n_star, 1e-6 * algbw);
  EXPECT_EQ(r["traffic"]["bytes_delivered"].get<double>(), 2.0 * (n_star - 1) * mib);
  // The critical path of the all-reduce starts at its own start: nothing of
  // the compute is charged to it.
  EXPECT_EQ(grads["time_breakdown_s"]["dependency_wait"].get<double>(), 0.0);
}

TEST(workload_file, iterations_chain_one_after_the_other) {
  const nlohmann::json r =
      workload_report(star_platform(n_star, no_traffic),
                      "fabricvp_workload: 1\njobs:\n" + job_header("train", "    iterations: 3\n") +
                          "      - {name: fwd, compute: 10us}\n"
                          "      - {name: grads, op: all_reduce, size: 1MiB}\n");
  check_clean(r);
  const time_ps ring = ring_ps(n_star, mib), compute = 10'000'000;
  ASSERT_EQ(r["collective"]["operations"].size(), 6u); // no join is an operation
  for (int k = 0; k < 3; ++k) {
    const std::string it = "#" + num(k);
    const auto &fwd = op(r, "fwd" + it), &grads = op(r, "grads" + it);
    const time_ps begin = k * (compute + ring);
    EXPECT_EQ(ps(fwd["start_s"]), begin) << it;
    EXPECT_EQ(ps(fwd["time_s"]), compute) << it;
    EXPECT_EQ(ps(grads["start_s"]), ps(fwd["end_s"])) << it;
    EXPECT_EQ(ps(grads["time_s"]), ring) << it;
    if (k > 0) {
      EXPECT_EQ(ps(fwd["start_s"]), ps(op(r, "grads#" + num(k - 1))["end_s"])) << it;
    }
  }
  EXPECT_EQ(ps(r["collective"]["finish_s"]), 3 * (compute + ring));
  EXPECT_EQ(r["traffic"]["bytes_delivered"].get<double>(), 3 * 2.0 * (n_star - 1) * mib);
}

TEST(workload_file, groups_run_independent_communicators_concurrently) {
  const nlohmann::json r =
      workload_report(star_platform(n_star, no_traffic),
                      "fabricvp_workload: 1\njobs:\n" + job_header("train") +
                          "      - {name: fwd, compute: 5us}\n"
                          "      - {name: tp, op: all_reduce, size: 1MiB, groups: 2}\n"
                          "      - {name: wide, op: all_reduce, size: 1MiB, groups: 4}\n");
  check_clean(r);
  const time_ps ring2 = ring_ps(2, mib), ring4 = ring_ps(4, mib);
  ASSERT_EQ(r["collective"]["operations"].size(), 1u + 4u + 2u);
  for (int g = 0; g < 4; ++g) {
    const auto &tp = op(r, "tp[" + num(g) + "]");
    EXPECT_EQ(tp["ranks"].get<int>(), 2);
    EXPECT_EQ(ps(tp["start_s"]), 5'000'000) << g;
    EXPECT_EQ(ps(tp["time_s"]), ring2) << g;
  }
  for (int g = 0; g < 2; ++g) {
    const auto &wide = op(r, "wide[" + num(g) + "]");
    EXPECT_EQ(wide["ranks"].get<int>(), 4);
    EXPECT_EQ(ps(wide["start_s"]), 5'000'000 + ring2) << g;
    EXPECT_EQ(ps(wide["time_s"]), ring4) << g;
  }
  EXPECT_EQ(ps(r["collective"]["finish_s"]), 5'000'000 + ring2 + ring4);
  EXPECT_EQ(r["traffic"]["bytes_delivered"].get<double>(), (4 * 2.0 * 1 + 2 * 2.0 * 3) * mib);
}

// Job a by a range of endpoint ids, job b by a glob on endpoint names; the
// two all-reduces overlap in time (5-40 us, 12-47 us).
std::string overlapping_jobs() {
  return "fabricvp_workload: 1\njobs:\n" + job_header("a", "    ranks: 0..3\n    start: 5us\n") +
         "      - {name: ar, op: all_reduce, size: 1MiB}\n" +
         job_header("b", "    ranks: \"acc[4-7]\"\n    start: 12us\n") +
         "      - {name: ar, op: all_reduce, size: 1MiB}\n";
}

TEST(workload_file, disjoint_jobs_start_at_their_offsets_and_do_not_interfere) {
  // Job a by a range of endpoint ids, job b by a glob on endpoint names; the
  // two all-reduces overlap in time (5-40 us, 12-47 us).
  const nlohmann::json r =
      workload_report(star_platform(n_star, no_traffic),
                      overlapping_jobs() + "      - {name: tail, compute: 1us}\n");
  check_clean(r);
  const time_ps ring = ring_ps(4, mib);
  const auto &a = op(r, "ar", "a"), &b = op(r, "ar", "b");
  EXPECT_EQ(ps(a["start_s"]), 5'000'000);
  EXPECT_EQ(ps(b["start_s"]), 12'000'000);
  EXPECT_LT(ps(b["start_s"]), ps(a["end_s"])); // they do overlap
  EXPECT_EQ(ps(a["time_s"]), ring);
  EXPECT_EQ(ps(b["time_s"]), ring);
  EXPECT_EQ(ps(op(r, "tail", "b")["start_s"]), 12'000'000 + ring);
  EXPECT_EQ(ps(r["collective"]["finish_s"]), 12'000'000 + ring + 1'000'000);
  // The run ends when `tail` does, 1 us after the last packet.
  EXPECT_EQ(ps(r["sim_time_s"]), 12'000'000 + ring + 1'000'000);
}

TEST(workload_file, concurrent_operations_split_traffic_energy_exactly) {
  // The two overlapping all-reduces above: each operation's window energy
  // counts everything drawn while it ran (the other job's traffic and the
  // idle power included), while its traffic energy counts its own packets'
  // transfers only. Traffic energies add up to the run's dynamic energy;
  // the two jobs move the same bytes over alike links, so theirs are equal.
  const nlohmann::json r = workload_report(star_platform(n_star, no_traffic), overlapping_jobs());
  check_clean(r);
  const auto &a = op(r, "ar", "a"), &b = op(r, "ar", "b");
  const double ta = a["traffic_energy_j"].get<double>(), tb = b["traffic_energy_j"].get<double>();
  double dynamic = 0.0;
  for (const auto &[cls, w] : r["power"]["traffic_w_by_class"].items())
    dynamic += w.get<double>() * r["sim_time_s"].get<double>();
  ASSERT_GT(ta, 0.0);
  EXPECT_NEAR(ta, tb, 1e-9 * ta);
  EXPECT_NEAR(ta + tb, dynamic, 1e-9 * dynamic);
  // Windows overlap: their sum exceeds the whole run's energy.
  EXPECT_GT(a["energy_j"].get<double>() + b["energy_j"].get<double>(),
            r["power"]["energy_j"].get<double>());
  EXPECT_GT(a["energy_j"].get<double>(), ta);
  EXPECT_NEAR(a["traffic_pj_per_bit_moved"].get<double>(),
              ta / (a["bytes_moved"].get<double>() * 8) * 1e12, 1e-9);
}

TEST(workload_file, jobs_sharing_an_uplink_slow_each_other_down) {
  // 2 leaves x 4 accelerators, 400G everywhere, one 400G uplink per leaf.
  // Crossing: job a on 0, 1, 4, 5 and job b on 2, 3, 6, 7: each ring crosses
  // each leaf's uplink once per direction, so together two flows share each.
  // Local: job a on leaf 0, job b on leaf 1: nothing shared.
  const std::string platform = leaf_spine_platform(2, 4, 4, no_traffic);
  auto jobs = [](const std::string &a_ranks, const std::string &b_ranks) {
    std::string w = "fabricvp_workload: 1\njobs:\n" +
                    job_header("a", "    ranks: " + a_ranks + "\n") +
                    "      - {name: ar, op: all_reduce, size: 4MiB}\n";
    if (!b_ranks.empty())
      w += job_header("b", "    ranks: " + b_ranks + "\n") +
           "      - {name: ar, op: all_reduce, size: 4MiB}\n";
    return w;
  };
  const nlohmann::json crossing = workload_report(platform, jobs("[0, 1, 4, 5]", "[2, 3, 6, 7]"));
  const nlohmann::json crossing_alone = workload_report(platform, jobs("[0, 1, 4, 5]", ""));
  const nlohmann::json local = workload_report(platform, jobs("0..3", "4..7"));
  const nlohmann::json local_alone = workload_report(platform, jobs("0..3", ""));
  for (const auto *r : {&crossing, &crossing_alone, &local, &local_alone})
    check_clean(*r);
  const double ta = op(crossing, "ar", "a")["time_s"].get<double>();
  const double tb = op(crossing, "ar", "b")["time_s"].get<double>();
  const double t_alone = op(crossing_alone, "ar", "a")["time_s"].get<double>();
  std::printf("4 MiB all-reduce, 4 ranks across 2 leaves: alone %.3f us; with the other job on "
              "the same uplinks %.3f us (a) and %.3f us (b), x%.3f\n",
              t_alone * 1e6, ta * 1e6, tb * 1e6, std::max(ta, tb) / t_alone);
  // Two flows on each uplink direction: the crossing steps run at half rate.
  EXPECT_GT(ta, 1.5 * t_alone);
  EXPECT_GT(tb, 1.5 * t_alone);
  EXPECT_LT(std::max(ta, tb), 2.2 * t_alone);
  // Within their own leaves the jobs share nothing: exactly as alone.
  EXPECT_EQ(ps(op(local, "ar", "a")["time_s"]), ps(op(local_alone, "ar", "a")["time_s"]));
  EXPECT_EQ(ps(op(local, "ar", "b")["time_s"]), ps(op(local_alone, "ar", "a")["time_s"]));
  // Uplink packets: the crossing jobs' rings cross in 2 of their 4 transfers
  // per step (1 -> 4 and 5 -> 0, or 3 -> 6 and 7 -> 2), each over 2 uplinks;
  // the local jobs never.
  const double chunk_packets = 4 * mib / 4 / mtu, steps = 2 * (4 - 1);
  EXPECT_EQ(link_packets(crossing, "up"), 2 /* jobs */ * steps * 2 * 2 * chunk_packets);
  EXPECT_EQ(link_packets(local, "up"), 0.0);
}

TEST(workload_file, after_a_list_waits_for_the_last_of_them_rank_by_rank) {
  const nlohmann::json r = workload_report(
      star_platform(n_star, no_traffic),
      "fabricvp_workload: 1\njobs:\n" + job_header("j") +
          "      - {name: left, compute: 3us, ranks: 0..3}\n"
          "      - {name: right, compute: 6us, ranks: 4..7, after: []}\n"
          "      - {name: both, compute: 1us, after: [left, right]}\n"
          "      - {name: fwd, compute: 2us, after: []}\n"
          "      - {name: load, compute: 7us, after: []}\n"
          "      - {name: grads, op: all_reduce, size: 1MiB, after: [load, fwd]}\n");
  check_clean(r);
  const time_ps ring = ring_ps(n_star, mib);
  // Ranks 0-3 start `both` when `left` ends (3 us), ranks 4-7 when `right`
  // does (6 us): the step spans 3 to 7 us.
  EXPECT_EQ(ps(op(r, "right")["start_s"]), 0);
  EXPECT_EQ(ps(op(r, "both")["start_s"]), 3'000'000);
  EXPECT_EQ(ps(op(r, "both")["end_s"]), 7'000'000);
  // On every rank the later of the two (7 us).
  EXPECT_EQ(ps(op(r, "grads")["start_s"]), 7'000'000);
  EXPECT_EQ(ps(op(r, "grads")["time_s"]), ring);
  EXPECT_EQ(ps(r["collective"]["finish_s"]), 7'000'000 + ring);
}

TEST(workload_file, default_after_is_the_ranks_own_previous_step) {
  // `tp` runs on ranks 0-3 only; `grads` comes after it by default. Ranks
  // 4-7 took no part in `tp`, so they enter `grads` when their own previous
  // step (`fwd`) has ended, not at time 0 while still computing.
  const nlohmann::json r = workload_report(star_platform(n_star, no_traffic),
                                           "fabricvp_workload: 1\njobs:\n" + job_header("j") +
                                               "      - {name: fwd, compute: 10us}\n"
                                               "      - {name: tp, compute: 2us, ranks: 0..3}\n"
                                               "      - {name: grads, compute: 1us}\n");
  check_clean(r);
  EXPECT_EQ(ps(op(r, "tp")["start_s"]), 10'000'000);
  EXPECT_EQ(ps(op(r, "grads")["start_s"]), 10'000'000);
  EXPECT_EQ(ps(op(r, "grads")["end_s"]), 13'000'000);
}

TEST(workload_file, a_step_on_a_subset_only_involves_its_endpoints) {
  // The job's ranks are endpoints 6, 7, 2, 3, 0, 1; the step's ranks 0..3 of
  // the job are endpoints 6, 7, 2, 3.
  const nlohmann::json r = workload_report(
      star_platform(n_star, no_traffic),
      "fabricvp_workload: 1\njobs:\n" + job_header("j", "    ranks: [6, 7, 2, 3, 0, 1]\n") +
          "      - {name: ar, op: all_reduce, size: 1MiB, ranks: 0..3}\n");
  check_clean(r);
  const auto &ar = op(r, "ar");
  EXPECT_EQ(ar["ranks"].get<int>(), 4);
  EXPECT_EQ(ar["bytes_moved"].get<double>(), 2.0 * 3 * mib);
  EXPECT_EQ(r["traffic"]["bytes_delivered"].get<double>(), 2.0 * 3 * mib);
  EXPECT_EQ(ps(ar["time_s"]), ring_ps(4, mib));
  std::set<std::string> busy;
  for (const auto &l : r["links"])
    if (l["packets"].get<double>() > 0)
      busy.insert(l["a"].get<std::string>());
  EXPECT_EQ(busy, (std::set<std::string>{"acc2.port0", "acc3.port0", "acc6.port0", "acc7.port0"}));
}

// ---- errors: file, line and path ----

namespace {

// The base file, by line:
//  1 fabricvp_workload   4 ranks     6 fwd (compute)
//  2 jobs                5 steps     7 grads (all_reduce)
//  3 name: train                     8 opt (compute)
std::string base_workload() {
  return "fabricvp_workload: 1\n"
         "jobs:\n"
         "  - name: train\n"
         "    ranks: 0..7\n"
         "    steps:\n"
         "      - {name: fwd, compute: 10us}\n"
         "      - {name: grads, op: all_reduce, size: 1MiB}\n"
         "      - {name: opt, compute: 1us}\n";
}

// `in` (by default the base file) with line `line` (1-based) replaced by
// `text`, or with insert, `text` inserted before it.
std::string edited(int line, const std::string &text, bool insert = false,
                   const std::string &in = base_workload()) {
  std::string out;
  std::size_t pos = 0;
  for (int k = 1; pos < in.size(); ++k) {
    const std::size_t end = in.find('\n', pos) + 1;
    if (k == line)
      out += text + "\n";
    if (k != line || insert)
      out += in.substr(pos, end - pos);
    pos = end;
  }
  return out;
}

struct bad_workload {
  const char *name;
  std::string workload;
  int line;
  std::string path, needle;
};

const std::vector<bad_workload> &bad_workloads() {
  const std::string grads = "      - {name: grads, op: all_reduce";
  static const std::vector<bad_workload> cases = {
      {"unknown_key_in_a_step", edited(7, grads + ", sizee: 1MiB}"), 7, "jobs[0].steps[1].sizee",
       "unknown key"},
      {"after_naming_a_later_step", edited(6, "      - {name: fwd, compute: 10us, after: [grads]}"),
       6, "jobs[0].steps[0].after", "no earlier step named 'grads'"},
      {"after_naming_an_unknown_step",
       edited(8, "      - {name: opt, compute: 1us, after: [grads, bwd]}"), 8,
       "jobs[0].steps[2].after", "no earlier step named 'bwd'"},
      {"after_naming_itself", edited(8, "      - {name: opt, compute: 1us, after: opt}"), 8,
       "jobs[0].steps[2].after", "no earlier step named 'opt'"},
      {"job_rank_out_of_range", edited(4, "    ranks: 0..8"), 4, "jobs[0].ranks",
       "rank 8 is out of range (there are 8)"},
      // The job has 4 ranks: a step's ranks index them.
      {"step_rank_out_of_the_jobs_range",
       edited(7, grads + ", size: 1MiB, ranks: [0, 4]}", false,
              edited(4, "    ranks: [4, 5, 6, 7]")),
       7, "jobs[0].steps[1].ranks", "rank 4 is out of range (there are 4)"},
      {"duplicated_rank", edited(4, "    ranks: [0, 1, 2, 1]"), 4, "jobs[0].ranks",
       "rank 1 is listed twice"},
      {"glob_matching_nothing", edited(4, "    ranks: \"nic*\""), 4, "jobs[0].ranks",
       "no endpoint name matches 'nic*'"},
      {"job_defined_twice",
       base_workload() + "  - name: train\n    steps: [{name: x, compute: 1us}]\n", 9,
       "jobs[1].name", "job 'train' is defined twice"},
      {"step_defined_twice", edited(8, "      - {name: fwd, compute: 1us}"), 8,
       "jobs[0].steps[2].name", "step 'fwd' is defined twice"},
      {"groups_not_dividing_the_ranks", edited(7, grads + ", size: 1MiB,\n         groups: 3}"), 8,
       "jobs[0].steps[1].groups", "8 ranks do not split into communicators of 3"},
      {"compute_step_with_an_op", edited(7, grads + ", compute: 2us}"), 7,
       "jobs[0].steps[1].compute", "a collective step has no compute time"},
      {"step_with_neither_op_nor_compute", edited(8, "      - {name: opt}"), 8, "jobs[0].steps[2]",
       "needs `op:`"},
      {"unknown_network_name", edited(4, "    scale_up_network: nvlink", true), 4,
       "jobs[0].scale_up_network", "no link kind has network 'nvlink'"},
      {"algorithm_the_op_does_not_run",
       edited(7, "      - {name: grads, op: all_gather, algorithm: tree, size: 1MiB}"), 7,
       "jobs[0].steps[1].algorithm", "algorithm 'tree' does not run all_gather"},
      {"broadcast_root_outside_the_communicator",
       edited(7, "      - {name: grads, op: broadcast, root: 4, groups: 4}"), 7,
       "jobs[0].steps[1].root", "root 4 is not one of the 4 ranks"},
      {"hierarchical_without_a_way_to_find_the_groups",
       edited(7, grads + ", algorithm: hierarchical}"), 7, "jobs[0].steps[1].algorithm",
       "needs the job's group_size, or its scale_up_network"},
      {"hierarchical_group_size_not_dividing_the_ranks",
       edited(5, "    group_size: 3", true, edited(7, grads + ", algorithm: hierarchical}")), 5,
       "jobs[0].group_size", "8 ranks of step 'grads' do not split into groups of 3"},
      {"wrong_version", edited(1, "fabricvp_workload: 2"), 1, "fabricvp_workload",
       "unsupported workload format version '2'"},
      {"empty_jobs", "fabricvp_workload: 1\njobs: []\n", 2, "jobs",
       "expected a non-empty list of jobs"},
  };
  return cases;
}

// gtest prints a parameter by this (not as bytes).
void PrintTo(const bad_workload &c, std::ostream *os) { *os << c.name; }

class workload_file_error : public testing::TestWithParam<bad_workload> {};

} // namespace

TEST(workload_file, base_of_the_error_cases_is_valid) {
  const netlist n = load_platform_text(star_platform(n_star, no_traffic));
  const workload_plan plan =
      load_workload_file(write_file(temp_dir(), "workload.yaml", base_workload()), n);
  ASSERT_EQ(plan.jobs.size(), 1u);
  ASSERT_EQ(plan.jobs[0].steps.size(), 3u);
  EXPECT_EQ(plan.jobs[0].ranks.size(), 8u);
  EXPECT_EQ(plan.jobs[0].steps[2].after, std::vector<std::size_t>{1});
}

// One message naming the file, the line and the path.
TEST_P(workload_file_error, names_file_line_and_path) {
  const bad_workload &c = GetParam();
  const netlist n = load_platform_text(star_platform(n_star, no_traffic));
  const std::string file = write_file(temp_dir(), "workload.yaml", c.workload);
  try {
    load_workload_file(file, n);
    ADD_FAILURE() << "no error for " << c.path << " in\n" << c.workload;
  } catch (const input_error &e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind(file + ":" + num(c.line) + ": " + c.path + ": ", 0), 0u) << what;
    EXPECT_EQ(e.path(), c.path) << what;
    EXPECT_NE(what.find(c.needle), std::string::npos) << what;
  }
}

INSTANTIATE_TEST_SUITE_P(cases, workload_file_error, testing::ValuesIn(bad_workloads()),
                         [](const testing::TestParamInfo<bad_workload> &i) {
                           return std::string(i.param.name);
                         });
