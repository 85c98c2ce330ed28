// An unstable run says so. Three sources each offering 60% of their port to
// one destination (incast, lossless links) offer its switch port 1.8x what it
// can send: the queue grows at the sources through the whole window, the
// switch-to-destination port shows an offered load near 1.8 (plus the
// sources' ports backpressured by credits), and the drain after the window is
// long. Uniform traffic at 50% on the same star stays below capacity
// everywhere. With drain off, the latency statistics leave out the window
// packets still queued at the end, and the report counts them.
#include "alpha_beta_platforms.h"

#include "platforms/presets.h"

using namespace fabricvp;
using namespace fabricvp::test;

namespace {
const std::vector<std::string> short_window = {"simulation.duration=12us", "simulation.warmup=2us"};
std::vector<std::string> with(std::vector<std::string> v, const std::string &extra) {
  v.push_back(extra);
  return v;
}
} // namespace

TEST(stability, incast_over_capacity_is_flagged_with_its_port_and_load) {
  whole_run r =
      run_platform_text(star_platform(4, "{pattern: incast, load: 0.6, size: 4KiB}"), short_window);
  ASSERT_EQ(r.out.exit_code, 0) << r.out.failure;
  ASSERT_TRUE(r.result().stability);
  const stability_result &s = *r.result().stability;
  EXPECT_FALSE(s.stable());
  ASSERT_GE(s.overloaded_count, 1u);
  const overloaded_port &worst = s.worst.front();
  std::printf("%zu overloaded; worst %s at %.4f, backlog +%.3f us; drain %.3f us\n",
              s.overloaded_count, worst.port.c_str(), worst.offered_load,
              worst.backlog_growth_ps * 1e-6, s.drain_ps * 1e-6);
  EXPECT_NE(worst.port.find("sw0.port0"), std::string::npos) << worst.port; // towards acc0
  EXPECT_NEAR(worst.offered_load, 3 * 0.6, 0.1 * 1.8);
  // Its queue grew by the excess: (1.8 - 1) of the 10 us window.
  EXPECT_NEAR(static_cast<double>(worst.backlog_growth_ps), 0.8 * 10e6, 0.15 * 8e6);
  EXPECT_GT(s.drain_ps, 5'000'000u); // microseconds of backlog left at the window's end
  EXPECT_EQ(s.latency_left_out, 0u); // drained: every window packet is in the statistics
  EXPECT_NE(run_summary_text(r).find("UNSTABLE"), std::string::npos);
}

TEST(stability, uniform_half_load_is_stable) {
  whole_run r = run_platform_text(
      star_platform(4, "{pattern: uniform_random, load: 0.5, size: 4KiB}"), short_window);
  ASSERT_EQ(r.out.exit_code, 0) << r.out.failure;
  const stability_result &s = *r.result().stability;
  EXPECT_TRUE(s.stable()) << s.overloaded_count << " overloaded, worst "
                          << (s.worst.empty() ? 0.0 : s.worst.front().offered_load);
  EXPECT_LT(s.drain_ps, 2'000'000u);
  EXPECT_EQ(run_summary_text(r).find("UNSTABLE"), std::string::npos);
}

TEST(stability, without_drain_the_left_out_window_packets_are_counted) {
  whole_run r = run_platform_text(star_platform(4, "{pattern: incast, load: 0.6, size: 4KiB}"),
                                  with(short_window, "simulation.drain=false"));
  ASSERT_EQ(r.out.exit_code, 0) << r.out.failure;
  const stability_result &s = *r.result().stability;
  const run_result &res = r.result();
  // Left out = created in the window and still in flight at the end (nothing
  // is dropped on lossless links); the latency samples are the rest.
  EXPECT_GT(s.latency_left_out, 0u);
  EXPECT_EQ(s.latency_left_out + res.latency.samples, s.window_packets);
  EXPECT_LE(s.latency_left_out, res.traffic.in_flight);
  EXPECT_NE(run_summary_text(r).find("LEFT OUT"), std::string::npos);
}

