// Collective algorithms (ring, tree, hierarchical all-reduce, all-to-all,
// broadcast) against closed forms that a wrong schedule or a wrong fabric
// model would miss; issue 4's acceptance for the hierarchical all-reduce and
// the bisection-bounded all-to-all.
//
// Timing is stated in alpha_beta_platforms.h (with the transfer time
// P s + alpha of an uncontended path, as in collective_test.cpp) and the
// expected values are computed from it, not read back from the model.
//
// 1. Hierarchical vs flat all-reduce, M groups of G accelerators, each with a
//    1.6T scale-up port to its group's switch and a 400G scale-out port to one
//    non-blocking switch.
//    Hierarchical: three homogeneous rings one after the other,
//      T_h = 2(G-1) (S/G / B_up + alpha_up) + 2(M-1) (S/(GM) / B_out + alpha_out).
//    Flat ring over N = GM ranks: the issue's alpha-beta model charges every
//    step the slowest link, T = 2(N-1) (S/N / B_out + alpha_out). In the
//    pipelined schedule each scale-out sender (the last rank of a group) has
//    its next chunk queued long before its port is free (it arrives over
//    fast scale-up hops), so its port never idles and alpha_out is paid once:
//      T_f = 2(N-1) S/N / B_out + alpha_out.
//    Both must hold within 10% (acceptance); the second exactly.
// 2. All-to-all, pairwise (every rank hands its N-1 parts of c = ceil(S/N)
//    bytes to its port at once) on a leaf-spine: any cut's crossing bytes
//    over its capacity bound the time from below. The bisection (half the
//    leaves vs the other half) carries (N/2)^2 c each way over the uplinks of
//    L/2 leaves; the cut around one leaf K (N-K) c over its uplink; an
//    endpoint (N-1) c over its port. With 4 leaves the single-leaf cut is the
//    binding one (1.5x the bisection bound), with 2 leaves they coincide.
// 3. Tree all-reduce (pipelined binary tree, chunks S/8): every non-root sends
//    S up and receives S down, 2(N-1) S in all; depth log2 N gives 2 log2 N
//    latency terms against the ring's 2(N-1) (tree wins small messages),
//    while an inner rank sends 3 S (up and to two children) against the
//    ring's 2(N-1)/N S (ring wins large ones). The ring is checked exactly;
//    the tree between bounds (a large one takes ~1.5x its 3 S/B bound: with
//    no send window, leaves flood their parents' switch outputs and the
//    chunks coming down queue behind that backlog).
// 4. Broadcast, pipelined chain of C chunks of c bytes over N ranks: the root
//    sends its chunks back to back, every rank forwards a chunk on arrival
//    (its port is free exactly then), so chunk k reaches chain position i at
//    (k + i) c/B + i alpha:
//      T = (N-1 + C-1) c/B + (N-1) alpha
//    (the textbook (N-1 + C-1)(alpha + c/B) charges alpha per chunk too).
// 5. Report integrity of every run above and of a run with reduction gaps:
//    the critical-path breakdown adds up to the time, busbw = algbw x the
//    nccl-tests factor, the operation's energy (by class) is the run's.
// 6. Schedules (no fabric): with per-rank start nodes, no rank sends, or has
//    its result, before it has entered the operation.
#include "alpha_beta_platforms.h"

#include "testbench/workloads/collective_algorithms.h"

#include <algorithm>
#include <cstdio>

using namespace fabricvp;
using namespace fabricvp::test;

