// Closed forms of link timing: data rate from lanes x lane rate x line coding
// x FEC, serialization of frame + framing overhead, cut-through header time,
// Nyquist frequency for NRZ and PAM4, FEC on/off, pipeline cycles to ps.
#include "modules/serdes_phy.h"
#include "tlm/clock.h"
#include "tlm/link_timing.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

using namespace fabricvp;

namespace {

param_set serdes_params(const std::map<std::string, std::string> &values) {
  param_set p(&serdes_phy::param_specs(), "phy");
  for (const auto &[k, v] : values)
    p.set(k, v, "test", {});
  return p;
}

} // namespace

TEST(timing, four_lanes_106g_kp4_is_exactly_400g) {
  // 4 x 106.25 Gb/s x 256/257 x 514/544 = 400 Gb/s exactly (802.3 400GBASE-R).
  serdes_phy phy("phy",
                 serdes_params({{"lanes", "4"},
                                {"lane_rate", "106.25Gbps"},
                                {"line_coding", "256b257b"},
                                {"fec", "rs544_514"}}),
                 0.0);
  EXPECT_DOUBLE_EQ(phy.line_rate_bps(), 425e9);
  EXPECT_NEAR(phy.data_rate_bps(), 400e9, 1e-3);
  EXPECT_DOUBLE_EQ(phy.coding_efficiency(), 256.0 / 257.0);
  EXPECT_DOUBLE_EQ(phy.fec_efficiency(), 514.0 / 544.0);
}

TEST(timing, serialization_of_4kib_frame_plus_framing_at_400g) {
  link_timing t;
  t.data_rate_bps = 400e9;
  t.overhead_bytes = 20;
  // (4096 + 20) B x 8 / 400 Gb/s = 82.32 ns
  EXPECT_EQ(t.serialization_ps(4096),
            static_cast<time_ps>(std::llround((4096 + 20) * 8 / 400e9 * 1e12)));
  EXPECT_EQ(t.serialization_ps(4096), 82320u);
  EXPECT_DOUBLE_EQ(t.wire_bits(4096), 4116.0 * 8.0);
  // A model that forgot the framing overhead would give 81.92 ns.
  EXPECT_NE(t.serialization_ps(4096), 81920u);
}

TEST(timing, serialization_rounds_to_nearest_picosecond) {
  link_timing t;
  t.data_rate_bps = 3e9; // 8 bits take 2666.67 ps
  t.overhead_bytes = 0;
  EXPECT_EQ(t.serialization_ps(1), 2667u);
  t.data_rate_bps = 6e9; // 8 bits take 1333.33 ps
  EXPECT_EQ(t.serialization_ps(1), 1333u);
}

TEST(timing, cut_through_header_serialization) {
  link_timing t;
  t.data_rate_bps = 400e9;
  t.overhead_bytes = 20;
  t.header_bytes = 64;
  // (64 + 20) B x 8 / 400 Gb/s = 1.68 ns
  EXPECT_EQ(t.header_serialization_ps(4096), 1680u);
  // A frame shorter than the header is needed whole: (40 + 20) x 8 / 400G = 1.2 ns
  EXPECT_EQ(t.header_serialization_ps(40), 1200u);
  EXPECT_EQ(t.header_serialization_ps(40), t.serialization_ps(40));
}

TEST(timing, nyquist_nrz_vs_pam4) {
  serdes_phy pam4("pam4", serdes_params({{"lane_rate", "106.25Gbps"}, {"modulation", "pam4"}}), 0);
  serdes_phy nrz("nrz", serdes_params({{"lane_rate", "106.25Gbps"}, {"modulation", "nrz"}}), 0);
  // PAM4: 53.125 GBd, Nyquist 26.5625 GHz; NRZ: 106.25 GBd, Nyquist 53.125 GHz.
  EXPECT_DOUBLE_EQ(pam4.nyquist_hz(), 26.5625e9);
  EXPECT_DOUBLE_EQ(nrz.nyquist_hz(), 53.125e9);
  // Modulation changes the symbol rate, never the bit rate.
  EXPECT_DOUBLE_EQ(pam4.data_rate_bps(), nrz.data_rate_bps());
}

TEST(timing, fec_none_vs_rs544) {
  serdes_phy none("none",
                  serdes_params({{"lanes", "2"},
                                 {"lane_rate", "212.5Gbps"},
                                 {"fec", "none"},
                                 {"line_coding", "none"},
                                 {"fec_latency", "150ns"}}),
                  0);
  serdes_phy kp4("kp4",
                 serdes_params({{"lanes", "2"},
                                {"lane_rate", "212.5Gbps"},
                                {"fec", "rs544_514"},
                                {"line_coding", "none"},
                                {"fec_latency", "150ns"}}),
                 0);
  EXPECT_DOUBLE_EQ(none.data_rate_bps(), 425e9);
  EXPECT_EQ(none.fec_latency_ps(), 0u); // no code, no encode/decode latency
  EXPECT_DOUBLE_EQ(kp4.data_rate_bps(), 425e9 * 514.0 / 544.0);
  EXPECT_EQ(kp4.fec_latency_ps(), 150000u);
}

TEST(timing, coding_and_fec_efficiencies) {
  EXPECT_DOUBLE_EQ(serdes_phy::coding_efficiency_of("none"), 1.0);
  EXPECT_DOUBLE_EQ(serdes_phy::coding_efficiency_of("64b66b"), 64.0 / 66.0);
  EXPECT_DOUBLE_EQ(serdes_phy::coding_efficiency_of("256b257b"), 256.0 / 257.0);
  EXPECT_DOUBLE_EQ(serdes_phy::fec_efficiency_of("rs528_514"), 514.0 / 528.0);
  EXPECT_DOUBLE_EQ(serdes_phy::fec_efficiency_of("rs544_514"), 514.0 / 544.0);
  EXPECT_THROW(serdes_phy::coding_efficiency_of("8b10b"), std::invalid_argument);
  EXPECT_THROW(serdes_phy::fec_efficiency_of("rs255_223"), std::invalid_argument);
}

TEST(timing, sixty_four_b_66b_nrz_25g_lane) {
  // 25GBASE-R: 25.78125 Gb/s NRZ with 64b/66b carries exactly 25 Gb/s.
  serdes_phy phy("phy",
                 serdes_params({{"lanes", "1"},
                                {"lane_rate", "25.78125Gbps"},
                                {"modulation", "nrz"},
                                {"line_coding", "64b66b"},
                                {"fec", "none"}}),
                 0);
  EXPECT_NEAR(phy.data_rate_bps(), 25e9, 1e-3);
  EXPECT_DOUBLE_EQ(phy.nyquist_hz(), 25.78125e9 / 2);
}

TEST(timing, pipeline_cycles_to_picoseconds) {
  // 16 cycles at 1.328125 GHz = 12.0471 ns -> 12047 ps; 24 cycles -> 18070.6 -> 18071 ps.
  serdes_phy phy(
      "phy",
      serdes_params(
          {{"clock", "1.328125GHz"}, {"tx_pipeline_cycles", "16"}, {"rx_pipeline_cycles", "24"}}),
      0);
  EXPECT_EQ(phy.tx_latency_ps(), 12047u);
  EXPECT_EQ(phy.rx_latency_ps(), 18071u);
  EXPECT_EQ(clock_descriptor::from_frequency(1.25e9).cycles(375), 300000u);
  EXPECT_EQ(clock_descriptor::from_frequency(1.5e9).cycles(30), 20000u);
  EXPECT_EQ(seconds_to_ps(600e-9), 600000u);
}
