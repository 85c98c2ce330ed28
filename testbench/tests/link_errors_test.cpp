// Errors that follow the margin, one model for electrical and optical links
// (modules/fec_model.h, tlm/frame_errors.h): closed forms at several margins,
// the shape of the loss against margin, the SerDes energy cap, bursts, and
// long runs whose measured frame loss must sit within 3 sigma of the
// prediction.
#include "testbench/tests/test_support.h"

#include "modules/fec_model.h"
#include "modules/link.h"
#include "tlm/frame_errors.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace fabricvp;
using namespace fabricvp::test;

namespace {

// Independent closed forms, written out again here.
// Q with 0.5 erfc(Q / sqrt 2) = 2.4e-4 (about 3.4917), by Newton's method.
double q0_of_kp4() {
  double q = 3.5;
  for (int i = 0; i < 50; ++i) {
    const double f = 0.5 * std::erfc(q / std::sqrt(2.0)) - 2.4e-4;
    const double df = -std::exp(-q * q / 2) / std::sqrt(2 * M_PI);
    q -= f / df;
  }
  return q;
}
double ber_at(double margin_db, double db_per_decade) {
  static const double q0 = q0_of_kp4();
  return 0.5 * std::erfc(q0 * std::pow(10.0, margin_db / db_per_decade) / std::sqrt(2.0));
}
double kp4_tail(double ber) { // P[> 15 of 544 10-bit symbols wrong]
  const double ps = -std::expm1(10 * std::log1p(-ber));
  long double sum = 0.0L, term = std::pow(1.0L - ps, 544.0L); // k = 0
  for (int k = 1; k <= 544; ++k) {
    term *= (545.0L - k) / k * ps / (1.0L - ps);
    if (k > 15)
      sum += term;
  }
  return static_cast<double>(sum);
}

// An electrical link at a chosen margin against a 28 dB budget: a cable of
// (28 - margin) / 4 metres at 4 dB/m (frequency-flat).
std::string electrical_pair(double margin_db, const std::string &extra = "") {
  char len[32];
  std::snprintf(len, sizeof len, "%.6fm", (28.0 - margin_db) / 4.0);
  return std::string(R"(
fabricvp: 1
name: errors_pair
simulation: {duration: 2ms, warmup: 0us, seed: 3}
components:
  - {name: "acc{i}", count: 2, type: accelerator_port, ports: 1}
links:
  l:
    flow_control: lossy
    on_budget_fail: degrade)") +
         extra + R"(
    serdes: {lanes: 4, lane_rate: 106.25Gbps, loss_budget: 28dB}
    channel: [{segment: cable, length: )" +
         len +
         R"(, loss_per_length: 4dB/m, reference_frequency: 0Hz, loss: 0dB, conductor_loss_26awg: 0dB/m, dielectric_loss_per_length: 0dB/m}]
connections:
  - {a: acc0.port0, b: acc1.port0, link: l}
workload: {pattern: permutation, arrival: bernoulli, load: 0.6, size: 1500B}
)";
}

link_budget budget_of(const netlist &n, const std::string &kind, frame_error_model *m = nullptr) {
  const link_spec spec = link_spec_of(n.link_kinds.at(kind));
  const link_budget b = compute_link_budget(spec);
  if (m)
    *m = frame_errors_of(spec, b);
  return b;
}

// Runs the platform and checks each link's measured frame loss against
// its predicted ratio within 3 sigma; returns the measured ratio.
double measured_within_3_sigma(const std::string &yaml, const std::vector<std::string> &sets,
                               double predicted) {
  const whole_run w = run_platform_text(yaml, sets);
  const auto &link = w.report()["links"][0];
  const double dropped = static_cast<double>(w.traffic("packets_dropped"));
  const double frames = static_cast<double>(w.traffic("packets_delivered")) + dropped;
  EXPECT_GT(frames, 20000.0);
  EXPECT_EQ(link["frames_lost"].get<double>(), dropped);
  EXPECT_NEAR(link["predicted_frame_loss"].get<double>(), predicted, 1e-12);
  const double sigma = std::sqrt(frames * predicted * (1 - predicted));
  std::printf("%.0f frames, %.0f lost, predicted %.1f +- %.1f\n", frames, dropped,
              frames * predicted, sigma);
  EXPECT_NEAR(dropped, frames * predicted, 3 * sigma);
  return dropped / frames;
}

} // namespace

