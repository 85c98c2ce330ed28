// Small lossless platforms whose timing is stated here, for tests that
// check the fabric against alpha-beta closed forms (collective algorithms,
// workload files). Every link: PHY TX 10 + RX 15 cycles at 1 GHz, FEC
// 100 ns, cable at 5 ns/m, 20 B framing per packet; packets of 4 KiB.
// Accelerators: TX 20 ns, RX 30 ns. Switches: store-and-forward, output
// queued. A transfer of P full packets handed at once to an idle port on an
// uncontended path is delivered (P - 1) serializations after the zero-load
// time of one packet:
//   transfer = P s + alpha,  P s = bytes / B,  B = R x mtu / (mtu + framing)
//   alpha    = acc TX + L + switch pipeline + s + L + acc RX
// (L the link's fixed latency, s one packet's serialization: the
// store-and-forward stage adds it once).
#pragma once

#include "test_support.h"

namespace fabricvp::test {

inline constexpr double mtu = 4096, framing = 20;
inline constexpr double acc_tx = 20e-9, acc_rx = 30e-9;
inline constexpr double phy_fec = 10e-9 + 100e-9 + 15e-9; // PHY TX + FEC + PHY RX
inline constexpr double per_metre = 5e-9;
inline constexpr double rate_400g = 400e9;   // 4 x 106.25G, 256b/257b, RS(544,514)
inline constexpr double rate_1600g = 1600e9; // 8 x 212.5G

// A lossless link kind of `lanes` x `lane_rate` with the timing above.
inline std::string link_kind(const std::string &name, int lanes, const std::string &lane_rate,
                             const std::string &length, const std::string &network = "") {
  return "  " + name + ":\n" + (network.empty() ? "" : "    network: " + network + "\n") +
         "    flow_control: credit\n    framing_overhead: 20B\n" +
         "    serdes: {lanes: " + std::to_string(lanes) + ", lane_rate: " + lane_rate +
         ", clock: 1GHz, tx_pipeline_cycles: 10, rx_pipeline_cycles: 15, fec: rs544_514, "
         "fec_latency: 100ns}\n" +
         "    channel:\n      - {segment: cable, length: " + length +
         ", delay_per_length: 5ns/m}\n";
}

inline double payload_Bps(double rate) { return rate / 8.0 * mtu / (mtu + framing); }
inline double serialization_s(double rate, double bytes = mtu) {
  return (bytes + framing) * 8.0 / rate;
}
// One packet of `bytes` through one store-and-forward switch, from handing
// it to an idle port to its delivery.
inline double zero_load_s(double rate, double metres, double switch_pipeline, double bytes) {
  const double link = phy_fec + metres * per_metre;
  return acc_tx + 2 * serialization_s(rate, bytes) + 2 * link + switch_pipeline + acc_rx;
}
// alpha of full packets: a transfer of P of them takes P s + alpha.
inline double alpha_s(double rate, double metres, double switch_pipeline) {
  return zero_load_s(rate, metres, switch_pipeline, mtu) - serialization_s(rate);
}

// ---- platforms ----

inline std::string num(long v) { return std::to_string(v); }

// A platform file from its sections (one line per component and connection).
inline std::string platform_text(const std::string &name,
                                 const std::vector<std::string> &components,
                                 const std::string &links,
                                 const std::vector<std::string> &connections,
                                 const std::string &workload) {
  std::string t =
      "fabricvp: 1\nname: " + name + "\nsimulation: {duration: 1us, warmup: 0us}\ncomponents:\n";
  for (const std::string &c : components)
    t += "  - {" + c + "}\n";
  t += "links:\n" + links + "connections:\n";
  for (const std::string &c : connections)
    t += "  - {" + c + "}\n";
  return t + "workload: " + workload + "\n";
}

inline std::string accelerators(int n, int ports) {
  return "name: \"acc{i}\", count: " + num(n) + ", type: accelerator_port, ports: " + num(ports) +
         ", clock: 1GHz, tx_pipeline_cycles: 20, rx_pipeline_cycles: 30";
}

// Switches at 1 GHz, store-and-forward unless told; `name` takes {i} when
// count > 1.
inline std::string switches(const std::string &name, int count, int radix, int pipeline_cycles,
                            const std::string &extra = "",
                            const std::string &forwarding = "store_and_forward") {
  return "name: \"" + name + "\"" + (count > 1 ? ", count: " + num(count) : "") +
         ", type: switch_asic, radix: " + num(radix) +
         ", pipeline_cycles: " + num(pipeline_cycles) + ", clock: 1GHz, forwarding: " + forwarding +
         extra;
}

// Port `port` of acc{i}, i in 0..n-1, to `to` (an expression in i).
inline std::string attach(int n, int port, const std::string &to, const std::string &link) {
  return "for: {i: 0.." + num(n - 1) + "}, a: \"acc{i}.port" + num(port) + "\", b: \"" + to +
         "\", link: " + link;
}

// `leaves` leaves of `per_leaf` accelerators (400G, 1 m) under one spine;
// each leaf's uplink has `uplink_lanes` x 106.25G (4 lanes: 400G). 250 ns
// switch pipelines, 2 MiB shared buffers, lossless.
inline std::string leaf_spine_platform(int leaves, int per_leaf, int uplink_lanes,
                                       const std::string &workload) {
  const int n = leaves * per_leaf;
  const std::string k = num(per_leaf);
  return platform_text(
      "leaf_spine_a2a",
      {accelerators(n, 1), switches("leaf{i}", leaves, per_leaf + 1, 250, ", buffer: 2MiB"),
       switches("spine", 1, leaves, 250, ", buffer: 2MiB")},
      link_kind("down", 4, "106.25Gbps", "1m") + link_kind("up", uplink_lanes, "106.25Gbps", "1m"),
      {attach(n, 0, "leaf{i/" + k + "}.port{i%" + k + "}", "down"),
       "for: {l: 0.." + num(leaves - 1) + "}, a: \"leaf{l}.port" + k +
           "\", b: \"spine.port{l}\", link: up"},
      workload);
}

// N accelerators on one 400G switch (2 m cables, 250 ns pipeline).
inline constexpr double star_metres = 2, star_pipeline = 250e-9;

inline std::string star_platform(int n, const std::string &workload,
                                 const std::string &forwarding = "store_and_forward") {
  return platform_text("star", {accelerators(n, 1), switches("sw0", 1, n, 250, "", forwarding)},
                       link_kind("l400", 4, "106.25Gbps", "2m"),
                       {attach(n, 0, "sw0.port{i}", "l400")}, workload);
}

// Runs a platform in a child process (one elaboration per process) and
// returns its report.
inline nlohmann::json report_of(const std::string &yaml) {
  return nlohmann::json::parse(run_in_child([&] {
    whole_run r = run_platform_text(yaml);
    if (r.out.exit_code != 0)
      throw std::runtime_error(r.out.failure);
    return r.report().dump();
  }));
}

// Packets carried (both directions) by the report's links of one kind.
inline double link_packets(const nlohmann::json &report, const std::string &kind) {
  double packets = 0;
  for (const auto &l : report["links"])
    if (l["kind"] == kind)
      packets += l["packets"].get<double>();
  return packets;
}

} // namespace fabricvp::test
