// Link-level retry on a degraded lossless link: corrupted frames are
// replayed instead of dropped, so nothing is lost and every flow stays in
// order; the number of replays follows the frame loss ratio (each attempt
// fails with probability p: p / (1 - p) replays per frame on average), and a
// replayed frame arrives one retry delay later.
#include "testbench/tests/test_support.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace fabricvp;
using namespace fabricvp::test;

namespace {

std::string degraded_pair(bool retry) {
  return std::string(R"(
fabricvp: 1
name: retry_pair
simulation: {duration: 100us, warmup: 0us, seed: 7}
components:
  - {name: "acc{i}", count: 2, type: accelerator_port, ports: 1}
links:
  bad:
    flow_control: credit
    on_budget_fail: degrade
    degraded_frame_loss: 0.05
    link_retry: )") +
         (retry ? "true" : "false") + R"(
    retry_delay: 500ns
    serdes: {lanes: 4, lane_rate: 106.25Gbps}
    channel: [{segment: cable, preset: twinax_26awg, length: 20m}]
connections:
  - {a: acc0.port0, b: acc1.port0, link: bad}
workload: {pattern: permutation, arrival: bernoulli, load: 0.5, size: 4KiB}
)";
}

} // namespace

TEST(link_retry, a_degraded_lossless_link_replays_and_loses_nothing) {
  const whole_run w = run_platform_text(degraded_pair(true));
  const auto &link = w.report()["links"][0];
  ASSERT_EQ(link["status"], "degraded");
  const double delivered = static_cast<double>(w.traffic("packets_delivered"));
  EXPECT_EQ(w.traffic("packets_dropped"), 0u);
  EXPECT_EQ(w.traffic("packets_delivered"), w.traffic("packets_injected"));
  EXPECT_EQ(w.report()["scoreboard"]["violations"].get<int>(), 0); // in order, once
  ASSERT_GT(delivered, 1000.0);
  // Replays: each attempt fails with p = 0.05, geometric per frame.
  const double p = 0.05;
  const double expected = delivered * p / (1 - p);
  const double sigma = std::sqrt(delivered * p) / (1 - p);
  const double retries = link["retries"].get<double>();
  std::printf("%.0f frames, %.0f replays (expected %.1f +- %.1f)\n", delivered, retries, expected,
              sigma);
  EXPECT_NEAR(retries, expected, 5 * sigma);
  // A replayed frame arrives a retry delay (500 ns) late.
  EXPECT_GE(w.report()["latency_ns"]["max"].get<double>(),
            w.report()["latency_ns"]["min"].get<double>() + 500.0);
}

TEST(link_retry, without_retry_the_same_link_drops_frames) {
  const whole_run w = run_platform_text(degraded_pair(false));
  const double delivered = static_cast<double>(w.traffic("packets_delivered"));
  const double dropped = static_cast<double>(w.traffic("packets_dropped"));
  EXPECT_EQ(w.report()["links"][0]["retries"].get<int>(), 0);
  const double n = delivered + dropped;
  EXPECT_NEAR(dropped, n * 0.05, 5 * std::sqrt(n * 0.05));
  EXPECT_EQ(w.report()["traffic"]["drops_by_reason"]["link_errors"].get<double>(), dropped);
}
