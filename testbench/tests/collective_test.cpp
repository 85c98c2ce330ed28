// Ring collectives against the alpha-beta model.
//
// Derivation (non-blocking switch, one port per accelerator, credits never
// short): in step k every rank hands its P = chunk/mtu packets to its port at
// once; they leave back to back, one serialization s = (mtu + framing) x 8 / R
// apart. The ring's flows use distinct switch outputs, so nothing contends and
// the last packet of the step sees the zero-load path behind (P - 1)
// serializations of its own chunk:
//   step = (P - 1) s + zero-load latency of one packet
//        = P s + alpha,    P s = (S/N) / B,  B = R x mtu / (mtu + framing)
//   alpha = acc TX + s_in + L + switch pipeline + s_out + L + acc RX - s
// where s_in is s into a store-and-forward switch and the header
// serialization into a cut-through one, and s_out = s; so alpha is the
// zero-load chain (acc TX + link + switch pipeline + link + acc RX) plus one
// serialization for the store-and-forward stage (or one header time for
// cut-through). The next step starts at the delivery of that last packet, so
//   all-reduce:                 T = 2(N-1) (S/N / B + alpha) = 2(N-1)/N S/B + 2(N-1) alpha
//   all-gather, reduce-scatter: T = (N-1)/N S/B + (N-1) alpha
// (+ the compute gap after each reduce-scatter step). Expected values are
// computed from the parameters written below, not read back from the model.
#include "alpha_beta_platforms.h"

#include "platforms/presets.h"
#include "traces/run_summary.h"

using namespace fabricvp;
using namespace fabricvp::test;

namespace {

// acc_tx, acc_rx, framing and mtu: alpha_beta_platforms.h.
constexpr double link_fixed = 10e-9 + 100e-9 + 10e-9 + 15e-9; // PHY TX + FEC + 2 m + PHY RX
constexpr double sw_pipeline = 250e-9;                        // 250 cycles at 1 GHz
constexpr double rate = 400e9;                                // 4 x 106.25G, 256b/257b, RS(544,514)
constexpr double header = 64;

// Eight accelerators on one 400G switch (alpha_beta_platforms.h's star).
std::string ring_platform(const std::string &forwarding) {
  return star_platform(8, "{pattern: all_reduce_ring, size: 4KiB}", forwarding);
}

double payload_bandwidth_Bps() { return rate / 8.0 * mtu / (mtu + framing); }

double alpha_s(bool cut_through) {
  const double s = (mtu + framing) * 8 / rate;
  const double s_in = cut_through ? (header + framing) * 8 / rate : s;
  return acc_tx + s_in + link_fixed + sw_pipeline + s + link_fixed + acc_rx - s;
}

// Steps and bandwidth-term factor per algorithm.
double model_time_s(const std::string &algo, int n, double bytes, bool cut_through,
                    double gap = 0.0) {
  const double steps = algo == "all_reduce_ring" ? 2.0 * (n - 1) : n - 1.0;
  const double reduce_steps = algo == "all_gather_ring" ? 0.0 : n - 1.0;
  return steps * (bytes / n / payload_bandwidth_Bps() + alpha_s(cut_through)) + reduce_steps * gap;
}

void check_against_model(const std::string &algo, int n, const std::string &size, double bytes,
                         const std::string &forwarding, double gap = 0.0,
                         const std::string &gap_text = "0ns") {
  whole_run r =
      run_platform_text(ring_platform(forwarding),
                        {"workload.pattern=" + algo, "workload.ranks=" + std::to_string(n),
                         "workload.message_size=" + size, "workload.compute_gap=" + gap_text});
  ASSERT_EQ(r.out.exit_code, 0) << r.out.failure;
  const auto &c = r.report()["collective"];
  ASSERT_TRUE(c["complete"].get<bool>());
  EXPECT_EQ(c["kind"].get<std::string>() + "_" + c["algorithm"].get<std::string>(), algo);
  EXPECT_EQ(c["ranks"].get<int>(), n);
  EXPECT_EQ(c["message_bytes"].get<double>(), bytes);
  const double t = c["time_s"].get<double>();
  const double expected = model_time_s(algo, n, bytes, forwarding == "cut_through", gap);
  std::printf("%s N=%d S=%s %s: simulated %.4f us, alpha-beta %.4f us (%+.4f%%)\n", algo.c_str(), n,
              size.c_str(), forwarding.c_str(), t * 1e6, expected * 1e6, (t / expected - 1) * 100);
  EXPECT_NEAR(t, expected, 0.05 * expected);
  // nccl-tests definitions.
  const double algbw = bytes * 8 / t / 1e9;
  EXPECT_NEAR(c["algbw_gbps"].get<double>(), algbw, 1e-9 * algbw);
  const double factor = (algo == "all_reduce_ring" ? 2.0 : 1.0) * (n - 1) / n;
  EXPECT_NEAR(c["busbw_gbps"].get<double>(), algbw * factor, 1e-9 * algbw);
  // Conservation: every packet delivered, nothing dropped, no violation.
  const std::uint64_t packets_per_chunk =
      static_cast<std::uint64_t>(std::ceil(std::ceil(bytes / n) / mtu));
  const std::uint64_t steps = algo == "all_reduce_ring" ? 2 * (n - 1) : n - 1;
  EXPECT_EQ(r.traffic("packets_injected"), steps * n * packets_per_chunk);
  EXPECT_EQ(r.traffic("packets_delivered"), r.traffic("packets_injected"));
  EXPECT_EQ(r.traffic("packets_dropped"), 0u);
  EXPECT_EQ(r.traffic("packets_in_flight"), 0u);
  EXPECT_EQ(r.report()["scoreboard"]["violations"].get<int>(), 0);
}

} // namespace