namespace {

// M groups of G accelerators: port0 to the group's L1 switch (1.6T, 1 m,
// network scale_up, 250 ns pipeline), port1 to one scale-out switch (400G,
// 3 m, network scale_out, 400 ns pipeline). Both lossless.
constexpr double up_metres = 1, up_pipeline = 250e-9, out_metres = 3, out_pipeline = 400e-9;

std::string two_network_platform(int groups, int group_size, const std::string &workload) {
  const int n = groups * group_size;
  const std::string g = num(group_size);
  return platform_text("two_networks",
                       {accelerators(n, 2), switches("l1sw{i}", groups, group_size, 250),
                        switches("osw", 1, n, 400)},
                       link_kind("nvl", 8, "212.5Gbps", "1m", "scale_up") +
                           link_kind("eth", 4, "106.25Gbps", "3m", "scale_out"),
                       {attach(n, 0, "l1sw{i/" + g + "}.port{i%" + g + "}", "nvl"),
                        attach(n, 1, "osw.port{i}", "eth")},
                       workload);
}

// ---- runs ----

const nlohmann::json &first_op(const nlohmann::json &report) {
  return report["collective"]["operations"][0];
}
double time_of(const nlohmann::json &report) { return first_op(report)["time_s"].get<double>(); }

double nccl_factor(const std::string &kind, double n) {
  if (kind == "all_reduce")
    return 2.0 * (n - 1) / n;
  if (kind == "broadcast")
    return 1.0;
  return (n - 1) / n;
}

// What every single-operation run must satisfy: complete, lossless, no
// violation; breakdown adds up to the time; nccl-tests bandwidths; the
// operation's energy is the run's (it starts at 0 and the run ends when it
// completes), by class too.
void check_run(const nlohmann::json &r) {
  EXPECT_EQ(r["scoreboard"]["violations"].get<int>(), 0) << r["scoreboard"]["messages"].dump();
  EXPECT_EQ(r["traffic"]["packets_dropped"].get<std::uint64_t>(), 0u);
  EXPECT_EQ(r["traffic"]["packets_in_flight"].get<std::uint64_t>(), 0u);
  EXPECT_EQ(r["traffic"]["packets_delivered"], r["traffic"]["packets_injected"]);
  const auto &c = r["collective"];
  ASSERT_TRUE(c["complete"].get<bool>());
  ASSERT_EQ(c["operations"].size(), 1u);
  const auto &op = first_op(r);
  EXPECT_TRUE(op["complete"].get<bool>());
  EXPECT_EQ(op["bytes_moved"], r["traffic"]["bytes_delivered"]);

  const double t = op["time_s"].get<double>();
  EXPECT_EQ(op["start_s"].get<double>(), 0.0);
  EXPECT_NEAR(op["end_s"].get<double>(), t, 1e-15);
  const auto &tb = op["time_breakdown_s"];
  const double sum = tb["serialization"].get<double>() + tb["queueing"].get<double>() +
                     tb["fixed_latency"].get<double>() + tb["compute"].get<double>() +
                     tb["dependency_wait"].get<double>();
  for (const auto &[part, seconds] : tb.items())
    EXPECT_GE(seconds.get<double>(), 0.0) << part;
  EXPECT_NEAR(sum, t, 1e-12 * c["nodes"].get<double>()) << tb.dump();

  const double n = op["ranks"].get<double>(), bytes = op["message_bytes"].get<double>();
  const double algbw = bytes * 8 / t / 1e9;
  EXPECT_NEAR(op["algbw_gbps"].get<double>(), algbw, 1e-9 * algbw);
  EXPECT_NEAR(op["busbw_gbps"].get<double>(), algbw * nccl_factor(op["kind"].get<std::string>(), n),
              1e-9 * algbw);

  // The run goes on after the operation's last completion until the last
  // credits are home: over that tail the fabric draws its idle power only.
  const double energy = op["energy_j"].get<double>();
  const double tail_s = r["sim_time_s"].get<double>() - op["end_s"].get<double>();
  EXPECT_GT(energy, 0.0);
  EXPECT_GE(tail_s, 0.0);
  double by_class = 0;
  for (const auto &[cls, e] : op["energy_by_class_j"].items()) {
    by_class += e.get<double>();
    const double run_e = r["power"]["energy_by_class_j"][cls].get<double>();
    const double idle_w = r["power"]["idle_w_by_class"][cls].get<double>();
    EXPECT_NEAR(e.get<double>() + idle_w * tail_s, run_e, 1e-6 * run_e) << cls;
  }
  EXPECT_EQ(op["energy_by_class_j"].size(), r["power"]["energy_by_class_j"].size());
  EXPECT_NEAR(by_class, energy, 1e-9 * energy);
  const double bits = op["bytes_moved"].get<double>() * 8;
  EXPECT_NEAR(op["pj_per_bit_moved"].get<double>(), energy / bits * 1e12,
              1e-9 * energy / bits * 1e12);
}

void print_breakdown(const char *what, const nlohmann::json &r) {
  const auto &tb = first_op(r)["time_breakdown_s"];
  std::printf("  %s: %.3f us = serialization %.3f + queueing %.3f + fixed %.3f + compute %.3f + "
              "dependency wait %.3f us; %.3f pJ/bit moved\n",
              what, time_of(r) * 1e6, tb["serialization"].get<double>() * 1e6,
              tb["queueing"].get<double>() * 1e6, tb["fixed_latency"].get<double>() * 1e6,
              tb["compute"].get<double>() * 1e6, tb["dependency_wait"].get<double>() * 1e6,
              first_op(r)["pj_per_bit_moved"].get<double>());
}

std::string mib(double bytes) { return std::to_string(static_cast<long>(bytes)) + "B"; }

} // namespace

