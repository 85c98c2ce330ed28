// One twinax model across lane rates (conductor loss x sqrt(f) / diameter,
// dielectric x f), active copper as channel elements (a retimer splits the
// channel into spans, each against its own budget; a redriver's gain less
// its penalty), linear pluggables as one end-to-end budget, and the
// published reach classes from the default presets on the front-panel host
// path of platforms/copper_reach.yaml. Closed forms throughout.
#include "test_support.h"

#include "modules/electrical_channel.h"
#include "modules/switch_asic.h"
#include "platforms/netlist.h"

#include <cmath>

using namespace fabricvp;
using namespace fabricvp::test;

namespace {

constexpr double f112 = 26.5625e9, f224 = 53.125e9;

// The twinax model by hand: 26 AWG conductor 2.9 dB/m, dielectric 1.26 dB/m
// at 26.5625 GHz, 1 dB of plug termination scaled linearly.
double awg_d(double n) { return 0.127e-3 * std::pow(92.0, (36.0 - n) / 39.0); }
double twinax_db_per_m(double f, double gauge) {
  return 2.9 * awg_d(26) / awg_d(gauge) * std::sqrt(f / f112) + 1.26 * f / f112;
}
double twinax_db(double f, double gauge, double length) {
  return 1.0 * f / f112 + length * twinax_db_per_m(f, gauge);
}
// Front-panel host path per end: package 1.5 dB at 26.5625 GHz, 5 in of
// Megtron 6 at 2.35 dB/in at 53.125 GHz, connector 2.5 dB at 106.25 GHz,
// all scaled linearly: 8.0 dB at 26.5625 GHz, 16.0 dB at 53.125 GHz.
double host_db(double f) { return 1.5 * f / f112 + 5 * 2.35 * f / f224 + 2.5 * f / 106.25e9; }

const preset_catalog &catalog() {
  static preset_catalog c = [] {
    preset_catalog k;
    k.load_folder(platforms_folder() + "/presets");
    return k;
  }();
  return c;
}

param_set preset_params(const std::string &name) {
  const preset *p = catalog().find(name);
  if (!p)
    throw std::runtime_error("no preset " + name);
  param_set s(&electrical_channel::segment_param_specs(p->type), name);
  catalog().apply(*p, s);
  return s;
}

std::string platform_with(const std::string &serdes, const std::string &cable,
                          const std::string &extra_link = "") {
  return R"(
fabricvp: 1
name: t
simulation: {duration: 2us, warmup: 0.5us}
components:
  - {name: "acc{i}", count: 2, type: accelerator_port, ports: 1}
links:
  l:
    flow_control: credit)" +
         extra_link + R"(
    serdes: )" +
         serdes + R"(
    channel:
      - &pkg {segment: package}
      - &pcb {segment: pcb_trace, preset: pcb_megtron6, length: 5in}
      - &conn {segment: connector}
      - )" +
         cable + R"(
      - *conn
      - *pcb
      - *pkg
connections:
  - {a: acc0.port0, b: acc1.port0, link: l}
workload: {pattern: permutation, sources: 1, load: 0.2, size: 1KiB}
)";
}

const char *const degrade = "\n    on_budget_fail: degrade";

link_budget budget_of(const netlist &n, const std::string &kind = "l") {
  return compute_link_budget(link_spec_of(n.link_kinds.at(kind)));
}

} // namespace

TEST(twinax, one_preset_gives_its_loss_at_both_lane_rates) {
  const param_set p = preset_params("twinax_26awg");
  const channel_segment s = electrical_channel::segment_from("cable", p);
  // 1 m: 1 + 2.9 + 1.26 = 5.16 dB at 26.5625 GHz; at twice the frequency
  // the conductor term grows by sqrt(2), the dielectric term and the
  // termination by 2: 2 + 4.101 + 2.52 = 8.621 dB.
  EXPECT_NEAR(s.loss_db_at(f112), 5.16, 1e-9);
  EXPECT_NEAR(s.loss_db_at(f224), 2.0 + 2.9 * std::sqrt(2.0) + 2.52, 1e-9);
  EXPECT_NEAR(s.loss_db_per_m_at(f224), 6.62122, 1e-4);
  // Neither linear scaling (5.16 x 2 = 10.32) nor sqrt scaling alone.
  EXPECT_GT(s.loss_db_at(f224), 5.16 * std::sqrt(2.0) + 0.5);
  EXPECT_LT(s.loss_db_at(f224), 5.16 * 2.0 - 1.0);
}

