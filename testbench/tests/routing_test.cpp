// Routing networks and the deadlock check: traffic sent on a named network
// stays on its links; shortest-path routing on a Clos is proven free of
// channel dependency cycles, on a ring of forwarding accelerators it is not
// (and the platform is refused unless told otherwise); adaptive choice
// among equal-cost ports keeps a leaf-spine lossless and deadlock-free.
#include "platforms/routing.h"
#include "testbench/tests/test_support.h"

#include <gtest/gtest.h>

using namespace fabricvp;
using namespace fabricvp::test;

namespace {

// Two accelerators with two ports each: port0 to switch `up` (network
// scale_up), port1 to switch `out` (network scale_out).
const char *two_networks = R"(
fabricvp: 1
name: two_networks
simulation: {duration: 2us, warmup: 0us}
components:
  - {name: "acc{i}", count: 2, type: accelerator_port, ports: 2}
  - {name: up, type: switch_asic, radix: 2}
  - {name: out, type: switch_asic, radix: 2}
links:
  nvl:
    network: scale_up
    serdes: {lanes: 2, lane_rate: 212.5Gbps}
    channel: [{segment: cable, length: 1m}]
  eth:
    network: scale_out
    flow_control: lossy
    serdes: {lanes: 4, lane_rate: 106.25Gbps}
    channel: [{segment: cable, length: 2m}]
connections:
  - {for: {i: 0..1}, a: "acc{i}.port0", b: "up.port{i}", link: nvl}
  - {for: {i: 0..1}, a: "acc{i}.port1", b: "out.port{i}", link: eth}
workload: {pattern: none}
)";

// Ports a node's table lists towards endpoint `dst` on `network`.
std::vector<int> ports_towards(const routing &r, std::size_t instance, std::size_t network,
                               std::size_t dst) {
  std::vector<std::uint16_t> scratch;
  const port_span s = r.tables->candidates(instance, static_cast<std::uint8_t>(network),
                                           static_cast<std::uint32_t>(dst), scratch);
  return {s.begin(), s.end()};
}

// N accelerators in a ring that forward for each other (a switchless mesh).
std::string ring_mesh(int n, const std::string &flow_control, const std::string &check) {
  return R"(
fabricvp: 1
name: ring_mesh
simulation: {duration: 2us, warmup: 0us, deadlock_check: )" +
         check + R"(}
components:
  - {name: "acc{i}", count: )" +
         std::to_string(n) + R"(, type: accelerator_port, ports: 2, forwarding: true}
links:
  cu:
    flow_control: )" +
         flow_control + R"(
    serdes: {lanes: 2, lane_rate: 212.5Gbps}
    channel: [{segment: cable, length: 1m}]
connections:
  - {for: {i: 0..)" +
         std::to_string(n - 1) + R"(}, a: "acc{i}.port0", b: "acc{(i + 1) % )" + std::to_string(n) +
         R"(}.port1", link: cu}
workload: {pattern: none}
)";
}

} // namespace

TEST(routing, named_networks_keep_their_own_links) {
  const netlist n = load_platform_text(two_networks);
  const routing r = compute_routing(n);
  ASSERT_EQ(r.networks, (std::vector<std::string>{"scale_out", "scale_up"}));
  const std::size_t acc0 = n.instance_index.at("acc0");
  // Network 0 (any link): both ports reach acc1 in two hops.
  EXPECT_EQ(ports_towards(r, acc0, 0, 1), (std::vector<int>{0, 1}));
  EXPECT_EQ(ports_towards(r, acc0, 1, 1), (std::vector<int>{1})); // scale_out
  EXPECT_EQ(ports_towards(r, acc0, 2, 1), (std::vector<int>{0})); // scale_up
  // The switch on one network has no route on the other.
  EXPECT_TRUE(ports_towards(r, n.instance_index.at("up"), 1, 1).empty());
  EXPECT_EQ(ports_towards(r, n.instance_index.at("up"), 2, 1), (std::vector<int>{1}));
  EXPECT_EQ(r.tables->hops(acc0, 2, 1), 2);
  EXPECT_EQ(r.tables->hops(acc0, 1, 1), 2);
  // Only the scale-up links are lossless: 4 directed channels, and no
  // dependency (the switch forwards from an accelerator to an accelerator).
  EXPECT_EQ(r.checks.at(2).lossless_channels, 4u);
  EXPECT_EQ(r.checks.at(1).lossless_channels, 0u);
  // And all networks together (their traffic shares the links' buffers).
  ASSERT_EQ(r.checks.size(), 4u);
  EXPECT_EQ(r.checks.at(3).network, "all_together");
  EXPECT_EQ(r.checks.at(3).lossless_channels, 4u);
  for (const auto &c : r.checks)
    EXPECT_TRUE(c.deadlock_free) << c.network;
}

