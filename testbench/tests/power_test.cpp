// Energy is the exact integral of piecewise-constant power: scripted state
// sequences against hand integrals (power_model), the same through the
// recorded power track (timeline) and through the power log's energy bins;
// SerDes power from channel loss; whole runs whose energy is static power x
// time + energy per bit x bits on the wire, and whose power log totals match.
#include "test_support.h"

#include "core/power.h"
#include "core/timeline.h"
#include "modules/serdes_phy.h"

#include <fstream>
#include <map>
#include <numeric>
#include <sstream>

using namespace fabricvp;
using namespace fabricvp::test;

namespace {

// off 0 W, idle 2 W, active 5 W; 1 pJ/bit.
power_model make_model() {
  return power_model("dut", power_class::serdes, {{"off", 0.0}, {"idle", 2.0}, {"active", 5.0}},
                     1e-12, "idle");
}

// idle [0,1000) active [1000,5000) idle [5000,8000) off [8000, ...)
// plus 1000 bits over [2000,3000) and 4000 bits over [3000,7000).
void script(power_model &pm) {
  pm.set_state(1000, "active");
  pm.add_bits(2000, 3000, 1000);
  pm.add_bits(3000, 7000, 4000);
  pm.set_state(5000, "idle");
  pm.set_state(8000, "off");
}

constexpr double ps = 1e-12;
// 2 W x 1 ns + 5 W x 4 ns + 2 W x 3 ns + 0 W x 2 ns = 28 nJ static, 5 nJ dynamic.
constexpr double static_j = 2 * 1000 * ps + 5 * 4000 * ps + 2 * 3000 * ps;
constexpr double dynamic_j = 1e-12 * 5000;

} // namespace

TEST(power, energy_is_hand_integral_of_scripted_states) {
  power_model pm = make_model();
  script(pm);
  EXPECT_NEAR(pm.static_energy_j(10000), static_j, 1e-22);
  EXPECT_NEAR(pm.dynamic_energy_j(), dynamic_j, 1e-22);
  EXPECT_NEAR(pm.energy_j(10000), 33e-9, 1e-21);
  EXPECT_DOUBLE_EQ(pm.bits(), 5000);
  EXPECT_EQ(pm.state(), "off");
  // Mid-interval: up to 3 ns, idle 1 ns + active 2 ns = 12 nJ static.
  power_model early = make_model();
  early.set_state(1000, "active");
  EXPECT_NEAR(early.static_energy_j(3000), 2 * 1000 * ps + 5 * 2000 * ps, 1e-22);
}

TEST(power, event_energy_adds_to_dynamic) {
  power_model pm = make_model();
  pm.add_event_energy(500, 3e-9);
  pm.add_bits(0, 100, 2000); // 2 nJ
  EXPECT_NEAR(pm.dynamic_energy_j(), 5e-9, 1e-22);
  EXPECT_NEAR(pm.energy_j(1000), 5e-9 + 2 * 1000 * ps, 1e-22);
}

TEST(power, state_errors) {
  power_model pm = make_model();
  pm.set_state(1000, "active");
  EXPECT_THROW(pm.set_state(500, "idle"), std::logic_error); // in the past
  EXPECT_THROW(pm.set_state(2000, "turbo"), std::logic_error);
  EXPECT_THROW(power_model("x", power_class::laser, {{"on", 1.0}}, 0.0, "off"), std::logic_error);
}

TEST(power, recorded_track_integral_equals_energy) {
  power_model pm = make_model();
  timeline tl;
  tl.record(pm.track());
  tl.start();
  script(pm);
  tl.finish(10000);
  EXPECT_NEAR(pm.track().integral_to(10000) * ps, pm.energy_j(10000), 1e-21);
  EXPECT_NEAR(pm.track().integral_to(10000) * ps, static_j + dynamic_j, 1e-21);
  EXPECT_DOUBLE_EQ(pm.track().value(), 0.0); // off, nothing moving
}

