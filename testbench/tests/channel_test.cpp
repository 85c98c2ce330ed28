// Electrical channel closed forms: segment loss scaled linearly from its
// reference frequency to the lane's Nyquist frequency (twinax: see
// active_copper_test.cpp), summed over segments;
// propagation delay = length x delay per length; link budget margin; a link
// over budget is refused (input_error) or, in degrade mode, loses frames at
// the stated rate with reason link_errors.
#include "test_support.h"

#include "modules/electrical_channel.h"
#include "modules/link.h"

#include <cmath>

using namespace fabricvp;
using namespace fabricvp::test;

namespace {

channel_segment segment(double fixed_db, double length_m, double db_per_m, double ref_hz,
                        double delay_s_per_m) {
  channel_segment s;
  s.fixed_loss_db = fixed_db;
  s.length_m = length_m;
  s.loss_db_per_m = db_per_m;
  s.reference_hz = ref_hz;
  s.delay_s_per_m = delay_s_per_m;
  return s;
}

constexpr double inch = 0.0254;

} // namespace

TEST(channel, loss_scales_linearly_to_nyquist) {
  // 4 in of 2.35 dB/in quoted at 53.125 GHz: 9.4 dB there, 4.7 dB at 26.5625 GHz.
  const channel_segment pcb = segment(0, 4 * inch, 2.35 / inch, 53.125e9, 0);
  EXPECT_NEAR(pcb.loss_db_at(53.125e9), 9.4, 1e-12);
  EXPECT_NEAR(pcb.loss_db_at(26.5625e9), 4.7, 1e-12);
  EXPECT_NEAR(pcb.loss_db_at(106.25e9), 18.8, 1e-12);
  // A fixed loss quoted at a reference frequency scales too: 2.5 dB at 106.25 GHz.
  const channel_segment connector = segment(2.5, 0.01, 0, 106.25e9, 0);
  EXPECT_NEAR(connector.loss_db_at(26.5625e9), 0.625, 1e-12);
  // Without a reference frequency the losses are read as given.
  const channel_segment package = segment(1.5, 0.025, 0, 0, 0);
  EXPECT_DOUBLE_EQ(package.loss_db_at(26.5625e9), 1.5);
  EXPECT_DOUBLE_EQ(package.loss_db_at(53.125e9), 1.5);
}

TEST(channel, insertion_loss_sums_segments_and_delay_sums_lengths) {
  electrical_channel ch(
      "ch", {segment(1.5, 0.025, 0, 0, 6.2e-9), segment(0, 4 * inch, 2.35 / inch, 53.125e9, 6.2e-9),
             segment(2.5, 0.01, 0, 106.25e9, 5e-9), segment(0, 1.0, 7.0, 26.5625e9, 4.4e-9)});
  // At 26.5625 GHz: 1.5 + 4.7 + 0.625 + 7 = 13.825 dB.
  EXPECT_NEAR(ch.insertion_loss_db(26.5625e9), 13.825, 1e-12);
  // At twice the frequency every scaled term doubles: 1.5 + 2 x 12.325.
  EXPECT_NEAR(ch.insertion_loss_db(53.125e9), 1.5 + 2 * 12.325, 1e-12);
  EXPECT_NEAR(ch.length_m(), 0.025 + 4 * inch + 0.01 + 1.0, 1e-12);
  // 25 mm x 6.2 ps/mm = 155 ps; 101.6 mm x 6.2 = 629.92 -> 630; 10 mm x 5 = 50; 1 m x 4.4 ns =
  // 4400.
  EXPECT_EQ(ch.propagation_ps(), 155u + 630u + 50u + 4400u);
}

TEST(channel, propagation_delay_from_length) {
  EXPECT_EQ(segment(0, 2.0, 0, 0, 5e-9).propagation_ps(), 10000u);
  EXPECT_EQ(segment(0, 0.5, 0, 0, 4.4e-9).propagation_ps(), 2200u);
  EXPECT_EQ(segment(0, 0.0, 0, 0, 4.4e-9).propagation_ps(), 0u);
}

