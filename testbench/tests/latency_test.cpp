// Zero-load latency equals the sum of component latencies, to the picosecond:
//   acc TX pipeline + per hop (serialization or, into a cut-through switch, header
//   serialization) + link fixed latency (SerDes TX + FEC + propagation + SerDes RX)
//   + switch pipeline ... + acc RX pipeline.
// Every expected value is computed here from the parameters written in the
// platform text, not read back from the model.
#include "test_support.h"

using namespace fabricvp;
using namespace fabricvp::test;

namespace {

// Round numbers so that each term is exact in picoseconds.
constexpr time_ps acc_tx = 20 * 1000;         // 20 cycles at 1 GHz
constexpr time_ps acc_rx = 30 * 1000;         // 30 cycles at 1 GHz
constexpr time_ps phy_tx = 10 * 1000;         // 10 cycles at 1 GHz
constexpr time_ps phy_rx = 15 * 1000;         // 15 cycles at 1 GHz
constexpr time_ps fec = 100 * 1000;           // 100 ns
constexpr time_ps propagation = 2 * 5 * 1000; // 2 m at 5 ns/m
constexpr time_ps link_fixed = phy_tx + fec + propagation + phy_rx;
constexpr time_ps sw_pipeline = 250 * 1000; // 250 cycles at 1 GHz
constexpr double rate_400g = 400e9;         // 4 x 106.25G, 256b/257b, RS(544,514)
constexpr double framing = 20, header = 64;

time_ps ser(double frame, double rate = rate_400g) { return ps_of((frame + framing) * 8 / rate); }

const char *common = R"(
fabricvp: 1
simulation: {duration: 10us, warmup: 0us}
links:
  l400:
    flow_control: credit
    framing_overhead: 20B
    cut_through_header: 64B
    serdes: {lanes: 4, lane_rate: 106.25Gbps, clock: 1GHz, tx_pipeline_cycles: 10,
             rx_pipeline_cycles: 15, fec: rs544_514, fec_latency: 100ns}
    channel:
      - {segment: cable, length: 2m, delay_per_length: 5ns/m}
  l200:
    flow_control: credit
    framing_overhead: 20B
    cut_through_header: 64B
    serdes: {lanes: 2, lane_rate: 106.25Gbps, clock: 1GHz, tx_pipeline_cycles: 10,
             rx_pipeline_cycles: 15, fec: rs544_514, fec_latency: 100ns}
    channel:
      - {segment: cable, length: 2m, delay_per_length: 5ns/m}
workload: {pattern: none}
)";

std::string direct_platform() {
  return std::string(common) + R"(
name: zl_direct
components:
  - {name: "acc{i}", count: 2, type: accelerator_port, ports: 1, clock: 1GHz,
     tx_pipeline_cycles: 20, rx_pipeline_cycles: 30}
connections:
  - {a: acc0.port0, b: acc1.port0, link: l400}
)";
}

std::string switch_platform(const std::string &forwarding, const std::string &in_link = "l400") {
  return std::string(common) + R"(
name: zl_switch
components:
  - {name: "acc{i}", count: 2, type: accelerator_port, ports: 1, clock: 1GHz,
     tx_pipeline_cycles: 20, rx_pipeline_cycles: 30}
  - {name: sw0, type: switch_asic, radix: 4, clock: 1GHz, pipeline_cycles: 250,
     forwarding: )" +
         forwarding + R"(}
connections:
  - {a: acc0.port0, b: sw0.port0, link: )" +
         in_link + R"(}
  - {a: acc1.port0, b: sw0.port1, link: l400}
)";
}

} // namespace

TEST(zero_load, link_composes_fixed_latency_and_rate) {
  scripted_bench b(direct_platform(), {});
  ASSERT_EQ(b.top->links.size(), 1u);
  EXPECT_EQ(b.top->links[0]->timing().fixed_latency_ps, link_fixed);
  EXPECT_NEAR(b.top->links[0]->timing().data_rate_bps, rate_400g, 1e-3);
  EXPECT_EQ(b.top->links[0]->channel().propagation_ps(), propagation);
  EXPECT_EQ(b.top->endpoints[0]->tx_latency_ps(), acc_tx);
}

TEST(zero_load, direct_link_latency_is_sum_of_components) {
  scripted_bench b(direct_platform(), {{1000, 0, 1, 4096}});
  b.run();
  const time_ps expected = acc_tx + ser(4096) + link_fixed + acc_rx; // 267.32 ns
  ASSERT_EQ(b.board->counts().delivered, 1u);
  EXPECT_EQ(b.board->latency().min(), expected);
  EXPECT_EQ(b.board->latency().max(), expected);
  EXPECT_EQ(expected, 267320u);
}