TEST(power, track_shows_watts_of_each_interval) {
  // A listener sees the power at each step: 2 W, 5 W, 5 + 1 W (1000 bits in
  // 1 ns at 1 pJ/bit), then 5 + 1 W (4000 bits in 4 ns), 1 W, 2 + 1 W, 2 W, 0.
  struct recorder : timeline_listener {
    std::vector<std::pair<time_ps, double>> steps;
    signal_track *s = nullptr;
    void on_start(const std::vector<signal_track *> &r) override { s = r.at(0); }
    void on_step(time_ps t, const std::vector<step_value> &changed) override {
      steps.push_back({t, changed.at(0).value});
    }
    void on_finish(time_ps) override {}
  } rec;
  power_model pm = make_model();
  timeline tl;
  tl.record(pm.track());
  tl.add_listener(&rec);
  tl.start();
  script(pm);
  tl.finish(10000);
  // At 3000 one transfer ends as the next starts: the changes cancel, so the
  // timeline reports no step there (a step is a change of value).
  const std::vector<std::pair<time_ps, double>> expected = {
      {1000, 5.0}, {2000, 6.0}, {5000, 3.0}, {7000, 2.0}, {8000, 0.0}};
  ASSERT_EQ(rec.steps.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(rec.steps[i].first, expected[i].first);
    EXPECT_NEAR(rec.steps[i].second, expected[i].second, 1e-9) << "at " << expected[i].first;
  }
}

TEST(power, energy_bins_split_power_exactly) {
  power_model pm = make_model();
  interval_bins bins(2000);
  pm.bin_into(&bins);
  script(pm);
  pm.finish_bins(10000);
  const double total = std::accumulate(bins.amounts().begin(), bins.amounts().end(), 0.0);
  EXPECT_NEAR(total, pm.energy_j(10000), 1e-21);
  ASSERT_GE(bins.amounts().size(), 4u);
  // [0,2): 2 W x 1 ns + 5 W x 1 ns = 7 nJ
  EXPECT_NEAR(bins.amounts()[0], 7e-9, 1e-21);
  // [2,4): 5 W x 2 ns + 1 nJ + a quarter of 4 nJ = 12 nJ
  EXPECT_NEAR(bins.amounts()[1], 12e-9, 1e-21);
  // [4,6): 5 W x 1 ns + 2 W x 1 ns + half of 4 nJ = 9 nJ
  EXPECT_NEAR(bins.amounts()[2], 9e-9, 1e-21);
  // [6,8): 2 W x 2 ns + a quarter of 4 nJ = 5 nJ
  EXPECT_NEAR(bins.amounts()[3], 5e-9, 1e-21);
  if (bins.amounts().size() > 4) {
    EXPECT_NEAR(bins.amounts()[4], 0.0, 1e-21);
  }
}

TEST(power, serdes_power_follows_channel_loss) {
  param_set p(&serdes_phy::param_specs(), "phy");
  for (auto [k, v] : {std::pair{"lanes", "4"},
                      {"lane_rate", "106.25Gbps"},
                      {"energy_per_bit_floor", "4pJ/bit"},
                      {"energy_per_bit_per_db", "0.15pJ/bit"},
                      {"idle_power_fraction", "0.7"}})
    p.set(k, v, "test", {});
  serdes_phy phy("phy", p, 20.0);
  // e(20 dB) = 4 + 0.15 x 20 = 7 pJ/bit; full load 7 pJ x 425 Gb/s = 2.975 W.
  EXPECT_NEAR(phy.energy_per_bit_j(), 7e-12, 1e-24);
  EXPECT_NEAR(phy.energy_per_bit_j(0.0), 4e-12, 1e-24);
  EXPECT_NEAR(phy.energy_per_bit_j(28.0), 8.2e-12, 1e-24);
  EXPECT_NEAR(phy.full_load_power_w(), 2.975, 1e-12);
  EXPECT_NEAR(phy.idle_power_w(), 0.7 * 2.975, 1e-12);
  EXPECT_NEAR(phy.power().static_power_w(), 0.7 * 2.975, 1e-12);
  // The traffic-dependent 30% is split between the two ends of a transfer,
  // per frame bit scaled to line bits (256b/257b and RS(544,514) overhead).
  EXPECT_NEAR(phy.power().energy_per_bit_j(), 0.3 * 7e-12 / 2 / (256.0 / 257 * 514.0 / 544), 1e-24);
}