// ---- 1. hierarchical vs flat all-reduce ----

TEST(collective_algorithms, hierarchical_all_reduce_beats_flat_ring_by_the_alpha_beta_factor) {
  constexpr int groups = 4, group_size = 8, n = groups * group_size;
  constexpr double bytes = 32 * 1048576.0;
  const std::string common = "message_size: " + mib(bytes) +
                             ", size: 4KiB, scale_up_network: scale_up, "
                             "scale_out_network: scale_out";
  const nlohmann::json flat = report_of(two_network_platform(
      groups, group_size, "{pattern: all_reduce, algorithm: ring, " + common + "}"));
  const nlohmann::json hier = report_of(two_network_platform(
      groups, group_size,
      "{pattern: all_reduce, algorithm: hierarchical, group_size: 0, " + common + "}"));
  check_run(flat);
  check_run(hier);
  EXPECT_EQ(first_op(flat)["algorithm"], "ring");
  EXPECT_EQ(first_op(hier)["algorithm"], "hierarchical");

  const double b_up = payload_Bps(rate_1600g), b_out = payload_Bps(rate_400g);
  const double a_up = alpha_s(rate_1600g, up_metres, up_pipeline);
  const double a_out = alpha_s(rate_400g, out_metres, out_pipeline);
  const double g = group_size, m = groups;
  const double t_hier =
      2 * (g - 1) * (bytes / g / b_up + a_up) + 2 * (m - 1) * (bytes / (g * m) / b_out + a_out);
  const double t_flat_issue = 2 * (n - 1) * (bytes / n / b_out + a_out);
  const double t_flat = 2 * (n - 1) * bytes / n / b_out + a_out;
  const double flat_t = time_of(flat), hier_t = time_of(hier);
  std::printf("all-reduce %d MiB, %d groups of %d, scale-up %.0f Gb/s, scale-out %.0f Gb/s:\n",
              static_cast<int>(bytes / 1048576), groups, group_size, b_up * 8e-9, b_out * 8e-9);
  std::printf("  flat ring     simulated %.4f us; alpha-beta (issue) %.4f us (%+.3f%%); "
              "pipelined %.4f us (%+.4f%%)\n",
              flat_t * 1e6, t_flat_issue * 1e6, (flat_t / t_flat_issue - 1) * 100, t_flat * 1e6,
              (flat_t / t_flat - 1) * 100);
  std::printf("  hierarchical  simulated %.4f us; alpha-beta %.4f us (%+.4f%%)\n", hier_t * 1e6,
              t_hier * 1e6, (hier_t / t_hier - 1) * 100);
  std::printf("  speed-up      simulated %.4f; alpha-beta (issue) %.4f (%+.3f%%); pipelined %.4f "
              "(%+.4f%%)\n",
              flat_t / hier_t, t_flat_issue / t_hier,
              (flat_t / hier_t / (t_flat_issue / t_hier) - 1) * 100, t_flat / t_hier,
              (flat_t / hier_t / (t_flat / t_hier) - 1) * 100);
  print_breakdown("flat", flat);
  print_breakdown("hierarchical", hier);
  // Acceptance: each within 10% of the issue's model, and the speed-up.
  EXPECT_NEAR(flat_t, t_flat_issue, 0.10 * t_flat_issue);
  EXPECT_NEAR(hier_t, t_hier, 0.10 * t_hier);
  EXPECT_NEAR(flat_t / hier_t, t_flat_issue / t_hier, 0.10 * t_flat_issue / t_hier);
  EXPECT_GT(flat_t / hier_t, 2.5);
  // And the exact forms (integer picoseconds: a few ps of rounding per step).
  EXPECT_NEAR(hier_t, t_hier, 1e-5 * t_hier);
  EXPECT_NEAR(flat_t, t_flat, 1e-5 * t_flat);

  // Bytes: every rank sends S/N per step of the flat ring; the hierarchical
  // one sends S/G per step in its group, S/(GM) per step across.
  EXPECT_EQ(first_op(flat)["bytes_moved"].get<double>(), 2.0 * (n - 1) * bytes);
  EXPECT_EQ(first_op(hier)["bytes_moved"].get<double>(),
            2 * (g - 1) * n * bytes / g + 2 * (m - 1) * n * bytes / (g * m));
  // Only the group boundaries of the flat ring cross the scale-out network;
  // the hierarchical all-reduce moves 1/G of the bytes across.
  // (Packets counted per link: a crossing uses two, up to the switch and down.)
  EXPECT_EQ(link_packets(flat, "eth"), 2 * 2.0 * (n - 1) * groups * (bytes / n / mtu));
  EXPECT_EQ(link_packets(hier, "eth"), 2 * 2.0 * (m - 1) * n * (bytes / (g * m) / mtu));
}