TEST(collective, all_reduce_n4_256k_matches_alpha_beta) {
  check_against_model("all_reduce_ring", 4, "256KiB", 262144, "store_and_forward");
}
TEST(collective, all_reduce_n4_4m_matches_alpha_beta) {
  check_against_model("all_reduce_ring", 4, "4MiB", 4194304, "store_and_forward");
}
TEST(collective, all_reduce_n8_256k_matches_alpha_beta) {
  check_against_model("all_reduce_ring", 8, "256KiB", 262144, "store_and_forward");
}
TEST(collective, all_reduce_n8_4m_matches_alpha_beta) {
  check_against_model("all_reduce_ring", 8, "4MiB", 4194304, "store_and_forward");
}
TEST(collective, all_reduce_n8_cut_through_matches_alpha_beta) {
  check_against_model("all_reduce_ring", 8, "1MiB", 1048576, "cut_through");
}
TEST(collective, all_gather_n8_matches_alpha_beta) {
  check_against_model("all_gather_ring", 8, "1MiB", 1048576, "store_and_forward");
}
TEST(collective, reduce_scatter_n8_matches_alpha_beta) {
  check_against_model("reduce_scatter_ring", 8, "1MiB", 1048576, "store_and_forward");
}
TEST(collective, compute_gap_adds_once_per_reduce_scatter_step) {
  check_against_model("all_reduce_ring", 4, "256KiB", 262144, "store_and_forward", 500e-9, "500ns");
}
TEST(collective, odd_message_splits_into_a_short_last_packet) {
  // 1000000 B over 8 ranks: chunks of 125000 B = 30 full packets + 2120 B.
  whole_run r =
      run_platform_text(ring_platform("store_and_forward"), {"workload.message_size=1000000B"});
  ASSERT_EQ(r.out.exit_code, 0) << r.out.failure;
  const auto &c = r.report()["collective"];
  EXPECT_EQ(c["nodes"].get<int>(), 14 * 8); // one transfer per rank and step
  EXPECT_EQ(r.traffic("packets_injected"), 14u * 8u * 31u);
  EXPECT_EQ(r.traffic("bytes_delivered"), 14u * 8u * 125000u);
  EXPECT_EQ(r.report()["scoreboard"]["violations"].get<int>(), 0);
}

TEST(collective, busbw_approaches_link_bandwidth_for_large_messages) {
  // 16 MiB over 8 ranks: the 14 alpha terms are ~1.5% of the time.
  whole_run r =
      run_platform_text(ring_platform("store_and_forward"), {"workload.message_size=16MiB"});
  ASSERT_EQ(r.out.exit_code, 0) << r.out.failure;
  const double t = r.report()["collective"]["time_s"].get<double>();
  const double expected = model_time_s("all_reduce_ring", 8, 16777216, false);
  EXPECT_NEAR(t, expected, 0.05 * expected);
  EXPECT_EQ(r.traffic("packets_delivered"), 14u * 8u * 512u);
  EXPECT_EQ(r.report()["scoreboard"]["violations"].get<int>(), 0);
  const double busbw = r.report()["collective"]["busbw_gbps"].get<double>();
  const double link_gbps = payload_bandwidth_Bps() * 8 / 1e9;
  std::printf("busbw %.3f Gb/s vs link payload bandwidth %.3f Gb/s (%.2f%%)\n", busbw, link_gbps,
              busbw / link_gbps * 100);
  EXPECT_LT(busbw, link_gbps);
  EXPECT_GT(busbw, 0.95 * link_gbps);
}