TEST(channel, segment_defaults_by_kind) {
  auto seg = [](const std::string &kind) {
    return electrical_channel::segment_from(
        kind, param_set(&electrical_channel::segment_param_specs(kind), "s"));
  };
  // The default cable is 1 m of 26 AWG twinax: 1 dB of termination + 2.9 dB
  // conductor + 1.26 dB dielectric at 26.5625 GHz (active_copper_test.cpp
  // holds the model at other frequencies and gauges).
  const channel_segment cable = seg("cable");
  EXPECT_DOUBLE_EQ(cable.length_m, 1.0);
  EXPECT_NEAR(cable.loss_db_at(26.5625e9), 5.16, 1e-12);
  EXPECT_EQ(cable.propagation_ps(), 4350u);
  // The package is quoted at 26.5625 GHz and scales: 3 dB at 53.125 GHz.
  EXPECT_NEAR(seg("package").loss_db_at(26.5625e9), 1.5, 1e-12);
  EXPECT_NEAR(seg("package").loss_db_at(53.125e9), 3.0, 1e-12);
  EXPECT_NEAR(seg("connector").loss_db_at(106.25e9), 2.5, 1e-12);
  EXPECT_THROW(electrical_channel::segment_param_specs("waveguide"), std::invalid_argument);
}

namespace {

std::string budget_platform(const std::string &serdes, const std::string &channel,
                            const std::string &link_extra = "") {
  return R"(
fabricvp: 1
name: budget
simulation: {duration: 10us, warmup: 1us}
components:
  - {name: "acc{i}", count: 2, type: accelerator_port, ports: 1}
links:
  l:
    flow_control: credit)" +
         link_extra + R"(
    serdes: )" +
         serdes +
         R"(
    channel: )" +
         channel +
         R"(
connections:
  - {a: acc0.port0, b: acc1.port0, link: l}
workload: {pattern: permutation, sources: 1, load: 0.5, size: 1KiB}
)";
}

} // namespace

TEST(link_budget, margin_is_budget_minus_loss_at_nyquist) {
  // 106.25G PAM4: Nyquist 26.5625 GHz. Channel: 2 x 1.5 dB package,
  // 1.5 m of the default twinax at 7 dB/m (conductor and dielectric terms
  // zeroed, the termination too) = 10.5 dB; total 13.5 dB.
  scripted_bench b(
      budget_platform("{lanes: 4, lane_rate: 106.25Gbps, loss_budget: 28dB, "
                      "energy_per_bit_floor: 4pJ/bit, energy_per_bit_per_db: 0.15pJ/bit}",
                      "[{segment: package}, {segment: cable, length: 1.5m, loss: 0dB, "
                      "loss_per_length: 7dB/m, conductor_loss_26awg: 0dB/m, "
                      "dielectric_loss_per_length: 0dB/m}, {segment: package}]"),
      {});
  fabric_link &l = *b.top->links[0];
  EXPECT_NEAR(l.insertion_loss_db(), 13.5, 1e-12);
  EXPECT_NEAR(l.margin_db(), 28 - 13.5, 1e-12);
  EXPECT_FALSE(l.over_budget());
  // e = 4 + 0.15 x 13.5 = 6.025 pJ/bit at both ends.
  EXPECT_NEAR(l.phy_a().energy_per_bit_j(), 6.025e-12, 1e-24);
  EXPECT_NEAR(l.phy_b().energy_per_bit_j(), 6.025e-12, 1e-24);
}