TEST(zero_load, direct_link_both_directions_and_small_frames) {
  // Spaced far apart: each packet sees an empty fabric.
  scripted_bench b(direct_platform(), {{0, 0, 1, 64}, {5000000, 1, 0, 64}, {9000000, 1, 0, 1500}});
  b.run();
  ASSERT_EQ(b.board->counts().delivered, 3u);
  EXPECT_EQ(b.board->latency().min(), acc_tx + ser(64) + link_fixed + acc_rx);
  EXPECT_EQ(b.board->latency().max(), acc_tx + ser(1500) + link_fixed + acc_rx);
}

TEST(zero_load, back_to_back_packets_queue_for_one_serialization) {
  // Two packets injected at the same instant: the second waits one
  // serialization time behind the first (and nothing else).
  scripted_bench b(direct_platform(), {{0, 0, 1, 4096}, {0, 0, 1, 4096}});
  b.run();
  ASSERT_EQ(b.board->counts().delivered, 2u);
  const time_ps zero = acc_tx + ser(4096) + link_fixed + acc_rx;
  EXPECT_EQ(b.board->latency().min(), zero);
  EXPECT_EQ(b.board->latency().max(), zero + ser(4096));
}

TEST(zero_load, store_and_forward_switch_latency_is_sum_of_components) {
  scripted_bench b(switch_platform("store_and_forward"), {{1000, 0, 1, 4096}});
  b.run();
  const time_ps expected =
      acc_tx + ser(4096) + link_fixed + sw_pipeline + ser(4096) + link_fixed + acc_rx;
  ASSERT_EQ(b.board->counts().delivered, 1u);
  EXPECT_EQ(b.board->latency().min(), expected);
  EXPECT_EQ(b.board->latency().max(), expected);
  EXPECT_EQ(b.board->hops(), 2u);
}

TEST(zero_load, cut_through_switch_forwards_after_the_header) {
  scripted_bench b(switch_platform("cut_through"), {{1000, 0, 1, 4096}});
  b.run();
  const time_ps header_ser = ps_of((header + framing) * 8 / rate_400g); // 1.68 ns
  const time_ps expected =
      acc_tx + header_ser + link_fixed + sw_pipeline + ser(4096) + link_fixed + acc_rx;
  ASSERT_EQ(b.board->counts().delivered, 1u);
  EXPECT_EQ(b.board->latency().min(), expected);
  EXPECT_EQ(expected, 654000u);
}

TEST(zero_load, cut_through_from_slower_input_is_bound_by_the_input_tail) {
  // 200G in, 400G out, short pipeline: the output cannot finish before the
  // input's last bit has arrived, so the tail leaves at the input tail time.
  scripted_bench b(switch_platform("cut_through", "l200"), {{0, 0, 1, 4096}},
                   {"sw0.pipeline_cycles=10"});
  b.run();
  const time_ps in_tail = acc_tx + ser(4096, 200e9) + link_fixed;
  const time_ps head_path =
      acc_tx + ps_of((header + framing) * 8 / 200e9) + link_fixed + 10 * 1000 + ser(4096);
  ASSERT_LT(head_path, in_tail); // the tail bound is the one that applies
  ASSERT_EQ(b.board->counts().delivered, 1u);
  EXPECT_EQ(b.board->latency().min(), in_tail + link_fixed + acc_rx);
}

TEST(zero_load, low_load_workload_sees_only_zero_load_latency) {
  // Bernoulli slots are one serialization long, so at low load no two
  // packets of the single source overlap: every latency is the zero-load one.
  whole_run r = run_platform_text(direct_platform(),
                                  {"workload.pattern=permutation", "workload.arrival=bernoulli",
                                   "workload.load=0.01", "workload.sources=1", "workload.size=4KiB",
                                   "simulation.duration=2ms"});
  const double expected_ns = (acc_tx + ser(4096) + link_fixed + acc_rx) / 1e3;
  EXPECT_GT(r.report()["latency_ns"]["samples"].get<double>(), 150);
  EXPECT_DOUBLE_EQ(r.report()["latency_ns"]["min"].get<double>(), expected_ns);
  EXPECT_DOUBLE_EQ(r.report()["latency_ns"]["max"].get<double>(), expected_ns);
  EXPECT_EQ(r.out.exit_code, 0) << r.out.failure;
}