TEST(twinax, thinner_gauges_lose_more_conductor_loss_only) {
  EXPECT_NEAR(awg_diameter_m(26), 0.4049e-3, 1e-7);
  EXPECT_NEAR(awg_diameter_m(30), 0.2546e-3, 1e-7);
  for (int gauge : {26, 30, 32, 34}) {
    const param_set p = preset_params("twinax_" + std::to_string(gauge) + "awg");
    const channel_segment s = electrical_channel::segment_from("cable", p);
    for (double f : {f112, f224})
      EXPECT_NEAR(s.loss_db_at(f), twinax_db(f, gauge, 1.0), 1e-9) << gauge << " AWG at " << f;
  }
  // 30 AWG: conductor x d26/d30 = x1.590 (5.87 dB/m at 26.5625 GHz).
  EXPECT_NEAR(awg_d(26) / awg_d(30), 1.590, 1e-3);
  EXPECT_NEAR(twinax_db_per_m(f112, 30), 5.871, 1e-3);
}

TEST(retimer, splits_the_channel_into_spans_each_against_its_own_budget) {
  // 224G LR host (40 dB), AEC of 5 m: retimer_224g_dsp (40 dB) at each end.
  const netlist n = load_platform_text(platform_with(
      "{preset: serdes_224g_lr, lanes: 8}", "{segment: aec, preset: aec_224g_26awg, length: 5m}"));
  const link_budget b = budget_of(n);
  ASSERT_EQ(b.spans.size(), 3u);
  EXPECT_NEAR(b.spans[0].loss_db, host_db(f224), 1e-9);
  EXPECT_NEAR(b.spans[0].loss_db, 16.0, 1e-9);
  EXPECT_NEAR(b.spans[1].loss_db, twinax_db(f224, 26, 5.0), 1e-9);
  EXPECT_NEAR(b.spans[2].loss_db, 16.0, 1e-9);
  for (const auto &s : b.spans)
    EXPECT_DOUBLE_EQ(s.budget_db, 40.0);
  // The worst span is the cable's: 40 - (2 + 5 x 6.621) = 4.894 dB.
  EXPECT_NEAR(b.electrical_margin_db, 40 - twinax_db(f224, 26, 5.0), 1e-9);
  EXPECT_NEAR(b.cable_reach_m, 5.0 + b.electrical_margin_db / twinax_db_per_m(f224, 26), 1e-9);
  // Without the retimers the same channel is one span of 16 + 35.1 + 16 dB.
  const netlist passive = load_platform_text(
      platform_with("{preset: serdes_224g_lr, lanes: 8}",
                    "{segment: cable, preset: twinax_26awg, length: 5m}", degrade));
  EXPECT_EQ(budget_of(passive).spans.size(), 1u);
  EXPECT_NEAR(budget_of(passive).electrical_margin_db, 40 - 32 - twinax_db(f224, 26, 5.0), 1e-9);
}

TEST(retimer, a_span_takes_the_smaller_budget_of_its_two_ends) {
  // A 30 dB retimer on a 40 dB host: the host spans and the cable span all
  // get 30 dB.
  const netlist n = load_platform_text(
      platform_with("{preset: serdes_224g_lr, lanes: 2}",
                    "{segment: aec, preset: aec_224g_26awg, length: 3m, loss_budget: 30dB}"));
  const link_budget b = budget_of(n);
  ASSERT_EQ(b.spans.size(), 3u);
  for (const auto &s : b.spans)
    EXPECT_DOUBLE_EQ(s.budget_db, 30.0);
  EXPECT_NEAR(b.electrical_margin_db, 30 - twinax_db(f224, 26, 3.0), 1e-9);
}

