#include "platforms/routing.h"

#include "platforms/deadlock_check.h"
#include "platforms/registry.h"

#include <algorithm>
#include <deque>

namespace fabricvp {

routing compute_routing(const netlist &n) {
  routing r;
  const std::size_t count = n.instances.size();
  r.networks = n.networks();
  const std::size_t network_count = r.networks.size() + 1; // 0: every link
  std::vector<std::size_t> network_of(n.connections.size(), 0);
  std::vector<bool> lossless(n.connections.size(), false);
  std::vector<std::vector<routing_hop>> adj(count);
  for (std::size_t k = 0; k < n.connections.size(); ++k) {
    const connection_desc &c = n.connections[k];
    const param_set &lp = n.link_kinds.at(c.link_kind).params;
    const std::string &net = lp.get_name("network");
    if (!net.empty())
      network_of[k] = static_cast<std::size_t>(
          std::find(r.networks.begin(), r.networks.end(), net) - r.networks.begin() + 1);
    lossless[k] = lp.get_choice("flow_control") == "credit";
    adj[c.a_instance].push_back({c.a_port, c.b_instance, k});
    adj[c.b_instance].push_back({c.b_port, c.a_instance, k});
  }
  std::vector<bool> forwards(count);
  for (std::size_t i = 0; i < count; ++i)
    forwards[i] = node_traits_of(n.instances[i].type).forwards(n.instances[i].params);

  const auto eps = n.endpoints();
  auto &tables = r.tables;
  tables.assign(count, std::vector<fabric_node::route_table>(network_count));
  r.distance_to_endpoint.assign(network_count, {});
  for (std::size_t net = 0; net < network_count; ++net) {
    auto uses = [&](std::size_t connection) { return net == 0 || network_of[connection] == net; };
    auto &distances = r.distance_to_endpoint[net];
    distances.assign(eps.size(), std::vector<int>(count, -1));
    for (std::size_t v = 0; v < count; ++v)
      tables[v][net].begin.reserve(eps.size() + 1);
    for (std::size_t d = 0; d < eps.size(); ++d) {
      std::vector<int> &dist = distances[d];
      std::deque<std::size_t> frontier{eps[d]};
      dist[eps[d]] = 0;
      while (!frontier.empty()) {
        const std::size_t u = frontier.front();
        frontier.pop_front();
        if (u != eps[d] && !forwards[u])
          continue; // a non-forwarding endpoint ends paths, it does not relay them
        for (const routing_hop &h : adj[u]) {
          if (uses(h.connection) && dist[h.neighbour] < 0) {
            dist[h.neighbour] = dist[u] + 1;
            frontier.push_back(h.neighbour);
          }
        }
      }
      for (std::size_t v = 0; v < count; ++v) {
        fabric_node::route_table &t = tables[v][net];
        t.begin.push_back(static_cast<std::uint32_t>(t.ports.size()));
        if (v == eps[d] || dist[v] < 0)
          continue;
        for (const routing_hop &h : adj[v])
          if (uses(h.connection) && dist[h.neighbour] == dist[v] - 1 &&
              (h.neighbour == eps[d] || forwards[h.neighbour]))
            t.ports.push_back(static_cast<std::uint16_t>(h.port));
      }
    }
    for (std::size_t v = 0; v < count; ++v)
      tables[v][net].begin.push_back(static_cast<std::uint32_t>(tables[v][net].ports.size()));
  }
  // Deadlock freedom per network over its lossless links, and, with several
  // networks, of all of them together: their traffic shares the links'
  // buffers (there are no virtual channels), so their dependencies add up.
  auto check = [&](const std::string &name, const std::vector<std::size_t> &nets) {
    dependency_check_input in{&adj, &lossless, &forwards, {}, {}, eps.size()};
    in.tables.resize(count);
    for (std::size_t v = 0; v < count; ++v)
      for (std::size_t net : nets)
        in.tables[v].push_back(&tables[v][net]);
    in.in_network.resize(n.connections.size());
    for (std::size_t k = 0; k < n.connections.size(); ++k)
      in.in_network[k] = std::any_of(nets.begin(), nets.end(), [&](std::size_t net) {
        return net == 0 || network_of[k] == net;
      });
    const dependency_check_result dep = check_channel_dependencies(in);
    routing_check rc{name, dep.channels, dep.dependencies, dep.acyclic, ""};
    for (const auto &[node, port] : dep.cycle)
      rc.cycle += n.instances[node].path + ".port" + std::to_string(port) + " -> ";
    if (!dep.cycle.empty())
      rc.cycle += n.instances[dep.cycle.front().first].path + ".port" +
                  std::to_string(dep.cycle.front().second);
    r.checks.push_back(rc);
  };
  std::vector<std::size_t> all;
  for (std::size_t net = 0; net < network_count; ++net) {
    check(net == 0 ? std::string("any") : r.networks[net - 1], {net});
    all.push_back(net);
  }
  if (network_count > 1)
    check("all_together", all);
  return r;
}

std::vector<std::string> enforce_deadlock_check(const netlist &n,
                                                const std::vector<routing_check> &checks) {
  std::vector<std::string> warnings;
  const std::string &mode = n.simulation.get_choice("deadlock_check");
  if (mode == "off")
    return warnings;
  for (const routing_check &c : checks) {
    if (c.deadlock_free)
      continue;
    const std::string what = "routing on network '" + c.network +
                             "' can deadlock its lossless links: channel dependency cycle " +
                             c.cycle;
    if (mode == "error")
      throw input_error(n.simulation.value("deadlock_check").where, "simulation.deadlock_check",
                        what + " (use lossy links, routing without the cycle, or set "
                               "simulation.deadlock_check: warn to run anyway)");
    warnings.push_back("warning: " + what);
  }
  return warnings;
}

} // namespace fabricvp