// ---- 2. all-to-all bounded by the bisection ----

namespace {

struct a2a_bounds {
  double bisection, leaf_cut, endpoint;
  double tightest() const { return std::max({bisection, leaf_cut, endpoint}); }
};

a2a_bounds a2a_bounds_of(int leaves, int per_leaf, int uplink_lanes, double part) {
  const double n = leaves * per_leaf, k = per_leaf;
  const double b_up = payload_Bps(uplink_lanes * 100e9), b_acc = payload_Bps(rate_400g);
  return {(n / 2) * (n / 2) * part / (leaves / 2 * b_up), k * (n - k) * part / b_up,
          (n - 1) * part / b_acc};
}

nlohmann::json run_all_to_all(int leaves, int per_leaf, int uplink_lanes, double bytes) {
  const nlohmann::json r = report_of(
      leaf_spine_platform(leaves, per_leaf, uplink_lanes,
                          "{pattern: all_to_all, message_size: " + mib(bytes) + ", size: 4KiB}"));
  check_run(r);
  const double n = leaves * per_leaf;
  const double part = std::ceil(bytes / n);
  EXPECT_EQ(r["traffic"]["bytes_delivered"].get<double>(), n * (n - 1) * part);
  EXPECT_EQ(first_op(r)["algorithm"], "pairwise");
  return r;
}

} // namespace