TEST(retimer, power_latency_and_serdes_energy_follow_the_spans) {
  scripted_bench bench(platform_with("{preset: serdes_224g_lr, lanes: 8}",
                                     "{segment: aec, preset: aec_224g_26awg, length: 5m}"),
                       {});
  fabric_link &l = *bench.top->links[0];
  // Two retimers x 8 lanes x 2 directions x 0.372 W.
  ASSERT_NE(l.active_copper_power(), nullptr);
  EXPECT_NEAR(l.active_copper_power()->static_power_w(), 2 * 8 * 2 * 0.372, 1e-9);
  EXPECT_EQ(l.active_copper_power()->power_class_name(), "retimer_dsp");
  // Each host PHY equalizes its own 16 dB span: 4.5 + 0.12 x 16 pJ/bit.
  EXPECT_NEAR(l.phy_a().energy_per_bit_j(), (4.5 + 0.12 * 16.0) * 1e-12, 1e-20);
  EXPECT_NEAR(l.phy_b().energy_per_bit_j(), (4.5 + 0.12 * 16.0) * 1e-12, 1e-20);
  // The retimers' 2 x 52 ns are in the link's fixed latency.
  scripted_bench plain(platform_with("{preset: serdes_224g_lr, lanes: 8}",
                                     "{segment: cable, preset: twinax_26awg, length: 5m}", degrade),
                       {});
  EXPECT_EQ(l.timing().fixed_latency_ps - plain.top->links[0]->timing().fixed_latency_ps, 104000u);
}

TEST(redriver, gain_less_penalty_comes_off_the_one_span) {
  // LACC of 3.5 m at 224G: redriver_224g (13 dB gain, 3 dB penalty) at each
  // end; no split: 32 + (2 + 3.5 x 6.621) - 2 x (13 - 3) dB.
  const netlist n =
      load_platform_text(platform_with("{preset: serdes_224g_lr, lanes: 8}",
                                       "{segment: lacc, preset: lacc_224g_26awg, length: 3.5m}"));
  const link_budget b = budget_of(n);
  ASSERT_EQ(b.spans.size(), 1u);
  EXPECT_NEAR(b.electrical_loss_db, 32 + twinax_db(f224, 26, 3.5) - 20, 1e-9);
  // A lone redriver with its own numbers.
  const netlist one = load_platform_text(platform_with(
      "{preset: serdes_224g_lr, lanes: 1}", "{segment: redriver, gain: 9dB, penalty: 2.5dB}"));
  EXPECT_NEAR(budget_of(one).electrical_loss_db, 32 - 9 + 2.5, 1e-9);
}

TEST(lpo, host_channels_and_linear_modules_are_one_budget) {
  // 200G/lane LPO behind 8 in of Megtron 6: 3 + 18.8 + 1.25 + 3 (module)
  // per end, both ends in one span: 52.1 dB > 40 dB: flagged.
  const std::string lpo = R"(
fabricvp: 1
name: lpo
components:
  - {name: "acc{i}", count: 2, type: accelerator_port, ports: 1}
links:
  port:
    flow_control: lossy
    serdes: {preset: serdes_224g_lr, lanes: 8}
    channel: [{segment: package}, {segment: pcb_trace, preset: pcb_megtron6, length: 8in}, {segment: connector}]
    optics: {type: pluggable_module, preset: osfp_1600g_lpo, cage: {preset: osfp_cage_1600g_4ru}}
    fiber: {preset: smf_50m}
connections:
  - {a: acc0.port0, b: acc1.port0, link: port}
workload: {pattern: permutation, sources: 1, load: 0.2, size: 1KiB}
)";
  try {
    load_platform_text(lpo);
    FAIL() << "a 200G LPO link over its end-to-end budget was accepted";
  } catch (const input_error &e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("linear optics"), std::string::npos) << what;
    EXPECT_NE(what.find("52.10"), std::string::npos) << what;
  }
  const netlist n = load_platform_text(lpo, {"links.port.on_budget_fail=degrade"});
  const link_budget b = budget_of(n, "port");
  EXPECT_TRUE(b.linear_optics);
  EXPECT_NEAR(b.electrical_loss_db, 2 * (3 + 8 * 2.35 + 1.25 + 3), 1e-9);
  // The same module as DSP-retimed: each end alone, 26.05 dB, closes.
  const netlist dsp = load_platform_text(lpo, {"links.port.optics.kind=dsp"});
  EXPECT_FALSE(budget_of(dsp, "port").linear_optics);
  EXPECT_NEAR(budget_of(dsp, "port").electrical_loss_db, 3 + 8 * 2.35 + 1.25 + 3, 1e-9);
}