TEST(link_errors, ber_follows_margin_with_one_model_for_electrical_and_optical) {
  for (double m : {2.0, 0.0, -0.5, -1.0, -1.5, -3.0, -5.0}) {
    EXPECT_NEAR(pre_fec_ber(m, kp4_ber_threshold, electrical_db_per_q_decade) / ber_at(m, 20), 1.0,
                1e-9)
        << m;
    EXPECT_NEAR(pre_fec_ber(m, kp4_ber_threshold, optical_db_per_q_decade) / ber_at(m, 10), 1.0,
                1e-9)
        << m;
  }
  // Half the amplitude (-6.02 dB electrical) is the same Q as half the
  // optical power (-3.01 dB optical): Q0 / 2.
  EXPECT_NEAR(pre_fec_ber(-20 * std::log10(2.0), kp4_ber_threshold, 20),
              pre_fec_ber(-10 * std::log10(2.0), kp4_ber_threshold, 10), 1e-15);
  EXPECT_NEAR(q0_of_kp4(), 3.4917, 1e-4);
  EXPECT_NEAR(pre_fec_ber(-10 * std::log10(2.0)), 0.5 * std::erfc(q0_of_kp4() / 2 / std::sqrt(2.0)),
              1e-12);
}

TEST(link_errors, electrical_link_budget_gives_ber_codeword_error_and_frame_loss) {
  for (double m : {-0.5, -1.0, -1.3, -1.6}) {
    const netlist n = load_platform_text(electrical_pair(m));
    frame_error_model fm;
    const link_budget b = budget_of(n, "l", &fm);
    EXPECT_NEAR(b.electrical_margin_db, m, 1e-9);
    EXPECT_NEAR(b.pre_fec_ber / ber_at(m, 20), 1.0, 1e-9) << m;
    EXPECT_NEAR(b.codeword_error / kp4_tail(b.pre_fec_ber), 1.0, 1e-6) << m;
    // Each frame's own size: (bytes + 20 B framing) x 8 x 257/256 bits of
    // 5140-bit codewords.
    for (double bytes : {64.0, 1500.0, 4096.0, 65536.0}) {
      const double cw = std::ceil((bytes + 20) * 8 * 257.0 / 256.0 / 5140.0);
      EXPECT_NEAR(fm.frame_loss(bytes), 1 - std::pow(1 - b.codeword_error, cw),
                  1e-12 + 1e-9 * fm.frame_loss(bytes))
          << m << " " << bytes;
    }
    EXPECT_LT(fm.frame_loss(64), fm.frame_loss(65536));
  }
}

TEST(link_errors, optical_link_budget_gives_ber_codeword_error_and_frame_loss) {
  // The 51.2T DSP switch's 800G port over a longer fibre: the optical margin
  // falls 0.4 dB per km of SMF; the host electrical paths keep theirs.
  for (const char *km : {"2km", "4km", "6km"}) {
    const netlist n = load_platform_text(
        "fabricvp: 1\nextends: " + platforms_folder() + "/switch51t_dsp.yaml\n",
        {std::string("links.port.fiber.length=") + km, "links.port.on_budget_fail=degrade"});
    frame_error_model fm;
    const link_budget b = budget_of(n, "port", &fm);
    ASSERT_TRUE(b.optical);
    EXPECT_NEAR(b.optical_ber / ber_at(b.optical_margin_db, 10), 1.0, 1e-9) << km;
    const double host = ber_at(b.electrical_margin_db, 20);
    // 1 - (1 - host)^2 (1 - optical), written without cancellation.
    const double combined = -std::expm1(2 * std::log1p(-host) + std::log1p(-b.optical_ber));
    EXPECT_NEAR(combined / (2 * host + b.optical_ber), 1.0, 1e-3) << km; // about the sum
    EXPECT_NEAR(b.pre_fec_ber / combined, 1.0, 1e-9) << km;
    EXPECT_NEAR(b.codeword_error / kp4_tail(b.pre_fec_ber), 1.0, 1e-6) << km;
    const double cw = std::ceil((4096 + 20) * 8 * 257.0 / 256.0 / 5140.0);
    EXPECT_NEAR(fm.frame_loss(4096), 1 - std::pow(1 - b.codeword_error, cw),
                1e-15 + 1e-9 * fm.frame_loss(4096));
  }
}