TEST(collective_algorithms, all_to_all_on_oversubscribed_leaf_spine_is_bisection_bound) {
  // 4 leaves x 4 accelerators, 400G uplinks (4:1), and 1.6T uplinks (1:1).
  constexpr int leaves = 4, per_leaf = 4;
  constexpr double bytes = 8 * 1048576.0, part = bytes / 16;
  const nlohmann::json over = run_all_to_all(leaves, per_leaf, 4, bytes);
  const nlohmann::json full = run_all_to_all(leaves, per_leaf, 16, bytes);
  const a2a_bounds bo = a2a_bounds_of(leaves, per_leaf, 4, part);
  const a2a_bounds bf = a2a_bounds_of(leaves, per_leaf, 16, part);
  const double to = time_of(over), tf = time_of(full);
  std::printf("all-to-all %d MiB per rank, %d leaves x %d:\n", static_cast<int>(bytes / 1048576),
              leaves, per_leaf);
  std::printf("  4:1 uplinks  simulated %.3f us; bounds: bisection %.3f us (x%.4f), one leaf's "
              "uplink %.3f us (x%.4f), endpoint %.3f us\n",
              to * 1e6, bo.bisection * 1e6, to / bo.bisection, bo.leaf_cut * 1e6, to / bo.leaf_cut,
              bo.endpoint * 1e6);
  std::printf("  1:1 uplinks  simulated %.3f us; bounds: bisection %.3f us, one leaf's uplink "
              "%.3f us, endpoint %.3f us (x%.4f)\n",
              tf * 1e6, bf.bisection * 1e6, bf.leaf_cut * 1e6, bf.endpoint * 1e6, tf / bf.endpoint);
  std::printf("  4:1 / 1:1    simulated %.4f, bounds %.4f (oversubscription 4)\n", to / tf,
              bo.tightest() / bf.tightest());
  print_breakdown("4:1", over);
  print_breakdown("1:1", full);
  // Theory: no cut can be beaten; the tightest one is met closely.
  EXPECT_GE(to, 0.99 * bo.bisection);
  EXPECT_GE(to, bo.tightest());
  EXPECT_LE(to, 1.05 * bo.tightest());
  EXPECT_GE(tf, bf.tightest());
  EXPECT_LE(tf, 1.05 * bf.tightest());
  EXPECT_NEAR(to / tf, bo.tightest() / bf.tightest(), 0.10 * bo.tightest() / bf.tightest());
  // Oversubscribed uplinks make packets of different transfers wait for one
  // another: the critical path shows it as queueing (an idle fabric has none).
  const double queueing = first_op(over)["time_breakdown_s"]["queueing"].get<double>();
  EXPECT_GT(queueing, 0.1 * to);
}

TEST(collective_algorithms, all_to_all_on_two_leaves_meets_the_bisection_bound) {
  // 2 leaves x 8 accelerators, 800G uplinks (4:1): the bisection is the cut
  // around one leaf, and the time is within 30% of it. (Not closer: in the
  // pairwise order i+1, i+2, ... a leaf's ranks send 1, 2, ... 7 parts
  // across, 8, then 7 ... 1 as the offset grows, so the 800G uplink is
  // short of senders in the first and last offsets.)
  constexpr int leaves = 2, per_leaf = 8;
  constexpr double bytes = 8 * 1048576.0, part = bytes / 16;
  const nlohmann::json r = run_all_to_all(leaves, per_leaf, 8, bytes);
  const a2a_bounds b = a2a_bounds_of(leaves, per_leaf, 8, part);
  const double t = time_of(r);
  std::printf("all-to-all 2 leaves x 8, 4:1: simulated %.3f us, bisection bound %.3f us (x%.4f)\n",
              t * 1e6, b.bisection * 1e6, t / b.bisection);
  EXPECT_DOUBLE_EQ(b.bisection, b.leaf_cut);
  EXPECT_GE(t, 0.99 * b.bisection);
  EXPECT_LE(t, 1.3 * b.bisection);
}

// ---- 3. tree all-reduce ----