TEST(zero_load, two_tier_path_adds_a_hop_per_link_and_a_pipeline_per_switch) {
  // acc0 -> leaf0 -> spine0 -> leaf1 -> acc1, store-and-forward: four
  // serializations and link latencies, three switch pipelines.
  const std::string yaml = std::string(common) + R"(
name: zl_two_tier
components:
  - {name: "acc{i}", count: 2, type: accelerator_port, ports: 1, clock: 1GHz,
     tx_pipeline_cycles: 20, rx_pipeline_cycles: 30}
  - {name: "leaf{i}", count: 2, type: switch_asic, radix: 2, clock: 1GHz, pipeline_cycles: 250,
     forwarding: store_and_forward}
  - {name: spine0, type: switch_asic, radix: 2, clock: 1GHz, pipeline_cycles: 250,
     forwarding: store_and_forward}
connections:
  - {for: {i: 0..1}, a: "acc{i}.port0", b: "leaf{i}.port0", link: l400}
  - {for: {i: 0..1}, a: "leaf{i}.port1", b: "spine0.port{i}", link: l400}
)";
  scripted_bench b(yaml, {{0, 0, 1, 2048}, {3000000, 1, 0, 2048}});
  b.run();
  EXPECT_EQ(b.top->path_hops(0, 1), 4);
  ASSERT_EQ(b.board->counts().delivered, 2u);
  const time_ps expected = acc_tx + 4 * (ser(2048) + link_fixed) + 3 * sw_pipeline + acc_rx;
  EXPECT_EQ(b.board->latency().min(), expected);
  EXPECT_EQ(b.board->latency().max(), expected);
  EXPECT_EQ(b.board->hops(), 8u);
}

// The mean latency split into components (the report's
// latency_ns.mean_by_component, the latency chart): fixed is the node
// pipelines and link latencies on the path, queueing the waits behind other
// packets, serialization the rest.
namespace {
struct components {
  double serialization, fixed, queueing;
};
components sums_of(const scoreboard &board) {
  const double total = board.latency().mean() * static_cast<double>(board.latency().count());
  return {total - board.latency_fixed_sum_ps() - board.latency_queueing_sum_ps(),
          board.latency_fixed_sum_ps(), board.latency_queueing_sum_ps()};
}
} // namespace

TEST(latency_components, direct_link_splits_into_serialization_and_fixed) {
  scripted_bench b(direct_platform(), {{1000, 0, 1, 4096}});
  b.run();
  ASSERT_EQ(b.board->latency().count(), 1u);
  const components c = sums_of(*b.board);
  EXPECT_DOUBLE_EQ(c.fixed, static_cast<double>(acc_tx + link_fixed + acc_rx)); // 185 ns
  EXPECT_DOUBLE_EQ(c.serialization, static_cast<double>(ser(4096)));            // 82.32 ns
  EXPECT_DOUBLE_EQ(c.queueing, 0.0);
}

TEST(latency_components, a_packet_behind_another_queues_for_its_serialization) {
  scripted_bench b(direct_platform(), {{0, 0, 1, 4096}, {0, 0, 1, 4096}});
  b.run();
  ASSERT_EQ(b.board->latency().count(), 2u);
  const components c = sums_of(*b.board);
  EXPECT_DOUBLE_EQ(c.queueing, static_cast<double>(ser(4096)));
  EXPECT_DOUBLE_EQ(c.fixed, 2.0 * static_cast<double>(acc_tx + link_fixed + acc_rx));
  EXPECT_DOUBLE_EQ(c.serialization, 2.0 * static_cast<double>(ser(4096)));
}

TEST(latency_components, store_and_forward_switch_adds_its_pipeline_to_fixed) {
  scripted_bench b(switch_platform("store_and_forward"), {{1000, 0, 1, 4096}});
  b.run();
  ASSERT_EQ(b.board->latency().count(), 1u);
  const components c = sums_of(*b.board);
  EXPECT_DOUBLE_EQ(c.fixed, static_cast<double>(acc_tx + 2 * link_fixed + sw_pipeline + acc_rx));
  EXPECT_DOUBLE_EQ(c.serialization, 2.0 * static_cast<double>(ser(4096)));
  EXPECT_DOUBLE_EQ(c.queueing, 0.0);
}

TEST(latency_components, cut_through_serializes_the_header_on_the_first_hop) {
  scripted_bench b(switch_platform("cut_through"), {{1000, 0, 1, 4096}});
  b.run();
  const components c = sums_of(*b.board);
  const time_ps header_ser = ps_of((header + framing) * 8 / rate_400g);
  EXPECT_DOUBLE_EQ(c.fixed, static_cast<double>(acc_tx + 2 * link_fixed + sw_pipeline + acc_rx));
  EXPECT_DOUBLE_EQ(c.serialization, static_cast<double>(header_ser + ser(4096)));
}

TEST(latency_components, report_gives_the_mean_components_in_ns) {
  whole_run r = run_platform_text(direct_platform(),
                                  {"workload.pattern=permutation", "workload.arrival=bernoulli",
                                   "workload.load=0.01", "workload.sources=1", "workload.size=4KiB",
                                   "simulation.duration=2ms"});
  const nlohmann::json &c = r.report()["latency_ns"]["mean_by_component"];
  EXPECT_NEAR(c["serialization"].get<double>(), ser(4096) / 1e3, 1e-9);              // 82.32
  EXPECT_NEAR(c["fixed"].get<double>(), (acc_tx + link_fixed + acc_rx) / 1e3, 1e-9); // 185
  EXPECT_EQ(c["queueing"].get<double>(), 0.0);
  EXPECT_EQ(r.out.exit_code, 0) << r.out.failure;
}