TEST(collective, shipped_platform_runs_a_ring_all_reduce) {
  run_options o;
  o.platform_file = platforms_folder() + "/allreduce_switch8.yaml";
  o.quiet = true;
  const netlist n = prepare_netlist(o);
  const run_outcome out = run_simulation(n, o);
  ASSERT_EQ(out.exit_code, 0) << out.failure;
  ASSERT_TRUE(out.result.collective);
  const collective_result &c = *out.result.collective;
  ASSERT_NE(c.first_collective(), nullptr);
  const operation_report &op = *c.first_collective();
  EXPECT_EQ(op.kind, "all_reduce");
  EXPECT_EQ(op.algorithm, "ring");
  EXPECT_EQ(op.ranks, 8u);
  EXPECT_TRUE(c.complete);
  EXPECT_GT(op.busbw_gbps(), 0.9 * out.result.links[0].data_rate_bps / 1e9);
  EXPECT_NE(run_summary(out.result).find("all_reduce ring, 8 ranks"), std::string::npos);
  // The JSON report's top-level collective fields repeat the first operation.
  const nlohmann::json report = report_json(out.result);
  EXPECT_EQ(report["collective"]["busbw_gbps"].get<double>(), op.busbw_gbps());
  EXPECT_EQ(report["collective"]["ranks"].get<int>(), 8);
}

TEST(collective, more_ranks_than_endpoints_is_an_input_error) {
  EXPECT_THROW(load_platform_text(ring_platform("store_and_forward"), {"workload.ranks=9"}),
               input_error);
}

// Nothing contends in a ring all-reduce over a non-blocking switch: every
// wait of a packet is behind its own chunk (at the source, and at a
// store-and-forward switch a short last packet waits for the full one ahead
// of it), so the critical path has no queueing whatever the message size, a
// multiple of the packet size or not, and the breakdown still adds up.
namespace {
void expect_no_queueing(int ranks, const std::string &size, const std::string &forwarding) {
  whole_run r =
      run_platform_text(star_platform(ranks, "{pattern: all_reduce_ring, size: 4KiB}", forwarding),
                        {"workload.message_size=" + size});
  ASSERT_EQ(r.out.exit_code, 0) << r.out.failure;
  const operation_report &op = *r.result().collective->first_collective();
  EXPECT_EQ(op.queueing_ps, 0u) << ranks << " ranks, " << size << ", " << forwarding;
  EXPECT_EQ(op.serialization_ps + op.queueing_ps + op.fixed_latency_ps + op.compute_ps +
                op.dependency_wait_ps,
            op.time_ps());
  EXPECT_GT(op.serialization_ps, op.fixed_latency_ps); // a bandwidth-bound message
}
} // namespace

TEST(collective_breakdown, uncontended_ring_5_odd_size_cut_through_has_no_queueing) {
  expect_no_queueing(5, "1000000B", "cut_through"); // chunks of 200000 B: 48 x 4 KiB + 3392 B
}
TEST(collective_breakdown, uncontended_ring_12_odd_size_cut_through_has_no_queueing) {
  expect_no_queueing(12, "1000000B", "cut_through");
}
TEST(collective_breakdown, uncontended_ring_5_odd_size_store_and_forward_has_no_queueing) {
  expect_no_queueing(5, "1000000B", "store_and_forward");
}
TEST(collective_breakdown, uncontended_ring_8_whole_packets_store_and_forward_has_no_queueing) {
  expect_no_queueing(8, "1MiB", "store_and_forward"); // chunks of 32 x 4 KiB
}
TEST(collective_breakdown, uncontended_ring_8_whole_packets_cut_through_has_no_queueing) {
  expect_no_queueing(8, "1MiB", "cut_through");
}