TEST(reach, default_presets_give_the_published_reach_classes) {
  // platforms/copper_reach.yaml: the front-panel host path, 26 AWG.
  run_options o;
  o.platform_file = platforms_folder() + "/copper_reach.yaml";
  const netlist n = prepare_netlist(o);
  auto reach = [&](const char *kind) { return budget_of(n, kind).cable_reach_m; };
  // Passive: 2 m at 100G/lane (Marvell), 2-3 m for 26 AWG (NVIDIA LinkX).
  EXPECT_NEAR(reach("passive_112g"), (28 - 2 * host_db(f112) - 1) / twinax_db_per_m(f112, 26),
              1e-9);
  EXPECT_GE(reach("passive_112g"), 2.0);
  EXPECT_LE(reach("passive_112g"), 3.0);
  // Passive: about 1 m at 200G/lane (Marvell; 2 m+ in a lab, Synopsys).
  EXPECT_NEAR(reach("passive_224g"), (40 - 2 * host_db(f224) - 2) / twinax_db_per_m(f224, 26),
              1e-9);
  EXPECT_GE(reach("passive_224g"), 0.8);
  EXPECT_LE(reach("passive_224g"), 1.3);
  // LACC 3-5 m (NVIDIA LinkX), at both lane rates.
  for (const char *k : {"lacc_112g", "lacc_224g"}) {
    EXPECT_GE(reach(k), 3.0) << k;
    EXPECT_LE(reach(k), 5.0) << k;
  }
  // AEC up to 7 m (Credo 800G), 5-7 m at 224G.
  EXPECT_NEAR(reach("aec_224g"), (40 - 2) / twinax_db_per_m(f224, 26), 1e-9);
  EXPECT_GE(reach("aec_224g"), 5.0);
  EXPECT_LE(reach("aec_224g"), 7.0);
  EXPECT_GE(reach("aec_112g"), 5.0);
  EXPECT_LE(reach("aec_112g"), 7.0);
  // Every link of the shipped file closes at its shipped length.
  for (const auto &c : n.connections)
    EXPECT_GE(budget_of(n, c.link_kind).electrical_margin_db, 0) << c.link_kind;
}

TEST(switch_power, core_static_power_scales_with_the_capacity_built) {
  // 8 ports x 2 x 212.5G lanes (400 Gb/s of data each) on the NVLink-class
  // chip (3.47 pJ/bit static, i.e. 99.9 W for its 28.8 Tb/s): 3.2/28.8 of it.
  const netlist n = load_platform_text(R"(
fabricvp: 1
name: sw
components:
  - {name: "acc{i}", count: 8, type: accelerator_port, ports: 1}
  - {name: small, type: switch_asic, preset: nvlink_switch_class, radix: 8}
  - {name: big, type: switch_asic, preset: tomahawk5_class, radix: 600}
  - {name: fixed, type: switch_asic, core_static_power: 42W}
links:
  l: {flow_control: credit, serdes: {lanes: 2, lane_rate: 212.5Gbps, loss_budget: 40dB}, channel: [{segment: package}]}
connections:
  - {for: {i: 0..7}, a: "acc{i}.port0", b: "small.port{i}", link: l}
workload: {pattern: permutation, sources: 1, load: 0.2, size: 1KiB}
)");
  auto inst = [&](const char *name) -> const instance_desc & {
    return n.instances[n.instance_index.at(name)];
  };
  const double bps = connected_port_bandwidth_bps(n, inst("small"));
  EXPECT_NEAR(bps, 8 * 2 * 212.5e9 * 256 / 257 * 514 / 544, 1);
  EXPECT_NEAR(bps, 3.2e12, 1e7);
  EXPECT_NEAR(switch_asic::core_static_power_w(inst("small").params, bps), 3.47e-12 * bps, 1e-9);
  EXPECT_NEAR(switch_asic::core_static_power_w(inst("small").params, 28.8e12), 99.936, 1e-9);
  // A whole Tomahawk-5 class chip: 2.93 pJ/bit x 51.2 Tb/s = 150 W.
  EXPECT_NEAR(switch_asic::core_static_power_w(inst("big").params, 51.2e12), 150.016, 1e-9);
  EXPECT_DOUBLE_EQ(switch_asic::core_static_power_w(inst("fixed").params, 51.2e12), 42.0);
  const std::vector<std::string> w = chip_class_warnings(n);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0].find("big has radix 600, more than the 512 ports"), std::string::npos) << w[0];
  EXPECT_NE(w[0].find("platform.yaml:"), std::string::npos) << w[0];
  // The elaborated switch draws it.
  scripted_bench b(R"(
fabricvp: 1
name: sw
components:
  - {name: "acc{i}", count: 8, type: accelerator_port, ports: 1}
  - {name: small, type: switch_asic, preset: nvlink_switch_class, radix: 8}
links:
  l: {flow_control: credit, serdes: {lanes: 2, lane_rate: 212.5Gbps, loss_budget: 40dB}, channel: [{segment: package}]}
connections:
  - {for: {i: 0..7}, a: "acc{i}.port0", b: "small.port{i}", link: l}
workload: {pattern: permutation, sources: 1, load: 0.2, size: 1KiB}
)",
                   {});
  EXPECT_NEAR(b.top->switches[0]->power().static_power_w(), 3.47e-12 * bps, 1e-9);
}

