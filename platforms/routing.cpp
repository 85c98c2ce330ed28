#include "platforms/routing.h"

#include "platforms/deadlock_check.h"
#include "platforms/registry.h"

#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>

namespace fabricvp {

// Builds route_tables from a netlist: the adjacency, then per network its
// components of forwarding nodes (shared between networks whose links
// there are the same), their destination classes, and one breadth-first
// search per class.
class route_builder {
public:
  route_builder(const netlist &n, const std::vector<bool> &excluded, bool searches)
      : n_(n), searches_(searches) {
    route_tables &t = t_;
    const std::size_t count = n.instances.size();
    networks = n.networks();
    const std::size_t network_count = networks.size() + 1; // 0: every link
    std::vector<std::size_t> network_of(n.connections.size(), 0);
    lossless.assign(n.connections.size(), false);
    t.adjacency_.assign(count, {});
    for (std::size_t k = 0; k < n.connections.size(); ++k) {
      const connection_desc &c = n.connections[k];
      const param_set &lp = n.link_kinds.at(c.link_kind).params;
      const std::string &net = lp.get_name("network");
      if (!net.empty())
        network_of[k] = static_cast<std::size_t>(std::find(networks.begin(), networks.end(), net) -
                                                 networks.begin() + 1);
      lossless[k] = lp.get_choice("flow_control") == "credit";
      const auto conn = static_cast<std::uint32_t>(k);
      t.adjacency_[c.a_instance].push_back(
          {static_cast<std::uint16_t>(c.a_port), static_cast<std::uint32_t>(c.b_instance), conn});
      t.adjacency_[c.b_instance].push_back(
          {static_cast<std::uint16_t>(c.b_port), static_cast<std::uint32_t>(c.a_instance), conn});
    }
    t.forwards_.resize(count);
    for (std::size_t i = 0; i < count; ++i)
      t.forwards_[i] = node_traits_of(n.instances[i].type).forwards(n.instances[i].params);
    t.endpoint_instance_ = n.endpoints();
    t.endpoint_of_.assign(count, -1);
    for (std::size_t e = 0; e < t.endpoint_instance_.size(); ++e)
      t.endpoint_of_[t.endpoint_instance_[e]] = static_cast<std::int32_t>(e);
    t.uses_.assign(network_count, std::vector<bool>(n.connections.size(), false));
    for (std::size_t net = 0; net < network_count; ++net)
      for (std::size_t k = 0; k < n.connections.size(); ++k)
        t.uses_[net][k] =
            !(k < excluded.size() && excluded[k]) && (net == 0 || network_of[k] == net);
    t.placements_.assign(network_count, std::vector<route_tables::placement>(count));
    for (std::size_t net = 0; net < network_count; ++net)
      place_network(static_cast<std::uint8_t>(net));
  }

  route_tables take() { return std::move(t_); }
  std::size_t estimated_bytes() const { return estimate_; }

  std::vector<std::string> networks;
  std::vector<bool> lossless; // by connection

private:
  // The components of one network: forwarding nodes with at least one link
  // on it, joined through links between forwarding nodes.
  void place_network(std::uint8_t net) {
    route_tables &t = t_;
    const std::size_t count = t.adjacency_.size();
    auto &place = t.placements_[net];
    std::vector<bool> seen(count, false);
    std::vector<std::size_t> queue;
    for (std::size_t root = 0; root < count; ++root) {
      if (seen[root] || !t.forwards_[root] || !has_link(root, net))
        continue;
      queue.assign(1, root);
      seen[root] = true;
      for (std::size_t q = 0; q < queue.size(); ++q)
        for (const route_hop &h : t.adjacency_[queue[q]])
          if (t.uses_[net][h.connection] && t.forwards_[h.neighbour] && !seen[h.neighbour]) {
            seen[h.neighbour] = true;
            queue.push_back(h.neighbour);
          }
      std::sort(queue.begin(), queue.end());
      // The links the component's tables depend on: a component of an
      // earlier network with the same links is the same component.
      std::vector<std::uint32_t> key;
      for (std::size_t v : queue)
        for (const route_hop &h : t.adjacency_[v])
          if (t.uses_[net][h.connection])
            key.push_back(h.connection);
      std::sort(key.begin(), key.end());
      key.erase(std::unique(key.begin(), key.end()), key.end());
      std::int32_t index;
      const auto known = components_by_links_.find(key);
      if (known != components_by_links_.end()) {
        index = known->second;
      } else {
        index = static_cast<std::int32_t>(t.components_.size());
        t.components_.emplace_back();
        t.components_.back().nodes = queue;
        build_component(t.components_.back(), net);
        components_by_links_.emplace(std::move(key), index);
      }
      for (std::size_t k = 0; k < queue.size(); ++k)
        place[queue[k]] = {index, static_cast<std::uint32_t>(k)};
    }
  }

