// What collective settings need to know of a platform: its endpoints, its
// routing networks, which endpoints a network joins and how many ports lead
// from one endpoint towards another. Two views answer it: the elaborated
// platform (for `run`), and the netlist with its routing tables (for
// `validate`, which builds no model), so both check a workload alike.
#pragma once

#include "platforms/elaborator.h"
#include "platforms/routing.h"

#include <string>
#include <vector>

namespace fabricvp {

class fabric_view {
public:
  virtual ~fabric_view() = default;
  virtual std::size_t endpoint_count() const = 0;
  virtual std::string endpoint_name(std::uint32_t endpoint) const = 0;
  // "" or "any": 0; a named network: its index; unknown: -1.
  virtual int network_index(const std::string &name) const = 0;
  virtual const std::vector<std::string> &network_names() const = 0;
  // Hops from endpoint a to endpoint b on a network (-1: not joined).
  virtual int path_hops(std::uint32_t a, std::uint32_t b, std::uint8_t network) const = 0;
  // Ports of endpoint src on shortest paths towards dst on a network.
  virtual std::size_t route_count(std::uint32_t src, std::uint32_t dst,
                                  std::uint8_t network) const = 0;
};

class platform_view : public fabric_view {
public:
  explicit platform_view(const platform &p) : p_(p) {}
  std::size_t endpoint_count() const override { return p_.endpoints.size(); }
  std::string endpoint_name(std::uint32_t e) const override { return p_.endpoints[e]->name(); }
  int network_index(const std::string &name) const override { return p_.network_index(name); }
  const std::vector<std::string> &network_names() const override { return p_.network_names(); }
  int path_hops(std::uint32_t a, std::uint32_t b, std::uint8_t net) const override {
    return p_.path_hops(a, b, net);
  }
  std::size_t route_count(std::uint32_t src, std::uint32_t dst, std::uint8_t net) const override {
    return p_.endpoints[src]->route_count(net, dst);
  }

private:
  const platform &p_;
};

class routing_view : public fabric_view {
public:
  routing_view(const netlist &n, const routing &r) : n_(n), r_(r), endpoints_(n.endpoints()) {}
  std::size_t endpoint_count() const override { return endpoints_.size(); }
  std::string endpoint_name(std::uint32_t e) const override {
    return n_.instances[endpoints_[e]].path;
  }
  int network_index(const std::string &name) const override {
    if (name.empty() || name == "any")
      return 0;
    for (std::size_t k = 0; k < r_.networks.size(); ++k)
      if (r_.networks[k] == name)
        return static_cast<int>(k + 1);
    return -1;
  }
  const std::vector<std::string> &network_names() const override { return r_.networks; }
  int path_hops(std::uint32_t a, std::uint32_t b, std::uint8_t net) const override {
    return r_.tables->hops(endpoints_.at(a), net, b);
  }
  std::size_t route_count(std::uint32_t src, std::uint32_t dst, std::uint8_t net) const override {
    return r_.tables->candidates(endpoints_.at(src), net, dst, scratch_).count;
  }

private:
  const netlist &n_;
  const routing &r_;
  std::vector<std::size_t> endpoints_;
  mutable std::vector<std::uint16_t> scratch_;
};

} // namespace fabricvp