namespace {

const char *pair_platform = R"(
fabricvp: 1
name: power_pair
simulation: {duration: 20us, warmup: 1us, seed: 4}
components:
  - {name: "acc{i}", count: 2, type: accelerator_port, ports: 1, io_static_power: 0.5W,
     io_energy_per_bit: 0.3pJ/bit}
links:
  l400:
    flow_control: credit
    framing_overhead: 20B
    serdes: {lanes: 4, lane_rate: 106.25Gbps, energy_per_bit_floor: 4pJ/bit,
             energy_per_bit_per_db: 0.15pJ/bit, idle_power_fraction: 0.7}
    channel:
      - {segment: cable, length: 2m, loss_per_length: 7dB/m, reference_frequency: 26.5625GHz,
         loss: 0dB, conductor_loss_26awg: 0dB/m, dielectric_loss_per_length: 0dB/m}
workload: {pattern: none}
connections:
  - {a: acc0.port0, b: acc1.port0, link: l400}
)";

// 2 m x 7 dB/m at Nyquist 26.5625 GHz = 14 dB; e = 4 + 0.15 x 14 = 6.1 pJ/bit.
constexpr double e_serdes = 6.1e-12;
constexpr double phy_idle_w = 0.7 * e_serdes * 425e9;
constexpr double static_w = 2 * phy_idle_w + 2 * 0.5;

} // namespace

TEST(power, idle_platform_draws_static_power_only) {
  whole_run r = run_platform_text(pair_platform);
  const auto &p = r.report()["power"];
  EXPECT_NEAR(p["total_w"].get<double>(), static_w, 1e-9 * static_w);
  EXPECT_NEAR(p["by_class"]["serdes"].get<double>(), 2 * phy_idle_w, 1e-9);
  EXPECT_NEAR(p["by_class"]["accelerator_io"].get<double>(), 1.0, 1e-9);
  EXPECT_NEAR(r.report()["links"][0]["insertion_loss_db"].get<double>(), 14.0, 1e-9);
  EXPECT_NEAR(r.report()["links"][0]["serdes_pj_per_bit"].get<double>(), 6.1, 1e-9);
}

TEST(power, accelerator_io_spends_energy_per_bit_sent_and_received) {
  // acc0 sends three 4 KiB frames, acc1 one 1000 B frame, 20 B framing each.
  // Each port's I/O: 0.5 W x run time + 0.3 pJ x (wire bits sent + received),
  // the same 106,944 bits for both; charged on sent bits only, acc0 would
  // draw 98,784 x 0.3 pJ and acc1 8,160 x 0.3 pJ.
  scripted_bench b(pair_platform,
                   {{0, 0, 1, 4096}, {0, 1, 0, 1000}, {1000, 0, 1, 4096}, {2000, 0, 1, 4096}});
  b.run();
  const time_ps end = now_ps();
  const double sent0 = 3 * (4096 + 20) * 8.0, sent1 = (1000 + 20) * 8.0;
  ASSERT_EQ(b.board->counts().delivered, 4u);
  for (std::uint32_t acc : {0u, 1u}) {
    power_model &io = b.top->endpoints[acc]->power();
    const double expected = 0.5 * static_cast<double>(end) * ps + 0.3e-12 * (sent0 + sent1);
    EXPECT_NEAR(io.energy_j(end), expected, 1e-9 * expected) << "acc" << acc;
    EXPECT_DOUBLE_EQ(io.bits(), sent0 + sent1) << "acc" << acc;
  }
}

// The pair at 60% load in 4 KiB packets, with `o`'s outputs and `more` settings.
whole_run loaded_pair(const run_options &o, std::vector<std::string> more) {
  more.insert(more.end(),
              {"workload.pattern=permutation", "workload.load=0.6", "workload.size=4KiB"});
  return run_platform_text(pair_platform, more, o);
}

