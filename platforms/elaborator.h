// Builds the SystemC model of a checked netlist: a module hierarchy that
// follows the dotted instance names (rack0.tray1.sw0 -> nested modules, hence
// nested VCD scopes), one node module per component (made by its type's
// factory, platforms/registry.h), one link module per connection (under
// `links`), and the routing tables: for every node and
// destination endpoint, the ports on shortest paths through nodes that
// forward (switches, and accelerators with forwarding on).
// Routing is per network (`network:` on link kinds): network 0 uses every
// link, each named network only its own, so scale-up and scale-out traffic
// stay apart. Each network's tables are checked for deadlock freedom on its
// lossless links (platforms/deadlock_check.h).
// Leaves out: routing policies other than shortest path (up*/down* etc.).
#pragma once

#include "modules/accelerator_port.h"
#include "modules/link.h"
#include "modules/switch_asic.h"
#include "platforms/netlist.h"
#include "platforms/routing.h"

#include <functional>
#include <memory>

namespace fabricvp {

// A module whose constructor runs `build`, so that what `build` creates sits
// below it in the hierarchy.
class hierarchy_group : public sc_core::sc_module {
public:
  hierarchy_group(sc_core::sc_module_name name, const std::function<void()> &build)
      : sc_module(name) {
    build();
  }
};

class platform : public sc_core::sc_module {
public:
  platform(sc_core::sc_module_name name, const netlist &n);
  ~platform() override;

  const netlist &description() const { return netlist_; }
  std::vector<fabric_node *> nodes; // by instance index
  // Endpoint types' modules derive from accelerator_port, switch types'
  // from switch_asic (node_role in platforms/registry.h).
  std::vector<accelerator_port *> endpoints; // by endpoint id
  std::vector<switch_asic *> switches;       // in instance order
  std::vector<fabric_link *> links;          // by connection index

  void set_observer(packet_observer *o);
  arrival_calendar &calendar() { return *calendar_; }
  void collect_signals(std::vector<signal_track *> &out);
  void collect_power(std::vector<power_model *> &out);
  // When every credit promised to a sender is back (0: none outstanding): a
  // drained fabric is idle from then on.
  time_ps credits_home_ps() const;
  // Hop count of the shortest path between two endpoints within a routing
  // network (-1: unreachable).
  int path_hops(std::uint32_t src, std::uint32_t dst, std::uint8_t network = 0) const;
  // Routing networks: 0 is every link, k >= 1 the k-th named network (sorted).
  std::size_t network_count() const { return networks_.size() + 1; }
  int network_index(const std::string &name) const; // "" or "any": 0; unknown: -1
  std::string network_name(std::uint8_t index) const;
  const std::vector<std::string> &network_names() const { return networks_; }
  // Deadlock check of each routing network over its lossless links.
  const std::vector<routing_check> &routing_checks() const { return routing_checks_; }
  const route_tables &routes() const { return *routes_; }

private:
  void build_level(const std::string &prefix);
  void compute_routes();
  const netlist &netlist_;
  std::vector<std::unique_ptr<sc_core::sc_module>> owned_;
  std::unique_ptr<arrival_calendar> calendar_;
  std::vector<std::string> networks_;
  std::vector<routing_check> routing_checks_;
  std::shared_ptr<const route_tables> routes_;  // the nodes' routing tables
  std::vector<std::size_t> endpoint_instances_; // instance index by endpoint id
};

} // namespace fabricvp