TEST(switch_power, connected_bandwidth_over_the_chip_is_a_warning) {
  // 4 ports x 16 lanes x 212.5 Gb/s x 256/257 x 514/544 = 12.8 Tb/s of data
  // on a chip given 10 Tb/s.
  const netlist n = load_platform_text(R"(
fabricvp: 1
name: sw
components:
  - {name: "acc{i}", count: 4, type: accelerator_port, ports: 1}
  - {name: sw0, type: switch_asic, radix: 4, chip_radix: 4, chip_bandwidth: 10Tbps}
links:
  l: {flow_control: credit, serdes: {lanes: 16, lane_rate: 212.5Gbps, loss_budget: 40dB}, channel: [{segment: package}]}
connections:
  - {for: {i: 0..3}, a: "acc{i}.port0", b: "sw0.port{i}", link: l}
workload: {pattern: permutation, sources: 1, load: 0.2, size: 1KiB}
)");
  const std::vector<std::string> w = chip_class_warnings(n);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0].find("sw0 has 12.8 Tb/s of connected ports, more than the 10.0 Tb/s"),
            std::string::npos)
      << w[0];
}

TEST(presets, from_builds_a_preset_from_earlier_ones_and_rejects_bad_bases) {
  // The AEC preset carries its retimer's and its twinax's values.
  const param_set aec = preset_params("aec_224g_26awg");
  const param_set retimer = preset_params("retimer_224g_dsp");
  for (const char *k : {"loss_budget", "power_per_lane", "latency"})
    EXPECT_DOUBLE_EQ(aec.get(k), retimer.get(k)) << k;
  EXPECT_EQ(aec.get_int("gauge"), 26);
  EXPECT_EQ(aec.value("power_per_lane").source, retimer.value("power_per_lane").source);
  const std::string dir = temp_dir();
  auto load = [&](const std::string &body) {
    preset_catalog c;
    c.load_file(write_file(dir, "p.yaml", "presets:\n" + body));
  };
  EXPECT_NO_THROW(load("  a: {type: retimer, params: {latency: {value: 5ns, source: s}}}\n"
                       "  b: {type: aec, from: [a]}\n"));
  for (const std::string &bad :
       {std::string("  b: {type: aec, from: [nope]}\n"),
        std::string("  a: {type: package, params: {loss: {value: 1dB, source: s}}}\n"
                    "  b: {type: retimer, from: [a]}\n"),
        std::string("  b: {type: aec, from: retimer}\n")}) {
    try {
      load(bad);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const input_error &e) {
      EXPECT_NE(std::string(e.what()).find("p.yaml:"), std::string::npos) << e.what();
      EXPECT_NE(e.path().find("presets.b.from"), std::string::npos) << e.path();
    }
  }
}
