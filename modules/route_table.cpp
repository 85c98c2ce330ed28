#include "modules/route_table.h"

#include <algorithm>

namespace fabricvp {

namespace {

template <class T> std::size_t bytes_of(const std::vector<T> &v) {
  return v.capacity() * sizeof(T);
}

} // namespace

std::size_t route_component::memory_bytes() const {
  std::size_t b = sizeof(*this) + bytes_of(nodes) + bytes_of(class_dense) + bytes_of(class_sparse) +
                  bytes_of(members) + bytes_of(entry_of) + bytes_of(direct_begin) +
                  bytes_of(direct_list) + bytes_of(entries) + bytes_of(ports);
  for (const auto &m : members)
    b += bytes_of(m);
  return b;
}

int route_tables::hops(std::size_t node, std::uint8_t network, std::uint32_t dst) const {
  if (dst >= endpoint_instance_.size() || network >= placements_.size())
    return -1;
  const std::size_t target = endpoint_instance_[dst];
  if (node == target)
    return 0;
  const placement &p = placements_[network][node];
  if (p.component >= 0) {
    const route_component &c = components_[static_cast<std::size_t>(p.component)];
    const std::uint32_t cls = c.class_of(dst);
    return cls == route_component::no_class ? -1 : c.entry(p.local, cls, dst).hops;
  }
  if (forwards_[node])
    return -1; // a forwarding node without links on this network
  // A node that does not forward: one hop more than its best neighbour.
  int best = -1;
  for (const route_hop &h : adjacency_[node]) {
    if (!uses_[network][h.connection])
      continue;
    int d = -1;
    if (h.neighbour == target)
      d = 0;
    else if (forwards_[h.neighbour])
      d = hops(h.neighbour, network, dst);
    if (d >= 0 && (best < 0 || d < best))
      best = d;
  }
  return best < 0 ? -1 : best + 1;
}

port_span route_tables::candidates(std::size_t node, std::uint8_t network, std::uint32_t dst,
                                   std::vector<std::uint16_t> &scratch) const {
  if (dst >= endpoint_instance_.size() || network >= placements_.size())
    return {};
  const std::size_t target = endpoint_instance_[dst];
  if (node == target)
    return {};
  const placement &p = placements_[network][node];
  if (p.component >= 0) {
    const route_component &c = components_[static_cast<std::size_t>(p.component)];
    const std::uint32_t cls = c.class_of(dst);
    if (cls == route_component::no_class)
      return {};
    return c.span(c.entry(p.local, cls, dst));
  }
  scratch.clear();
  if (forwards_[node])
    return {};
  const int own = hops(node, network, dst);
  if (own < 0)
    return {};
  for (const route_hop &h : adjacency_[node]) {
    if (!uses_[network][h.connection])
      continue;
    if (h.neighbour == target
            ? own == 1
            : forwards_[h.neighbour] && hops(h.neighbour, network, dst) == own - 1)
      scratch.push_back(h.port);
  }
  return {scratch.data(), static_cast<std::uint32_t>(scratch.size())};
}

std::vector<std::uint32_t> route_tables::reachable_from(std::uint32_t src,
                                                        std::uint8_t network) const {
  const std::size_t node = endpoint_instance_[src];
  if (mark_.size() != endpoint_instance_.size()) {
    mark_.assign(endpoint_instance_.size(), 0);
    mark_stamp_ = 0;
  }
  if (++mark_stamp_ == 0) {
    std::fill(mark_.begin(), mark_.end(), 0);
    mark_stamp_ = 1;
  }
  std::vector<std::uint32_t> out;
  auto add = [&](std::uint32_t e) {
    if (e != src && mark_[e] != mark_stamp_) {
      mark_[e] = mark_stamp_;
      out.push_back(e);
    }
  };
  auto add_component = [&](const route_component &c) {
    if (c.class_dense.empty()) {
      for (const auto &[e, cls] : c.class_sparse)
        add(e);
    } else {
      for (std::size_t k = 0; k < c.class_dense.size(); ++k)
        if (c.class_dense[k] != route_component::no_class)
          add(c.endpoint_base + static_cast<std::uint32_t>(k));
    }
  };
  const placement &p = placements_[network][node];
  if (p.component >= 0) {
    add_component(components_[static_cast<std::size_t>(p.component)]);
  } else if (!forwards_[node]) {
    for (const route_hop &h : adjacency_[node]) {
      if (!uses_[network][h.connection])
        continue;
      if (forwards_[h.neighbour]) {
        const placement &q = placements_[network][h.neighbour];
        if (q.component >= 0)
          add_component(components_[static_cast<std::size_t>(q.component)]);
      } else if (endpoint_of_[h.neighbour] >= 0) {
        add(static_cast<std::uint32_t>(endpoint_of_[h.neighbour]));
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::size_t route_tables::reachable_count(std::uint32_t src, std::uint8_t network) const {
  const std::size_t node = endpoint_instance_[src];
  const std::size_t all = endpoint_instance_.size();
  auto covers_all = [&](std::size_t n) {
    const placement &q = placements_[network][n];
    return q.component >= 0 &&
           components_[static_cast<std::size_t>(q.component)].reachable_endpoints() == all;
  };
  if (covers_all(node))
    return all - 1;
  if (!forwards_[node])
    for (const route_hop &h : adjacency_[node])
      if (uses_[network][h.connection] && forwards_[h.neighbour] && covers_all(h.neighbour))
        return all - 1;
  return reachable_from(src, network).size();
}

std::size_t route_tables::memory_bytes() const {
  std::size_t b = sizeof(*this) + bytes_of(components_) + bytes_of(placements_) + bytes_of(uses_) +
                  bytes_of(adjacency_) + forwards_.capacity() / 8 + bytes_of(endpoint_instance_) +
                  bytes_of(endpoint_of_) + bytes_of(mark_);
  for (const auto &c : components_)
    b += c.memory_bytes() - sizeof(c);
  for (const auto &p : placements_)
    b += bytes_of(p);
  for (const auto &u : uses_)
    b += u.capacity() / 8;
  for (const auto &a : adjacency_)
    b += bytes_of(a);
  return b;
}

} // namespace fabricvp