TEST(routing, a_ring_of_forwarding_accelerators_has_a_dependency_cycle) {
  // Shortest paths around a ring of 5 go up to two hops each way: the
  // clockwise channels depend on each other in a cycle (Dally and Seitz).
  const netlist n = load_platform_text(ring_mesh(5, "credit", "warn"));
  const routing r = compute_routing(n);
  ASSERT_EQ(r.checks.size(), 1u);
  EXPECT_EQ(r.checks[0].lossless_channels, 10u);
  // Each channel feeds the next one in its direction (one forward hop):
  // 5 clockwise and 5 counter-clockwise dependencies.
  EXPECT_EQ(r.checks[0].dependencies, 10u);
  EXPECT_FALSE(r.checks[0].deadlock_free);
  EXPECT_NE(r.checks[0].cycle.find("acc"), std::string::npos);
  EXPECT_EQ(enforce_deadlock_check(n, r.checks).size(), 1u);
}

TEST(routing, a_ring_of_three_has_no_two_hop_paths_and_no_cycle) {
  const netlist n = load_platform_text(ring_mesh(3, "credit", "error"));
  const routing r = compute_routing(n);
  EXPECT_EQ(r.checks[0].dependencies, 0u);
  EXPECT_TRUE(r.checks[0].deadlock_free);
}

TEST(routing, the_deadlock_check_refuses_a_cyclic_lossless_platform) {
  const netlist n = load_platform_text(ring_mesh(6, "credit", "error"));
  const routing r = compute_routing(n);
  try {
    enforce_deadlock_check(n, r.checks);
    FAIL() << "expected input_error";
  } catch (const input_error &e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("simulation.deadlock_check"), std::string::npos) << what;
    EXPECT_NE(what.find("channel dependency cycle"), std::string::npos) << what;
    EXPECT_NE(what.find("platform.yaml:4"), std::string::npos) << what;
  }
}

TEST(routing, lossy_links_break_the_dependencies) {
  const netlist n = load_platform_text(ring_mesh(6, "lossy", "error"));
  const routing r = compute_routing(n);
  EXPECT_EQ(r.checks[0].lossless_channels, 0u);
  EXPECT_TRUE(r.checks[0].deadlock_free);
}

TEST(routing, adaptive_leaf_spine_is_deadlock_free_and_lossless_at_full_load) {
  // Lossless 2-tier leaf-spine, least-loaded choice among the equal-cost
  // uplinks, permutation traffic at full load: the static check proves the
  // tables acyclic and the run delivers every packet (none stuck).
  const std::string yaml = R"(
fabricvp: 1
name: adaptive_leaf_spine
simulation: {duration: 20us, warmup: 2us}
components:
  - {name: "acc{i}", count: 16, type: accelerator_port, ports: 1}
  - {name: "leaf{i}", count: 4, type: switch_asic, radix: 8, port_selection: least_loaded}
  - {name: "spine{i}", count: 2, type: switch_asic, radix: 8, port_selection: least_loaded}
links:
  cu:
    flow_control: credit
    serdes: {lanes: 4, lane_rate: 106.25Gbps}
    channel: [{segment: cable, length: 2m}]
connections:
  - {for: {i: 0..15}, a: "acc{i}.port0", b: "leaf{i/4}.port{i%4}", link: cu}
  - {for: {l: 0..3, s: 0..1, k: 0..1}, a: "leaf{l}.port{4 + 2*s + k}", b: "spine{s}.port{2*l + k}",
     link: cu}
workload: {pattern: permutation, arrival: bernoulli, load: 1.0, size: 4KiB}
)";
  const routing r = compute_routing(load_platform_text(yaml));
  ASSERT_TRUE(r.checks[0].deadlock_free);
  // 32 links x 2 directions; leaf up -> spine -> leaf down dependencies exist.
  EXPECT_EQ(r.checks[0].lossless_channels, 64u);
  EXPECT_GT(r.checks[0].dependencies, 0u);
  const whole_run w = run_platform_text(yaml);
  EXPECT_EQ(w.traffic("packets_dropped"), 0u);
  EXPECT_EQ(w.traffic("packets_delivered"), w.traffic("packets_injected"));
  EXPECT_GT(w.traffic("packets_delivered"), 16u * 100u);
}
