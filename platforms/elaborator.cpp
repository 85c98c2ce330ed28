#include "platforms/elaborator.h"

#include "platforms/registry.h"

#include <algorithm>
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
    const node_traits &traits = node_traits_of(inst.type);
    const bool endpoint = traits.role == node_role::endpoint;
    const std::uint32_t id = endpoint ? endpoint_id.at(i) : 0;
    std::unique_ptr<fabric_node> node = traits.make(
        {rest.c_str(), inst.params, id, connected, connected_port_bandwidth_bps(n, inst)});
    nodes[i] = node.get();
    if (endpoint)
      endpoints[id] = &dynamic_cast<accelerator_port &>(*node);
    else
      switches.push_back(&dynamic_cast<switch_asic &>(*node));
    owned_.push_back(std::move(node));
  }
  for (const auto &g : child_groups) {
    const std::string child = prefix + g.first + ".";
    owned_.push_back(
        std::make_unique<hierarchy_group>(g.first.c_str(), [this, child] { build_level(child); }));
  }
}

void platform::compute_routes() {
  routing r = compute_routing(netlist_);
  networks_ = std::move(r.networks);
  routing_checks_ = std::move(r.checks);
  routes_ = std::move(r.tables);
  for (std::size_t v = 0; v < nodes.size(); ++v)
    nodes[v]->set_routes(routes_.get(), v);
}

int platform::network_index(const std::string &name) const {
  if (name.empty() || name == "any")
    return 0;
  const auto it = std::find(networks_.begin(), networks_.end(), name);
  return it == networks_.end() ? -1 : static_cast<int>(it - networks_.begin() + 1);
}

std::string platform::network_name(std::uint8_t index) const {
  return index == 0 ? "any" : networks_.at(index - 1u);
}

int platform::path_hops(std::uint32_t src, std::uint32_t dst, std::uint8_t network) const {
  return routes_->hops(endpoint_instances_.at(src), network, dst);
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

time_ps platform::credits_home_ps() const {
  time_ps home = 0;
  for (const fabric_node *node : nodes)
    for (int i = 0; i < node->port_count(); ++i)
      if (node->port_created(i))
        home = std::max(home, node->egress(i).last_credit_return_ps());
  return home;
}

void platform::collect_power(std::vector<power_model *> &out) {
  for (auto *node : nodes)
    node->collect_power(out);
  for (auto *l : links)
    l->collect_power(out);
}

} // namespace fabricvp