TEST(link_errors, just_below_budget_is_nearly_clean_and_5_db_below_is_useless) {
  auto loss = [](double m, double d) {
    frame_error_model fm;
    fm.codeword_error = rs_codeword_error(pre_fec_ber(m, kp4_ber_threshold, d));
    fm.data_bits_per_codeword = 5140;
    fm.overhead_bytes = 20;
    fm.bits_per_byte = 8 * 257.0 / 256.0;
    return fm.frame_loss(4096);
  };
  for (double d : {electrical_db_per_q_decade, optical_db_per_q_decade}) {
    EXPECT_LT(loss(-0.2, d), 1e-6) << d;
    EXPECT_GT(loss(-5.0, d), 0.999) << d;
    // Continuous and growing with negative margin: no step larger than 0.3
    // between margins 0.05 dB apart.
    double last = loss(0.0, d);
    for (double m = -0.05; m >= -6.0; m -= 0.05) {
      const double now = loss(m, d);
      EXPECT_GE(now, last) << m;
      EXPECT_LT(now - last, 0.3) << m;
      last = now;
    }
  }
}

TEST(link_errors, serdes_energy_stops_growing_at_the_end_of_the_equalizer_range) {
  const netlist n = load_platform_text(electrical_pair(-3.0));
  const param_set &s = n.link_kinds.at("l").serdes;
  EXPECT_NEAR(serdes_phy::energy_per_bit_of(s, 20.0), (4 + 0.15 * 20) * 1e-12, 1e-24);
  EXPECT_NEAR(serdes_phy::energy_per_bit_of(s, 28.0), (4 + 0.15 * 28) * 1e-12, 1e-24);
  EXPECT_NEAR(serdes_phy::energy_per_bit_of(s, 31.0), (4 + 0.15 * 28) * 1e-12, 1e-24);
}

TEST(link_errors, degraded_electrical_link_loses_its_predicted_ratio_at_minus_1_3_db) {
  const netlist n = load_platform_text(electrical_pair(-1.3));
  frame_error_model fm;
  budget_of(n, "l", &fm);
  const double p = fm.frame_loss(1500);
  ASSERT_GT(p, 1e-3);
  ASSERT_LT(p, 0.1);
  measured_within_3_sigma(electrical_pair(-1.3), {}, p);
}

TEST(link_errors, degraded_electrical_link_loses_its_predicted_ratio_at_minus_1_6_db) {
  const netlist n = load_platform_text(electrical_pair(-1.6));
  frame_error_model fm;
  budget_of(n, "l", &fm);
  const double p = fm.frame_loss(1500);
  ASSERT_GT(p, 0.02);
  ASSERT_LT(p, 0.6);
  measured_within_3_sigma(electrical_pair(-1.6), {}, p);
}

TEST(link_errors, degraded_optical_link_loses_its_predicted_ratio) {
  // Two 800G DSP pluggables over SMF long enough to push the optical margin
  // below zero: its loss follows the optical margin by the same model.
  const std::string yaml = R"(
fabricvp: 1
name: optical_pair
simulation: {duration: 1ms, warmup: 0us, seed: 5}
components:
  - {name: "acc{i}", count: 2, type: accelerator_port, ports: 1}
links:
  port:
    flow_control: lossy
    on_budget_fail: degrade
    serdes: {preset: serdes_112g_vsr, lanes: 8}
    channel: [{segment: package}, {segment: pcb_trace, preset: pcb_megtron6, length: 6in}, {segment: connector}]
    optics: {type: pluggable_module, preset: osfp_800g_2xdr4_dsp}
    fiber: {preset: smf_50m}
connections:
  - {a: acc0.port0, b: acc1.port0, link: port}
workload: {pattern: permutation, arrival: bernoulli, load: 0.6, size: 1500B}
)";
  // Find a fibre length with a measurable loss (1e-3 .. 0.3 per frame).
  double km = 1.0, p = 0.0;
  for (; km < 20.0; km += 0.05) {
    const netlist n =
        load_platform_text(yaml, {"links.port.fiber.length=" + std::to_string(km) + "km"});
    frame_error_model fm;
    const link_budget b = budget_of(n, "port", &fm);
    p = fm.frame_loss(1500);
    if (p > 5e-3) {
      EXPECT_LT(b.optical_margin_db, 0.0);
      break;
    }
  }
  ASSERT_GT(p, 5e-3);
  ASSERT_LT(p, 0.3);
  measured_within_3_sigma(yaml, {"links.port.fiber.length=" + std::to_string(km) + "km"}, p);
}