TEST(link_budget, nrz_reads_the_channel_at_twice_the_nyquist) {
  // Same 106.25 Gb/s lane in NRZ: Nyquist 53.125 GHz, so the cable's linear
  // loss (quoted at 26.5625 GHz) doubles to 21 dB, and so do the packages.
  scripted_bench b(budget_platform("{lanes: 4, lane_rate: 106.25Gbps, modulation: nrz, "
                                   "loss_budget: 40dB}",
                                   "[{segment: package}, {segment: cable, length: 1.5m, "
                                   "loss: 0dB, loss_per_length: 7dB/m, conductor_loss_26awg: "
                                   "0dB/m, dielectric_loss_per_length: 0dB/m}, "
                                   "{segment: package}]"),
                   {});
  EXPECT_NEAR(b.top->links[0]->insertion_loss_db(), 6 + 21, 1e-12);
  EXPECT_NEAR(b.top->links[0]->phy_a().nyquist_hz(), 53.125e9, 1e-3);
}

TEST(link_budget, loss_at_exactly_the_budget_comes_up) {
  // 7 m x 4 dB/m at Nyquist = 28 dB = budget: margin 0, the link is up.
  EXPECT_NO_THROW(load_platform_text(budget_platform(
      "{lanes: 4, loss_budget: 28dB}",
      "[{segment: cable, length: 7m, loss_per_length: 4dB/m, reference_frequency: 0Hz, "
      "loss: 0dB, conductor_loss_26awg: 0dB/m, dielectric_loss_per_length: 0dB/m}]")));
}

TEST(link_budget, over_budget_link_is_rejected_by_check_netlist) {
  // 7.5 m x 4 dB/m = 30 dB > 28 dB.
  const std::string yaml = budget_platform(
      "{lanes: 4, loss_budget: 28dB}",
      "[{segment: cable, length: 7.5m, loss_per_length: 4dB/m, reference_frequency: 0Hz, "
      "loss: 0dB, conductor_loss_26awg: 0dB/m, dielectric_loss_per_length: 0dB/m}]");
  try {
    load_platform_text(yaml);
    FAIL() << "an over-budget link was accepted";
  } catch (const input_error &e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("platform.yaml"), std::string::npos) << what; // names the file
    EXPECT_GT(e.where().line, 0) << what;                             // and the line
    EXPECT_NE(e.path().find("acc0.port0 <-> acc1.port0"), std::string::npos) << what;
    EXPECT_NE(what.find("30.00"), std::string::npos) << what; // the loss
    EXPECT_NE(what.find("28.00"), std::string::npos) << what; // the budget
  }
}

TEST(link_budget, degraded_link_loses_frames_at_the_rate_its_margin_gives) {
  // Over budget in degrade mode (-1.4 dB): the link comes up and loses the
  // frames its margin predicts (modules/fec_model.h), each accounted as a
  // drop with reason link_errors.
  const std::string yaml = budget_platform(
      "{lanes: 4, loss_budget: 28dB}",
      "[{segment: cable, length: 7.35m, loss_per_length: 4dB/m, reference_frequency: 0Hz, "
      "loss: 0dB, conductor_loss_26awg: 0dB/m, dielectric_loss_per_length: 0dB/m}]",
      "\n    on_budget_fail: degrade");
  const netlist n = load_platform_text(yaml);
  const link_spec spec = link_spec_of(n.link_kinds.at("l"));
  const double p = frame_errors_of(spec, compute_link_budget(spec)).frame_loss(1024);
  ASSERT_GT(p, 0.005);
  ASSERT_LT(p, 0.5);
  whole_run r = run_platform_text(yaml, {"simulation.duration=400us"});
  const double injected = r.traffic("packets_injected");
  const double dropped = r.traffic("packets_dropped");
  ASSERT_GT(injected, 5000);
  EXPECT_NEAR(dropped / injected, p, 3 * std::sqrt(p * (1 - p) / injected));
  EXPECT_EQ(r.report()["traffic"]["drops_by_reason"]["link_errors"].get<double>(), dropped);
  EXPECT_EQ(r.traffic("packets_injected"),
            r.traffic("packets_delivered") + r.traffic("packets_dropped"));
  EXPECT_EQ(r.report()["links"][0]["status"], "degraded");
  EXPECT_NEAR(r.report()["links"][0]["margin_db"].get<double>(), -1.4, 1e-9);
  EXPECT_EQ(r.report()["scoreboard"]["violations"].get<int>(), 0);
}
