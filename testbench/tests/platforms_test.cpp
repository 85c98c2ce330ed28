// The shipped whole-system platforms (platforms/nvl72_rack, cluster_*,
// optical_scaleup, cluster1024): structure a wrong file would get wrong
// (endpoint and switch counts, one scale-up link from every accelerator to
// every L1 switch of its domain, rail wiring, non-blocking leaves) and
// physics (the rack's copper channels inside the 224G LR budget, margins as
// the sum of their segments, cable lengths against the published NVL72 cable
// count, optical scale-up links longer than copper reaches with a closing
// optical budget, CPO optics per port below pluggables).
#include "test_support.h"

#include "modules/electrical_channel.h"
#include "modules/fec_model.h"
#include "modules/laser_source.h"
#include "modules/optical_engine.h"
#include "platforms/registry.h"

#include <algorithm>
#include <cmath>
#include <set>

using namespace fabricvp;
using namespace fabricvp::test;

namespace {

netlist load_shipped(const std::string &name, const std::vector<std::string> &overrides = {}) {
  run_options o;
  o.platform_file = platforms_folder() + "/" + name + ".yaml";
  o.overrides = overrides;
  return prepare_netlist(o);
}

std::size_t count_switches(const netlist &n) {
  std::size_t k = 0;
  for (const auto &i : n.instances)
    k += is_switch(i.type);
  return k;
}

std::size_t index_of(const netlist &n, const std::string &path) {
  const auto it = n.instance_index.find(path);
  if (it == n.instance_index.end())
    throw std::runtime_error("no instance " + path);
  return it->second;
}

// The connection at instance i's port p (throws when the port is free).
const connection_desc &connection_at(const netlist &n, std::size_t i, int p) {
  const int c = n.instances[i].connection_of_port.at(static_cast<std::size_t>(p));
  if (c < 0)
    throw std::runtime_error(n.instances[i].path + ".port" + std::to_string(p) + " is free");
  return n.connections[static_cast<std::size_t>(c)];
}

// The instance at the other end of instance i's port p.
const instance_desc &peer(const netlist &n, std::size_t i, int p) {
  const connection_desc &c = connection_at(n, i, p);
  const bool a_side = c.a_instance == i && c.a_port == p;
  return n.instances[a_side ? c.b_instance : c.a_instance];
}

bool starts_with(const std::string &s, const std::string &prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

double lane_bps(const link_kind_desc &lk) { return lk.serdes.get("lane_rate"); }
double port_bps(const link_kind_desc &lk) { return lk.serdes.get_int("lanes") * lane_bps(lk); }
double nyquist_hz(const link_kind_desc &lk) { return lane_bps(lk) / 2.0 / 2.0; } // PAM4

// A segment's loss at Nyquist: (fixed + length x per-length) scaled linearly
// from its reference frequency; twinax by its own model (active_copper_test).
double segment_loss_db(const segment_desc &s, double nyq) {
  if (s.kind == "cable")
    return electrical_channel::segment_from(s.kind, s.params).loss_db_at(nyq);
  const double ref = s.params.get("reference_frequency");
  return (s.params.get("loss") + s.params.get("length") * s.params.get("loss_per_length")) *
         (ref > 0 ? nyq / ref : 1.0);
}

// Every accelerator of `accs` has ports 0..17 on 18 distinct switches of
// `switch_prefix`, port j on switch `switch_name(j)`, at port `rank`.
void expect_one_link_to_each_switch(const netlist &n, const std::vector<std::size_t> &accs,
                                    const std::function<std::string(int)> &switch_name) {
  for (std::size_t rank = 0; rank < accs.size(); ++rank) {
    const std::size_t a = accs[rank];
    std::set<std::string> seen;
    for (int j = 0; j < 18; ++j) {
      const connection_desc &c = connection_at(n, a, j);
      const instance_desc &sw = peer(n, a, j);
      EXPECT_TRUE(is_switch(sw.type)) << c.label;
      EXPECT_EQ(sw.path, switch_name(j)) << c.label;
      const int sw_port = c.a_instance == a ? c.b_port : c.a_port;
      EXPECT_EQ(sw_port, static_cast<int>(rank)) << c.label;
      seen.insert(sw.path);
    }
    EXPECT_EQ(seen.size(), 18u) << n.instances[a].path;
  }
}

} // namespace

// ---- NVL72-class rack -------------------------------------------------------

TEST(nvl72_rack, has_72_accelerators_18_switches_1296_links) {
  const netlist n = load_shipped("nvl72_rack");
  EXPECT_EQ(n.endpoints().size(), 72u);
  EXPECT_EQ(count_switches(n), 18u);
  EXPECT_EQ(n.connections.size(), 72u * 18u);
  for (const auto &i : n.instances) {
    if (is_switch(i.type)) {
      EXPECT_EQ(i.port_count, 72) << i.path; // NVLink switch chip: 72 ports
      for (int p = 0; p < i.port_count; ++p)
        EXPECT_GE(i.connection_of_port[static_cast<std::size_t>(p)], 0) << i.path << " port " << p;
    }
  }
}

TEST(nvl72_rack, every_accelerator_has_one_link_to_each_switch) {
  const netlist n = load_shipped("nvl72_rack");
  const std::vector<std::size_t> accs = n.endpoints();
  for (std::size_t a : accs)
    EXPECT_EQ(n.instances[a].port_count, 18) << n.instances[a].path;
  // endpoint 4t+g is ctray{t}.acc{g}
  for (int t = 0; t < 18; ++t)
    for (int g = 0; g < 4; ++g)
      EXPECT_EQ(n.instances[accs[static_cast<std::size_t>(4 * t + g)]].path,
                "ctray" + std::to_string(t) + ".acc" + std::to_string(g));
  expect_one_link_to_each_switch(n, accs, [](int j) {
    return "swtray" + std::to_string(j / 2) + ".l1sw" + std::to_string(j % 2);
  });
}

TEST(nvl72_rack, scale_up_links_are_2_lanes_of_224g_with_credits) {
  const netlist n = load_shipped("nvl72_rack");
  for (const auto &[name, lk] : n.link_kinds) {
    EXPECT_EQ(lk.params.get_choice("flow_control"), "credit") << name;
    EXPECT_EQ(lk.serdes.get_int("lanes"), 2) << name;
    EXPECT_NEAR(lk.serdes.get("lane_rate"), 212.5e9, 1.0) << name;
    EXPECT_EQ(lk.serdes.get_choice("reach_class"), "lr") << name;
    EXPECT_TRUE(lk.optics_type.empty()) << name; // copper
  }
}

// Budget 40 dB (802.3dj KR); host path per link: 2 x 1.5 dB package, 2 x 1 in
// of Megtron 6 at 2.35 dB/in, flyovers 12 + 6 in at 0.45 dB/in quoted at
// 106.25 GHz (x 0.5 at 53.125 GHz), 2 connectors of 2.5 dB at 106.25 GHz;
// packages 1.5 dB at 26.5625 GHz (3 dB at 53.125 GHz); 26 AWG twinax: 2 dB
// of plugs + (2.9 sqrt(2) + 1.26 x 2) dB/m at 53.125 GHz.
TEST(nvl72_rack, copper_margin_is_budget_minus_the_segments) {
  const netlist n = load_shipped("nvl72_rack");
  const double host = 2 * 3.0 + 2 * 2.35 + (12 + 6) * 0.45 * 0.5 + 2 * 2.5 * 0.5;
  EXPECT_NEAR(host, 17.25, 1e-12);
  const double twinax_db_per_m = 2.9 * std::sqrt(2.0) + 2.52;
  const std::map<std::string, double> cable_m = {
      {"spine_short", 0.55}, {"spine_mid", 0.8}, {"spine_long", 0.95}};
  ASSERT_EQ(n.link_kinds.size(), cable_m.size());
  for (const auto &[name, length] : cable_m) {
    const link_kind_desc &lk = n.link_kinds.at(name);
    const link_budget b = compute_link_budget(link_spec_of(lk));
    double sum = 0;
    for (const auto &s : lk.channel)
      sum += segment_loss_db(s, nyquist_hz(lk));
    EXPECT_NEAR(b.electrical_loss_db, sum, 1e-9) << name;
    EXPECT_NEAR(b.electrical_loss_db, host + 2.0 + twinax_db_per_m * length, 1e-9) << name;
    EXPECT_NEAR(b.electrical_budget_db, 40.0, 1e-12) << name;
    EXPECT_NEAR(b.electrical_margin_db, 40.0 - host - 2.0 - twinax_db_per_m * length, 1e-9) << name;
    EXPECT_GT(b.electrical_margin_db, 3.0) << name; // closes with room for crosstalk
  }
}

// 5,184 cables (= 1,296 links x 2 lanes x 2 directions), ~2 miles in all
// (NVIDIA; Wheeler 2024): the file's lengths (each block cut to its longest
// run) must come to about that, not to metres per cable.
TEST(nvl72_rack, cable_inventory_counts_the_published_5184_cables) {
  const netlist n = load_shipped("nvl72_rack");
  const std::vector<cable_count> inv = cable_inventory(n);
  ASSERT_EQ(inv.size(), 1u);
  EXPECT_EQ(inv[0].kind, "passive_copper");
  EXPECT_EQ(inv[0].cables, 1296);
  EXPECT_EQ(inv[0].pairs, 5184); // NVIDIA's count (Wheeler 2024)
  const double two_miles = 2 * 1609.344;
  EXPECT_NEAR(inv[0].pair_length_m, two_miles, 0.25 * two_miles); // within 25%
  // A cluster adds fibre: 2 NIC links of 4 lanes per accelerator, 8 fibres each.
  const std::vector<cable_count> c = cable_inventory(load_shipped("cluster_pluggable"));
  const auto fibre = std::find_if(c.begin(), c.end(), [](auto &k) { return k.kind == "fibre"; });
  ASSERT_NE(fibre, c.end());
  EXPECT_EQ(fibre->pairs % 8, 0);
}

TEST(nvl72_rack, cable_lengths_add_up_to_the_published_total) {
  const netlist n = load_shipped("nvl72_rack");
  double total_m = 0;
  for (const auto &c : n.connections) {
    const link_kind_desc &lk = n.link_kinds.at(c.link_kind);
    for (const auto &s : lk.channel)
      if (s.kind == "cable")
        total_m += 4 * s.params.get("length"); // 2 lanes x 2 directions
  }
  const double two_miles = 2 * 1609.344;
  EXPECT_GT(total_m, 0.75 * two_miles);
  EXPECT_LT(total_m, 1.3 * two_miles);
}

TEST(nvl72_rack, uniform_traffic_is_delivered_without_loss) {
  const whole_run r = run_platform_file(platforms_folder() + "/nvl72_rack.yaml",
                                        {"simulation.duration=0.5us", "simulation.warmup=0us"});
  EXPECT_GT(r.traffic("packets_delivered"), 1000u);
  EXPECT_EQ(r.traffic("packets_dropped"), 0u);
  EXPECT_EQ(r.traffic("packets_injected"), r.traffic("packets_delivered"));
  EXPECT_EQ(r.report()["scoreboard"]["violations"], 0);
}

// ---- multi-rack clusters ----------------------------------------------------

namespace {
// Scale-up of every rack as in the NVL72 rack; NIC ports 18, 19 on leaves.
void expect_cluster_shape(const netlist &n) {
  EXPECT_EQ(n.endpoints().size(), 288u);
  EXPECT_EQ(count_switches(n), 4u * 18u + 12u + 6u);
  EXPECT_EQ(n.connections.size(), 288u * 18u + 288u * 2u + 12u * 24u);
  const std::vector<std::size_t> accs = n.endpoints();
  for (int r = 0; r < 4; ++r) {
    const std::vector<std::size_t> rack(accs.begin() + 72 * r, accs.begin() + 72 * (r + 1));
    const std::string prefix = "rack" + std::to_string(r) + ".";
    for (std::size_t a : rack)
      EXPECT_TRUE(starts_with(n.instances[a].path, prefix)) << n.instances[a].path;
    expect_one_link_to_each_switch(n, rack, [&](int j) {
      return prefix + "swtray" + std::to_string(j / 2) + ".l1sw" + std::to_string(j % 2);
    });
  }
  for (std::size_t a : accs)
    for (int k = 0; k < 2; ++k) {
      const connection_desc &c = connection_at(n, a, 18 + k);
      EXPECT_EQ(c.link_kind, "nic_400g") << c.label;
      EXPECT_EQ(n.link_kinds.at(c.link_kind).params.get_choice("flow_control"), "lossy");
      EXPECT_NE(peer(n, a, 18 + k).path.find("leaf"), std::string::npos) << c.label;
    }
}

// Leaves carry as much up as down: non-blocking.
void expect_leaves_non_blocking(const netlist &n) {
  for (std::size_t i = 0; i < n.instances.size(); ++i) {
    const instance_desc &sw = n.instances[i];
    if (sw.path.find("leaf") == std::string::npos)
      continue;
    double down = 0, up = 0;
    for (int p = 0; p < sw.port_count; ++p) {
      const connection_desc &c = connection_at(n, i, p);
      const double bps = port_bps(n.link_kinds.at(c.link_kind));
      (is_endpoint(peer(n, i, p).type) ? down : up) += bps;
    }
    EXPECT_GT(down, 0) << sw.path;
    EXPECT_NEAR(up, down, 1.0) << sw.path;
  }
}
} // namespace

TEST(cluster, pluggable_and_cpo_share_the_netlist) {
  const netlist p = load_shipped("cluster_pluggable"), c = load_shipped("cluster_cpo");
  expect_cluster_shape(p);
  expect_cluster_shape(c);
  expect_leaves_non_blocking(p);
  ASSERT_EQ(p.connections.size(), c.connections.size());
  for (std::size_t k = 0; k < p.connections.size(); ++k) {
    EXPECT_EQ(p.connections[k].label, c.connections[k].label);
    EXPECT_EQ(p.connections[k].link_kind, c.connections[k].link_kind);
  }
  EXPECT_EQ(p.link_kinds.at("fabric_800g").optics_type, "pluggable_module");
  EXPECT_EQ(c.link_kinds.at("fabric_800g").optics_type, "optical_engine");
}

TEST(cluster, rail_optimized_puts_nic_k_on_rail_k) {
  const netlist n = load_shipped("cluster_rail");
  expect_cluster_shape(n);
  expect_leaves_non_blocking(n);
  for (std::size_t a : n.endpoints())
    for (int k = 0; k < 2; ++k)
      EXPECT_TRUE(starts_with(peer(n, a, 18 + k).path, "rail" + std::to_string(k) + ".leaf"))
          << n.instances[a].path << " NIC " << k << " on " << peer(n, a, 18 + k).path;
  // A rail leaf serves one NIC index only, 48 accelerators from across racks.
  for (int k = 0; k < 2; ++k)
    for (int m = 0; m < 6; ++m) {
      const std::size_t leaf =
          index_of(n, "rail" + std::to_string(k) + ".leaf" + std::to_string(m));
      for (int p = 0; p < 48; ++p) {
        const connection_desc &c = connection_at(n, leaf, p);
        const bool a_side = c.a_instance == leaf && c.a_port == p;
        EXPECT_EQ(a_side ? c.b_port : c.a_port, 18 + k) << c.label;
      }
    }
  // The non-rail cluster keeps both NICs of an accelerator in its rack's leaves.
  const netlist p = load_shipped("cluster_pluggable");
  for (std::size_t a : p.endpoints()) {
    const int rack = std::stoi(p.instances[a].path.substr(4)); // "rack{r}."
    for (int k = 0; k < 2; ++k) {
      const std::string &leaf = peer(p, a, 18 + k).path; // "net.leaf{l}"
      EXPECT_EQ(std::stoi(leaf.substr(8)) / 3, rack) << p.instances[a].path << " on " << leaf;
    }
  }
}

// Leaf-spine optics per port end at full load: 800G 2xDR4 DSP pluggable
// (17 W) against a Bailly-class CPO engine (8 x 100G lanes) plus its share
// of external laser, and the same at idle in whole runs of both clusters.
TEST(cluster, cpo_optics_per_port_below_pluggable) {
  const netlist p = load_shipped("cluster_pluggable"), c = load_shipped("cluster_cpo");
  const link_kind_desc &pl = p.link_kinds.at("fabric_800g"), &cl = c.link_kinds.at("fabric_800g");
  const double pluggable_w = pl.optics.get("max_power");
  const int lanes = static_cast<int>(cl.serdes.get_int("lanes"));
  const double cpo_w = optical_engine::full_load_power_w(cl.optics, lanes, lanes * lane_bps(cl)) +
                       laser_source::electrical_power_w(cl.laser, lanes);
  EXPECT_NEAR(pluggable_w, 17.0, 1e-12);
  EXPECT_LT(cpo_w, 0.5 * pluggable_w) << "CPO " << cpo_w << " W vs pluggable " << pluggable_w;
  // Both optical budgets close.
  EXPECT_GT(compute_link_budget(link_spec_of(pl)).optical_margin_db, 0.0);
  EXPECT_GT(compute_link_budget(link_spec_of(cl)).optical_margin_db, 0.0);
}

// At idle, in a whole run of the CPO cluster (one elaboration: the pluggable
// cluster's idle optics is the closed form that optics_test checks for DSP
// modules: 0.7 of max power at each end).
TEST(cluster, cpo_optics_power_at_idle_below_pluggable) {
  run_options o;
  o.platform_file = platforms_folder() + "/cluster_cpo.yaml";
  o.overrides = {"workload.pattern=none", "simulation.duration=10ns",
                 "simulation.deadlock_check=off"};
  o.quiet = true;
  const netlist n = prepare_netlist(o);
  const run_outcome out = run_simulation(n, o);
  double cpo = 0;
  for (const char *cls : {"retimer_dsp", "optical_engine", "laser"})
    cpo += out.result.class_power_w(cls);
  const double nic = 576 * 2 * 9.0 * 0.7;         // 400G DR4 NIC links, both clusters
  const double plug = nic + 288 * 2 * 17.0 * 0.7; // + 800G 2xDR4 leaf-spine
  EXPECT_GT(cpo, nic);
  EXPECT_LT(cpo - nic, 0.5 * (plug - nic)) << "pluggable " << plug << " W, CPO " << cpo << " W";
}

// ---- optical scale-up domain ------------------------------------------------

TEST(optical_scaleup, one_domain_of_288_over_4_racks) {
  const netlist n = load_shipped("optical_scaleup");
  EXPECT_EQ(n.endpoints().size(), 288u);
  EXPECT_EQ(count_switches(n), 18u);
  EXPECT_EQ(n.connections.size(), 288u * 18u);
  std::set<std::string> racks;
  for (std::size_t a : n.endpoints())
    racks.insert(n.instances[a].path.substr(0, n.instances[a].path.find('.')));
  EXPECT_EQ(racks.size(), 4u);
  expect_one_link_to_each_switch(n, n.endpoints(),
                                 [](int j) { return "swrack.l1sw" + std::to_string(j); });
  const link_kind_desc &lk = n.link_kinds.at("optical_io");
  EXPECT_EQ(lk.optics_type, "optical_engine");
  EXPECT_EQ(lk.params.get_choice("flow_control"), "credit");
  EXPECT_EQ(lk.serdes.get_int("lanes"), 2);
  EXPECT_NEAR(lk.serdes.get("lane_rate"), 212.5e9, 1.0);
}

// Passive copper at 200G/lane with the NVL72 host channel (flyovers: 17.25 dB
// of host path) reaches (40 - 17.25 - 2) dB / 6.62 dB/m of 26 AWG, 3.1 m
// (0.9 m on a PCB-routed front-panel path: copper_reach.yaml): the optical
// links run 20 m.
TEST(optical_scaleup, fibre_is_longer_than_copper_reaches_and_the_budget_closes) {
  const netlist rack = load_shipped("nvl72_rack");
  const link_kind_desc &cu = rack.link_kinds.at("spine_long");
  const double copper_reach_m = compute_link_budget(link_spec_of(cu)).cable_reach_m;
  EXPECT_NEAR(copper_reach_m, (40 - 17.25 - 2) / (2.9 * std::sqrt(2.0) + 2.52), 1e-9);
  EXPECT_GT(copper_reach_m, 1.0); // the rack's longest run fits

  const netlist n = load_shipped("optical_scaleup");
  const link_kind_desc &lk = n.link_kinds.at("optical_io");
  EXPECT_GT(lk.fiber.get("length"), 5 * copper_reach_m);
  const link_budget b = compute_link_budget(link_spec_of(lk));
  EXPECT_GT(b.electrical_margin_db, 0.0);
  EXPECT_GT(b.optical_margin_db, 2.0);
  EXPECT_NEAR(b.optical_margin_db,
              b.launch_dbm - b.optical_loss_db - b.penalty_db - b.sensitivity_dbm, 1e-12);
  EXPECT_LT(b.optical_ber, kp4_ber_threshold);
  EXPECT_LT(b.codeword_error, 1e-15);
}

// Optical I/O chiplet port end at full load (engine + laser + XSR SerDes)
// under the < 5 pJ/b of Ayar Labs TeraPHY and Intel OCI (technology.md).
TEST(optical_scaleup, chiplet_port_energy_under_5_pj_per_bit) {
  const netlist n = load_shipped("optical_scaleup");
  const link_kind_desc &lk = n.link_kinds.at("optical_io");
  const int lanes = static_cast<int>(lk.serdes.get_int("lanes"));
  const double bps = lanes * lane_bps(lk);
  const link_budget b = compute_link_budget(link_spec_of(lk));
  const double serdes_w = (lk.serdes.get("energy_per_bit_floor") +
                           lk.serdes.get("energy_per_bit_per_db") * b.electrical_loss_db) *
                          bps;
  const double w = optical_engine::full_load_power_w(lk.optics, lanes, bps) +
                   laser_source::electrical_power_w(lk.laser, lanes) + serdes_w;
  EXPECT_LT(w / bps, 5e-12) << w / bps * 1e12 << " pJ/b";
  EXPECT_GT(w / bps, 2.02e-12); // at least the engine's 2.02 pJ/b (Mehta et al.)
}

// ---- networks ----------------------------------------------------------------

// Lossless (credit) links are the scale-up network, lossy ones scale-out; in
// the clusters no scale-up link leaves its rack.
TEST(networks, system_links_are_labelled_scale_up_or_scale_out) {
  for (const char *name : {"nvl72_rack", "cluster_pluggable", "cluster_cpo", "cluster_rail",
                           "optical_scaleup", "cluster1024"}) {
    const netlist n = load_shipped(name);
    for (const auto &[kind, lk] : n.link_kinds)
      EXPECT_EQ(lk.params.get_name("network"),
                lk.params.get_choice("flow_control") == "credit" ? "scale_up" : "scale_out")
          << name << " " << kind;
  }
  const netlist n = load_shipped("cluster_rail");
  EXPECT_EQ(n.networks(), (std::vector<std::string>{"scale_out", "scale_up"}));
  for (const auto &c : n.connections) {
    if (n.link_kinds.at(c.link_kind).params.get_name("network") != "scale_up")
      continue;
    const std::string &a = n.instances[c.a_instance].path, &b = n.instances[c.b_instance].path;
    EXPECT_EQ(a.substr(0, a.find('.')), b.substr(0, b.find('.'))) << c.label;
  }
}

// ---- 1,024-accelerator benchmark --------------------------------------------

TEST(cluster1024, two_tiers_of_1024_accelerators) {
  const netlist n = load_shipped("cluster1024");
  EXPECT_EQ(n.endpoints().size(), 1024u);
  EXPECT_EQ(count_switches(n), 128u + 32u + 16u);
  EXPECT_EQ(n.connections.size(), 3u * 1024u);
  for (std::size_t a : n.endpoints()) {
    EXPECT_EQ(connection_at(n, a, 0).link_kind, "pod_copper");
    EXPECT_EQ(connection_at(n, a, 1).link_kind, "nic_dac");
    // pod p's L1 switch; leaf p/4
    const std::string &path = n.instances[a].path;
    const std::string pod = path.substr(0, path.find('.'));
    EXPECT_EQ(peer(n, a, 0).path, pod + ".l1sw");
    const int p = std::stoi(pod.substr(3));
    EXPECT_EQ(peer(n, a, 1).path, "net.leaf" + std::to_string(p / 4));
  }
  expect_leaves_non_blocking(n);
  for (const auto &[name, lk] : n.link_kinds)
    EXPECT_GT(compute_link_budget(link_spec_of(lk)).electrical_margin_db, 0.0) << name;
  EXPECT_EQ(n.workload.get_choice("pattern"), "all_reduce");
  EXPECT_EQ(n.workload.get_choice("algorithm"), "hierarchical");
  EXPECT_EQ(n.workload.get_name("scale_up_network"), "scale_up");
  EXPECT_EQ(n.workload.get_name("scale_out_network"), "scale_out");
  EXPECT_NEAR(n.workload.get("message_size"), 64.0 * 1024 * 1024, 0.5);
}