TEST(collective_algorithms, tree_all_reduce_wins_small_messages_and_ring_wins_large) {
  constexpr int n = 16;
  auto run = [&](const std::string &algorithm, double bytes) {
    const nlohmann::json r =
        report_of(star_platform(n, "{pattern: all_reduce, algorithm: " + algorithm +
                                       ", message_size: " + mib(bytes) + ", size: 4KiB}"));
    check_run(r);
    return r;
  };
  const double b = payload_Bps(rate_400g);
  const double depth = std::floor(std::log2(n)); // rank 15: 15 -> 7 -> 3 -> 1 -> 0
  for (const double bytes : {4096.0, 16 * 1048576.0}) {
    const nlohmann::json tree = run("tree", bytes), ring = run("ring", bytes);
    // Every non-root sends S up and receives S down.
    EXPECT_EQ(first_op(tree)["bytes_moved"].get<double>(), 2.0 * (n - 1) * bytes);
    EXPECT_EQ(tree["traffic"]["bytes_delivered"].get<double>(), 2.0 * (n - 1) * bytes);
    EXPECT_EQ(first_op(tree)["algorithm"], "tree");
    const double tt = time_of(tree), tr = time_of(ring);
    // Ring: 2(N-1) steps of S/N, each its packets' serialization plus alpha
    // (one packet of S/N when S/N < mtu: its zero-load time).
    const double part = bytes / n;
    const double ring_model =
        part < mtu ? 2 * (n - 1) * zero_load_s(rate_400g, star_metres, star_pipeline, part)
                   : 2 * (n - 1) * (part / b + alpha_s(rate_400g, star_metres, star_pipeline));
    // Tree: chunks of S/8; the last one goes up `depth` hops and down again,
    // each hop after the one before; an inner rank's port sends 3 S.
    const double chunk = bytes / 8;
    const double chunk_hop = chunk < mtu
                                 ? zero_load_s(rate_400g, star_metres, star_pipeline, chunk)
                                 : chunk / b + alpha_s(rate_400g, star_metres, star_pipeline);
    const double tree_latency = 2 * depth * chunk_hop, tree_bandwidth = 3 * bytes / b;
    std::printf("all-reduce %.0f B on %d ranks: tree %.4f us (bounds: %.0f hops %.4f us, inner "
                "port 3 S/B %.4f us; x%.4f), ring %.4f us (alpha-beta %.4f us, %+.4f%%)\n",
                bytes, n, tt * 1e6, 2 * depth, tree_latency * 1e6, tree_bandwidth * 1e6,
                tt / std::max(tree_latency, tree_bandwidth), tr * 1e6, ring_model * 1e6,
                (tr / ring_model - 1) * 100);
    print_breakdown("tree", tree);
    print_breakdown("ring", ring);
    EXPECT_NEAR(tr, ring_model, 1e-5 * ring_model);
    EXPECT_GE(tt, tree_latency);
    EXPECT_GE(tt, tree_bandwidth);
    if (bytes < 65536) {
      // Latency-bound: 2 log2 N hops plus the 8 chunks' pipeline fill at a
      // port sending 3 per step, against the ring's 2(N-1) hops.
      EXPECT_LE(tt, tree_latency + 3 * 8 * serialization_s(rate_400g, chunk));
      EXPECT_LT(tt, tr);
    } else {
      EXPECT_LT(tr, tt);
    }
  }
}

// ---- 4. broadcast ----

TEST(collective_algorithms, broadcast_pipelined_chain_matches_its_closed_form) {
  constexpr int n = 8;
  constexpr double bytes = 4 * 1048576.0, chunk = 256 * 1024.0, chunks = bytes / chunk;
  whole_run r = run_platform_text(star_platform(
      n, "{pattern: broadcast, root: 3, message_size: 4MiB, chunk: 256KiB, size: 4KiB}"));
  ASSERT_EQ(r.out.exit_code, 0) << r.out.failure;
  check_run(r.report());
  const auto &op = first_op(r.report());
  EXPECT_EQ(op["algorithm"], "pipeline");
  EXPECT_EQ(r.traffic("bytes_delivered"), static_cast<std::uint64_t>((n - 1) * bytes));
  EXPECT_EQ(r.traffic("packets_delivered"), static_cast<std::uint64_t>((n - 1) * bytes / mtu));
  const double b = payload_Bps(rate_400g);
  const double alpha = alpha_s(rate_400g, star_metres, star_pipeline);
  const double expected = (n - 1 + chunks - 1) * chunk / b + (n - 1) * alpha;
  const double textbook = (n - 1 + chunks - 1) * (chunk / b + alpha);
  const double t = op["time_s"].get<double>();
  std::printf("broadcast 4 MiB, %d ranks, %.0f chunks of 256 KiB: simulated %.4f us, pipelined "
              "chain %.4f us (%+.4f%%), textbook (N-1+C-1)(alpha+c/B) %.4f us (%+.3f%%)\n",
              n, chunks, t * 1e6, expected * 1e6, (t / expected - 1) * 100, textbook * 1e6,
              (t / textbook - 1) * 100);
  print_breakdown("broadcast", r.report());
  EXPECT_NEAR(t, expected, 1e-5 * expected);
  EXPECT_NEAR(t, textbook, 0.10 * textbook);
}