TEST(power, loaded_link_energy_is_static_plus_energy_per_wire_bit) {
  run_options o;
  o.power_log_file = temp_dir() + "/power.csv";
  whole_run r = loaded_pair(o, {"workload.sources=1"});
  const double seconds = r.report()["sim_time_s"].get<double>();
  const double delivered = r.report()["traffic"]["packets_delivered"].get<double>();
  ASSERT_GT(delivered, 100);
  ASSERT_EQ(r.traffic("packets_in_flight"), 0u);
  const double wire_bits = delivered * (4096 + 20) * 8;
  // Per wire bit: the SerDes traffic share (1 - idle) x e at both ends
  // together, per line bit (425/400 line bits per frame bit), plus the
  // link-layer energy per bit of the sender and of the receiver.
  const double dynamic = wire_bits * (0.3 * e_serdes * 425.0 / 400.0 + 2 * 0.3e-12);
  const double expected = static_w * seconds + dynamic;
  const double energy = r.report()["power"]["energy_j"].get<double>();
  EXPECT_NEAR(energy, expected, 1e-9 * expected);

  // The power log's totals are the same energy, split into intervals.
  std::ifstream csv(o.power_log_file);
  ASSERT_TRUE(csv.good());
  std::string line;
  double log_total = -1, interval_sum = 0;
  while (std::getline(csv, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');)
      f.push_back(cell);
    if (f.size() < 6)
      continue;
    if (f[2] == "total")
      log_total = std::stod(f[5]);
    if (f[2] == "class")
      interval_sum += std::stod(f[5]);
  }
  EXPECT_NEAR(log_total, energy, 1e-6 * energy);
  EXPECT_NEAR(interval_sum, energy, 1e-6 * energy);
}

// The watts traced to the VCD integrate to the energy the report states:
// each element's power track (static state plus a rectangle per transfer,
// posted by the link direction that counts the transfer's bits once) covers
// its whole energy when no transfer is still running at the end.
TEST(power, vcd_power_tracks_integrate_to_report_energy) {
  run_options o;
  o.vcd_file = temp_dir() + "/run.vcd";
  whole_run r = loaded_pair(o, {"simulation.trace_thread=on"});
  ASSERT_EQ(r.traffic("packets_in_flight"), 0u);
  ASSERT_GT(r.traffic("packets_delivered"), 100u);
  // Our own writer's line format: "$var real 64 ID NAME $end", "#T", "rVALUE ID".
  std::ifstream vcd(o.vcd_file);
  ASSERT_TRUE(vcd.good());
  std::map<std::string, double> watts; // real signals by identifier
  double joules = 0.0;
  time_ps last_t = 0;
  std::string line;
  while (std::getline(vcd, line)) {
    if (line.rfind("$var real 64 ", 0) == 0) {
      std::istringstream ss(line.substr(13));
      std::string id;
      ss >> id;
      watts[id] = 0.0;
    } else if (!line.empty() && line[0] == '#') {
      const time_ps t = std::stoull(line.substr(1));
      double sum = 0.0;
      for (const auto &[id, w] : watts)
        sum += w;
      joules += sum * static_cast<double>(t - last_t) * 1e-12;
      last_t = t;
    } else if (!line.empty() && line[0] == 'r') {
      const auto space = line.find(' ');
      watts.at(line.substr(space + 1)) = std::stod(line.substr(1, space - 1));
    }
  }
  const double seconds = r.report()["sim_time_s"].get<double>();
  EXPECT_EQ(last_t, ps_of(seconds));
  ASSERT_FALSE(watts.empty());
  const double energy = r.report()["power"]["energy_j"].get<double>();
  EXPECT_NEAR(joules, energy, 1e-6 * energy);
  // The dynamic part alone is well above that tolerance: a track missing its
  // transfers would fail.
  EXPECT_GT(energy - static_w * seconds, 1e-3 * energy);
}

TEST(power, serdes_at_full_load_both_ways_draws_energy_per_bit_times_line_rate) {
  // The SerDes contract: at full load in both directions a transceiver draws
  // e_bit(loss) x line rate (line bits include coding and FEC overhead), and
  // in between its power is linear in utilisation u:
  //   P = e x line rate x (idle + (1 - idle) x u).
  whole_run r = run_platform_text(
      pair_platform, {"workload.pattern=permutation", "workload.load=1.0", "workload.size=4KiB"});
  const auto &link = r.report()["links"][0];
  const double u_ab = link["utilisation_a_to_b"].get<double>();
  const double u_ba = link["utilisation_b_to_a"].get<double>();
  ASSERT_GT(u_ab, 0.95);
  const double full_w = e_serdes * 425e9; // per transceiver
  const double expected = 2 * full_w * (0.7 + 0.3 * (u_ab + u_ba) / 2);
  EXPECT_NEAR(r.report()["power"]["by_class"]["serdes"].get<double>(), expected, 1e-6 * expected);
}