TEST(link_errors, gilbert_elliott_bursts_give_their_stationary_loss_and_burst_length) {
  frame_error_model m;
  m.codeword_error = 1e-4;
  m.data_bits_per_codeword = 5140;
  m.bits_per_byte = 8;
  m.burst = true;
  m.p_good_to_bad = 2e-3;
  m.p_bad_to_good = 0.25;
  m.bad_loss = 0.5;
  frame_error_draw d, again;
  d.configure(m, 42);
  again.configure(m, 42);
  const int n = 2000000;
  double lost = 0, runs = 0;
  bool previous = false;
  for (int i = 0; i < n; ++i) {
    const bool l = d.lost(4096);
    EXPECT_EQ(l, again.lost(4096)); // seeded: the same stream
    lost += l;
    runs += l && !previous;
    previous = l;
  }
  const double mean = m.mean_frame_loss(4096);
  const double pi_b = 2e-3 / (2e-3 + 0.25);
  EXPECT_NEAR(mean, (1 - pi_b) * m.frame_loss(4096) + pi_b * 0.5, 1e-15);
  // The variance of the count is inflated by the chain's memory: with lag-1
  // correlation r = 1 - p_gb - p_bg of the state, by about (1 + r) / (1 - r)
  // for the bad-state share.
  const double r = 1 - 2e-3 - 0.25;
  const double sigma = std::sqrt(n * mean * (1 - mean) * (1 + r) / (1 - r));
  EXPECT_NEAR(lost, n * mean, 3 * sigma);
  EXPECT_EQ(d.frames(), static_cast<std::uint64_t>(n));
  EXPECT_EQ(d.frames_lost(), static_cast<std::uint64_t>(lost));
  // Lost frames cluster: far fewer separate runs than losses would give
  // if they were independent at the same mean.
  EXPECT_LT(runs, 0.8 * lost * (1 - mean));
}

TEST(link_errors, burst_option_raises_a_links_loss_in_a_run) {
  const std::string yaml = electrical_pair(
      -0.5, "\n    burst_errors: true\n    burst_start_probability: 1e-3\n    burst_mean_frames: "
            "4\n    burst_frame_loss: 0.5");
  const netlist n = load_platform_text(yaml);
  frame_error_model fm;
  budget_of(n, "l", &fm);
  EXPECT_LT(fm.frame_loss(1500), 1e-6); // -0.5 dB alone is nearly clean
  const double mean = fm.mean_frame_loss(1500);
  EXPECT_NEAR(mean, 1e-3 / (1e-3 + 0.25) * 0.5, 1e-6);
  const whole_run w = run_platform_text(yaml);
  const double dropped = static_cast<double>(w.traffic("packets_dropped"));
  const double frames = static_cast<double>(w.traffic("packets_delivered")) + dropped;
  const double r = 1 - 1e-3 - 0.25;
  const double sigma = std::sqrt(frames * mean * (1 - mean) * (1 + r) / (1 - r));
  EXPECT_NEAR(dropped, frames * mean, 3 * sigma);
}

TEST(link_errors, healthy_links_draw_nothing) {
  const netlist n = load_platform_text(electrical_pair(3.0));
  frame_error_model fm;
  const link_budget b = budget_of(n, "l", &fm);
  EXPECT_GT(b.pre_fec_ber, 0.0);
  EXPECT_FALSE(fm.active()); // below 1e-20 per codeword: no draws, results as before
  const whole_run w = run_platform_text(electrical_pair(3.0), {"simulation.duration=50us"});
  EXPECT_EQ(w.traffic("packets_dropped"), 0u);
  EXPECT_EQ(w.report()["links"][0]["frames_lost"].get<int>(), 0);
}