  bool has_link(std::size_t v, std::uint8_t net) const {
    for (const route_hop &h : t_.adjacency_[v])
      if (t_.uses_[net][h.connection])
        return true;
    return false;
  }

  // Classes, entries and direct lists of a new component.
  void build_component(route_component &c, std::uint8_t net) {
    const route_tables &t = t_;
    const std::size_t size = c.nodes.size();
    std::unordered_map<std::size_t, std::uint32_t> local; // instance -> local index
    local.reserve(size * 2);
    for (std::size_t k = 0; k < size; ++k)
      local.emplace(c.nodes[k], static_cast<std::uint32_t>(k));
    // Local adjacency: per local node its used hops, with the neighbour's
    // local index (-1: a node that does not forward).
    struct local_hop {
      std::uint16_t port;
      std::int32_t neighbour;
      std::uint32_t instance;
    };
    std::vector<std::uint32_t> hop_begin(size + 1, 0);
    std::vector<local_hop> hops;
    // Attachments: (endpoint, local node) of every non-forwarding endpoint
    // linked to a node of the component; forwarding endpoints in it.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> attached;
    for (std::size_t v = 0; v < size; ++v) {
      hop_begin[v] = static_cast<std::uint32_t>(hops.size());
      for (const route_hop &h : t.adjacency_[c.nodes[v]]) {
        if (!t.uses_[net][h.connection])
          continue;
        const bool fwd = t.forwards_[h.neighbour];
        hops.push_back(
            {h.port, fwd ? static_cast<std::int32_t>(local.at(h.neighbour)) : -1, h.neighbour});
        if (!fwd && t.endpoint_of_[h.neighbour] >= 0)
          attached.push_back({static_cast<std::uint32_t>(t.endpoint_of_[h.neighbour]),
                              static_cast<std::uint32_t>(v)});
      }
    }
    hop_begin[size] = static_cast<std::uint32_t>(hops.size());
    constexpr std::uint32_t forwarding_marker = 0xffffffffu;
    for (std::size_t v = 0; v < size; ++v)
      if (t.endpoint_of_[c.nodes[v]] >= 0)
        attached.push_back({static_cast<std::uint32_t>(t.endpoint_of_[c.nodes[v]]),
                            forwarding_marker - static_cast<std::uint32_t>(v) - 1});
    std::sort(attached.begin(), attached.end());
    attached.erase(std::unique(attached.begin(), attached.end()), attached.end());

    // Classes by attachment set, numbered in endpoint order. A forwarding
    // endpoint is a class of its own: {marker, its local index}.
    std::map<std::vector<std::uint32_t>, std::uint32_t> class_by_key;
    std::vector<std::vector<std::uint32_t>> class_keys;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> endpoint_class;
    std::vector<std::uint32_t> key;
    for (std::size_t i = 0; i < attached.size();) {
      const std::uint32_t e = attached[i].first;
      key.clear();
      for (; i < attached.size() && attached[i].first == e; ++i)
        key.push_back(attached[i].second);
      if (key.back() >= forwarding_marker - size) // forwards: itself, at 0 hops
        key = {forwarding_marker, forwarding_marker - key.back() - 1};
      auto [it, fresh] = class_by_key.emplace(key, static_cast<std::uint32_t>(class_keys.size()));
      if (fresh) {
        class_keys.push_back(key);
        c.members.emplace_back();
      }
      c.members[it->second].push_back(e);
      endpoint_class.push_back({e, it->second});
    }
    c.classes = static_cast<std::uint32_t>(class_keys.size());
    if (!endpoint_class.empty()) {
      const std::uint32_t lo = endpoint_class.front().first, hi = endpoint_class.back().first;
      if (hi - lo + 1 <= 4 * endpoint_class.size() + 64) {
        c.endpoint_base = lo;
        c.class_dense.assign(hi - lo + 1, route_component::no_class);
        for (const auto &[e, cls] : endpoint_class)
          c.class_dense[e - lo] = cls;
        c.reach_count = endpoint_class.size();
      } else {
        c.class_sparse = std::move(endpoint_class);
      }
    }
    c.entries = {route_entry{}, route_entry{1, 0, 0}}; // unreachable, direct marker
    estimate_ += c.nodes.size() * (sizeof(std::size_t) + sizeof(std::uint32_t) * c.classes) +
                 c.class_dense.size() * 4 + c.class_sparse.size() * 8 + attached.size() * 16 +
                 hops.size() * 4;
    if (!searches_)
      return;

    // Entries, deduplicated by (hops, ports).
    std::unordered_map<std::u16string, std::uint32_t> pool;
    std::u16string pkey;
    auto intern = [&](std::int32_t h, const std::vector<std::uint16_t> &ports) {
      pkey.clear();
      pkey.push_back(static_cast<char16_t>(static_cast<std::uint32_t>(h) & 0xffffu));
      pkey.push_back(static_cast<char16_t>(static_cast<std::uint32_t>(h) >> 16));
      for (std::uint16_t p : ports)
        pkey.push_back(static_cast<char16_t>(p));
      const auto found = pool.find(pkey);
      if (found != pool.end())
        return found->second;
      const auto id = static_cast<std::uint32_t>(c.entries.size());
      c.entries.push_back({h, static_cast<std::uint32_t>(c.ports.size()),
                           static_cast<std::uint32_t>(ports.size())});
      c.ports.insert(c.ports.end(), ports.begin(), ports.end());
      pool.emplace(pkey, id);
      return id;
    };

    c.entry_of.assign(size * c.classes, route_component::unreachable);
    std::vector<std::int32_t> dist(size);
    std::vector<std::uint32_t> frontier;
    std::vector<std::uint16_t> ports;
    for (std::uint32_t cls = 0; cls < c.classes; ++cls) {
      std::fill(dist.begin(), dist.end(), -1);
      frontier.clear();
      const std::vector<std::uint32_t> &k = class_keys[cls];
      const bool forwarding = k.front() == forwarding_marker;
      if (forwarding) {
        dist[k[1]] = 0;
        frontier.push_back(k[1]);
      } else {
        for (std::uint32_t v : k) {
          dist[v] = 1;
          frontier.push_back(v);
        }
      }
      for (std::size_t q = 0; q < frontier.size(); ++q) {
        const std::uint32_t u = frontier[q];
        for (std::uint32_t j = hop_begin[u]; j < hop_begin[u + 1]; ++j) {
          const std::int32_t w = hops[j].neighbour;
          if (w >= 0 && dist[static_cast<std::size_t>(w)] < 0) {
            dist[static_cast<std::size_t>(w)] = dist[u] + 1;
            frontier.push_back(static_cast<std::uint32_t>(w));
          }
        }
      }
      for (std::uint32_t v = 0; v < size; ++v) {
        std::uint32_t &slot = c.entry_of[static_cast<std::size_t>(v) * c.classes + cls];
        if (dist[v] < 0)
          continue;
        if (!forwarding && dist[v] == 1) {
          slot = route_component::direct; // an attachment: ports to each endpoint
          continue;
        }
        ports.clear();
        for (std::uint32_t j = hop_begin[v]; j < hop_begin[v + 1]; ++j) {
          const std::int32_t w = hops[j].neighbour;
          if (w >= 0 && dist[static_cast<std::size_t>(w)] == dist[v] - 1)
            ports.push_back(hops[j].port);
        }
        slot = intern(dist[v], ports);
      }
    }
    // Direct lists: at each attachment, the ports to each attached endpoint.
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> direct(size);
    for (const auto &[e, v] : attached) {
      if (v >= forwarding_marker - size)
        continue;
      ports.clear();
      const std::size_t target = t.endpoint_instance_[e];
      for (std::uint32_t j = hop_begin[v]; j < hop_begin[v + 1]; ++j)
        if (hops[j].instance == target)
          ports.push_back(hops[j].port);
      direct[v].push_back({e, intern(1, ports)});
    }
    c.direct_begin.assign(size + 1, 0);
    for (std::size_t v = 0; v < size; ++v) {
      c.direct_begin[v] = static_cast<std::uint32_t>(c.direct_list.size());
      c.direct_list.insert(c.direct_list.end(), direct[v].begin(), direct[v].end());
    }
    c.direct_begin[size] = static_cast<std::uint32_t>(c.direct_list.size());
  }

