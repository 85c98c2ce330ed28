// A stop request (what SIGINT and SIGTERM make: core/stop_request.h) ends a
// run at the next event after it, without the drain: the result is marked
// interrupted, covers the time reached, and does not count the packets still
// on their way (or an unfinished collective) as violations. Each TEST runs
// in its own process, so the request does not outlive it.
#include "test_support.h"

#include "core/stop_request.h"

#include <csignal>

using namespace fabricvp;
using namespace fabricvp::test;

namespace {

// Requests a stop at simulated time t, as a signal arriving then would.
void stop_at(double t_us) {
  sc_core::sc_spawn([t_us] {
    sc_core::wait(sc_core::sc_time(t_us, sc_core::SC_US));
    request_stop(SIGTERM);
  });
}

run_outcome run_shipped(const std::string &name, const std::vector<std::string> &overrides) {
  run_options o;
  o.platform_file = platforms_folder() + "/" + name + ".yaml";
  o.overrides = overrides;
  o.quiet = true;
  return run_simulation(prepare_netlist(o), o);
}

} // namespace

TEST(stop_request, ends_generated_traffic_at_the_next_event) {
  stop_at(5.0);
  const run_outcome out =
      run_shipped("default", {"simulation.duration=50us", "simulation.warmup=1us"});
  const run_result &r = out.result;
  EXPECT_TRUE(r.interrupted);
  EXPECT_EQ(out.exit_code, 0) << out.failure;
  EXPECT_GE(r.end_ps, 5'000'000u);
  EXPECT_LT(r.end_ps, 5'010'000u); // the next arrival, not the 50 us asked for
  EXPECT_EQ(r.window_end_ps, r.end_ps);
  EXPECT_GT(r.traffic.in_flight, 0u); // no drain
  EXPECT_EQ(r.scoreboard.violations, 0u);
  EXPECT_GT(r.throughput_gbps(), 0.0);
  EXPECT_EQ(report_json(r)["interrupted"], true);
}

TEST(stop_request, before_the_warmup_ends_leaves_an_empty_window) {
  stop_at(0.5);
  const run_result r =
      run_shipped("default", {"simulation.duration=50us", "simulation.warmup=2us"}).result;
  EXPECT_TRUE(r.interrupted);
  EXPECT_LT(r.end_ps, 600'000u);
  EXPECT_EQ(r.window_start_ps, r.window_end_ps);
  EXPECT_EQ(r.window_s(), 0.0);
  EXPECT_EQ(r.throughput_gbps(), 0.0);
}

TEST(stop_request, ends_a_collective_without_calling_it_incomplete) {
  stop_at(3.0);
  const run_outcome out = run_shipped("allreduce_switch8", {});
  ASSERT_TRUE(out.result.collective);
  EXPECT_TRUE(out.result.interrupted);
  EXPECT_FALSE(out.result.collective->complete);
  EXPECT_LT(out.result.end_ps, 3'100'000u);
  EXPECT_EQ(out.result.scoreboard.violations, 0u);
  EXPECT_EQ(out.exit_code, 0) << out.failure;
}

TEST(stop_request, a_run_without_one_is_not_interrupted) {
  const run_result r = run_shipped("default", {"simulation.duration=3us"}).result;
  EXPECT_FALSE(r.interrupted);
  EXPECT_EQ(report_json(r)["interrupted"], false);
}