TEST(stability, collectives_run_to_completion_and_have_no_verdict) {
  whole_run r = run_platform_text(star_platform(4, "{pattern: all_reduce_ring, size: 4KiB}"),
                                  {"workload.message_size=64KiB"});
  ASSERT_EQ(r.out.exit_code, 0) << r.out.failure;
  EXPECT_FALSE(r.result().stability);
  EXPECT_FALSE(r.report().contains("stability"));
}

// The 4-rack CPO cluster under uniform traffic at 70% of every port: most
// destinations are in other racks, so the two 400G NICs of each accelerator
// are offered several times their rate (the scale-up ports' traffic to other
// racks funnels into them). The report names NIC ports (18, 19) as the worst.
TEST(stability, cluster_cpo_uniform_70_percent_overloads_its_nics) {
  run_options o;
  o.platform_file = platforms_folder() + "/cluster_cpo.yaml";
  o.overrides = {"workload.pattern=uniform_random", "workload.load=0.7", "simulation.duration=4us",
                 "simulation.warmup=1us"};
  o.quiet = true;
  const netlist n = prepare_netlist(o);
  const run_outcome out = run_simulation(n, o);
  ASSERT_EQ(out.exit_code, 0) << out.failure;
  const stability_result &s = *out.result.stability;
  EXPECT_FALSE(s.stable());
  EXPECT_GE(s.overloaded_count, 288u); // at least one NIC direction per accelerator
  const overloaded_port &worst = s.worst.front();
  const bool nic = worst.port.rfind(".port18") == worst.port.size() - 7 ||
                   worst.port.rfind(".port19") == worst.port.size() - 7;
  EXPECT_TRUE(nic) << worst.port;
  EXPECT_GT(worst.offered_load, 2.0);
}

// The shipped generated-traffic benchmarks run at loads their fabrics carry.
namespace {
void expect_stable(const std::string &platform) {
  const whole_run r = run_shipped_platform(platform);
  const run_outcome &out = r.out;
  ASSERT_EQ(out.exit_code, 0) << out.failure;
  const stability_result &s = *out.result.stability;
  EXPECT_TRUE(s.stable()) << platform << ": " << s.overloaded_count << " overloaded, worst "
                          << (s.worst.empty() ? "" : s.worst.front().port);
}
} // namespace
// The default platform offers 70% of both ports of every accelerator, but a
// source splits its flows over its two ports by ECMP hash: acc6 hashes six of
// its seven destinations onto port 1, which is then offered about
// 0.7 x 2 x 6/7 = 1.2 of its rate (less the flows' randomness) and falls
// behind, while port 0 idles. The verdict names that port; its sibling is far
// less busy.
TEST(stability, shipped_default_shows_an_ecmp_hash_imbalance_at_a_source) {
  const whole_run r = run_shipped_platform("default");
  const run_outcome &out = r.out;
  ASSERT_EQ(out.exit_code, 0) << out.failure;
  const stability_result &s = *out.result.stability;
  ASSERT_EQ(s.overloaded_count, 1u);
  EXPECT_EQ(s.worst.front().port, "acc6.port1");
  EXPECT_GT(s.worst.front().offered_load, 1.05);
  double util[2] = {0, 0};
  for (const link_result &l : out.result.links)
    for (int p = 0; p < 2; ++p)
      if (l.a == "acc6.port" + std::to_string(p))
        util[p] = l.utilisation_a_to_b(out.result.sim_time_s());
  EXPECT_GT(util[1], 2 * util[0]) << util[0] << " vs " << util[1];
}
TEST(stability, shipped_leaf_spine_is_stable) { expect_stable("leaf_spine"); }
TEST(stability, shipped_bench_switch64_is_stable) { expect_stable("bench_switch64"); }
TEST(stability, shipped_switch102t_cpo_is_stable) { expect_stable("switch102t_cpo"); }