// ---- 5. report integrity with reductions on the critical path ----

TEST(collective_algorithms, breakdown_adds_up_with_reduction_gaps) {
  // Tree all-reduce with a 300 ns reduction per received chunk: the
  // critical path holds transfers and reductions; everything still adds up.
  whole_run r = run_platform_text(
      star_platform(8, "{pattern: all_reduce, algorithm: tree, message_size: 1MiB, chunk: 64KiB, "
                       "compute_gap: 300ns, size: 4KiB}"));
  ASSERT_EQ(r.out.exit_code, 0) << r.out.failure;
  check_run(r.report());
  const auto &tb = first_op(r.report())["time_breakdown_s"];
  print_breakdown("tree with reductions", r.report());
  // The chain ends with the root's reduction of the last chunk and passes
  // through at least one reduction per level on the way up (3 levels).
  EXPECT_GE(tb["compute"].get<double>(), 3 * 300e-9 - 1e-15);
  EXPECT_GT(tb["serialization"].get<double>(), 0.0);
  EXPECT_GT(tb["fixed_latency"].get<double>(), 0.0);
}

// ---- schedules: a rank takes part only once it has entered ----

TEST(collective_algorithms, no_rank_sends_or_finishes_before_it_has_entered) {
  // Each rank enters after its own start node (say the end of its previous
  // operation). Whatever the algorithm, every transfer a rank sends, and the
  // node that says it has its result, must come after that rank's start
  // node: otherwise a late rank's data would leave before it exists, and the
  // next operation would begin before this one has finished there.
  constexpr std::uint32_t n = 8;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"all_reduce", "ring"},   {"all_reduce", "tree"},     {"all_reduce", "hierarchical"},
      {"all_gather", "ring"},   {"reduce_scatter", "ring"}, {"all_to_all", "pairwise"},
      {"broadcast", "pipeline"}};
  for (const auto &[kind, algorithm] : cases) {
    schedule s;
    std::vector<std::uint32_t> ranks;
    for (std::uint32_t r = 0; r < n; ++r)
      ranks.push_back(r);
    const std::vector<node_id> start =
        add_compute(s, "before", "", ranks, 1000, std::vector<node_id>(n, no_node));
    collective_call c;
    c.kind = kind;
    c.algorithm = algorithm;
    c.ranks = ranks;
    c.message_bytes = 64 * 1024;
    c.reduce_ps = 100;
    c.root = 2;
    c.groups = {{0, 1, 2, 3}, {4, 5, 6, 7}};
    c.flat = c.scale_up =
        c.scale_out = [](std::uint32_t, std::uint32_t) -> std::uint8_t { return 0; };
    const std::vector<node_id> done = add_collective(s, c, start);
    s.finalize();
    const operation_desc &op = s.operations().back();
    for (std::uint32_t r = 0; r < n; ++r) {
      // Everything that follows rank r's start node.
      std::vector<bool> after(s.size(), false);
      std::vector<node_id> stack{start[r]};
      after[start[r]] = true;
      while (!stack.empty()) {
        const node_id x = stack.back();
        stack.pop_back();
        for (const node_id *y = s.successors_begin(x); y != s.successors_end(x); ++y)
          if (!after[*y]) {
            after[*y] = true;
            stack.push_back(*y);
          }
      }
      std::size_t early = 0;
      for (node_id x = op.first_node; x < op.end_node; ++x)
        if (s.node(x).bytes > 0 && s.node(x).src == r && !after[x])
          ++early;
      EXPECT_EQ(early, 0u) << kind << " " << algorithm << ": transfers rank " << r
                           << " may send before it has entered";
      EXPECT_TRUE(after[done[r]]) << kind << " " << algorithm << ": rank " << r
                                  << " may finish before it has entered";
    }
  }
}
