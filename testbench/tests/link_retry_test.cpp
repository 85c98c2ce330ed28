// Link-level retry on a degraded lossless link: corrupted frames are
// replayed instead of dropped, so nothing is lost and every flow stays in
// order; the number of replays follows the frame loss ratio its margin
// gives (each attempt fails with probability p: p / (1 - p) replays per
// frame on average), a replayed frame arrives at least one retry delay
// later, and every replay takes the link for its serialization and costs
// its bits' energy.
#include "testbench/tests/test_support.h"

#include <gtest/gtest.h>

#include "modules/link.h"

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
    link_retry: )") +
         (retry ? "true" : "false") + R"(
    retry_delay: 500ns
    serdes: {lanes: 4, lane_rate: 106.25Gbps}
    channel: [{segment: cable, length: 7.35m, loss_per_length: 4dB/m, reference_frequency: 0Hz, loss: 0dB, conductor_loss_26awg: 0dB/m, dielectric_loss_per_length: 0dB/m}]
connections:
  - {a: acc0.port0, b: acc1.port0, link: bad}
workload: {pattern: permutation, arrival: bernoulli, load: 0.5, size: 4KiB}
)";
}

// The loss probability of a 4 KiB frame on the link (-1.4 dB margin).
double frame_loss_4k(const whole_run &w) {
  const link_spec spec = link_spec_of(w.n.link_kinds.at("bad"));
  return frame_errors_of(spec, compute_link_budget(spec)).frame_loss(4096);
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
  // Replays: each attempt fails with p, geometric per frame.
  const double p = frame_loss_4k(w);
  ASSERT_GT(p, 0.01);
  ASSERT_LT(p, 0.3);
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
  const double p = frame_loss_4k(w);
  EXPECT_NEAR(dropped, n * p, 3 * std::sqrt(n * p * (1 - p)));
  EXPECT_EQ(w.report()["traffic"]["drops_by_reason"]["link_errors"].get<double>(), dropped);
}

TEST(link_retry, replays_take_link_time_and_energy) {
  // Every frame on the wire, first sends and replays alike, takes its
  // serialization and its bits' SerDes energy: busy time = (frames +
  // replays) x serialization of 4 KiB, and the SerDes traffic energy =
  // (frames + replays) x wire bits x (1 - idle) x e_bit / (coding x FEC),
  // e_bit = 4 + 0.15 x min(29.4 dB, 28 dB budget) pJ/bit (flat past the
  // equalizer's range).
  const whole_run w = run_platform_text(degraded_pair(true));
  const auto &link = w.report()["links"][0];
  const double frames = link["packets"].get<double>();
  const double replays = link["retries"].get<double>();
  ASSERT_GT(replays, 50.0);
  const double sim_s = w.result().sim_time_s();
  const double busy_s =
      (link["utilisation_a_to_b"].get<double>() + link["utilisation_b_to_a"].get<double>()) * sim_s;
  const double rate = 4 * 106.25e9 * 256.0 / 257.0 * 514.0 / 544.0;
  const double wire_bits = (4096 + 20) * 8.0;
  const double serialization_s = std::round(wire_bits / rate * 1e12) * 1e-12;
  EXPECT_NEAR(busy_s, (frames + replays) * serialization_s, 1e-9 * busy_s);
  const double e_bit = (4 + 0.15 * 28) * 1e-12;
  const double serdes_j =
      (frames + replays) * wire_bits * (1 - 0.7) * e_bit / (256.0 / 257.0 * 514.0 / 544.0);
  const double traffic_w = w.report()["power"]["traffic_w_by_class"]["serdes"].get<double>();
  EXPECT_NEAR(traffic_w * sim_s, serdes_j, 1e-9 * serdes_j);
}