  const netlist &n_;
  bool searches_;
  route_tables t_;
  std::map<std::vector<std::uint32_t>, std::int32_t> components_by_links_;
  std::size_t estimate_ = 0;
};

routing compute_routing(const netlist &n, const std::vector<bool> &excluded_links) {
  route_builder b(n, excluded_links, true);
  routing r;
  r.networks = b.networks;
  const std::vector<bool> lossless = b.lossless;
  auto tables = std::make_shared<route_tables>(b.take());
  r.tables = tables;
  const std::size_t network_count = r.networks.size() + 1;
  // Deadlock freedom per network over its lossless links, and, with several
  // networks, of all of them together: their traffic shares the links'
  // buffers (there are no virtual channels), so their dependencies add up.
  auto check = [&](const std::string &name, const std::vector<std::uint8_t> &nets) {
    const dependency_check_result dep = check_channel_dependencies({tables.get(), &lossless, nets});
    routing_check rc{name, dep.channels, dep.dependencies, dep.acyclic, ""};
    for (const auto &[node, port] : dep.cycle)
      rc.cycle += n.instances[node].path + ".port" + std::to_string(port) + " -> ";
    if (!dep.cycle.empty())
      rc.cycle += n.instances[dep.cycle.front().first].path + ".port" +
                  std::to_string(dep.cycle.front().second);
    r.checks.push_back(rc);
  };
  std::vector<std::uint8_t> all;
  for (std::size_t net = 0; net < network_count; ++net) {
    check(net == 0 ? std::string("any") : r.networks[net - 1], {static_cast<std::uint8_t>(net)});
    all.push_back(static_cast<std::uint8_t>(net));
  }
  if (network_count > 1)
    check("all_together", all);
  return r;
}

std::size_t routing_memory_estimate(const netlist &n) {
  const route_builder b(n, {}, false);
  std::size_t adjacency = 0;
  for (const auto &i : n.instances)
    adjacency += static_cast<std::size_t>(i.port_count) * sizeof(route_hop);
  const std::size_t networks = b.networks.size() + 1;
  // Placements and link use per network; entries and port pools are
  // usually a small fraction of the class tables (counted in the estimate).
  return b.estimated_bytes() + adjacency +
         networks *
             (n.instances.size() * sizeof(route_tables::placement) + n.connections.size() / 8 + 1);
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
