// Routing tables without all-pairs state. For every routing network the
// forwarding nodes (switches, accelerators with forwarding on) fall into
// components (connected through the network's links); a destination
// endpoint is seen from a component through its attachments there (the
// component's forwarding nodes it is linked to, or itself when it forwards).
// Endpoints with the same attachments form a class: every node of the
// component has one entry per class (hops and the ports on shortest paths,
// in the node's connection order, deduplicated in a pool), except at an
// attachment, whose entry for each attached endpoint is its own (the direct
// ports). A node that does not forward keeps no table: its ports towards a
// destination follow from its neighbours' entries. Memory is
// sum(component nodes x classes) entries instead of nodes x endpoints, and
// the tables give exactly the candidates (and their order, hence the ECMP
// choices) of a breadth-first search per destination endpoint.
// Leaves out: routing other than shortest path; tables change only when
// recomputed (platforms/routing.h, compute_routing with links excluded).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace fabricvp {

// Ports of a node, in its connection order.
struct port_span {
  const std::uint16_t *ports = nullptr;
  std::uint32_t count = 0;
  const std::uint16_t *begin() const { return ports; }
  const std::uint16_t *end() const { return ports + count; }
};

struct route_entry {
  std::int32_t hops = -1;             // -1: unreachable
  std::uint32_t first = 0, count = 0; // ports[first .. first + count)
};

// One component of forwarding nodes on one or more routing networks (two
// networks whose links there are the same share it).
struct route_component {
  static constexpr std::uint32_t no_class = 0xffffffffu;
  static constexpr std::uint32_t unreachable = 0; // entry 0
  static constexpr std::uint32_t direct = 1;      // entry 1: see the node's direct list

  std::vector<std::size_t> nodes; // instances, by local index
  std::uint32_t classes = 0;
  // Class of each reachable endpoint: dense over [endpoint_base, +size) or
  // sorted pairs (endpoint, class) when the endpoints are spread out.
  std::uint32_t endpoint_base = 0;
  std::vector<std::uint32_t> class_dense;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> class_sparse;
  std::vector<std::vector<std::uint32_t>> members; // endpoints by class
  std::vector<std::uint32_t> entry_of;             // [local node * classes + class]
  // Per local node, its attached (non-forwarding) endpoints with their entry:
  // direct_list[direct_begin[v] .. direct_begin[v + 1]), sorted by endpoint.
  std::vector<std::uint32_t> direct_begin;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> direct_list;
  std::vector<route_entry> entries; // 0: unreachable, 1: direct marker
  std::vector<std::uint16_t> ports;

  std::uint32_t class_of(std::uint32_t endpoint) const {
    if (!class_dense.empty()) {
      const std::uint32_t k = endpoint - endpoint_base;
      return k < class_dense.size() ? class_dense[k] : no_class;
    }
    std::size_t lo = 0, hi = class_sparse.size();
    while (lo < hi) {
      const std::size_t mid = (lo + hi) / 2;
      if (class_sparse[mid].first < endpoint)
        lo = mid + 1;
      else
        hi = mid;
    }
    return lo < class_sparse.size() && class_sparse[lo].first == endpoint ? class_sparse[lo].second
                                                                          : no_class;
  }
  std::size_t reachable_endpoints() const {
    return class_dense.empty() ? class_sparse.size() : reach_count;
  }
  std::size_t reach_count = 0; // endpoints with a class (dense form)
  // Entry of local node v towards endpoint dst (whose class is cls).
  const route_entry &entry(std::uint32_t v, std::uint32_t cls, std::uint32_t dst) const {
    const std::uint32_t e = entry_of[static_cast<std::size_t>(v) * classes + cls];
    if (e != direct)
      return entries[e];
    const auto *first = direct_list.data() + direct_begin[v],
               *last = direct_list.data() + direct_begin[v + 1];
    while (first < last) { // a node's attached endpoints: a short sorted list
      const auto *mid = first + (last - first) / 2;
      if (mid->first < dst)
        first = mid + 1;
      else
        last = mid;
    }
    return entries[first != direct_list.data() + direct_begin[v + 1] && first->first == dst
                       ? first->second
                       : unreachable];
  }
  port_span span(const route_entry &e) const { return {ports.data() + e.first, e.count}; }
  std::size_t memory_bytes() const;
};

// One neighbour of a node as the routing sees it.
struct route_hop {
  std::uint16_t port;
  std::uint32_t neighbour;
  std::uint32_t connection;
};

class route_tables {
public:
  // Where a node's entries are on one network: its component and local
  // index, or no component (a node that does not forward, or a forwarding
  // node without links on the network).
  struct placement {
    std::int32_t component = -1;
    std::uint32_t local = 0;
  };

  // Hops from node `node` to endpoint dst on a network (-1: unreachable).
  int hops(std::size_t node, std::uint8_t network, std::uint32_t dst) const;
  // Ports of node `node` on shortest paths towards endpoint dst on a
  // network; a node without a table computes them into `scratch`.
  port_span candidates(std::size_t node, std::uint8_t network, std::uint32_t dst,
                       std::vector<std::uint16_t> &scratch) const;
  std::size_t network_count() const { return placements_.size(); }
  std::size_t node_count() const { return adjacency_.size(); }
  std::size_t endpoint_count() const { return endpoint_instance_.size(); }
  std::size_t endpoint_instance(std::uint32_t endpoint) const {
    return endpoint_instance_[endpoint];
  }
  const placement &where(std::size_t node, std::uint8_t network) const {
    return placements_[network][node];
  }
  const route_component &component(std::size_t k) const { return components_[k]; }
  std::size_t component_count() const { return components_.size(); }
  bool forwards(std::size_t node) const { return forwards_[node]; }
  const std::vector<route_hop> &neighbours(std::size_t node) const { return adjacency_[node]; }
  bool uses(std::uint8_t network, std::uint32_t connection) const {
    return uses_[network][connection];
  }
  // Endpoints that endpoint src reaches on a network (src itself left out),
  // ascending; and their count, without listing them when it can.
  std::vector<std::uint32_t> reachable_from(std::uint32_t src, std::uint8_t network) const;
  std::size_t reachable_count(std::uint32_t src, std::uint8_t network) const;
  // Bytes the tables hold (capacity of every container).
  std::size_t memory_bytes() const;

private:
  friend class route_builder;
  std::vector<route_component> components_;
  std::vector<std::vector<placement>> placements_; // [network][node]
  std::vector<std::vector<bool>> uses_;            // [network][connection]
  std::vector<std::vector<route_hop>> adjacency_;  // by node, in connection order
  std::vector<bool> forwards_;                     // by node
  std::vector<std::size_t> endpoint_instance_;     // by endpoint id
  std::vector<std::int32_t> endpoint_of_;          // by node: endpoint id or -1
  // Reachability marks (reachable_from), reused.
  mutable std::vector<std::uint32_t> mark_;
  mutable std::uint32_t mark_stamp_ = 0;
};

} // namespace fabricvp
