// Throughput and queueing against closed forms:
//  - a saturated link delivers data_rate x size / (size + framing overhead);
//  - an incast of two sources saturates the output link at the same rate;
//  - a credit-starved link delivers credits / (serialization + 2 x fixed latency);
//  - Poisson arrivals on one link (M/D/1) queue for rho / (2 mu (1 - rho)) on average.
#include "test_support.h"

using namespace fabricvp;
using namespace fabricvp::test;

namespace {

constexpr double rate_400g = 400e9; // 4 x 106.25G, 256b/257b, RS(544,514)
constexpr double framing = 20;

const char *direct = R"(
fabricvp: 1
name: direct
simulation: {duration: 200us, warmup: 20us, seed: 3}
components:
  - {name: "acc{i}", count: 2, type: accelerator_port, ports: 1, clock: 1GHz,
     tx_pipeline_cycles: 20, rx_pipeline_cycles: 30}
links:
  l400:
    flow_control: credit
    framing_overhead: 20B
    serdes: {lanes: 4, lane_rate: 106.25Gbps, clock: 1GHz, tx_pipeline_cycles: 10,
             rx_pipeline_cycles: 15, fec: rs544_514, fec_latency: 100ns}
    channel:
      - {segment: cable, length: 2m, delay_per_length: 5ns/m}
connections:
  - {a: acc0.port0, b: acc1.port0, link: l400}
workload: {pattern: permutation, arrival: bernoulli, load: 1.0, sources: 1, size: 4KiB}
)";

constexpr time_ps link_fixed = 10000 + 100000 + 10000 + 15000; // SerDes TX + FEC + 2 m + SerDes RX
constexpr time_ps zero_load_4k = 20000 + 82320 + link_fixed + 30000;

double effective_gbps(double size) { return rate_400g * size / (size + framing) / 1e9; }

} // namespace

TEST(throughput, saturated_link_delivers_effective_rate_4kib) {
  whole_run r = run_platform_text(direct);
  const double expected = effective_gbps(4096); // 398.06 Gb/s
  EXPECT_NEAR(r.report()["throughput_gbps"].get<double>(), expected, 0.01 * expected);
  EXPECT_GT(r.report()["links"][0]["utilisation_a_to_b"].get<double>(), 0.98);
  EXPECT_EQ(r.out.exit_code, 0) << r.out.failure;
}

TEST(throughput, saturated_link_delivers_effective_rate_small_frames) {
  // 256 B frames + 20 B framing: 371 Gb/s; a model without framing gives 400.
  whole_run r = run_platform_text(direct, {"workload.size=256B"});
  const double expected = effective_gbps(256);
  EXPECT_NEAR(r.report()["throughput_gbps"].get<double>(), expected, 0.01 * expected);
  EXPECT_LT(r.report()["throughput_gbps"].get<double>(), 0.95 * rate_400g / 1e9);
}

TEST(throughput, incast_saturates_the_output_link) {
  // Two sources at full rate into one destination through a switch: the
  // switch-to-destination link is the bottleneck and runs at its effective rate.
  const std::string yaml = R"(
fabricvp: 1
name: incast
simulation: {duration: 100us, warmup: 20us, seed: 5}
components:
  - {name: "acc{i}", count: 3, type: accelerator_port, ports: 1}
  - {name: sw0, type: switch_asic, radix: 4, pipeline_cycles: 100}
links:
  l400:
    flow_control: credit
    framing_overhead: 20B
    serdes: {lanes: 4, lane_rate: 106.25Gbps}
    channel:
      - {segment: cable, length: 1m}
connections:
  - {for: {i: 0..2}, a: "acc{i}.port0", b: "sw0.port{i}", link: l400}
workload: {pattern: incast, incast_target: 2, arrival: bernoulli, load: 1.0, size: 4KiB}
)";
  whole_run r = run_platform_text(yaml);
  const double expected = effective_gbps(4096);
  EXPECT_NEAR(r.report()["throughput_gbps"].get<double>(), expected, 0.01 * expected);
  EXPECT_EQ(r.traffic("packets_dropped"), 0u);
  EXPECT_EQ(r.traffic("packets_in_flight"), 0u); // drained
  EXPECT_EQ(r.out.exit_code, 0) << r.out.failure;
}

TEST(throughput, credit_starved_link_is_bound_by_the_credit_round_trip) {
  // Receiver buffer of two frames: the sender sends two, then waits for the
  // credit of the first. Each credit returns serialization + 2 x fixed
  // latency after its frame started (to the receiver, then back).
  whole_run r = run_platform_text(direct, {"links.l400.credit_buffer=8KiB"});
  const double period_s = (82320.0 + 2.0 * link_fixed) * 1e-12;
  const double expected = 2 * 4096 * 8 / period_s / 1e9; // 186.0 Gb/s
  EXPECT_NEAR(r.report()["throughput_gbps"].get<double>(), expected, 0.01 * expected);
  EXPECT_GT(r.report()["links"][0]["credit_wait_ns"].get<double>(), 0.0);
}

TEST(queueing, poisson_single_link_matches_md1_mean_wait) {
  // M/D/1: service D = one serialization (82.32 ns), rho = 0.5:
  // Wq = rho / (2 mu (1 - rho)) = rho D / (2 (1 - rho)) = 41.16 ns.
  whole_run r = run_platform_text(direct, {"workload.arrival=poisson", "workload.load=0.5",
                                           "simulation.duration=30ms", "simulation.warmup=100us"});
  const double rho = 0.5, d_ns = 82.32;
  const double wq_ns = rho * d_ns / (2 * (1 - rho));
  const auto &lat = r.report()["latency_ns"];
  ASSERT_GT(lat["samples"].get<double>(), 100000);
  EXPECT_DOUBLE_EQ(lat["min"].get<double>(), zero_load_4k / 1e3);
  const double measured = lat["mean"].get<double>() - zero_load_4k / 1e3;
  EXPECT_NEAR(measured, wq_ns, 0.05 * wq_ns);
}

TEST(queueing, poisson_single_link_md1_at_rho_0_3) {
  // Wq = 0.3 D / (2 x 0.7) = 17.64 ns for D = 82.32 ns.
  whole_run r = run_platform_text(direct, {"workload.arrival=poisson", "workload.load=0.3",
                                           "simulation.duration=40ms", "simulation.warmup=100us",
                                           "simulation.seed=11"});
  const double rho = 0.3, d_ns = 82.32;
  const double wq_ns = rho * d_ns / (2 * (1 - rho));
  const double measured = r.report()["latency_ns"]["mean"].get<double>() - zero_load_4k / 1e3;
  EXPECT_NEAR(measured, wq_ns, 0.05 * wq_ns);
}
