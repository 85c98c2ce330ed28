#include "testbench/session/fabric_checks.h"

#include "platforms/registry.h"
#include "testbench/workloads/collective.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace fabricvp {
namespace {

// A parameter and the value it holds.
struct named_value {
  std::string path;
  const param_value *value;
};

// The largest packet the workload sends, or none when it sends nothing.
std::optional<named_value> largest_packet(const netlist &n) {
  const std::string pattern = n.workload.get_choice("pattern");
  if (pattern == "none" && n.workload_file.empty())
    return std::nullopt;
  const bool generated = n.workload_file.empty() && !collective_engine::is_collective(pattern);
  const std::string distribution = n.workload.get_choice("size_distribution");
  std::string name = "size";
  if (generated && distribution == "uniform")
    name = "size_max";
  else if (generated && distribution == "bimodal" &&
           n.workload.get("size_min") > n.workload.get("size"))
    name = "size_min";
  return named_value{"workload." + name, &n.workload.value(name)};
}

std::string bytes_text(double bytes) { return std::to_string(std::llround(bytes)) + " B"; }

// What a sender on `c` towards instance `to` holds as credit, and from where.
struct credit_source {
  named_value param;
  double bytes;
  std::string how; // how the credit follows from the parameter
};

credit_source credit_towards(const netlist &n, const connection_desc &c, std::size_t to) {
  const link_kind_desc &lk = n.link_kinds.at(c.link_kind);
  if (lk.params.get("credit_buffer") > 0)
    return {{"links." + c.link_kind + ".credit_buffer", &lk.params.value("credit_buffer")},
            lk.params.get("credit_buffer"),
            ""};
  const instance_desc &node = n.instances[to];
  if (!is_switch(node.type))
    return {{node.path + ".rx_buffer", &node.params.value("rx_buffer")},
            node.params.get("rx_buffer"),
            ""};
  // As the elaborator gives it (switch_asic::ingress_credit_bytes).
  const auto connected =
      static_cast<int>(std::count_if(node.connection_of_port.begin(), node.connection_of_port.end(),
                                     [](int slot) { return slot >= 0; }));
  const double buffer = node.params.get("buffer");
  return {{node.path + ".buffer", &node.params.value("buffer")},
          std::floor(buffer / std::max(1, connected)),
          " (" + bytes_text(buffer) + " shared by " + std::to_string(connected) +
              " connected ports)"};
}

// Of two values, the one to point at: one set on the command line, else one
// the platform file sets, else one from a preset file; null for neither.
const named_value *blamed(const named_value &first, const named_value &second) {
  for (const char *origin : {"--set", "platform"})
    for (const named_value *v : {&first, &second})
      if (v->value->origin == origin)
        return v;
  for (const named_value *v : {&first, &second})
    if (!v->value->where.file.empty())
      return v;
  return nullptr;
}

void check_credit(const netlist &n, const connection_desc &c, std::size_t to,
                  const named_value &packet) {
  const credit_source credit = credit_towards(n, c, to);
  if (credit.bytes >= packet.value->si)
    return;
  const named_value *culprit = blamed(credit.param, packet);
  throw input_error(
      culprit ? culprit->value->where : c.where, culprit ? culprit->path : credit.param.path,
      credit.param.path + " gives " + bytes_text(credit.bytes) + " of credit per link" +
          credit.how + ", less than the largest packet, " + bytes_text(packet.value->si) + " (" +
          packet.path + "): it could never be sent over " + c.label);
}

// Of two endpoints that cannot reach each other, the one that reaches fewer.
std::uint32_t less_connected(std::uint32_t a, std::uint32_t b, const route_tables &routes) {
  return routes.reachable_count(b, 0) < routes.reachable_count(a, 0) ? b : a;
}

} // namespace

void check_credit_buffers(const netlist &n) {
  const std::optional<named_value> packet = largest_packet(n);
  if (!packet)
    return;
  for (const connection_desc &c : n.connections)
    if (n.link_kinds.at(c.link_kind).params.get_choice("flow_control") == "credit") {
      check_credit(n, c, c.b_instance, *packet);
      check_credit(n, c, c.a_instance, *packet);
    }
}

void check_reachability(const netlist &n, const route_tables &routes) {
  const std::string pattern = n.workload.get_choice("pattern");
  if (!n.workload_file.empty() || pattern == "none" || collective_engine::is_collective(pattern))
    return; // a collective's own paths are checked when it is compiled
  const std::vector<std::size_t> endpoints = n.endpoints();
  const auto count = static_cast<std::uint32_t>(endpoints.size());
  for (std::uint32_t s = 0; s < count; ++s) {
    if (routes.reachable_count(s, 0) + 1 == count)
      continue;
    // The first endpoint s does not reach.
    const std::vector<std::uint32_t> reached = routes.reachable_from(s, 0);
    std::uint32_t d = 0;
    while (d < count && (d == s || std::binary_search(reached.begin(), reached.end(), d)))
      ++d;
    const instance_desc &lone = n.instances[endpoints[less_connected(s, d, routes)]];
    throw input_error(lone.where, lone.path,
                      "endpoint " + n.instances[endpoints[s]].path + " cannot reach " +
                          n.instances[endpoints[d]].path +
                          " (no path through switches or forwarding endpoints), and "
                          "generated traffic (workload.pattern " +
                          pattern + ") may send between any two endpoints");
  }
}

} // namespace fabricvp
