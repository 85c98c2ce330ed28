#include "platforms/elaborator.h"

#include <deque>
#include <map>
#include <set>

namespace fabricvp {
namespace {

std::string link_module_name(const netlist &n, const connection_desc &c) {
  std::string s = n.instances[c.a_instance].path + "_p" + std::to_string(c.a_port) + "__" +
                  n.instances[c.b_instance].path + "_p" + std::to_string(c.b_port);
  for (char &ch : s)
    if (ch == '.')
      ch = '_';
  return s;
}

} // namespace

platform::platform(sc_core::sc_module_name name, const netlist &n) : sc_module(name), netlist_(n) {
  calendar_ = std::make_unique<arrival_calendar>("arrivals");
  nodes.assign(n.instances.size(), nullptr);
  endpoint_instances_ = n.endpoints();
  endpoints.assign(endpoint_instances_.size(), nullptr);
  build_level("");

  // Links live in their own scope; the credit each end advertises comes from
  // the receiving node (switch buffer share, accelerator receive buffer).
  owned_.push_back(std::make_unique<hierarchy_group>("links", [&] {
    for (std::size_t k = 0; k < n.connections.size(); ++k) {
      const connection_desc &c = n.connections[k];
      const link_kind_desc &lk = n.link_kinds.at(c.link_kind);
      const link_spec spec = link_spec_of(lk);
      auto credit_of = [&](std::size_t inst) {
        fabric_node *node = nodes[inst];
        if (auto *sw = dynamic_cast<switch_asic *>(node)) {
          int connected = 0;
          for (int slot : n.instances[inst].connection_of_port)
            connected += slot >= 0;
          return sw->ingress_credit_bytes(connected);
        }
        return static_cast<accelerator_port *>(node)->rx_buffer_bytes();
      };
      link_end a{nodes[c.a_instance], c.a_port, credit_of(c.a_instance)};
      link_end b{nodes[c.b_instance], c.b_port, credit_of(c.b_instance)};
      const std::uint64_t seed =
          static_cast<std::uint64_t>(n.simulation.get_int("seed")) * 1000003ULL + k;
      auto link = std::make_unique<fabric_link>(link_module_name(n, c).c_str(), spec, a, b, seed);
      links.push_back(link.get());
      owned_.push_back(std::move(link));
    }
  }));

  for (std::size_t i = 0; i < n.instances.size(); ++i) {
    int connected = 0;
    for (int slot : n.instances[i].connection_of_port)
      connected += slot >= 0;
    if (auto *a = dynamic_cast<accelerator_port *>(nodes[i]))
      a->finalize_ports(connected);
    if (auto *s = dynamic_cast<switch_asic *>(nodes[i]))
      s->finalize_ports();
    nodes[i]->set_hash_salt(static_cast<std::uint32_t>(i * 2654435761u));
    nodes[i]->use_calendar(calendar_.get());
  }
  compute_routes();
}

platform::~platform() {
  // Children first, in reverse order of creation.
  while (!owned_.empty())
    owned_.pop_back();
}

void platform::build_level(const std::string &prefix) {
  const netlist &n = netlist_;
  std::map<std::string, bool> child_groups; // ordered: deterministic hierarchy
  std::map<std::size_t, std::uint32_t> endpoint_id;
  for (std::size_t k = 0; k < endpoint_instances_.size(); ++k)
    endpoint_id[endpoint_instances_[k]] = static_cast<std::uint32_t>(k);

  for (std::size_t i = 0; i < n.instances.size(); ++i) {
    const instance_desc &inst = n.instances[i];
    if (inst.path.compare(0, prefix.size(), prefix) != 0)
      continue;
    const std::string rest = inst.path.substr(prefix.size());
    const auto dot = rest.find('.');
    if (dot != std::string::npos) {
      child_groups[rest.substr(0, dot)] = true;
      continue;
    }
    std::vector<bool> connected(static_cast<std::size_t>(inst.port_count), false);
    for (int p = 0; p < inst.port_count; ++p)
      connected[static_cast<std::size_t>(p)] =
          inst.connection_of_port[static_cast<std::size_t>(p)] >= 0;
    if (inst.type == "accelerator_port") {
      const std::uint32_t id = endpoint_id.at(i);
      auto node = std::make_unique<accelerator_port>(rest.c_str(), inst.params, id, connected);
      nodes[i] = node.get();
      endpoints[id] = node.get();
      owned_.push_back(std::move(node));
    } else {
      auto node = std::make_unique<switch_asic>(rest.c_str(), inst.params, connected);
      nodes[i] = node.get();
      switches.push_back(node.get());
      owned_.push_back(std::move(node));
    }
  }
  for (const auto &g : child_groups) {
    const std::string child = prefix + g.first + ".";
    owned_.push_back(
        std::make_unique<hierarchy_group>(g.first.c_str(), [this, child] { build_level(child); }));
  }
}

void platform::compute_routes() {
  const netlist &n = netlist_;
  const std::size_t count = n.instances.size();
  // Neighbours: (port, neighbour instance) per instance.
  std::vector<std::vector<std::pair<int, std::size_t>>> adj(count);
  for (const auto &c : n.connections) {
    adj[c.a_instance].push_back({c.a_port, c.b_instance});
    adj[c.b_instance].push_back({c.b_port, c.a_instance});
  }
  auto forwards = [&](std::size_t inst) {
    if (n.instances[inst].type == "switch_asic")
      return true;
    return n.instances[inst].params.get_flag("forwarding");
  };
  const auto eps = n.endpoints();
  std::vector<std::vector<std::vector<int>>> routes(count,
                                                    std::vector<std::vector<int>>(eps.size()));
  distance_to_endpoint_.assign(eps.size(), std::vector<int>(count, -1));
  for (std::size_t d = 0; d < eps.size(); ++d) {
    std::vector<int> &dist = distance_to_endpoint_[d];
    std::deque<std::size_t> frontier{eps[d]};
    dist[eps[d]] = 0;
    while (!frontier.empty()) {
      const std::size_t u = frontier.front();
      frontier.pop_front();
      if (u != eps[d] && !forwards(u))
        continue; // a non-forwarding endpoint ends paths, it does not relay them
      for (const auto &[port, v] : adj[u]) {
        if (dist[v] < 0) {
          dist[v] = dist[u] + 1;
          frontier.push_back(v);
        }
      }
    }
    for (std::size_t v = 0; v < count; ++v) {
      if (v == eps[d] || dist[v] < 0)
        continue;
      for (const auto &[port, u] : adj[v])
        if (dist[u] == dist[v] - 1 && (u == eps[d] || forwards(u)))
          routes[v][d].push_back(port);
    }
  }
  for (std::size_t v = 0; v < count; ++v)
    nodes[v]->set_routes(std::move(routes[v]));
}

int platform::path_hops(std::uint32_t src, std::uint32_t dst) const {
  return distance_to_endpoint_.at(dst).at(endpoint_instances_.at(src));
}

void platform::set_observer(packet_observer *o) {
  for (auto *node : nodes)
    node->set_observer(o);
}

void platform::collect_signals(std::vector<signal_track *> &out) {
  for (auto *node : nodes)
    node->collect_signals(out);
  for (auto *l : links)
    l->collect_signals(out);
}

void platform::collect_power(std::vector<power_model *> &out) {
  for (auto *node : nodes)
    node->collect_power(out);
  for (auto *l : links)
    l->collect_power(out);
}

} // namespace fabricvp
